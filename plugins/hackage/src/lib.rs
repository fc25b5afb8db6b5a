//! # `hackage` parser
//!
//! Haskell packages from `cabal.project.freeze` ([`freeze`]) and `stack.yaml.lock` ([`stack`]).
//!
//! - ids are purls: `pkg:hackage/aeson@2.3.1.0`. A Stack extra-dep from git (or hg) keeps the
//!   hackage type with a `vcs_url` qualifier (`git+URL@COMMIT`), as the cargo parser does.
//! - `cabal.project.freeze`: every `constraints:` entry pinned with `==` is a package, with the
//!   line of the entry; `setup.` and `PKG:setup.` qualified ones are build-time (a custom
//!   `Setup.hs`), `any.` ones runtime. Flag lines (`aeson +ordered-keymap`) are settings, not
//!   packages. The freeze file holds the whole plan but no edges and does not say what the
//!   project names directly (that is in its `.cabal` files, not read), so nothing is direct.
//!   Manifest `complete`.
//! - `stack.yaml.lock`: each `packages:` entry is an extra-dep the project's `stack.yaml` names,
//!   so `direct`; Hackage ones by `name-version`, git ones with their commit, archive ones with
//!   their URL and sha256. The rest of the plan comes from the snapshot, which the lockfile only
//!   points at: the manifest is `direct-only` and an info diagnostic names the snapshot. The
//!   `@sha256:` of a Hackage entry hashes the `.cabal` revision, not the package, so it is not
//!   reported as the package's hash.
//! - Sources: registry (no URL: the files name the repository, not where it is), git with the
//!   commit, URL for archives.

pub mod freeze;
pub mod stack;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo, relpath};

/// The parser.
pub struct Hackage;

impl Parser for Hackage {
    fn info() -> PluginInfo {
        PluginInfo::new("hackage", env!("CARGO_PKG_VERSION"))
            .describe("Haskell packages from cabal.project.freeze and stack.yaml.lock")
            .globs(["**/cabal.project.freeze", "**/stack.yaml.lock"])
            .text_only(true)
            .ecosystems(["hackage"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A cabal.project.freeze constraint or a stack.yaml.lock entry does not parse, so the package \
                 it pins is missing from the inventory; the rest of the file is read. Regenerate it with \
                 `cabal freeze` or `stack build`.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A freeze constraint that is not an exact `==` pin, or a Stack entry of a kind this parser \
                 does not know, is not read as a package. The message names what was seen.",
            )
            .code(
                "snapshot-unlisted",
                Level::Info,
                "A stack.yaml.lock pins a snapshot (an LTS or nightly resolver) whose packages it does not \
                 list, so the inventory holds only the extra-deps. The message names the snapshot.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        match relpath::file_name(&file.path) {
            "stack.yaml.lock" => stack::parse(&file.path, &text, &mut out),
            _ => freeze::parse(&file.path, &text, &mut out),
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the
// linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Hackage);

#[cfg(test)]
mod tests;
