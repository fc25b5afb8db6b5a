//! `*.deps.json`, what the .NET SDK writes beside a built application: `libraries` (each
//! `Name/Version` with its `type` and `sha512`) and `targets` (per runtime target, each
//! library's `dependencies`).
//!
//! - `package` and `runtimepack` libraries are NuGet packages, with their sha512;
//!   `project` (and `msbuildproject`) libraries are the application's own projects, reported
//!   but not direct; `reference` libraries are plain assembly references and are left out.
//! - Direct: what a project library depends on.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Manifest, Package, ParseOutput,
};
use serde_json::Value;

use crate::names;

pub fn read(path: &str, text: &str, out: &mut ParseOutput) {
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            out.diagnostics.push(crate::malformed(
                path,
                u32::try_from(e.line()).ok(),
                &format!("not valid JSON: {e}"),
            ));
            return;
        }
    };
    let lines = KeyLines::new(text, 2);
    let libraries = root.get("libraries").and_then(Value::as_object);
    // Lower-cased `name/version` → (id, is a project); references are skipped.
    let mut known: HashMap<String, (String, bool)> = HashMap::new();
    let mut skipped: BTreeSet<String> = BTreeSet::new();
    for (key, library) in libraries.into_iter().flatten() {
        let Some((name, version)) = key.split_once('/') else {
            out.diagnostics.push(crate::malformed(
                path,
                lines.key_line(&["libraries", key]),
                &format!("library `{key}` is not Name/Version"),
            ));
            continue;
        };
        let kind = library.get("type").and_then(Value::as_str).unwrap_or("package");
        if kind.eq_ignore_ascii_case("reference") {
            skipped.insert(key.to_ascii_lowercase());
            continue;
        }
        let project = kind.eq_ignore_ascii_case("project") || kind.eq_ignore_ascii_case("msbuildproject");
        known.insert(key.to_ascii_lowercase(), (names::nuget(name, Some(version)), project));
    }

    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut direct: BTreeSet<String> = BTreeSet::new();
    for (target, entries) in root.get("targets").and_then(Value::as_object).into_iter().flatten() {
        for (key, entry) in entries.as_object().into_iter().flatten() {
            let Some((from, from_project)) = known.get(&key.to_ascii_lowercase()) else { continue };
            for (dep, version) in entry.get("dependencies").and_then(Value::as_object).into_iter().flatten() {
                let dep_key = format!("{dep}/{}", version.as_str().unwrap_or_default()).to_ascii_lowercase();
                match known.get(&dep_key) {
                    Some((to, _)) => {
                        edges.insert((from.clone(), to.clone()));
                        if *from_project {
                            direct.insert(to.clone());
                        }
                    }
                    None if skipped.contains(&dep_key) => {}
                    None => out.diagnostics.push(
                        Diagnostic::new(
                            "dependency-unresolved",
                            Level::Warning,
                            format!("`{dep}` ({}), a dependency of {key} in {target}, is not a library of the file", version.as_str().unwrap_or("?")),
                        )
                        .at(path, lines.key_line(&["libraries", key])),
                    ),
                }
            }
        }
    }

    for (key, library) in libraries.into_iter().flatten() {
        let Some((id, project)) = known.get(&key.to_ascii_lowercase()) else { continue };
        let Some((name, version)) = key.split_once('/') else { continue };
        let mut package = Package::new("nuget", name, Some(version))
            .purl(id)
            .direct(!project && direct.contains(id))
            .location(path, lines.key_line(&["libraries", key]));
        let sha = library.get("sha512").and_then(Value::as_str).unwrap_or_default();
        if let Some(hash) = Hash::parse_integrity(sha) {
            package = package.add_hash(hash);
        }
        out.packages.push(package);
    }
    for (from, to) in &edges {
        out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime));
    }
    out.manifests.push(Manifest::new(path, "nuget", "deps.json", Completeness::Complete));
}
