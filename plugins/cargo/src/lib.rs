//! # `cargo` parser
//!
//! Reads `Cargo.lock` (formats v1 to v4) into packages and dependency edges, and the
//! `Cargo.toml` files beside it for what the lockfile cannot say: which packages are workspace
//! members, which are direct dependencies and in which scope, and the licence each member
//! declares.
//!
//! - ids are purls (`pkg:cargo/serde@1.0.229`); git packages carry a `vcs_url` qualifier and
//!   packages from other registries a `repository_url`, so they do not pass for crates.io ones.
//! - `source` is typed: a registry with its index URL, a git repository with the commit the
//!   lockfile pins (`git+URL?rev=x#COMMIT`), or a path (members and path dependencies, relative
//!   to the scan root).
//! - `hashes` hold the lockfile checksum as sha256; v1 checksums come from `[metadata]`.
//! - `locations`: the lockfile and the line of the package's `[[package]]` entry; a member also
//!   lists its `Cargo.toml`.
//! - `declared_license`: the `license` field as written and as normalised by
//!   `ospo_plugin_sdk::expression::normalize`, with the `Cargo.toml` that writes it.
//! - One `Cargo.lock v<N>` manifest record (`complete`) per lockfile.
//! - Members are not `direct`: they are the project. Their dependencies are.
//!
//! Diagnostics: `lockfile-malformed` (a table that does not parse; the rest is kept),
//! `lockfile-dependency-unresolved`, `manifest-missing` (info for the root manifest: a lockfile
//! alone still gives the full graph), `manifest-malformed`, `manifest-members-unlisted`.

mod graph;
mod lockfile;
mod manifest;
mod paths;
mod resolve;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo};

/// The parser.
pub struct Cargo;

impl Parser for Cargo {
    fn info() -> PluginInfo {
        PluginInfo::new("cargo", env!("CARGO_PKG_VERSION"))
            .describe("Rust packages from Cargo.lock, with scopes and licences from Cargo.toml")
            .globs(["**/Cargo.lock"])
            .text_only(true)
            .ecosystems(["cargo"])
            // The same levels and words as the host's catalogue (`ospo explain CODE`).
            .code(
                "lockfile-malformed",
                Level::Error,
                "Part of a Cargo.lock does not parse, so packages in it may be missing from the inventory. \
                 Regenerate the lockfile with `cargo generate-lockfile`.",
            )
            .code(
                "lockfile-dependency-unresolved",
                Level::Warning,
                "A Cargo.lock dependency entry names no package of the lockfile, or several, so that edge \
                 of the dependency graph is missing. Regenerate the lockfile.",
            )
            .code(
                "manifest-missing",
                Level::Warning,
                "A Cargo.toml the lockfile's workspace needs cannot be read, so direct dependencies, scopes \
                 or declared licences are unknown for it (info when the root manifest is simply absent).",
            )
            .code(
                "manifest-malformed",
                Level::Warning,
                "A Cargo.toml does not parse, so its package's dependencies and licence are not read. Fix \
                 the manifest at the reported path.",
            )
            .code(
                "manifest-members-unlisted",
                Level::Warning,
                "The workspace `members` glob could not be expanded, so those members' manifests are not \
                 read. The message gives the host's reason.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let lock = lockfile::parse(&lossy(&file.contents));
        for error in &lock.errors {
            out.diagnostics.push(
                Diagnostic::new("lockfile-malformed", Level::Error, format!("Cargo.lock: {}", error.message))
                    .at(&file.path, error.line),
            );
        }
        let workspace = manifest::load(paths::parent(&file.path), &mut out.diagnostics);
        graph::build(&file.path, &lock, workspace.as_ref(), &mut out);
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Cargo);

#[cfg(test)]
mod tests;
