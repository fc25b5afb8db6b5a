//! `yarn.lock`: Yarn classic (`# yarn lockfile v1`) and Yarn Berry (`__metadata` version 4 to
//! 10; Yarn 2 wrote 4, Yarn 3 6, Yarn 4 8 and later 10).
//!
//! - An entry resolves one or more descriptors (`ms@^2.1.3`, Berry `ms@npm:^2.1.3`); a
//!   dependency `name: range` is the entry holding the descriptor `name@range` (Berry 2/3 omit
//!   the default `npm:` protocol in dependency ranges, so both spellings are tried).
//! - Classic: `resolved` is the source, `integrity` the hash (else the sha1 in the resolved URL's
//!   fragment). The lockfile has no root entry and no workspaces: the roots are the
//!   `package.json` beside it and the members its `workspaces` globs find, and a dependency on a
//!   member resolves to the member.
//! - Berry: `resolution` is the locator: `npm:` registry, `workspace:` a project (root and
//!   members are entries of the lockfile), `file:`/`link:`/`portal:` paths, git and tarball
//!   URLs. A `patch:` resolution is the package it patches (same name and version, so one
//!   package). Workspace entries list dev dependencies among `dependencies`; each project's
//!   `package.json` gives the group, and `dependenciesMeta.<name>.optional` marks optional ones.
//! - Aliases (`old-ms@npm:ms@^1.0.0`) are the target package.

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, Diagnostic, Hash, HashAlgorithm, Level, Manifest, PackageSource, ParseOutput, SourceKind,
    host, relpath,
};

use crate::graph::{Graph, Kind, Node};
use crate::manifest::{self, PackageJson};
use crate::source;
use crate::yarn_syntax::{self, Entry};

/// Berry `__metadata` versions this parser reads.
const BERRY_VERSIONS: std::ops::RangeInclusive<u64> = 4..=10;

/// Reads the `yarn.lock` at `path`.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let (entries, bad) = yarn_syntax::parse(text);
    for b in &bad {
        out.diagnostics.push(manifest::malformed(path, Some(b.line), &b.message));
    }
    let metadata = entries.iter().find(|e| e.keys.iter().any(|k| k == "__metadata"));
    let dir = relpath::parent(path);
    let label = match metadata {
        Some(meta) => {
            let version = meta.get("version").and_then(|v| v.trim().parse::<u64>().ok());
            match version {
                Some(v) if BERRY_VERSIONS.contains(&v) => {
                    Berry::new(path, dir).read(&entries, out);
                    format!("yarn.lock v{v} (Yarn Berry)")
                }
                _ => {
                    let seen = meta.get("version").unwrap_or("none");
                    out.diagnostics.push(
                        Diagnostic::new(
                            "manifest-unsupported",
                            Level::Warning,
                            format!(
                                "yarn.lock: __metadata version {seen} is not one this parser reads (4 to 10)"
                            ),
                        )
                        .at(path, Some(meta.line)),
                    );
                    return;
                }
            }
        }
        None => {
            if !text.contains("# yarn lockfile v1") && !entries.is_empty() && bad.len() * 2 > entries.len() {
                out.diagnostics.push(manifest::malformed(path, Some(1), "not a yarn lockfile"));
                return;
            }
            classic(path, dir, &entries, out);
            "yarn.lock v1 (Yarn classic)".to_string()
        }
    };
    out.manifests.push(Manifest::new(path, "npm", &label, Completeness::Complete));
}

/// Descriptor → entry index.
fn index(entries: &[Entry]) -> HashMap<&str, usize> {
    let mut by = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        for key in &entry.keys {
            by.entry(key.as_str()).or_insert(i);
            // Berry binds a `file:` descriptor to its workspace: `x@file:./x::locator=app%40workspace%3A.`.
            if let Some((bare, _)) = key.split_once("::") {
                by.entry(bare).or_insert(i);
            }
        }
    }
    by
}

fn unresolved(path: &str, from: &Node, dep: &str, range: &str) -> Diagnostic {
    Diagnostic::new(
        "dependency-unresolved",
        Level::Warning,
        format!("yarn.lock: {} depends on {dep}@{range}, which no entry resolves", from.name),
    )
    .at(path, from.line)
}

fn classic(path: &str, dir: &str, entries: &[Entry], out: &mut ParseOutput) {
    let by = index(entries);
    let mut graph = Graph::default();
    // Entry index → node index.
    let mut nodes: Vec<Option<usize>> = vec![None; entries.len()];
    for (i, entry) in entries.iter().enumerate() {
        let Some(first) = entry.keys.first() else { continue };
        let (alias, spec) = source::split_name_version(first).unwrap_or((first.as_str(), ""));
        let name = source::alias_target(spec).map_or(alias, |(real, _)| real);
        let mut node = Node::new(name, entry.get("version"));
        node.line = Some(entry.line);
        let resolved = entry.get("resolved").unwrap_or_default();
        if !resolved.is_empty() {
            (node.source, node.qualifiers) = source::from_resolved(resolved, name, dir);
        } else if let Some(local) = spec.strip_prefix("file:").or_else(|| spec.strip_prefix("link:")) {
            node.source = Some(source::local_path(dir, local));
        }
        match entry.get("integrity").and_then(Hash::parse_integrity) {
            Some(hash) => node.hashes.push(hash),
            None => {
                let sha1 = resolved
                    .rsplit_once('#')
                    .map(|(_, h)| h)
                    .filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()));
                if let Some(sha1) = sha1 {
                    node.hashes.push(Hash::new(HashAlgorithm::Sha1, sha1));
                }
            }
        }
        nodes[i] = Some(graph.add(node));
    }
    // The projects: the package.json beside the lockfile and its workspace members.
    let mut projects: Vec<(usize, PackageJson)> = Vec::new();
    if let Some(root) = PackageJson::read(&relpath::file_in(dir, "package.json"), out) {
        let members = members(dir, &root.workspaces, out);
        let node = project_node(&root, dir);
        projects.push((graph.add(node), root));
        for (member_dir, member) in members {
            let node = project_node(&member, &member_dir);
            projects.push((graph.add(node), member));
        }
    }
    let member_by_name: HashMap<String, usize> =
        projects.iter().filter_map(|(i, pj)| pj.name.clone().map(|n| (n, *i))).collect();
    for (project, pj) in &projects {
        for dep in &pj.deps {
            let target = dep
                .specs
                .iter()
                .find_map(|spec| by.get(format!("{}@{spec}", dep.name).as_str()))
                .and_then(|&e| nodes[e])
                .or_else(|| member_by_name.get(&dep.name).copied());
            match target {
                Some(to) => graph.edge(*project, to, dep.kind),
                None if dep.kind == Kind::Peer => {}
                None => out.diagnostics.push(unresolved(path, &graph.nodes[*project], &dep.name, &dep.spec)),
            }
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        let Some(from) = nodes[i] else { continue };
        for (group, kind) in [("dependencies", Kind::Prod), ("optionalDependencies", Kind::Optional)] {
            for (dep, range) in entry.map(group) {
                match by.get(format!("{dep}@{range}").as_str()).and_then(|&e| nodes[e]) {
                    Some(to) => graph.edge(from, to, kind),
                    None if kind == Kind::Optional => {}
                    None => out.diagnostics.push(unresolved(path, &graph.nodes[from], dep, range)),
                }
            }
        }
    }
    graph.emit(path, out);
}

fn project_node(pj: &PackageJson, dir: &str) -> Node {
    let name = pj.name.clone().unwrap_or_else(|| manifest::project_name(dir));
    let mut node = Node::project(&name, pj.version.as_deref(), dir);
    node.license = pj.license.clone();
    node.line = None;
    node
}

/// The workspace members of the project in `dir`: each `<glob>/package.json` the host lists.
fn members(dir: &str, workspaces: &[String], out: &mut ParseOutput) -> Vec<(String, PackageJson)> {
    if workspaces.is_empty() {
        return Vec::new();
    }
    let Ok(manifests) = host::list_files(&relpath::file_in(dir, "**/package.json")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for path in manifests {
        let member_dir = relpath::parent(&path);
        let rel = member_dir.strip_prefix(dir).unwrap_or(member_dir).trim_start_matches('/');
        if rel.is_empty() || crate::siblings::installed(rel) || !crate::globs::any_matches(workspaces, rel) {
            continue;
        }
        if let Some(pj) = PackageJson::read(&path, out) {
            found.push((member_dir.to_string(), pj));
        }
    }
    found
}

/// Yarn Berry's reader.
struct Berry<'a> {
    path: &'a str,
    dir: &'a str,
}

impl<'a> Berry<'a> {
    fn new(path: &'a str, dir: &'a str) -> Self {
        Berry { path, dir }
    }

    fn read(&self, entries: &[Entry], out: &mut ParseOutput) {
        let by = index(entries);
        let mut graph = Graph::default();
        let mut nodes: Vec<Option<usize>> = vec![None; entries.len()];
        let mut manifests: HashMap<usize, PackageJson> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            if entry.keys.iter().any(|k| k == "__metadata") || entry.keys.is_empty() {
                continue;
            }
            let Some(resolution) = entry.get("resolution") else {
                out.diagnostics.push(manifest::malformed(
                    self.path,
                    Some(entry.line),
                    "entry without a resolution",
                ));
                continue;
            };
            let (node, pj) = self.node(resolution, entry, out);
            let index = graph.add(Node { line: Some(entry.line), ..node });
            if let Some(pj) = pj {
                manifests.insert(index, pj);
            }
            nodes[i] = Some(index);
        }
        for (i, entry) in entries.iter().enumerate() {
            let Some(from) = nodes[i] else { continue };
            let optional_meta: Vec<&str> = entry
                .map("dependenciesMeta")
                .iter()
                .filter(|(k, v)| k.ends_with("/optional") && v == "true")
                .map(|(k, _)| k.trim_end_matches("/optional"))
                .collect();
            let optional_peers: Vec<&str> = entry
                .map("peerDependenciesMeta")
                .iter()
                .filter(|(k, v)| k.ends_with("/optional") && v == "true")
                .map(|(k, _)| k.trim_end_matches("/optional"))
                .collect();
            for (group, kind) in [("dependencies", Kind::Prod), ("peerDependencies", Kind::Peer)] {
                for (dep, range) in entry.map(group) {
                    // An optional peer is used when something else installs it: no edge of its own.
                    if kind == Kind::Peer && optional_peers.contains(&dep.as_str()) {
                        continue;
                    }
                    let kind = if optional_meta.contains(&dep.as_str()) { Kind::Optional } else { kind };
                    let target = by
                        .get(format!("{dep}@{range}").as_str())
                        .or_else(|| by.get(format!("{dep}@npm:{range}").as_str()))
                        .and_then(|&e| nodes[e]);
                    match target {
                        Some(to) => graph.edge(from, to, kind),
                        // Peers are resolved against the dependent's parent, not listed.
                        None if matches!(kind, Kind::Peer | Kind::Optional) => {}
                        None => out.diagnostics.push(unresolved(self.path, &graph.nodes[from], dep, range)),
                    }
                }
            }
        }
        // Workspace entries lump every group into `dependencies`: the manifest knows which.
        for (&project, pj) in &manifests {
            let alias_of: HashMap<&str, Kind> = pj.deps.iter().map(|d| (d.name.as_str(), d.kind)).collect();
            graph.retype(project, |target| {
                // A dependency is declared under its alias; match by the alias's target too.
                alias_of.get(target.name.as_str()).copied().or_else(|| {
                    pj.deps
                        .iter()
                        .find(|d| source::alias_target(&d.spec).is_some_and(|(real, _)| real == target.name))
                        .map(|d| d.kind)
                })
            });
        }
        graph.emit(self.path, out);
    }

    /// The node of an entry resolved to `resolution`, with the project's `package.json` for a
    /// workspace.
    fn node(&self, resolution: &str, entry: &Entry, out: &mut ParseOutput) -> (Node, Option<PackageJson>) {
        let (name, reference) = source::split_name_version(resolution).unwrap_or((resolution, ""));
        let version = entry.get("version");
        if let Some(folder) = reference.strip_prefix("workspace:") {
            let member_dir = relpath::join(self.dir, folder).unwrap_or_else(|| self.dir.to_string());
            let pj = PackageJson::read(&relpath::file_in(&member_dir, "package.json"), out);
            // Yarn writes `0.0.0-use.local` for a workspace: its manifest has the real version.
            let version = pj
                .as_ref()
                .and_then(|p| p.version.clone())
                .or(version.filter(|v| *v != "0.0.0-use.local").map(str::to_string));
            let mut node = Node::project(name, version.as_deref(), &member_dir);
            node.license = pj.as_ref().and_then(|p| p.license.clone());
            return (node, pj);
        }
        let mut node = Node::new(name, version);
        let reference = match reference.strip_prefix("patch:") {
            // `patch:resolve@npm%3A1.22.14#...`: the patched package's own locator.
            Some(patched) => {
                let inner = patched.split('#').next().unwrap_or(patched).replace("%3A", ":");
                source::split_name_version(&inner).map(|(_, r)| r.to_string()).unwrap_or_default()
            }
            None => reference.to_string(),
        };
        if reference.starts_with("npm:") {
            node.source = Some(PackageSource::new(SourceKind::Registry, None));
        } else if let Some(local) =
            ["file:", "link:", "portal:"].iter().find_map(|p| reference.strip_prefix(p))
        {
            let local = local.split("::").next().unwrap_or(local);
            let local = local.split('#').next_back().unwrap_or(local);
            node.source = Some(source::local_path(self.dir, local));
        } else if reference.contains("#commit=") || source::is_git(&reference) {
            let (url, commit) = match reference.split_once("#commit=") {
                Some((url, commit)) => (url, Some(commit.split('&').next().unwrap_or(commit))),
                None => (reference.as_str(), None),
            };
            let url = url.strip_prefix("git+").unwrap_or(url);
            node.source = Some(PackageSource::git(url, commit));
            node.qualifiers.push(("vcs_url", reference.clone()));
        } else if reference.starts_with("http://") || reference.starts_with("https://") {
            node.source = Some(PackageSource::url(&reference));
            node.qualifiers.push(("download_url", reference.clone()));
        }
        (node, None)
    }
}
