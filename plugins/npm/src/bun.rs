//! Bun's text lockfile `bun.lock` (Bun ≥ 1.2; `lockfileVersion` 0, 1 and 2), JSON with
//! trailing commas, and the binary `bun.lockb` of older Bun, which is reported, not read.
//!
//! - `workspaces`: the root (`""`) and each member folder, with their dependency groups: the
//!   projects.
//! - `packages`: `key: [ident, ...]`. The key is the install path by package names (`chalk`,
//!   `chalk/ansi-styles` for a copy nested under chalk, `@acme/util/ms` for a member's own
//!   copy); a dependency resolves from the deepest such path up, as Node would. The ident's
//!   resolution: a version (registry: `[ident, registry, meta, integrity]`), `workspace:`,
//!   `file:`/`link:` (path: `[ident, meta]`), git (`[ident, meta, tag]`, commit after `#`), or a
//!   tarball URL.

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, Diagnostic, Hash, Level, Manifest, PackageSource, ParseOutput, SourceKind, jsonc, relpath,
};
use serde_json::{Map, Value};

use crate::graph::{Graph, Kind, Node};
use crate::lines::EntryLines;
use crate::manifest::{self, PackageJson};
use crate::source;

/// `bun.lockb`: Bun's binary lockfile, which this parser does not decode.
pub fn binary(path: &str, out: &mut ParseOutput) {
    out.diagnostics.push(
        Diagnostic::new(
            "manifest-unsupported",
            Level::Warning,
            "bun.lockb: Bun's binary lockfile is not read; run `bun install --save-text-lockfile` to write bun.lock \
             beside it"
                .to_string(),
        )
        .at(path, None),
    );
}

/// Reads the `bun.lock` at `path`.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let json = jsonc::to_json(text);
    let root: Value = match serde_json::from_str(&json) {
        Ok(root) => root,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(manifest::malformed(path, line, &format!("not valid JSON: {e}")));
            return;
        }
    };
    let Some(top) = root.as_object() else {
        out.diagnostics.push(manifest::malformed(path, Some(1), "not a JSON object"));
        return;
    };
    let version = top.get("lockfileVersion").and_then(Value::as_u64);
    let Some(version) = version.filter(|v| *v <= 2) else {
        let seen = top.get("lockfileVersion").map_or("none".to_string(), Value::to_string);
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-unsupported",
                Level::Warning,
                format!("bun.lock: lockfileVersion {seen} is not one this parser reads (0, 1, 2)"),
            )
            .at(path, Some(1)),
        );
        return;
    };
    let lines = EntryLines::new(&json, 2);
    let dir = relpath::parent(path);
    let mut graph = Graph::default();
    // Projects by workspace folder, and by package name (for `workspace:` idents and keys).
    let mut projects: Vec<(usize, String, PackageJson)> = Vec::new();
    for (folder, entry) in top.get("workspaces").and_then(Value::as_object).into_iter().flatten() {
        let Some(entry) = entry.as_object() else { continue };
        let member_dir = relpath::join(dir, folder).unwrap_or_else(|| dir.to_string());
        let declared = PackageJson::from_object(entry);
        let own = PackageJson::read(&relpath::file_in(&member_dir, "package.json"), out);
        let name = declared
            .name
            .clone()
            .or_else(|| own.as_ref().and_then(|o| o.name.clone()))
            .unwrap_or_else(|| manifest::project_name(&member_dir));
        let version = declared.version.clone().or_else(|| own.as_ref().and_then(|o| o.version.clone()));
        let mut node = Node::project(&name, version.as_deref(), &member_dir);
        node.license = own.and_then(|o| o.license);
        node.line = lines.get("workspaces", folder, &["workspaces", folder]);
        projects.push((graph.add(node), name, declared));
    }
    let by_name: HashMap<&str, usize> = projects.iter().map(|(i, n, _)| (n.as_str(), *i)).collect();
    let mut keys: HashMap<&str, usize> = HashMap::new();
    let mut metas: Vec<(usize, &str, &Map<String, Value>)> = Vec::new();
    for (key, value) in top.get("packages").and_then(Value::as_object).into_iter().flatten() {
        let line = lines.get("packages", key, &["packages", key]);
        let Some((node, meta)) = package(value, dir) else {
            out.diagnostics.push(manifest::malformed(
                path,
                line,
                &format!("cannot read the package entry {key:?}"),
            ));
            continue;
        };
        let index = match node {
            Entry::Workspace(name) => match by_name.get(name.as_str()) {
                Some(&project) => project,
                None => continue,
            },
            Entry::Package(node) => graph.add(Node { line, ..*node }),
        };
        keys.insert(key.as_str(), index);
        if let Some(meta) = meta {
            metas.push((index, key.as_str(), meta));
        }
    }
    for (project, name, declared) in &projects {
        for dep in &declared.deps {
            // A member's own copy sits under its name; else the hoisted one.
            let target =
                keys.get(format!("{name}/{}", dep.name).as_str()).or_else(|| keys.get(dep.name.as_str()));
            match target {
                Some(&to) => graph.edge(*project, to, dep.kind),
                None if dep.spec.starts_with("workspace:") => {
                    if let Some(&to) = by_name.get(dep.name.as_str()) {
                        graph.edge(*project, to, dep.kind);
                    }
                }
                None if matches!(dep.kind, Kind::Peer | Kind::Optional) => {}
                None => out.diagnostics.push(unresolved(path, &graph.nodes[*project], &dep.name)),
            }
        }
    }
    for (from, key, meta) in metas {
        let optional_peers: Vec<&str> = meta
            .get("optionalPeers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (group, kind) in [
            ("dependencies", Kind::Prod),
            ("optionalDependencies", Kind::Optional),
            ("peerDependencies", Kind::Peer),
        ] {
            for dep in
                meta.get(group).and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.as_str())
            {
                // An optional peer is used when something else installs it: no edge of its own.
                if kind == Kind::Peer && optional_peers.contains(&dep) {
                    continue;
                }
                match lookup(&keys, key, dep) {
                    Some(to) => graph.edge(from, to, kind),
                    None if kind != Kind::Prod => {}
                    None => out.diagnostics.push(unresolved(path, &graph.nodes[from], dep)),
                }
            }
        }
    }
    graph.emit(path, out);
    out.manifests.push(Manifest::new(path, "npm", &format!("bun.lock v{version}"), Completeness::Complete));
}

enum Entry {
    Workspace(String),
    Package(Box<Node>),
}

/// One `packages` value: the node (or the workspace it names) and its metadata object.
fn package<'v>(value: &'v Value, dir: &str) -> Option<(Entry, Option<&'v Map<String, Value>>)> {
    let items = value.as_array()?;
    let ident = items.first()?.as_str()?;
    let (name, resolution) = source::split_name_version(ident)?;
    let object_at = |i: usize| items.get(i).and_then(Value::as_object);
    if resolution.starts_with("workspace:") {
        return Some((Entry::Workspace(name.to_string()), None));
    }
    if let Some(local) = ["file:", "link:"].iter().find_map(|p| resolution.strip_prefix(p)) {
        let mut node = Node::new(name, None);
        node.source = Some(source::local_path(dir, local));
        manifest::fill_from_folder(&mut node);
        return Some((Entry::Package(Box::new(node)), object_at(1)));
    }
    if source::is_git(resolution) || resolution.starts_with("http://") || resolution.starts_with("https://") {
        let (src, qualifiers) = source::from_resolved(resolution, name, dir);
        let commit = src.as_ref().and_then(|s| s.commit.clone());
        let mut node = Node::new(name, commit.as_deref());
        (node.source, node.qualifiers) = (src, qualifiers);
        node.hashes.extend(items.iter().skip(1).filter_map(Value::as_str).find_map(Hash::parse_integrity));
        return Some((Entry::Package(Box::new(node)), object_at(1)));
    }
    // A registry release: `[ident, registry-or-"", meta, integrity]`.
    let mut node = Node::new(name, Some(resolution));
    let registry = items.get(1).and_then(Value::as_str).unwrap_or_default();
    node.source = Some(if registry.is_empty() {
        PackageSource::new(SourceKind::Registry, None)
    } else {
        source::from_resolved(registry, name, dir).0.unwrap_or_else(|| PackageSource::registry(registry))
    });
    node.hashes.extend(items.get(3).and_then(Value::as_str).and_then(Hash::parse_integrity));
    Some((Entry::Package(Box::new(node)), object_at(2)))
}

/// The package names a key is made of: `@acme/util/ms` → `["@acme/util", "ms"]`.
fn names(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        let end = if rest.starts_with('@') {
            rest.match_indices('/').nth(1).map_or(rest.len(), |(i, _)| i)
        } else {
            rest.find('/').unwrap_or(rest.len())
        };
        out.push(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
    }
    out
}

/// `dep` as seen from the package at `key`: nested under it, then under each parent, then
/// hoisted.
fn lookup(keys: &HashMap<&str, usize>, key: &str, dep: &str) -> Option<usize> {
    let path = names(key);
    (0..=path.len()).rev().find_map(|depth| {
        let mut candidate = path.get(..depth).unwrap_or_default().join("/");
        if !candidate.is_empty() {
            candidate.push('/');
        }
        candidate.push_str(dep);
        keys.get(candidate.as_str()).copied()
    })
}

fn unresolved(path: &str, from: &Node, dep: &str) -> Diagnostic {
    Diagnostic::new(
        "dependency-unresolved",
        Level::Warning,
        format!("bun.lock: {} depends on {dep}, which no entry installs where Bun would find it", from.name),
    )
    .at(path, from.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_paths_of_names() {
        assert_eq!(names("@acme/util/ms"), ["@acme/util", "ms"]);
        assert_eq!(names("chalk/ansi-styles"), ["chalk", "ansi-styles"]);
        assert_eq!(names("@a/b/@c/d/e"), ["@a/b", "@c/d", "e"]);
        let keys: HashMap<&str, usize> = [("ms", 0), ("chalk/ms", 1), ("chalk", 2)].into_iter().collect();
        assert_eq!(lookup(&keys, "chalk", "ms"), Some(1));
        assert_eq!(lookup(&keys, "chalk/x/y", "ms"), Some(1));
        assert_eq!(lookup(&keys, "debug", "ms"), Some(0));
        assert_eq!(lookup(&keys, "debug", "nope"), None);
    }
}
