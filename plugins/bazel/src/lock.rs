//! `MODULE.bazel.lock`, in its two shapes: the resolved `moduleDepGraph` of lockfile versions 3
//! to 10 (Bazel 7.0 to 7.1), with each module's deps and repo spec; and the `registryFileHashes`
//! of versions 11 and later (Bazel 7.2 on), which records the registry files resolution read.

use std::collections::BTreeMap;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{
    DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Package, PackageSource, ParseOutput, purl,
};
use serde_json::{Map, Value};

use crate::BCR;

/// Modules Bazel itself provides: not third-party dependencies.
const BUILT_IN: &[&str] = &["bazel_tools", "local_config_platform"];

/// Packages from `moduleDepGraph`: every module but the root and Bazel's built-ins; edges from
/// each module's `deps`; direct ones are the root's deps.
pub fn dep_graph(
    path: &str,
    graph: &Map<String, Value>,
    lines: &KeyLines,
    out: &mut ParseOutput,
) -> Vec<String> {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (key, module) in graph {
        let name = module.get("name").and_then(Value::as_str).unwrap_or("");
        if key == "<root>" || BUILT_IN.contains(&name) {
            continue;
        }
        let line = lines.key_line(&["moduleDepGraph", key]);
        let version = module.get("version").and_then(Value::as_str).filter(|v| !v.is_empty());
        if name.is_empty() {
            out.diagnostics.push(warn(
                "manifest-malformed",
                Level::Error,
                path,
                line,
                &format!("module `{key}` has no name"),
            ));
            continue;
        }
        let spec = module.get("repoSpec");
        let attributes = spec.and_then(|s| s.get("attributes"));
        let string = |k: &str| attributes.and_then(|a| a.get(k)).and_then(Value::as_str);
        let registry = module.get("registry").and_then(Value::as_str);
        let id = match module_purl(name, version, registry) {
            Ok(id) => id,
            Err(e) => {
                out.diagnostics.push(warn("manifest-malformed", Level::Error, path, line, &e));
                continue;
            }
        };
        let mut package = Package::new("bazel", name, version).purl(&id).location(path, line);
        let url = attributes
            .and_then(|a| a.get("urls"))
            .and_then(Value::as_array)
            .and_then(|u| u.first())
            .and_then(Value::as_str);
        if let Some(remote) = string("remote") {
            package = package.source(PackageSource::git(remote, string("commit")));
        } else if let Some(url) = url.or_else(|| string("url")) {
            package = package.source(PackageSource::url(url));
        }
        if let Some(hash) = string("integrity").and_then(Hash::parse_integrity) {
            package = package.add_hash(hash);
        }
        ids.insert(key, package.id.clone());
        out.packages.push(package);
    }
    let key_of = |value: &Value| value.as_str().map(str::to_string);
    let mut direct = Vec::new();
    for (key, module) in graph {
        let deps = module.get("deps").and_then(Value::as_object).into_iter().flatten();
        for target in deps.filter_map(|(_, v)| key_of(v)) {
            let target_name = target.split('@').next().unwrap_or("");
            if BUILT_IN.contains(&target_name) {
                continue;
            }
            let Some(to) = ids.get(target.as_str()) else {
                let line = lines.key_line(&["moduleDepGraph", key]);
                let message =
                    format!("module `{key}` depends on `{target}`, which the lockfile does not list");
                out.diagnostics.push(warn("dependency-unresolved", Level::Warning, path, line, &message));
                continue;
            };
            if key == "<root>" {
                direct.push(to.clone());
            } else if let Some(from) = ids.get(key.as_str()) {
                out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime));
            }
        }
    }
    direct
}

/// Packages from `registryFileHashes`: a module version whose `source.json` was read is one
/// Bazel selected (it fetched where to download it); versions with only a `MODULE.bazel` read
/// were considered during resolution and not chosen. The recorded hashes are of those registry
/// files, not of the modules' archives, so they are not reported as package hashes.
pub fn registry_files(path: &str, hashes: &Map<String, Value>, lines: &KeyLines, out: &mut ParseOutput) {
    for key in hashes.keys() {
        let Some((registry, rest)) = key.split_once("/modules/") else {
            continue;
        };
        let Some(module_version) = rest.strip_suffix("/source.json") else {
            continue;
        };
        let Some((name, version)) =
            module_version.split_once('/').filter(|(n, v)| !n.is_empty() && !v.is_empty())
        else {
            continue;
        };
        let line = lines.key_line(&["registryFileHashes", key]);
        match module_purl(name, Some(version), Some(registry)) {
            Ok(id) => out.packages.push(
                Package::new("bazel", name, Some(version))
                    .purl(&id)
                    .source(PackageSource::registry(registry))
                    .location(path, line),
            ),
            Err(e) => out.diagnostics.push(warn("manifest-malformed", Level::Error, path, line, &e)),
        }
    }
}

/// `pkg:bazel/NAME@VERSION`, with `repository_url` for a registry other than the BCR.
fn module_purl(name: &str, version: Option<&str>, registry: Option<&str>) -> Result<String, String> {
    let registry = registry.map(|r| r.trim_end_matches('/')).filter(|r| *r != BCR);
    let qualifiers: Vec<(&str, &str)> = registry.map(|r| ("repository_url", r)).into_iter().collect();
    purl::with_qualifiers("bazel", None, name, version, &qualifiers)
}

fn warn(code: &str, level: Level, path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new(code, level, message.to_string()).at(path, line)
}
