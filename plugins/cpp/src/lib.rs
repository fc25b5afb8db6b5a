//! # `cpp` parser
//!
//! C and C++ packages from Conan lockfiles ([`conan`]) and vcpkg manifests ([`vcpkg`]).
//!
//! - Conan: `conan.lock` of Conan 1 (`graph_lock`, formats 0.1 to 0.4) and Conan 2 (format
//!   0.5). ids are `conan` purls with the spec's qualifiers: `pkg:conan/boost@1.67.0?channel=stable&user=conan`,
//!   `rrev` for a recipe revision (`pkg:conan/zlib@1.3.2?rrev=1cb8…`). Conan 1 gives the graph
//!   (nodes, `requires`, `build_requires`), so edges, direct dependencies (what the root
//!   conanfile requires) and build scope (reached only through `build_requires`, or in the build
//!   context); Conan 2 gives the lists `requires` (runtime), `build_requires`,
//!   `python_requires` and `config_requires` (build), no edges, and direct ones come from the
//!   `conanfile.txt` or `conanfile.py` beside it. Both are `complete`.
//! - vcpkg: `vcpkg.json`, a manifest (vcpkg writes no lockfile), so `direct-only`. ids are
//!   `vcpkg` purls (a registered purl-spec type: the `packageurl` crate's conformance suite has
//!   `vcpkg-test.json`), versioned only where `overrides` pins the port (`pkg:vcpkg/curl@8.10.1%230`);
//!   a `version>=` minimum is a range, not a version, so it is not reported as one. `host: true`
//!   dependencies are build tools. A port listed once per platform is one package.
//!   `vcpkg-configuration.json` (registries, no packages) is not read.
//!
//! Every package has the line of its entry.

pub mod conan;
pub mod vcpkg;

mod json;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo, relpath};

/// The parser.
pub struct Cpp;

impl Parser for Cpp {
    fn info() -> PluginInfo {
        PluginInfo::new("cpp", env!("CARGO_PKG_VERSION"))
            .describe("C/C++ packages from conan.lock (Conan 1 and 2) and vcpkg.json")
            .globs(["**/conan.lock", "**/vcpkg.json"])
            .text_only(true)
            .ecosystems(["conan", "vcpkg"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A conan.lock or vcpkg.json (or one of its entries) does not parse, so what it names is \
                 missing from the inventory. Regenerate the lock with `conan lock create`, or fix the \
                 manifest at the reported line.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A conan.lock of a format version this parser does not know is not read. The message names \
                 the version seen.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A Conan 1 graph node requires a node the lockfile does not hold, so that edge of the \
                 dependency graph is missing. Recreate the lockfile.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        match relpath::file_name(&file.path) {
            "vcpkg.json" => vcpkg::parse(&file.path, &text, &mut out),
            _ => conan::parse(&file.path, &text, &mut out),
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names break the
// linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Cpp);

#[cfg(test)]
mod tests;
