//! # `go` parser
//!
//! Reads Go modules' files into packages of purl type `golang` (module path split at its last
//! `/` into namespace and name: `pkg:golang/github.com/gorilla/mux@v1.8.1`, versions as Go
//! writes them, `v` included; the `packageurl` crate lower-cases golang namespaces and names as
//! the spec says, so the package name keeps the module path's own case).
//!
//! - `go.mod`: the main module (a project package, not `direct`, no version, its directory as a
//!   `path` source) and one package per `require`, `direct` unless marked `// indirect`, with an
//!   edge from the main module to each direct one. `replace` is applied: a module replacement
//!   reports the module actually built (`new@version`, with the replace line as a second
//!   location); a local-path replacement reports the module without a version and its directory
//!   as the source, so it is the same package as that directory's own `go.mod` reports.
//!   `tool` directives (Go 1.24) make the module providing the tool `direct`, and `build`-scoped
//!   when the code does not import it (`// indirect`). `exclude` and `retract` name versions
//!   that are never built: they are read, not reported. `go` decides completeness: from go 1.17
//!   `go mod tidy` lists every module of the build (`complete`), but go.mod has no edges between
//!   dependencies, which the manifest format says; before 1.17 (or with no `go` line, which Go
//!   reads as 1.16) only direct requirements are certain (`direct-only`). `toolchain` is read
//!   for the format string only: the toolchain is not a dependency of the module.
//! - `go.sum`: `h1:` hashes (base64 sha256 of the module tree) become sha256 hex on the
//!   packages the `go.mod` beside it reports, with the go.sum line as a location; `/go.mod`
//!   lines hash a module's go.mod only and are never packages. Modules that only go.sum names
//!   are versions MVS consulted and did not select, so from go 1.17 they are not packages; for
//!   an older go.mod (which lists only direct requirements) or a go.sum alone, each module
//!   with a zip hash and not in go.mod is reported once, at its highest version (what MVS
//!   selects), as a transitive runtime package.
//! - `go.work`: each `use` directory's module is a project package (read from its go.mod);
//!   the workspace's own `replace` lines are read, not applied to the members' requirements.
//! - `vendor/modules.txt`: each `# module version` line is a vendored module (`## explicit`
//!   says go.mod requires it, not that it is direct, so the go.mod decides `direct`);
//!   replacements as in go.mod; the trailing `# module => target` lines record wildcard or
//!   unused replacements and are not packages.
//!
//! Sources: registry modules carry a `registry` source without a URL (GOPROXY decides where
//! they come from); local replacements and project modules a `path`.

mod gomod;
mod gosum;
mod gowork;
mod modfile;
mod module;
mod vendor;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{FileInput, Level, ParseOutput, Parser, PluginInfo};

/// The parser.
pub struct Go;

/// The purl type and ecosystem of every package this plugin reports.
pub(crate) const ECOSYSTEM: &str = "golang";

impl Parser for Go {
    fn info() -> PluginInfo {
        PluginInfo::new("go", env!("CARGO_PKG_VERSION"))
            .describe("Go modules from go.mod, go.sum, go.work and vendor/modules.txt")
            .globs(["**/go.mod", "**/go.sum", "**/go.work", "**/vendor/modules.txt"])
            .text_only(true)
            .ecosystems([ECOSYSTEM])
            .code(
                "manifest-malformed",
                Level::Error,
                "A line of a go.mod, go.sum, go.work or vendor/modules.txt does not parse (or names a module \
                 path no purl can hold), so what it declares is missing from the inventory; the rest of the \
                 file is kept. Run `go mod tidy` (or `go mod vendor`) and fix the reported line.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A go.mod or go.work uses a directive, or a go.sum a hash algorithm, this parser does not \
                 know (the message names it); that line is ignored. A newer Go may have written it.",
            )
            .code(
                "go-mod-missing",
                Level::Info,
                "A go.sum has no go.mod beside it, so which modules the build selects is unknown: every \
                 module with a zip hash is reported at its highest version, none as direct.",
            )
            .code(
                "go-work-module-missing",
                Level::Warning,
                "A go.work `use` directory has no readable go.mod, so that workspace module is not in the \
                 inventory. Check the path or run `go work sync`.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        match name {
            "go.mod" => gomod::parse(&file.path, &text, &mut out),
            "go.sum" => gosum::parse(&file.path, &text, &mut out),
            "go.work" => gowork::parse(&file.path, &text, &mut out),
            "modules.txt" => vendor::parse(&file.path, &text, &mut out),
            _ => out.diagnostics.push(
                ospo_plugin_sdk::Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("{name}: not a file the go parser reads"),
                )
                .at(&file.path, None),
            ),
        }
        Ok(out)
    }
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Go);

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
