//! `pnpm-lock.yaml`, lockfile versions 5.x (pnpm 6–7), 6.x (pnpm 8) and 9.0 (pnpm 9–10).
//!
//! - Keys: 5.x `/name/1.0.0_peer@2.0.0`, 6.x `/name@1.0.0(peer@2.0.0)`, 9.0 `name@1.0.0` in
//!   `packages` with `name@1.0.0(peer@2.0.0)` in `snapshots`. Each peer-resolved variant is a node
//!   of the graph; variants of one release share a purl and are one package.
//! - Importers: `importers` (workspaces, and every 9.0 lockfile) or, in a single-project 5.x/6.x
//!   lockfile, the top-level `dependencies`/`devDependencies`/`optionalDependencies`. Each
//!   importer is a project (read with its `package.json` for its name and licence); `link:`
//!   versions point at another importer. pnpm lists auto-installed peers of a project among its
//!   `dependencies`: the project's `package.json` declaring them as `peerDependencies` only
//!   makes them provided.
//! - Scope: 5.x/6.x `dev: true|false` and `optional: true` where pnpm wrote them; 9.0 dropped
//!   them, so the reach from the importers decides.
//! - `resolution`: `integrity` (registry), `tarball` (URL), `directory` (path), git
//!   `repo`+`commit`.

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Hash, Level, Manifest, PackageSource, ParseOutput, SourceKind,
    relpath,
};
use serde_yaml_ng::{Mapping, Value};

use crate::graph::{Flags, Graph, Kind, Node};
use crate::manifest::{self, PackageJson};
use crate::source;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V5,
    V6,
    V9,
}

/// Reads the `pnpm-lock.yaml` at `path`.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    // The subset pnpm writes, fast; anything else through the general parser.
    let parsed = crate::pnpm_yaml::parse(text).map_or_else(|| serde_yaml_ng::from_str(text), Ok);
    let doc: Value = match parsed {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.location().and_then(|l| u32::try_from(l.line()).ok());
            out.diagnostics.push(manifest::malformed(path, line, &format!("not valid YAML: {e}")));
            return;
        }
    };
    let Some(top) = doc.as_mapping() else {
        out.diagnostics.push(manifest::malformed(path, Some(1), "not a YAML mapping"));
        return;
    };
    let raw_version = match top.get("lockfileVersion") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => "none".to_string(),
    };
    let version = match raw_version.split('.').next() {
        Some("5") => Version::V5,
        Some("6") => Version::V6,
        Some("9") => Version::V9,
        _ => {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("pnpm-lock.yaml: lockfileVersion {raw_version} is not one this parser reads (5.x, 6.x, 9.0)"),
                )
                .at(path, Some(1)),
            );
            return;
        }
    };
    let lines = KeyLines::new(text);
    let mut reader = Reader {
        path,
        dir: relpath::parent(path),
        version,
        graph: Graph::default(),
        keys: HashMap::new(),
        projects: HashMap::new(),
    };
    reader.read(top, &lines, out);
    reader.graph.emit(path, out);
    out.manifests.push(Manifest::new(
        path,
        "npm",
        &format!("pnpm-lock.yaml v{raw_version}"),
        Completeness::Complete,
    ));
}

struct Reader<'a> {
    path: &'a str,
    dir: &'a str,
    version: Version,
    graph: Graph,
    /// Node by package (or snapshot) key.
    keys: HashMap<String, usize>,
    /// Project node by folder, relative to the scan root.
    projects: HashMap<String, usize>,
}

fn map(value: Option<&Value>) -> Option<&Mapping> {
    value.and_then(Value::as_mapping)
}

fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

/// A scalar as text (YAML reads `1.0` and `true` as numbers and booleans).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What an entry without a body (`key: {}` or `key:`) has.
static EMPTY: std::sync::LazyLock<Mapping> = std::sync::LazyLock::new(Mapping::new);

const GROUPS: &[(&str, Kind)] =
    &[("dependencies", Kind::Prod), ("optionalDependencies", Kind::Optional), ("devDependencies", Kind::Dev)];

impl Reader<'_> {
    fn read(&mut self, top: &Mapping, lines: &KeyLines, out: &mut ParseOutput) {
        let packages = map(top.get("packages"));
        let snapshots = map(top.get("snapshots"));
        // Nodes: 9.0 snapshots (each with its `packages` metadata), else `packages` entries.
        let mut bodies: Vec<(usize, &Mapping)> = Vec::new();
        let (section, listing) = match (self.version, snapshots) {
            (Version::V9, Some(snapshots)) => ("snapshots", Some(snapshots)),
            _ => ("packages", packages),
        };
        for (key, body) in listing.into_iter().flatten() {
            let Some(key) = scalar(key) else { continue };
            let line = lines.get(section, &key);
            let body = body.as_mapping().unwrap_or(&EMPTY);
            let meta = match section {
                "snapshots" => {
                    packages.and_then(|p| p.get(base_key(&key))).and_then(Value::as_mapping).unwrap_or(body)
                }
                _ => body,
            };
            let Some(mut node) = self.node(&key, meta) else {
                out.diagnostics.push(manifest::malformed(
                    self.path,
                    line,
                    &format!("cannot read the package key {key:?}"),
                ));
                continue;
            };
            // A 9.0 snapshot's release is described by its `packages` entry: that is its line.
            node.line = match section {
                "snapshots" => lines.get("packages", base_key(&key)).or(line),
                _ => line,
            };
            let index = self.graph.add(node);
            self.keys.insert(key, index);
            bodies.push((index, body));
        }
        // Projects: importers, or the single project's top-level groups.
        let importers: Vec<(String, &Mapping)> = match map(top.get("importers")) {
            Some(importers) => {
                importers.iter().filter_map(|(k, v)| Some((scalar(k)?, v.as_mapping()?))).collect()
            }
            None => vec![(".".to_string(), top)],
        };
        let mut project_of: Vec<(usize, String, &Mapping, Option<PackageJson>)> = Vec::new();
        for (id, body) in &importers {
            let folder = relpath::join(self.dir, id).unwrap_or_else(|| self.dir.to_string());
            let pj = PackageJson::read(&relpath::file_in(&folder, "package.json"), out);
            let name =
                pj.as_ref().and_then(|p| p.name.clone()).unwrap_or_else(|| manifest::project_name(&folder));
            let mut node = Node::project(&name, pj.as_ref().and_then(|p| p.version.as_deref()), &folder);
            node.license = pj.as_ref().and_then(|p| p.license.clone());
            node.line = lines.get("importers", id).or(Some(1));
            let index = self.graph.add(node);
            self.projects.insert(folder.clone(), index);
            project_of.push((index, folder, body, pj));
        }
        for (project, folder, body, pj) in &project_of {
            for (group, kind) in GROUPS {
                for (dep, value) in map(body.get(*group)).into_iter().flatten() {
                    let Some(dep) = scalar(dep) else { continue };
                    // 5.x: `name: ref`; 6.x and 9.0: `name: {specifier, version}`.
                    let reference = match value {
                        Value::Mapping(m) => m.get("version").and_then(scalar),
                        other => scalar(other),
                    };
                    let Some(reference) = reference else { continue };
                    let kind = match pj.as_ref().and_then(|p| p.kind_of(&dep)) {
                        Some(Kind::Peer) => Kind::Peer,
                        _ => *kind,
                    };
                    self.link(*project, folder, &dep, &reference, kind, out);
                }
            }
        }
        for (from, body) in bodies {
            for (group, kind) in &GROUPS[..2] {
                for (dep, reference) in map(body.get(*group)).into_iter().flatten() {
                    let (Some(dep), Some(reference)) = (scalar(dep), scalar(reference)) else { continue };
                    self.link(from, self.dir, &dep, &reference, *kind, out);
                }
            }
        }
    }

    /// An edge from `from` to what `reference` names for the dependency `dep`.
    fn link(
        &mut self,
        from: usize,
        folder: &str,
        dep: &str,
        reference: &str,
        kind: Kind,
        out: &mut ParseOutput,
    ) {
        let target = match reference.strip_prefix("link:") {
            Some(rel) => relpath::join(folder, rel).and_then(|f| self.projects.get(&f).copied()),
            None => self.keys.get(&self.key_for(dep, reference)).copied(),
        };
        match target {
            Some(to) => self.graph.edge(from, to, kind),
            // A linked folder outside the workspace, or an optional dependency skipped for this platform.
            None if reference.starts_with("link:") || kind == Kind::Optional => {}
            None => out.diagnostics.push(
                Diagnostic::new(
                    "dependency-unresolved",
                    Level::Warning,
                    format!(
                        "pnpm-lock.yaml: {} depends on {dep} {reference}, which no entry holds",
                        self.graph.nodes[from].name
                    ),
                )
                .at(self.path, self.graph.nodes[from].line),
            ),
        }
    }

    /// The package key a dependency's reference means.
    fn key_for(&self, dep: &str, reference: &str) -> String {
        match self.version {
            Version::V9 => {
                let base = reference.split('(').next().unwrap_or(reference);
                if source::split_name_version(base).is_some_and(|(n, _)| !n.starts_with("file"))
                    && !base.starts_with("file:")
                {
                    // An alias (`ms@1.0.0`) names its target whole.
                    reference.to_string()
                } else {
                    format!("{dep}@{reference}")
                }
            }
            _ if reference.contains('/') || reference.starts_with("file:") => reference.to_string(),
            Version::V6 => format!("/{dep}@{reference}"),
            Version::V5 => format!("/{dep}/{reference}"),
        }
    }

    /// A node for the package `key`, its metadata in `meta`.
    fn node(&self, key: &str, meta: &Mapping) -> Option<Node> {
        let (name, version) = match self.parse_key(key) {
            Some((name, version)) => (name, Some(version)),
            None => (text(meta.get("name"))?.to_string(), None),
        };
        let name = text(meta.get("name")).map_or(name, str::to_string);
        // A non-registry key's version is a path or URL: the entry's own `version` is the release.
        let version = text(meta.get("version"))
            .map(str::to_string)
            .or(version.filter(|v| !v.contains(':') && !v.contains('/')));
        let mut node = Node::new(&name, version.as_deref());
        let resolution = map(meta.get("resolution"));
        if let Some(integrity) = resolution.and_then(|r| text(r.get("integrity"))) {
            node.hashes.extend(Hash::parse_integrity(integrity));
        }
        node.source = Some(PackageSource::new(SourceKind::Registry, None));
        if let Some(resolution) = resolution {
            if let Some(dir) = text(resolution.get("directory")) {
                node.source = Some(source::local_path(self.dir, dir));
            } else if let (Some(repo), Some(commit)) =
                (text(resolution.get("repo")), text(resolution.get("commit")))
            {
                node.source = Some(PackageSource::git(repo, Some(commit)));
                node.qualifiers.push(("vcs_url", format!("{repo}#{commit}")));
            } else if let Some(tarball) = text(resolution.get("tarball")) {
                (node.source, node.qualifiers) = source::from_resolved(tarball, &name, self.dir);
            }
        }
        if node.version.is_none() {
            manifest::fill_from_folder(&mut node);
        }
        let dev = meta.get("dev").and_then(Value::as_bool);
        let optional = meta.get("optional").and_then(Value::as_bool).unwrap_or(false);
        node.flags = dev.map(|dev| Flags {
            scope: if dev { DependencyScope::Development } else { DependencyScope::Runtime },
            optional,
        });
        Some(node)
    }

    /// `(name, version)` of a registry-style key; `None` for a path or URL key.
    fn parse_key(&self, key: &str) -> Option<(String, String)> {
        match self.version {
            Version::V9 => {
                let base = base_key(key);
                let (name, version) = source::split_name_version(base)?;
                Some((name.to_string(), version.to_string()))
            }
            Version::V6 => {
                let base = base_key(key.strip_prefix('/')?);
                let (name, version) = source::split_name_version(base)?;
                Some((name.to_string(), version.to_string()))
            }
            Version::V5 => {
                let rest = key.strip_prefix('/')?;
                let mut parts = rest.split('/');
                let first = parts.next()?;
                let name = if first.starts_with('@') {
                    format!("{first}/{}", parts.next()?)
                } else {
                    first.to_string()
                };
                let version = parts.next()?;
                let version = version.split('_').next().unwrap_or(version);
                (!version.is_empty()).then(|| (name, version.to_string()))
            }
        }
    }
}

/// A key without its peer suffix: `a@1.0.0(b@2.0.0)` → `a@1.0.0`.
fn base_key(key: &str) -> &str {
    key.split('(').next().unwrap_or(key)
}

/// The line of each key two spaces deep under a top-level section, from one pass.
struct KeyLines {
    lines: HashMap<(String, String), u32>,
}

impl KeyLines {
    fn new(text: &str) -> Self {
        let mut lines = HashMap::new();
        let mut section = String::new();
        for (index, raw) in text.lines().enumerate() {
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let content = raw.trim_start_matches(' ');
            let indent = raw.len() - content.len();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            match indent {
                0 => section = yaml_key(content).unwrap_or_default(),
                2 => {
                    if let Some(key) = yaml_key(content) {
                        lines.entry((section.clone(), key)).or_insert(line);
                    }
                }
                _ => {}
            }
        }
        KeyLines { lines }
    }

    fn get(&self, section: &str, key: &str) -> Option<u32> {
        self.lines.get(&(section.to_string(), key.to_string())).copied()
    }
}

/// The key of a `key:` / `key: value` / `'quoted': value` line.
fn yaml_key(content: &str) -> Option<String> {
    if let Some(rest) = content.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    key.push('\'');
                    continue;
                }
                return Some(key);
            }
            key.push(c);
        }
        return None;
    }
    if let Some(rest) = content.strip_prefix('"') {
        return rest.split_once('"').map(|(k, _)| k.to_string());
    }
    if let Some(key) = content.strip_suffix(':') {
        return Some(key.to_string());
    }
    content.rsplit_once(": ").map(|(k, _)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_each_version() {
        let reader = |version| Reader {
            path: "",
            dir: "",
            version,
            graph: Graph::default(),
            keys: HashMap::new(),
            projects: HashMap::new(),
        };
        let v5 = reader(Version::V5);
        assert_eq!(
            v5.parse_key("/@babel/core/7.0.0_react@18.3.1"),
            Some(("@babel/core".into(), "7.0.0".into()))
        );
        assert_eq!(v5.parse_key("file:local-lib"), None);
        assert_eq!(v5.key_for("react-dom", "18.3.1_react@18.3.1"), "/react-dom/18.3.1_react@18.3.1");
        assert_eq!(v5.key_for("old-ms", "/ms/1.0.0"), "/ms/1.0.0");
        let v6 = reader(Version::V6);
        assert_eq!(
            v6.parse_key("/react-dom@18.3.1(react@18.3.1)"),
            Some(("react-dom".into(), "18.3.1".into()))
        );
        assert_eq!(v6.key_for("debug", "4.4.3"), "/debug@4.4.3");
        let v9 = reader(Version::V9);
        assert_eq!(v9.key_for("old-ms", "ms@1.0.0"), "ms@1.0.0");
        assert_eq!(v9.key_for("react-dom", "18.3.1(react@18.3.1)"), "react-dom@18.3.1(react@18.3.1)");
        assert_eq!(v9.key_for("local-lib", "file:local-lib"), "local-lib@file:local-lib");
        assert_eq!(yaml_key("'@babel/x@7.0.0': {}"), Some("@babel/x@7.0.0".into()));
        assert_eq!(yaml_key("local-lib@file:local-lib:"), Some("local-lib@file:local-lib".into()));
        assert_eq!(yaml_key("ms@2.1.3: {}"), Some("ms@2.1.3".into()));
    }
}
