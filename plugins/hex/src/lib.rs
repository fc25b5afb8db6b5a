//! # `hex` parser
//!
//! Elixir's `mix.lock` and Erlang's `rebar.lock`, read with a small tolerant term reader
//! ([`term`]; nothing is evaluated).
//!
//! - ids are purls: `pkg:hex/jason@1.4.1`, the Hex *package* name (an app may be published under
//!   another: rebar's `{<<"poolboy">>, {pkg, <<"basho_poolboy">>, ...}}` is `pkg:hex/basho_poolboy`),
//!   with the organisation as namespace for a private repository (`hexpm:acme` is
//!   `pkg:hex/acme/name`). A git dependency keeps the hex type with its commit as version and a
//!   `vcs_url` qualifier (`git+URL@COMMIT`), as the cargo parser does, so it never passes for a
//!   published release.
//! - `source`: a registry (the lockfiles name the repository, `hexpm`, not a URL, so none is
//!   given) or git with the locked commit; `git_subdir` dependencies also carry the subpath.
//! - `hashes`: the outer checksum (sha256 of the release tarball, what `mix hex.audit` and SBOMs
//!   compare), else the inner one where an older lock has only that.
//! - `direct`: in a `rebar.lock`, level 0; for a `mix.lock`, the apps the `deps` list of the
//!   `mix.exs` beside it names ([`mixexs`], best effort), with their `only:` environments as
//!   scopes spread to what each reaches. Without a `mix.exs` nothing is direct and all is runtime.
//! - Edges: a `mix.lock` Hex entry's dependency list (optional ones marked); a `rebar.lock`
//!   holds no edges.
//! - `locations`: the lockfile and the line of the entry.
//! - One manifest record per lockfile, `complete`.

pub mod mix;
pub mod mixexs;
pub mod rebar;
pub mod term;

mod graph;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo, relpath};

/// The parser.
pub struct Hex;

impl Parser for Hex {
    fn info() -> PluginInfo {
        PluginInfo::new("hex", env!("CARGO_PKG_VERSION"))
            .describe("Elixir and Erlang packages from mix.lock and rebar.lock, direct ones from mix.exs")
            .globs(["**/mix.lock", "**/rebar.lock"])
            .text_only(true)
            .ecosystems(["hex"])
            .code(
                "manifest-malformed",
                Level::Error,
                "An entry of a mix.lock or rebar.lock does not parse, so the package it locks is missing \
                 from the inventory; the rest of the file is read. Regenerate it with `mix deps.get` or \
                 `rebar3 lock`.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A rebar.lock of a format version this parser does not know, or an entry locked by an SCM \
                 it does not know, is not read. The message names what was seen.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A mix.lock entry depends (not optionally) on an app the lockfile does not lock, so that \
                 edge of the dependency graph is missing. Run `mix deps.get` to complete the lock.",
            )
            .code(
                "manifest-missing",
                Level::Info,
                "No mix.exs sits beside the mix.lock (or it cannot be read), so which packages the \
                 project names directly, and in which environments, is unknown; all count as runtime.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        match relpath::file_name(&file.path) {
            "rebar.lock" => graph::rebar(&file.path, &text, &mut out),
            _ => graph::mix(&file.path, &text, &mut out),
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the
// linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Hex);

#[cfg(test)]
mod tests;
