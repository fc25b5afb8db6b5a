//! The graph every format is read into, and how it becomes packages and edges.
//!
//! A format parser adds one [`Node`] per lockfile entry (and one per project: the root and each
//! workspace member), and an edge per dependency it can resolve. [`Graph::emit`] then decides
//! what the file does not say outright:
//!
//! - `direct`: the target of an edge from a project node that is not itself a project.
//! - `scope`/`optional`: the lockfile's own flags where it has them (package-lock's `dev`,
//!   `optional`, `devOptional`, `peer`; pnpm 5/6's `dev`/`optional`), else the strongest reach of
//!   any path from a project: a project's `dependencies` are runtime, `optionalDependencies`
//!   optional runtime, `peerDependencies` (a project's or a dependency's) provided,
//!   `devDependencies` development (a dependency's own are never installed); each step
//!   keeps the weaker scope and any optional step makes the rest optional (runtime > optional
//!   runtime > provided > optional provided > development > optional development).
//! - one package per purl: an entry seen twice (npm's nested copies of one version, yarn's
//!   patched and plain resolutions) is one package whose scope is the strongest of its copies.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use ospo_plugin_sdk::{
    DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Package, PackageSource,
    ParseOutput,
};

use crate::source;

/// How one package depends on another, as the manifest groups say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `dependencies`.
    Prod,
    /// `optionalDependencies` (or `dependenciesMeta.*.optional`).
    Optional,
    /// `peerDependencies`.
    Peer,
    /// `devDependencies`.
    Dev,
}

/// Scope and optionality as a lockfile states them for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    pub scope: DependencyScope,
    pub optional: bool,
}

/// One lockfile entry (or project).
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The package's real name (an alias's target, not the alias).
    pub name: String,
    pub version: Option<String>,
    /// A manifest's range, shown as the package's `version` while the purl carries none.
    pub range: Option<String>,
    pub source: Option<PackageSource>,
    /// Extra purl qualifiers (`vcs_url`, `download_url`) for non-registry sources.
    pub qualifiers: Vec<(&'static str, String)>,
    pub hashes: Vec<Hash>,
    pub license: Option<String>,
    pub line: Option<u32>,
    /// What the lockfile says about the entry's scope, when it says.
    pub flags: Option<Flags>,
    /// The root project or a workspace member: not a dependency, never `direct`.
    pub project: bool,
    /// A JSR or remote module of a deno.lock: a `generic` purl rather than `npm`.
    pub ecosystem: Option<&'static str>,
    /// The namespace of a generic purl (`jsr/@std` for JSR's `@std/path`).
    pub namespace: Option<String>,
    /// The purl's name where it is not the package's (`path` for JSR's `@std/path`).
    pub purl_name: Option<String>,
}

impl Node {
    /// A registry-or-unknown entry named `name` at `version`.
    pub fn new(name: &str, version: Option<&str>) -> Self {
        Node { name: name.to_string(), version: version.map(str::to_string), ..Node::default() }
    }

    /// A project (root or member) living in `dir` (relative to the scan root).
    pub fn project(name: &str, version: Option<&str>, dir: &str) -> Self {
        Node {
            project: true,
            source: Some(PackageSource::path(ospo_plugin_sdk::relpath::shown(dir))),
            ..Node::new(name, version)
        }
    }

    fn purl(&self) -> Result<String, String> {
        let quals: Vec<(&str, &str)> = self.qualifiers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let ty = self.ecosystem.unwrap_or("npm");
        let name = self.purl_name.as_deref().unwrap_or(&self.name);
        ospo_plugin_sdk::purl::with_qualifiers(
            ty,
            self.namespace.as_deref(),
            name,
            self.version.as_deref(),
            &quals,
        )
    }
}

/// Nodes, edges, and what went wrong while adding them.
#[derive(Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    edges: BTreeSet<(usize, usize, KindKey)>,
}

/// `Kind` ordered, so edges can live in a set.
type KindKey = u8;

fn key_of(kind: Kind) -> KindKey {
    match kind {
        Kind::Prod => 0,
        Kind::Optional => 1,
        Kind::Peer => 2,
        Kind::Dev => 3,
    }
}

fn kind_of(key: KindKey) -> Kind {
    match key {
        0 => Kind::Prod,
        1 => Kind::Optional,
        2 => Kind::Peer,
        _ => Kind::Dev,
    }
}

/// How a package is reached: scope, and whether only an optional step leads there.
type Reach = (DependencyScope, bool);

const STRENGTH: &[Reach] = &[
    (DependencyScope::Runtime, false),
    (DependencyScope::Runtime, true),
    (DependencyScope::Provided, false),
    (DependencyScope::Provided, true),
    (DependencyScope::Development, false),
    (DependencyScope::Development, true),
];

fn rank(reach: Reach) -> usize {
    STRENGTH.iter().position(|s| *s == reach).unwrap_or(STRENGTH.len())
}

fn scope_rank(scope: DependencyScope) -> usize {
    match scope {
        DependencyScope::Runtime => 0,
        DependencyScope::Provided => 1,
        _ => 2,
    }
}

/// The reach after one more step: the weaker scope, optional if either is.
fn along(a: Reach, b: Reach) -> Reach {
    let scope = if scope_rank(a.0) >= scope_rank(b.0) { a.0 } else { b.0 };
    (scope, a.1 || b.1)
}

/// What an edge of `kind` gives, from a project (`from_project`) or from a dependency. A
/// dependency's own dev dependencies are never installed, so they lead nowhere.
fn edge_reach(kind: Kind, from_project: bool) -> Option<Reach> {
    Some(match (kind, from_project) {
        (Kind::Prod, _) => (DependencyScope::Runtime, false),
        (Kind::Optional, _) => (DependencyScope::Runtime, true),
        // Whoever installs the dependent provides its peer (npm's `peer` flag means the same:
        // reached only through peer edges).
        (Kind::Peer, _) => (DependencyScope::Provided, false),
        (Kind::Dev, true) => (DependencyScope::Development, false),
        (Kind::Dev, false) => return None,
    })
}

impl Graph {
    /// Adds a node, returning its index.
    pub fn add(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// `from` depends on `to` as `kind`; a self-edge is dropped.
    pub fn edge(&mut self, from: usize, to: usize, kind: Kind) {
        if from != to && from < self.nodes.len() && to < self.nodes.len() {
            self.edges.insert((from, to, key_of(kind)));
        }
    }

    /// Edges leaving `from` of `kind`, retyped (a project's manifest knows better than a
    /// lockfile that lists every dependency in one map).
    pub fn retype(&mut self, from: usize, mut kind_for: impl FnMut(&Node) -> Option<Kind>) {
        let leaving: Vec<(usize, usize, KindKey)> =
            self.edges.range((from, 0, 0)..(from + 1, 0, 0)).copied().collect();
        for (f, to, old) in leaving {
            if let Some(new) = self.nodes.get(to).and_then(&mut kind_for) {
                self.edges.remove(&(f, to, old));
                self.edges.insert((f, to, key_of(new)));
            }
        }
    }

    /// Indices of the projects.
    pub fn projects(&self) -> impl Iterator<Item = usize> + '_ {
        self.nodes.iter().enumerate().filter(|(_, n)| n.project).map(|(i, _)| i)
    }

    /// The strongest reach of every node from the projects.
    fn reach(&self) -> Vec<Option<Reach>> {
        let mut out: Vec<Option<Reach>> = vec![None; self.nodes.len()];
        let mut by_from: Vec<Vec<(usize, Kind)>> = vec![Vec::new(); self.nodes.len()];
        for &(from, to, kind) in &self.edges {
            by_from[from].push((to, kind_of(kind)));
        }
        let mut work: Vec<usize> = Vec::new();
        for project in self.projects() {
            for &(to, kind) in &by_from[project] {
                if self.nodes[to].project {
                    continue;
                }
                if let Some(reach) = edge_reach(kind, true)
                    && improve(&mut out[to], reach)
                {
                    work.push(to);
                }
            }
        }
        // A node improves at most once per strength, so this ends after O(6 · edges) steps.
        while let Some(node) = work.pop() {
            let Some(here) = out[node] else { continue };
            for &(to, kind) in &by_from[node] {
                if self.nodes[to].project {
                    continue;
                }
                let Some(step) = edge_reach(kind, false) else { continue };
                if improve(&mut out[to], along(here, step)) {
                    work.push(to);
                }
            }
        }
        out
    }

    /// Turns the graph into packages and edges of `out`, each located in `path`.
    pub fn emit(&self, path: &str, out: &mut ParseOutput) {
        let reach = self.reach();
        let mut direct = vec![false; self.nodes.len()];
        for &(from, to, _) in &self.edges {
            if self.nodes[from].project && !self.nodes[to].project {
                direct[to] = true;
            }
        }
        out.packages.reserve(self.nodes.len());
        out.edges.reserve(self.edges.len());
        // Each node's package, by index into `out.packages`.
        let mut ids: Vec<Option<usize>> = Vec::with_capacity(self.nodes.len());
        let mut at: FxHashMap<String, usize> = FxHashMap::default();
        for (index, node) in self.nodes.iter().enumerate() {
            let id = match node.purl() {
                Ok(id) => id,
                Err(e) => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            "manifest-malformed",
                            Level::Error,
                            format!("{}: no package URL for {:?}: {e}", source::file_name(path), node.name),
                        )
                        .at(path, node.line),
                    );
                    ids.push(None);
                    continue;
                }
            };
            let (scope, optional) = match (node.project, node.flags, reach[index]) {
                (true, _, _) => (DependencyScope::Runtime, false),
                (false, Some(flags), _) => (flags.scope, flags.optional),
                (false, None, Some(reach)) => reach,
                (false, None, None) => (DependencyScope::Runtime, false),
            };
            let slot = match at.get(&id) {
                Some(&existing) => {
                    if let Some(package) = out.packages.get_mut(existing) {
                        merge(package, scope, optional, direct[index]);
                    }
                    existing
                }
                None => {
                    let slot = out.packages.len();
                    out.packages.push(package(node, &id, path, scope, optional, direct[index]));
                    at.insert(id, slot);
                    slot
                }
            };
            ids.push(Some(slot));
        }
        let mut seen = std::collections::HashSet::new();
        for &(from, to, kind) in &self.edges {
            let (Some(&Some(from_slot)), Some(&Some(to_slot))) = (ids.get(from), ids.get(to)) else {
                continue;
            };
            if from_slot == to_slot || !seen.insert((from_slot, to_slot, kind)) {
                continue;
            }
            let (Some(from_id), Some(to_id)) = (out.packages.get(from_slot), out.packages.get(to_slot))
            else {
                continue;
            };
            let kind = kind_of(kind);
            let scope = match kind {
                Kind::Dev => DependencyScope::Development,
                Kind::Peer => DependencyScope::Provided,
                Kind::Prod | Kind::Optional => DependencyScope::Runtime,
            };
            let optional = kind == Kind::Optional;
            let edge = DependencyEdge::new(&from_id.id, &to_id.id, scope).optional(optional);
            out.edges.push(edge);
        }
    }
}

fn improve(slot: &mut Option<Reach>, reach: Reach) -> bool {
    match slot {
        Some(old) if rank(*old) <= rank(reach) => false,
        _ => {
            *slot = Some(reach);
            true
        }
    }
}

fn package(
    node: &Node,
    id: &str,
    path: &str,
    scope: DependencyScope,
    optional: bool,
    direct: bool,
) -> Package {
    let version = node.version.as_deref().or(node.range.as_deref());
    let mut package = Package::new(node.ecosystem.unwrap_or("npm"), &node.name, version)
        .purl(id)
        .scope(scope)
        .optional(optional)
        .direct(direct)
        .location(path, node.line);
    for hash in &node.hashes {
        package = package.add_hash(hash.clone());
    }
    if let Some(source) = &node.source {
        package = package.source(source.clone());
    }
    if let Some(license) = node.license.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        package = package.declared(DeclaredLicense::parse(license));
    }
    package
}

/// A second copy of a package: the strongest scope wins, direct if either is.
fn merge(existing: &mut Package, scope: DependencyScope, optional: bool, direct: bool) {
    let (old, new) = ((existing.scope, existing.optional), (scope, optional));
    if rank(new) < rank(old) {
        existing.scope = scope;
        existing.optional = optional;
    }
    existing.direct |= direct;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_weakest_step_and_the_strongest_path() {
        let mut g = Graph::default();
        let root = g.add(Node::project("app", Some("1.0.0"), ""));
        let lib = g.add(Node::new("lib", Some("1.0.0")));
        let tool = g.add(Node::new("tool", Some("2.0.0")));
        let shared = g.add(Node::new("shared", Some("3.0.0")));
        let opt = g.add(Node::new("opt", Some("1.0.0")));
        let peer = g.add(Node::new("peer", Some("1.0.0")));
        let orphan = g.add(Node::new("orphan", Some("1.0.0")));
        g.edge(root, lib, Kind::Prod);
        g.edge(root, tool, Kind::Dev);
        g.edge(root, opt, Kind::Optional);
        g.edge(root, peer, Kind::Peer);
        g.edge(tool, shared, Kind::Prod);
        g.edge(opt, shared, Kind::Prod);
        // A dependency's dev dependency is not installed.
        g.edge(lib, orphan, Kind::Dev);
        let mut out = ParseOutput::default();
        g.emit("package-lock.json", &mut out);
        let get = |name: &str| {
            let p = out.packages.iter().find(|p| p.name == name).expect("package");
            (p.scope, p.optional, p.direct)
        };
        assert_eq!(get("lib"), (DependencyScope::Runtime, false, true));
        assert_eq!(get("tool"), (DependencyScope::Development, false, true));
        assert_eq!(get("opt"), (DependencyScope::Runtime, true, true));
        assert_eq!(get("peer"), (DependencyScope::Provided, false, true));
        assert_eq!(get("shared"), (DependencyScope::Runtime, true, false), "optional runtime beats dev");
        assert_eq!(get("orphan"), (DependencyScope::Runtime, false, false));
        assert_eq!(get("app"), (DependencyScope::Runtime, false, false), "the project is not direct");
        assert_eq!(out.edges.len(), 7);
    }

    #[test]
    fn same_purl_is_one_package_with_the_strongest_scope() {
        let mut g = Graph::default();
        let root = g.add(Node::project("app", None, ""));
        let a = g.add(Node::new("ms", Some("2.1.3")));
        let b = g.add(Node::new("ms", Some("2.1.3")));
        let tool = g.add(Node::new("tool", Some("1.0.0")));
        g.edge(root, tool, Kind::Dev);
        g.edge(tool, a, Kind::Prod);
        g.edge(root, b, Kind::Prod);
        g.edge(a, a, Kind::Prod);
        let mut out = ParseOutput::default();
        g.emit("x/package-lock.json", &mut out);
        let ms: Vec<_> = out.packages.iter().filter(|p| p.name == "ms").collect();
        assert_eq!(ms.len(), 1);
        assert_eq!((ms[0].scope, ms[0].direct), (DependencyScope::Runtime, true));
        assert_eq!(out.edges.len(), 3, "root->tool, tool->ms, root->ms; the self-edge is dropped");
    }
}
