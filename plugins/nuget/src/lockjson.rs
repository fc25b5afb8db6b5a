//! `packages.lock.json` (NuGet lock file v1 and v2): per target framework (and
//! `framework/runtime`), each package's `type` (`Direct`, `Transitive`, `Project`,
//! `CentralTransitive`), `requested` range, `resolved` version, `contentHash` (sha512, base64)
//! and `dependencies`. The same package in several targets is one package.

use std::collections::{BTreeMap, HashMap, VecDeque};

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Manifest, Package, ParseOutput,
};
use serde_json::Value;

use crate::names;

struct Entry {
    name: String,
    version: Option<String>,
    id: String,
    kind: String,
    hash: Option<String>,
    line: Option<u32>,
}

/// Reads the lockfile; `development` names the Direct packages the project marks
/// `PrivateAssets="all"` (lower case).
pub fn read(path: &str, text: &str, development: &[String], out: &mut ParseOutput) {
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
    let version = root.get("version").and_then(Value::as_u64);
    if !matches!(version, Some(1 | 2)) {
        let seen = root.get("version").map_or("none".to_string(), Value::to_string);
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-unsupported",
                Level::Warning,
                format!("packages.lock.json version {seen}: this parser reads versions 1 and 2"),
            )
            .at(path, Some(1)),
        );
        return;
    }
    let lines = KeyLines::new(text, 3);
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut edges: Vec<(String, String)> = Vec::new();
    let targets = root.get("dependencies").and_then(Value::as_object);
    for (target, packages) in targets.into_iter().flatten() {
        let Some(packages) = packages.as_object() else { continue };
        // Within a target each name resolves to one version.
        let resolved: HashMap<String, String> =
            packages.iter().map(|(name, p)| (name.to_ascii_lowercase(), id_of(name, p))).collect();
        for (name, package) in packages {
            let id = id_of(name, package);
            let line = lines.key_line(&["dependencies", target, name]);
            // Targets come in name order; a hash any of them records is kept.
            if let Some(seen) = entries.get_mut(&id) {
                if seen.hash.is_none() {
                    seen.hash = package.get("contentHash").and_then(Value::as_str).map(str::to_string);
                }
            } else {
                order.push(id.clone());
                entries.insert(
                    id.clone(),
                    Entry {
                        name: name.clone(),
                        version: package.get("resolved").and_then(Value::as_str).map(str::to_string),
                        id: id.clone(),
                        kind: package.get("type").and_then(Value::as_str).unwrap_or("Transitive").to_string(),
                        hash: package.get("contentHash").and_then(Value::as_str).map(str::to_string),
                        line,
                    },
                );
            }
            for (dep, _range) in package.get("dependencies").and_then(Value::as_object).into_iter().flatten()
            {
                match resolved.get(&dep.to_ascii_lowercase()) {
                    Some(to) => edges.push((id.clone(), to.clone())),
                    None => out.diagnostics.push(
                        Diagnostic::new(
                            "dependency-unresolved",
                            Level::Warning,
                            format!("`{dep}`, a dependency of {name} for {target}, is not in that target"),
                        )
                        .at(path, line),
                    ),
                }
            }
        }
    }
    edges.sort();
    edges.dedup();

    // Scopes: a Direct package is runtime unless the project keeps it private; the rest take
    // the strongest scope of a direct package that reaches them.
    let mut scope: HashMap<String, DependencyScope> = HashMap::new();
    let mut queue = VecDeque::new();
    for entry in entries.values().filter(|e| e.kind == "Direct") {
        let s = if development.contains(&entry.name.to_ascii_lowercase()) {
            DependencyScope::Development
        } else {
            DependencyScope::Runtime
        };
        queue.push_back((entry.id.clone(), s));
    }
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (from, to) in &edges {
        children.entry(from.as_str()).or_default().push(to.as_str());
    }
    while let Some((id, s)) = queue.pop_front() {
        if scope.get(&id).is_some_and(|have| !names::stronger(s, *have)) {
            continue;
        }
        scope.insert(id.clone(), s);
        for child in children.get(id.as_str()).into_iter().flatten() {
            queue.push_back(((*child).to_string(), s));
        }
    }

    for id in &order {
        let Some(entry) = entries.get(id) else { continue };
        let mut package = Package::new("nuget", &entry.name, entry.version.as_deref())
            .purl(&entry.id)
            .scope(scope.get(id).copied().unwrap_or(DependencyScope::Runtime))
            .direct(entry.kind == "Direct")
            .location(path, entry.line);
        if let Some(hash) =
            entry.hash.as_deref().and_then(|b64| Hash::parse_integrity(&format!("sha512-{b64}")))
        {
            package = package.add_hash(hash);
        }
        out.packages.push(package);
    }
    for (from, to) in &edges {
        out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime));
    }
    let format = format!("packages.lock.json v{}", version.unwrap_or(1));
    out.manifests.push(Manifest::new(path, "nuget", &format, Completeness::Complete));
}

/// A Project entry has no resolved version: the project is named alone.
fn id_of(name: &str, package: &Value) -> String {
    names::nuget(name, package.get("resolved").and_then(Value::as_str))
}
