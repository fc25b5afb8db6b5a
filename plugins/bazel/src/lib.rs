//! # `bazel` parser
//!
//! Reads Bazel modules (Bzlmod): `MODULE.bazel.lock`, and a `MODULE.bazel` that has no lockfile
//! beside it.
//!
//! - purls: the spec's `bazel` type, `pkg:bazel/NAME@VERSION` (`pkg:bazel/rules_java@7.8.0`), with
//!   `repository_url` for a registry other than the Bazel Central Registry.
//! - Lockfile versions 3 to 10 (Bazel 7.0–7.1) hold the resolved `moduleDepGraph`: one package
//!   per module (the root and Bazel's own `bazel_tools`/`local_config_platform` excluded), edges
//!   from each module's `deps`, direct ones the root's `deps`, the repo spec's `integrity`
//!   (SRI sha256 of the archive) as hash and its `urls[0]` (or a git `remote` with `commit`) as
//!   source. An overridden module (`rules_apko@_`) keeps the version its own MODULE.bazel states.
//! - Versions 11 and later (Bazel 7.2 to 8.x; 11 to 18 seen, read up to 26) no longer hold the
//!   graph: `registryFileHashes` records every registry file resolution read. A module version
//!   whose `source.json` was read is a selected one; versions with only their `MODULE.bazel`
//!   read were candidates minimal version selection passed over and are not reported. Those
//!   hashes are of registry metadata files, not of module archives, so they are not reported as
//!   package hashes. Modules taken from a `git_override`/`local_path_override` are not in the
//!   lockfile and so not in the inventory; the graph has no edges.
//! - With either, the `MODULE.bazel` beside the lockfile says which modules are direct and which
//!   are `dev_dependency = True` (scope development); the rest are runtime. A build dependency
//!   in Bazel is still a dependency of what it builds, so nothing is `build` by default.
//! - `MODULE.bazel` alone: its `bazel_dep` calls, direct-only. The version is the one the call
//!   asks for, which minimal version selection may raise; `git_override`/`local_path_override`
//!   set the source. `include()`d module files are not followed.
//! - `locations`: the lockfile and the line of the module's entry (its `moduleDepGraph` key or its
//!   `source.json` key), or the `bazel_dep` line.
//! - Manifests: ecosystem `bazel`; `MODULE.bazel.lock v<N>` complete, `MODULE.bazel` direct-only.

mod lock;
mod module_file;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, FileInput, Level, Manifest, Package, PackageSource,
    ParseOutput, Parser, PluginInfo, host, purl, relpath,
};
use serde_json::Value;

/// The Bazel Central Registry, the default registry.
pub(crate) const BCR: &str = "https://bcr.bazel.build";

/// Lockfile versions read.
const VERSIONS: std::ops::RangeInclusive<u64> = 3..=26;

/// The parser.
pub struct Bazel;

impl Parser for Bazel {
    fn info() -> PluginInfo {
        PluginInfo::new("bazel", env!("CARGO_PKG_VERSION"))
            .describe("Bazel modules from MODULE.bazel.lock (dep graph or selected registry modules) and MODULE.bazel")
            .globs(["**/MODULE.bazel.lock", "**/MODULE.bazel"])
            .text_only(true)
            .ecosystems(["bazel"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A MODULE.bazel.lock is not valid JSON or a module entry lacks its name, or a bazel_dep call \
                 in MODULE.bazel has arguments this parser cannot read, so modules may be missing.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A MODULE.bazel.lock has a lockFileVersion this parser does not read (3 to 26), or neither a \
                 moduleDepGraph nor registryFileHashes; the message names the version.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A moduleDepGraph entry depends on a module key the lockfile does not list, so that edge is \
                 missing. Regenerate the lockfile with `bazel mod deps`.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let path = file.path.as_str();
        let text = lossy(&file.contents);
        if relpath::file_name(path) == "MODULE.bazel.lock" {
            read_lock(path, &text, &mut out);
        } else {
            let lock = relpath::file_in(relpath::parent(path), "MODULE.bazel.lock");
            // The lockfile reads this manifest; alone, it gives its direct deps.
            if host::read_file(&lock).is_err() {
                read_module_file(path, &text, &mut out);
            }
        }
        Ok(out)
    }
}

fn read_lock(path: &str, text: &str, out: &mut ParseOutput) {
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|&l| l > 0);
            out.diagnostics.push(diag(
                "manifest-malformed",
                Level::Error,
                path,
                line,
                &format!("not valid JSON: {e}"),
            ));
            return;
        }
    };
    let lines = KeyLines::new(text, 2);
    let version = root.get("lockFileVersion").and_then(Value::as_u64);
    let graph = root.get("moduleDepGraph").and_then(Value::as_object);
    let hashes = root.get("registryFileHashes").and_then(Value::as_object);
    let readable = version.is_some_and(|v| VERSIONS.contains(&v)) && (graph.is_some() || hashes.is_some());
    if !readable {
        let seen = version.map_or_else(|| "none".to_string(), |v| v.to_string());
        let message = format!(
            "MODULE.bazel.lock version {seen} is not one this parser reads (3 to 26, with a moduleDepGraph or registryFileHashes)"
        );
        out.diagnostics.push(diag(
            "manifest-unsupported",
            Level::Warning,
            path,
            lines.key_line(&["lockFileVersion"]),
            &message,
        ));
        return;
    }
    let format = format!("MODULE.bazel.lock v{}", version.unwrap_or_default());
    out.manifests.push(Manifest::new(path, "bazel", &format, Completeness::Complete));
    let mut direct_ids = Vec::new();
    match (graph, hashes) {
        (Some(graph), _) => direct_ids = lock::dep_graph(path, graph, &lines, out),
        (None, Some(hashes)) => lock::registry_files(path, hashes, &lines, out),
        (None, None) => {}
    }
    // The manifest beside the lockfile: which modules are direct, which only for development.
    let manifest = relpath::file_in(relpath::parent(path), "MODULE.bazel");
    let deps = host::read_file(&manifest).map(|b| module_file::parse(&lossy(&b)).deps).unwrap_or_default();
    for package in &mut out.packages {
        if let Some(dep) = deps.iter().find(|d| d.name == package.name) {
            package.direct = true;
            if dep.dev {
                package.scope = DependencyScope::Development;
            }
        } else if direct_ids.contains(&package.id) {
            package.direct = true;
        }
    }
}

fn read_module_file(path: &str, text: &str, out: &mut ParseOutput) {
    let file = module_file::parse(text);
    for (line, call) in &file.unreadable {
        let message = format!("a `{call}` call whose arguments cannot be read");
        out.diagnostics.push(diag("manifest-malformed", Level::Error, path, Some(*line), &message));
    }
    out.manifests.push(Manifest::new(path, "bazel", "MODULE.bazel", Completeness::DirectOnly));
    for dep in &file.deps {
        let id = match purl::purl("bazel", None, &dep.name, dep.version.as_deref()) {
            Ok(id) => id,
            Err(e) => {
                out.diagnostics.push(diag("manifest-malformed", Level::Error, path, Some(dep.line), &e));
                continue;
            }
        };
        let scope = if dep.dev { DependencyScope::Development } else { DependencyScope::Runtime };
        let mut package = Package::new("bazel", &dep.name, dep.version.as_deref())
            .purl(&id)
            .scope(scope)
            .direct(true)
            .location(path, Some(dep.line));
        let source = file.overrides.iter().find(|(module, _)| *module == dep.name).map(|(_, o)| match o {
            module_file::Override::Git { remote, commit } => PackageSource::git(remote, commit.as_deref()),
            module_file::Override::Path(dir) => {
                PackageSource::path(&relpath::join(relpath::parent(path), dir).unwrap_or_else(|| dir.clone()))
            }
        });
        package = package.source(source.unwrap_or_else(|| PackageSource::registry(BCR)));
        out.packages.push(package);
    }
}

fn diag(code: &str, level: Level, path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new(code, level, message.to_string()).at(path, line)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Bazel);

#[cfg(test)]
mod tests;
