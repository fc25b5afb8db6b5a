//! `conan.lock`.
//!
//! ```text
//! Conan 1 (0.1-0.4): {"graph_lock": {"nodes": {"0": {"path": "conanfile.txt", "requires": ["1"]},
//!                      "1": {"ref": "boost/1.67.0@conan/stable", "requires": ["2", "3"], "context": "host"}, …}},
//!                      "version": "0.4"}        (0.3 writes "pref": "ref#rrev:package_id#prev")
//! Conan 2 (0.5):     {"version": "0.5", "requires": ["zlib/1.3.2#1cb8…%1777558780.503", …],
//!                      "build_requires": […], "python_requires": […], "config_requires": […]}
//! ```

use std::collections::{HashMap, HashSet, VecDeque};

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, Level, Manifest, Package, PackageSource,
    ParseOutput, SourceKind, host, purl, relpath,
};
use serde_json::Value;

use crate::json::array_element_lines;

/// A reference `name/version[@user/channel][#rrev][%timestamp][:package_id#prev]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub name: String,
    pub version: String,
    pub user: Option<String>,
    pub channel: Option<String>,
    pub rrev: Option<String>,
}

pub fn reference(text: &str) -> Option<Reference> {
    let recipe = text.split(':').next()?.trim();
    let (recipe, rrev) = match recipe.split_once('#') {
        Some((recipe, rev)) => (recipe, Some(rev.split('%').next().unwrap_or(rev))),
        None => (recipe.split('%').next().unwrap_or(recipe), None),
    };
    let (name_version, user_channel) = match recipe.split_once('@') {
        Some((nv, uc)) => (nv, Some(uc)),
        None => (recipe, None),
    };
    let (name, version) = name_version.split_once('/')?;
    if name.is_empty() || version.is_empty() {
        return None;
    }
    let (user, channel) = match user_channel.and_then(|uc| uc.split_once('/')) {
        Some((u, c)) => (Some(u), Some(c)),
        None => (user_channel, None),
    };
    let keep = |s: Option<&str>| s.filter(|s| !s.is_empty() && *s != "_").map(str::to_string);
    Some(Reference {
        name: name.to_string(),
        version: version.to_string(),
        user: keep(user),
        channel: keep(channel),
        // Conan 1 with revisions disabled writes `#0`: no revision.
        rrev: keep(rrev).filter(|r| r != "0"),
    })
}

fn package_of(reference: &Reference) -> Result<Package, String> {
    let mut qualifiers: Vec<(&str, &str)> = Vec::new();
    for (key, value) in
        [("user", &reference.user), ("channel", &reference.channel), ("rrev", &reference.rrev)]
    {
        if let Some(value) = value {
            qualifiers.push((key, value));
        }
    }
    let id = purl::with_qualifiers("conan", None, &reference.name, Some(&reference.version), &qualifiers)?;
    Ok(Package::new("conan", &reference.name, Some(&reference.version))
        .purl(&id)
        .source(PackageSource::new(SourceKind::Registry, None)))
}

fn malformed(path: &str, line: Option<u32>, message: String) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, format!("conan.lock: {message}")).at(path, line)
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            out.diagnostics.push(malformed(path, u32::try_from(error.line()).ok(), error.to_string()));
            return;
        }
    };
    let version = doc.get("version").and_then(Value::as_str).unwrap_or_default().to_string();
    match (doc.get("graph_lock"), version.as_str()) {
        (Some(graph), "0.1" | "0.2" | "0.3" | "0.4") => conan1(path, text, graph, out),
        (None, "0.5") => conan2(path, text, &doc, out),
        _ => {
            let seen = if version.is_empty() { "none".to_string() } else { version.clone() };
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("conan.lock format version {seen} is not one this parser reads (0.1-0.4, 0.5)"),
                )
                .at(path, Some(1)),
            );
            return;
        }
    }
    let format = format!("conan.lock v{version}");
    out.manifests.push(Manifest::new(path, "conan", &format, Completeness::Complete));
}

fn conan1(path: &str, text: &str, graph: &Value, out: &mut ParseOutput) {
    let lines = KeyLines::new(text, 3);
    let Some(nodes) = graph.get("nodes").and_then(Value::as_object) else {
        out.diagnostics.push(malformed(
            path,
            lines.key_line(&["graph_lock"]),
            "`graph_lock` has no nodes".into(),
        ));
        return;
    };
    let ids_of = |node: &Value, key: &str| -> Vec<String> {
        node.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut roots: Vec<&str> = Vec::new();
    for (node_id, node) in nodes {
        let line = lines.key_line(&["graph_lock", "nodes", node_id]);
        let Some(text) = node.get("ref").or_else(|| node.get("pref")).and_then(Value::as_str) else {
            // The conanfile being built (a `path`, no reference): the project.
            roots.push(node_id);
            continue;
        };
        let built = reference(text)
            .ok_or_else(|| format!("node {node_id}: `{text}` is not a reference"))
            .and_then(|r| package_of(&r));
        match built {
            Ok(package) => {
                ids.insert(node_id, package.id.clone());
                let build_context = node.get("context").and_then(Value::as_str) == Some("build");
                let package = package.location(path, line).scope(if build_context {
                    DependencyScope::Build
                } else {
                    DependencyScope::Runtime
                });
                if !out.packages.iter().any(|p| p.id == package.id) {
                    out.packages.push(package);
                }
            }
            Err(message) => out.diagnostics.push(malformed(path, line, message)),
        }
    }
    let mut runtime_next: HashMap<&str, Vec<String>> = HashMap::new();
    for (node_id, node) in nodes {
        let line = lines.key_line(&["graph_lock", "nodes", node_id]);
        for (key, scope) in [
            ("requires", DependencyScope::Runtime),
            ("build_requires", DependencyScope::Build),
            ("python_requires", DependencyScope::Build),
        ] {
            for dep in ids_of(node, key) {
                let Some(to) = ids.get(dep.as_str()) else {
                    // Conan 1.x may list python_requires as references rather than node ids.
                    if key != "python_requires" {
                        out.diagnostics.push(
                            Diagnostic::new(
                                "dependency-unresolved",
                                Level::Warning,
                                format!("conan.lock: node {node_id} {key} node {dep}, which the graph does not hold"),
                            )
                            .at(path, line),
                        );
                    }
                    continue;
                };
                if scope == DependencyScope::Runtime {
                    runtime_next.entry(node_id.as_str()).or_default().push(dep.clone());
                }
                if roots.contains(&node_id.as_str())
                    && let Some(p) = out.packages.iter_mut().find(|p| &p.id == to)
                {
                    p.direct = true;
                }
                if let Some(from) = ids.get(node_id.as_str()) {
                    out.edges.push(DependencyEdge::new(from, to, scope));
                }
            }
        }
    }
    // What the project reaches through `requires` alone runs with it; the rest only builds it.
    let mut runtime: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = roots.iter().map(|r| r.to_string()).collect();
    while let Some(node) = queue.pop_front() {
        for next in runtime_next.get(node.as_str()).into_iter().flatten() {
            if runtime.insert(next.clone()) {
                queue.push_back(next.clone());
            }
        }
    }
    let runtime_ids: HashSet<&String> = runtime.iter().filter_map(|n| ids.get(n.as_str())).collect();
    for package in &mut out.packages {
        if !runtime_ids.contains(&package.id) {
            package.scope = DependencyScope::Build;
        }
    }
}

fn conan2(path: &str, text: &str, doc: &Value, out: &mut ParseOutput) {
    let direct = declared_requires(path);
    for (key, scope) in [
        ("requires", DependencyScope::Runtime),
        ("build_requires", DependencyScope::Build),
        ("python_requires", DependencyScope::Build),
        ("config_requires", DependencyScope::Build),
    ] {
        let lines = array_element_lines(text, key);
        for (index, item) in doc.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let line = lines.get(index).copied();
            let Some(text) = item.as_str() else {
                out.diagnostics.push(malformed(path, line, format!("an entry of `{key}` is not a string")));
                continue;
            };
            let built = reference(text)
                .ok_or_else(|| format!("`{text}` is not a reference"))
                .and_then(|r| package_of(&r));
            match built {
                Ok(package) => {
                    if let Some(existing) = out.packages.iter_mut().find(|p| p.id == package.id) {
                        // Also a build tool (libiconv in both lists): runtime wins, both lines kept.
                        existing.locations.push(ospo_plugin_sdk::Location::new(path, line));
                        continue;
                    }
                    let is_direct = direct.contains(&package.name);
                    out.packages.push(package.scope(scope).direct(is_direct).location(path, line));
                }
                Err(message) => out.diagnostics.push(malformed(path, line, message)),
            }
        }
    }
}

/// The names a `conanfile.txt` (its `[requires]`, `[tool_requires]`, `[build_requires]`) or a
/// `conanfile.py` (quoted references on lines mentioning `requires`) beside the lock names.
fn declared_requires(path: &str) -> Vec<String> {
    let dir = relpath::parent(path);
    if let Ok(bytes) = host::read_file(&relpath::file_in(dir, "conanfile.txt")) {
        let text = String::from_utf8_lossy(&bytes);
        let mut inside = false;
        let mut names = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                inside =
                    matches!(line, "[requires]" | "[tool_requires]" | "[build_requires]" | "[test_requires]");
            } else if inside && let Some(r) = reference(line.split('#').next().unwrap_or_default()) {
                names.push(r.name);
            }
        }
        return names;
    }
    let Ok(bytes) = host::read_file(&relpath::file_in(dir, "conanfile.py")) else { return Vec::new() };
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .filter(|l| l.contains("requires"))
        .flat_map(|l| {
            l.split(['"', '\'']).skip(1).step_by(2).filter_map(reference).map(|r| r.name).collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let r = reference("boost/1.67.0@conan/stable").expect("reference");
        assert_eq!((r.name.as_str(), r.version.as_str()), ("boost", "1.67.0"));
        assert_eq!((r.user.as_deref(), r.channel.as_deref(), r.rrev), (Some("conan"), Some("stable"), None));
        let r = reference("zlib/1.3.2#1cb806da49011867778ffb6ac7190fcb%1777558780.503").expect("reference");
        assert_eq!(r.rrev.as_deref(), Some("1cb806da49011867778ffb6ac7190fcb"));
        let r = reference("cmake_installer/1.0@conan/stable#0:5ddd3ba1a7a84a3bce35fffef2908c6e1912429e#0")
            .expect("pref");
        assert_eq!((r.name.as_str(), r.rrev), ("cmake_installer", None));
        assert_eq!(reference("nothing"), None);
        assert_eq!(reference("/1.0"), None);
    }
}
