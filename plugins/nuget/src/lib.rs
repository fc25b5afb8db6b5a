//! # `nuget` parser
//!
//! .NET packages from every file NuGet and Paket leave in a tree:
//!
//! | file | module | completeness |
//! | --- | --- | --- |
//! | `packages.lock.json` (v1, v2) | [`lockjson`] | complete, with edges |
//! | `paket.lock` | [`paket`] | complete, with edges |
//! | `*.deps.json` | [`deps`] | complete, with edges |
//! | `packages.config` | [`config`] | complete, no edges (NuGet 2 lists every package flat) |
//! | `*.csproj` / `*.fsproj` / `*.vbproj` | [`project`] | direct only |
//! | `Directory.Packages.props` | [`project`] | direct only (its global references) |
//!
//! - ids are purls (`pkg:nuget/Newtonsoft.Json@13.0.1`); Paket's GitHub files and URLs are
//!   `github` and `generic` packages (see [`paket`]).
//! - A project file with a `packages.lock.json` beside it is the lockfile's to read: the
//!   lockfile gives the resolution, the project only which Direct packages are
//!   `PrivateAssets="all"` (development). A project file without package references is no
//!   dependency manifest and gives no record.
//! - Hashes: the lockfile's `contentHash` and deps.json's `sha512` (both sha512 of the .nupkg).
//! - Locations: the file and the line of the package's key or element; a package whose
//!   version comes from `Directory.Packages.props` also lists the `PackageVersion` line there.

mod config;
mod deps;
mod lockjson;
mod names;
mod paket;
mod project;
mod xml;

use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo, host, relpath};

/// The parser.
pub struct Nuget;

const PROJECT_EXTENSIONS: [&str; 3] = [".csproj", ".fsproj", ".vbproj"];

impl Parser for Nuget {
    fn info() -> PluginInfo {
        PluginInfo::new("nuget", env!("CARGO_PKG_VERSION"))
            .describe(
                ".NET packages from packages.lock.json, paket.lock, *.deps.json, packages.config, project files \
                 and Directory.Packages.props",
            )
            .globs([
                "**/packages.lock.json",
                "**/paket.lock",
                "**/*.deps.json",
                "**/packages.config",
                "**/*.csproj",
                "**/*.fsproj",
                "**/*.vbproj",
                "**/Directory.Packages.props",
            ])
            .text_only(true)
            .ecosystems(["nuget", "github", "generic"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A NuGet or Paket file does not parse (invalid JSON or XML, a line out of place), so what it \
                 lists is missing from the inventory. The message says where; run `dotnet restore` or \
                 `paket install` to regenerate a lockfile.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A packages.lock.json of a version other than 1 or 2, or a paket.lock section this parser \
                 does not know; that part is not read. The message names what was seen.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A package's dependency names no package of the same target (lockfile), group (paket.lock) \
                 or libraries (deps.json), so that edge of the dependency graph is missing.",
            )
            .code(
                "version-unresolved",
                Level::Info,
                "A PackageReference's version is an MSBuild property this parser cannot resolve (defined in \
                 an imported file), so the package is reported without a version.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let name = relpath::file_name(&file.path);
        let lower = name.to_ascii_lowercase();
        if lower == "packages.lock.json" {
            let development = sibling_project(relpath::parent(&file.path))
                .map(|root| project::private_names(&root))
                .unwrap_or_default();
            lockjson::read(&file.path, &text, &development, &mut out);
        } else if lower == "paket.lock" {
            paket::read(&file.path, &text, &mut out);
        } else if lower.ends_with(".deps.json") {
            deps::read(&file.path, &text, &mut out);
        } else if PROJECT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
            let lock = relpath::file_in(relpath::parent(&file.path), "packages.lock.json");
            if host::read_file(&lock).is_err() {
                with_xml(&file.path, &text, &mut out, project::read);
            }
        } else if lower == "directory.packages.props" {
            with_xml(&file.path, &text, &mut out, project::read_props);
        } else if lower == "packages.config" {
            with_xml(&file.path, &text, &mut out, config::read);
        }
        Ok(out)
    }
}

fn with_xml(path: &str, text: &str, out: &mut ParseOutput, read: fn(&str, &xml::Element, &mut ParseOutput)) {
    match xml::parse(text) {
        Ok(root) => read(path, &root, out),
        Err(e) => out.diagnostics.push(malformed(path, e.line, &format!("not valid XML: {}", e.message))),
    }
}

/// The project file beside a lockfile (the first in name order), parsed.
fn sibling_project(dir: &str) -> Option<xml::Element> {
    let mut candidates: Vec<String> = PROJECT_EXTENSIONS
        .iter()
        .flat_map(|ext| host::list_files(&relpath::file_in(dir, &format!("*{ext}"))).unwrap_or_default())
        .filter(|p| relpath::parent(p) == dir)
        .collect();
    candidates.sort();
    let bytes = host::read_file(candidates.first()?).ok()?;
    xml::parse(&lossy(&bytes)).ok()
}

fn malformed(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, message.to_string()).at(path, line)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Nuget);

#[cfg(test)]
mod tests;
