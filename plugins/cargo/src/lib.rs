//! # `cargo` parser
//!
//! Reads `Cargo.lock` (formats v1 to v4) into packages and dependency edges, and the
//! `Cargo.toml` files beside it for what the lockfile cannot say: which packages are workspace
//! members, which are direct dependencies and in which scope, and the licence each member
//! declares.
//!
//! - ids are purls (`pkg:cargo/serde@1.0.229`); git packages carry a `vcs_url` qualifier and
//!   packages from other registries a `repository_url`, so they do not pass for crates.io ones.
//! - `source` is the lockfile's (`registry+…`, `git+…`); members and path dependencies get
//!   `path+DIR`, relative to the scan root.
//! - `integrity` is `sha256:<checksum>`; v1 checksums come from `[metadata]`.
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
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo, PluginKind};

/// The parser.
pub struct Cargo;

impl Parser for Cargo {
    fn info() -> PluginInfo {
        PluginInfo::new(PluginKind::Parser, "cargo", env!("CARGO_PKG_VERSION"))
            .describe("Rust packages from Cargo.lock, with scopes and licences from Cargo.toml")
            .globs(["**/Cargo.lock"])
            .text_only(true)
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
