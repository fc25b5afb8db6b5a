//! npm's lockfiles: `package-lock.json` and `npm-shrinkwrap.json` (lockfile versions 1, 2 and
//! 3) and the hidden `node_modules/.package-lock.json` npm 7+ keeps of what it installed.
//!
//! - v2/v3 `packages`: one entry per installed folder (`node_modules/a/node_modules/b`); a
//!   dependency resolves the way Node does, from the nearest `node_modules` up to the root.
//!   `link: true` entries point at a folder entry (a workspace member or a `file:` dependency).
//!   Folder entries that the root's `workspaces` globs match are projects; other folders are
//!   path packages.
//! - v1 `dependencies`: the same tree written as nested objects, read into the same paths; a
//!   `version` may be an alias (`npm:ms@1.0.0`), `file:` path, git URL or tarball URL. v1 has
//!   no root entry: the root's dependencies come from the `package.json` beside it.
//! - scope: the entry's own flags (`dev` development, `optional` optional runtime,
//!   `devOptional` optional development, `peer` provided), as npm computed them.
//! - `integrity` as a hash; `license` (v2/v3) as the declared licence; `resolved` as the
//!   source; the line of the entry's key as its location.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use ospo_plugin_sdk::json_lines::{KeyLines, Segment};
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Hash, Level, Manifest, ParseOutput, relpath,
};
use serde_json::{Map, Value};

use crate::graph::{Flags, Graph, Kind, Node};
use crate::lines::EntryLines;
use crate::lock_entry::{self, Entry};
use crate::manifest::{self, PackageJson};
use crate::{globs, source};

/// Which of npm's lockfiles is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    PackageLock,
    Shrinkwrap,
    Hidden,
}

impl Flavor {
    fn label(self) -> &'static str {
        match self {
            Flavor::PackageLock => "package-lock.json",
            Flavor::Shrinkwrap => "npm-shrinkwrap.json",
            Flavor::Hidden => "node_modules/.package-lock.json",
        }
    }
}

/// Deeper than any real v1 tree nests, so every entry's key gets its line.
const V1_DEPTH: usize = 96;

/// Reads the lockfile at `path`; `project_dir` is the folder its paths are relative to.
pub fn parse(path: &str, text: &str, flavor: Flavor, project_dir: &str, out: &mut ParseOutput) {
    // v2/v3 are read into typed entries; only v1 and unknown versions need the whole `Value`.
    let lock = match lock_entry::read(text) {
        Ok(lock) => lock,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(manifest::malformed(path, line, &format!("not valid JSON: {e}")));
            return;
        }
    };
    let new_reader = || Reader {
        path,
        dir: project_dir,
        graph: Graph::default(),
        keys: FxHashMap::default(),
        links: FxHashMap::default(),
    };
    let mut reader = new_reader();
    let version = match (lock.version, lock.packages) {
        (Some(version @ (2 | 3)), Some(packages)) => {
            let package_json = PackageJson::read(&relpath::file_in(project_dir, "package.json"), out);
            let lines = EntryLines::new(text, 2);
            reader.packages(&packages, &lines, package_json.as_ref(), out);
            version
        }
        _ => match v1_or_unsupported(path, text, flavor, &mut reader, out) {
            Some(version) => version,
            None => return,
        },
    };
    reader.graph.emit(path, out);
    let label = format!("{} v{version}", flavor.label());
    out.manifests.push(Manifest::new(path, "npm", &label, Completeness::Complete));
}

/// A lockfile without a v2/v3 `packages` map: v1's nested tree, else an unsupported version.
/// The version read, or `None` when the file was not read.
fn v1_or_unsupported(
    path: &str,
    text: &str,
    flavor: Flavor,
    reader: &mut Reader,
    out: &mut ParseOutput,
) -> Option<u64> {
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(manifest::malformed(path, line, &format!("not valid JSON: {e}")));
            return None;
        }
    };
    let Some(object) = root.as_object() else {
        out.diagnostics.push(manifest::malformed(path, Some(1), "not a JSON object"));
        return None;
    };
    let version = object.get("lockfileVersion").and_then(Value::as_u64);
    match (version, object.get("dependencies")) {
        (Some(1), Some(Value::Object(deps))) => {
            let package_json = PackageJson::read(&relpath::file_in(reader.dir, "package.json"), out);
            let lines = KeyLines::new(text, V1_DEPTH);
            reader.v1(object, deps, &lines, package_json.as_ref(), out);
            Some(1)
        }
        (Some(1), None) => {
            let package_json = PackageJson::read(&relpath::file_in(reader.dir, "package.json"), out);
            reader.v1(object, &Map::new(), &KeyLines::default(), package_json.as_ref(), out);
            Some(1)
        }
        _ => {
            let seen = object.get("lockfileVersion").map_or("none".to_string(), Value::to_string);
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!(
                        "{}: lockfileVersion {seen} is not one this parser reads (1, 2, 3)",
                        flavor.label()
                    ),
                )
                .at(path, KeyLines::new(text, 1).key_line(&["lockfileVersion"]).or(Some(1))),
            );
            None
        }
    }
}

struct Reader<'a> {
    path: &'a str,
    dir: &'a str,
    graph: Graph,
    /// Node index by the entry's path (`node_modules/a`, `packages/app`, `""`). Fx hashing: a
    /// lockfile crafted to collide only slows its own sandboxed parse, which has a deadline.
    keys: FxHashMap<String, usize>,
    /// `link: true` entries: their path to the folder they point at.
    links: FxHashMap<String, String>,
}

/// A dependency still to resolve: from which entry, by which name, as what.
struct Pending {
    from: usize,
    from_key: String,
    name: String,
    kind: Kind,
}

impl Reader<'_> {
    /// v2/v3 (and the hidden lockfile): the flat `packages` map.
    fn packages(
        &mut self,
        packages: &[(Cow<str>, Option<Entry>)],
        lines: &EntryLines,
        pj: Option<&PackageJson>,
        out: &mut ParseOutput,
    ) {
        let root_entry = packages.iter().find(|(key, _)| key.is_empty()).and_then(|(_, e)| e.as_ref());
        let mut workspaces: Vec<String> = root_entry.map(|r| r.workspaces.clone()).unwrap_or_default();
        if workspaces.is_empty() {
            workspaces = pj.map(|p| p.workspaces.clone()).unwrap_or_default();
        }
        let mut pending = Vec::with_capacity(packages.len() * 2);
        self.graph.nodes.reserve(packages.len());
        // The root first, from its entry or, in a hidden lockfile, from package.json.
        let root_line = lines.get("packages", "", &["packages", ""]);
        let root = match root_entry {
            Some(entry) => self.root(
                entry.name.as_deref(),
                entry.version.as_deref(),
                entry.license.as_deref(),
                pj,
                root_line,
            ),
            None => self.root(None, None, None, pj, root_line),
        };
        match root_entry {
            Some(entry) => pending.extend(deps_of(entry, root, "", true)),
            None => pending.extend(manifest_deps(pj, root)),
        }
        for (key, value) in packages {
            if key.is_empty() {
                continue;
            }
            let line = lines.get("packages", key, &["packages", key]);
            let Some(entry) = value else {
                out.diagnostics.push(manifest::malformed(
                    self.path,
                    line,
                    &format!("entry {key:?} is not an object"),
                ));
                continue;
            };
            if entry.link {
                let target = entry.resolved.as_deref().unwrap_or_default();
                self.links.insert(key.to_string(), target.trim_start_matches("./").to_string());
                continue;
            }
            let in_tree = source::in_node_modules(key);
            let node = if in_tree {
                let name = entry.name.as_deref().unwrap_or_else(|| source::name_from_path(key));
                let mut node = Node::new(name, entry.version.as_deref());
                let resolved = entry.resolved.as_deref().unwrap_or_default();
                (node.source, node.qualifiers) = source::from_resolved(resolved, name, self.dir);
                node.hashes.extend(entry.integrity.as_deref().and_then(Hash::parse_integrity));
                node.license = entry.license.as_deref().map(str::to_string);
                node.flags = Some(entry_flags(entry));
                node
            } else {
                // A folder of the project: a workspace member, or a `file:` dependency.
                let name = entry.name.as_deref().unwrap_or_else(|| relpath::file_name(key));
                let folder = relpath::join(self.dir, key).unwrap_or_else(|| key.to_string());
                let mut node = Node::project(name, entry.version.as_deref(), &folder);
                node.project = globs::any_matches(&workspaces, key);
                if !node.project {
                    node.flags = Some(entry_flags(entry));
                }
                node.license = entry.license.as_deref().map(str::to_string);
                node
            };
            let is_project = node.project;
            let index = self.graph.add(Node { line, ..node });
            self.keys.insert(key.to_string(), index);
            pending.extend(deps_of(entry, index, key, is_project));
        }
        self.resolve(pending, out);
    }

    /// The root project node: the lockfile's own name, version and licence, else package.json's.
    fn root(
        &mut self,
        name: Option<&str>,
        version: Option<&str>,
        license: Option<&str>,
        pj: Option<&PackageJson>,
        line: Option<u32>,
    ) -> usize {
        let name = name
            .map(str::to_string)
            .or_else(|| pj.and_then(|p| p.name.clone()))
            .unwrap_or_else(|| manifest::project_name(self.dir));
        let version = version.map(str::to_string).or_else(|| pj.and_then(|p| p.version.clone()));
        let mut node = Node::project(&name, version.as_deref(), self.dir);
        node.license = license.map(str::to_string).or_else(|| pj.and_then(|p| p.license.clone()));
        node.line = line.or(Some(1));
        let index = self.graph.add(node);
        self.keys.insert(String::new(), index);
        index
    }

    /// v1: the nested `dependencies` tree, read into v2-style paths.
    fn v1(
        &mut self,
        top: &Map<String, Value>,
        deps: &Map<String, Value>,
        lines: &KeyLines,
        pj: Option<&PackageJson>,
        out: &mut ParseOutput,
    ) {
        let root = self.root(str_of(top, "name"), str_of(top, "version"), None, pj, Some(1));
        let mut pending: Vec<Pending> = manifest_deps(pj, root);
        // Iterative walk: (entries, their v2 path prefix, their KeyLines path).
        let mut stack: Vec<(&Map<String, Value>, String, Vec<Segment>)> =
            vec![(deps, String::new(), Vec::new())];
        while let Some((entries, prefix, at)) = stack.pop() {
            for (name, value) in entries {
                let key = if prefix.is_empty() {
                    format!("node_modules/{name}")
                } else {
                    format!("{prefix}/node_modules/{name}")
                };
                let mut key_path = at.clone();
                key_path.extend([Segment::key("dependencies"), Segment::key(name)]);
                let line = lines.line(&key_path);
                let Some(entry) = value.as_object() else {
                    out.diagnostics.push(manifest::malformed(
                        self.path,
                        line,
                        &format!("entry {name:?} is not an object"),
                    ));
                    continue;
                };
                let mut node = self.v1_node(name, entry);
                node.line = line;
                node.flags = Some(flags(entry));
                let index = self.graph.add(node);
                self.keys.insert(key.clone(), index);
                if let Some(requires) = entry.get("requires").and_then(Value::as_object) {
                    pending.extend(requires.keys().map(|dep| Pending {
                        from: index,
                        from_key: key.clone(),
                        name: dep.clone(),
                        kind: Kind::Prod,
                    }));
                }
                if let Some(Value::Object(nested)) = entry.get("dependencies") {
                    stack.push((nested, key, key_path));
                }
            }
        }
        self.resolve(pending, out);
    }

    /// A v1 entry: its `version` says what kind of package it is.
    fn v1_node(&self, name: &str, entry: &Map<String, Value>) -> Node {
        let version = str_of(entry, "version").unwrap_or_default();
        let resolved = str_of(entry, "resolved").unwrap_or_default();
        if let Some((real, version)) = source::alias_target(version) {
            let mut node = Node::new(real, Some(version));
            (node.source, node.qualifiers) = source::from_resolved(resolved, real, self.dir);
            node.hashes.extend(str_of(entry, "integrity").and_then(Hash::parse_integrity));
            return node;
        }
        if let Some(rel) = version.strip_prefix("file:") {
            // A folder or tarball of the project: its own package.json, when a folder, has the version.
            let mut node = Node::new(name, None);
            node.source = Some(source::local_path(self.dir, rel));
            manifest::fill_from_folder(&mut node);
            return node;
        }
        if source::is_git(version) || version.contains("://") {
            let (src, qualifiers) = source::from_resolved(version, name, self.dir);
            let commit = src.as_ref().and_then(|s| s.commit.clone());
            let mut node = Node::new(name, commit.as_deref());
            (node.source, node.qualifiers) = (src, qualifiers);
            node.hashes.extend(str_of(entry, "integrity").and_then(Hash::parse_integrity));
            return node;
        }
        let mut node = Node::new(name, Some(version).filter(|v| !v.is_empty()));
        (node.source, node.qualifiers) = source::from_resolved(resolved, name, self.dir);
        node.hashes.extend(str_of(entry, "integrity").and_then(Hash::parse_integrity));
        node
    }

    /// Resolves each dependency as Node does: `<from>/node_modules/<name>`, then each folder
    /// above, through `link` entries.
    fn resolve(&mut self, pending: Vec<Pending>, out: &mut ParseOutput) {
        // One buffer for every candidate path tried.
        let mut candidate = String::new();
        for dep in pending {
            match self.lookup(&dep.from_key, &dep.name, &mut candidate) {
                Some(to) => self.graph.edge(dep.from, to, dep.kind),
                // A peer or optional dependency need not be installed (another platform's
                // binary, a peer the user provides).
                None if matches!(dep.kind, Kind::Peer | Kind::Optional) => {}
                None => {
                    let from = &self.graph.nodes[dep.from];
                    out.diagnostics.push(
                        Diagnostic::new(
                            "dependency-unresolved",
                            Level::Warning,
                            format!(
                                "{}: {} depends on {}, which no entry installs where Node would find it",
                                source::file_name(self.path),
                                from.name,
                                dep.name
                            ),
                        )
                        .at(self.path, from.line),
                    );
                }
            }
        }
    }

    fn lookup(&self, from_key: &str, name: &str, candidate: &mut String) -> Option<usize> {
        let mut base = from_key;
        loop {
            candidate.clear();
            if !base.is_empty() {
                candidate.push_str(base);
                candidate.push('/');
            }
            candidate.push_str("node_modules/");
            candidate.push_str(name);
            if let Some(found) = self.find(candidate) {
                return Some(found);
            }
            if base.is_empty() {
                return None;
            }
            base = parent_folder(base);
        }
    }

    /// The node at `key`, following a `link` to its folder entry.
    fn find(&self, key: &str) -> Option<usize> {
        if let Some(&index) = self.keys.get(key) {
            return Some(index);
        }
        let target = self.links.get(key)?;
        self.keys.get(target.as_str()).copied()
    }
}

/// The folder whose `node_modules` holds `key`: `a/node_modules/b` → `a`, `node_modules/b` →
/// the root, a project folder (`packages/app`) → the root.
fn parent_folder(key: &str) -> &str {
    match source::last_node_modules(key) {
        Some(at) => key[..at].trim_end_matches('/'),
        None => "",
    }
}

fn str_of<'a>(entry: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    entry.get(key).and_then(Value::as_str)
}

fn flags(entry: &Map<String, Value>) -> Flags {
    let on = |key: &str| entry.get(key).and_then(Value::as_bool) == Some(true);
    let (scope, optional) = if on("dev") {
        (DependencyScope::Development, on("optional"))
    } else if on("devOptional") {
        (DependencyScope::Development, true)
    } else if on("peer") {
        (DependencyScope::Provided, on("optional"))
    } else {
        (DependencyScope::Runtime, on("optional"))
    };
    Flags { scope, optional }
}

/// An entry's own scope flags, as npm computed them.
fn entry_flags(entry: &Entry) -> Flags {
    let (scope, optional) = if entry.dev {
        (DependencyScope::Development, entry.optional)
    } else if entry.dev_optional {
        (DependencyScope::Development, true)
    } else if entry.peer {
        (DependencyScope::Provided, entry.optional)
    } else {
        (DependencyScope::Runtime, entry.optional)
    };
    Flags { scope, optional }
}

/// The dependency maps of a v2/v3 entry. Only a project's dev dependencies are installed.
fn deps_of(entry: &Entry, from: usize, key: &str, project: bool) -> Vec<Pending> {
    let mut groups = vec![
        (&entry.dependencies, Kind::Prod),
        (&entry.optional_dependencies, Kind::Optional),
        (&entry.peer_dependencies, Kind::Peer),
    ];
    if project {
        groups.push((&entry.dev_dependencies, Kind::Dev));
    }
    let mut out: Vec<Pending> = Vec::new();
    // Position of each name in `out`: a root may declare thousands.
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (names, kind) in groups {
        for name in names {
            // An optional peer is used when something else installs it: no edge of its own.
            if kind == Kind::Peer && entry.optional_peers.contains(name) {
                continue;
            }
            // optionalDependencies are repeated in dependencies by some npm versions.
            if let Some(&at) = seen.get(name.as_ref()) {
                if kind == Kind::Optional {
                    out[at].kind = Kind::Optional;
                }
                continue;
            }
            seen.insert(name, out.len());
            out.push(Pending { from, from_key: key.to_string(), name: name.to_string(), kind });
        }
    }
    out
}

/// The root's dependencies as its `package.json` declares them.
fn manifest_deps(pj: Option<&PackageJson>, root: usize) -> Vec<Pending> {
    pj.map(|p| {
        p.deps
            .iter()
            .map(|d| Pending { from: root, from_key: String::new(), name: d.name.clone(), kind: d.kind })
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_resolution_walks_up() {
        assert_eq!(parent_folder("node_modules/a/node_modules/@s/b"), "node_modules/a");
        assert_eq!(parent_folder("node_modules/a"), "");
        assert_eq!(parent_folder("packages/app/node_modules/x"), "packages/app");
        assert_eq!(parent_folder("packages/app"), "");
    }
}
