//! What every format reader produces (a flat list of [`Entry`]s with named dependencies), and
//! the one place that turns it into packages, edges and a manifest record.
//!
//! - ids are purls; one package per id: entries that share one (pdm's `coverage` and
//!   `coverage[toml]`, a conda-lock pip wheel listed once per platform) are merged, keeping
//!   every location line and hash once.
//! - Edges name their target by (normalised) name, and by version where the file gives one
//!   (uv does when a name is locked twice); a name locked more than once with no version to
//!   choose links to each. A dependency the file does not lock is dropped quietly when a marker
//!   or an extra explains it, and is a `dependency-unresolved` warning otherwise.
//! - Scope: an entry's own scope when the file states it (Poetry `category`/`groups`, Pipfile
//!   `develop`, pdm `groups`, conda-lock `category`). Otherwise it is reached from the project
//!   entries: each path takes its weakest edge (runtime > optional runtime > development > test),
//!   each package its strongest path; a package no project reaches stays runtime.
//! - `direct`: what an entry says, else whether a project entry depends on it. Project entries
//!   themselves are never direct.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use ospo_plugin_sdk::{
    Completeness, DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Manifest,
    Package, PackageSource, ParseOutput,
};

use crate::names;

/// One package as a file lists it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// The exact version; a range is kept in `range` instead.
    pub version: Option<String>,
    /// A version range as written, for manifests read without a lockfile.
    pub range: Option<String>,
    pub ecosystem: &'static str,
    /// Purl qualifiers (`vcs_url`, `download_url`, conda's `build`/`subdir`/`channel`).
    pub qualifiers: Vec<(String, String)>,
    pub path: String,
    pub line: Option<u32>,
    pub source: Option<PackageSource>,
    pub hashes: Vec<Hash>,
    pub deps: Vec<Dep>,
    /// The scope the file states for this package, if it does.
    pub scope: Option<DependencyScope>,
    pub optional: bool,
    /// What the file says about being a direct dependency, if it does.
    pub direct: Option<bool>,
    /// The project itself (a workspace member, the pyproject's own package).
    pub project: bool,
    pub declared: Option<DeclaredLicense>,
    pub homepage: Option<String>,
    /// Dependencies resolve only to entries of the same partition (conda-lock's platform and
    /// manager); `None` everywhere else.
    pub partition: Option<String>,
}

impl Entry {
    pub fn new(
        ecosystem: &'static str,
        name: &str,
        version: Option<&str>,
        path: &str,
        line: Option<u32>,
    ) -> Self {
        Entry {
            name: name.to_string(),
            version: version.map(str::to_string),
            range: None,
            ecosystem,
            qualifiers: Vec::new(),
            path: path.to_string(),
            line,
            source: None,
            hashes: Vec::new(),
            deps: Vec::new(),
            scope: None,
            optional: false,
            direct: None,
            project: false,
            declared: None,
            homepage: None,
            partition: None,
        }
    }

    fn purl(&self) -> Result<String, String> {
        let qualifiers: Vec<(&str, &str)> =
            self.qualifiers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        match self.ecosystem {
            "conda" => names::conda_purl(&self.name, self.version.as_deref(), &qualifiers),
            _ => names::pypi_purl(&self.name, self.version.as_deref(), &qualifiers),
        }
    }

    fn key(&self) -> String {
        key(self.ecosystem, &self.name)
    }
}

/// A dependency of an entry, by name.
#[derive(Debug, Clone)]
pub struct Dep {
    pub name: String,
    /// The exact version, when the file says which of several locked versions is meant.
    pub version: Option<String>,
    pub scope: DependencyScope,
    pub optional: bool,
    /// A missing target is expected (an environment marker or an extra guards it).
    pub conditional: bool,
}

impl Dep {
    pub fn new(name: &str) -> Self {
        Dep {
            name: name.to_string(),
            version: None,
            scope: DependencyScope::Runtime,
            optional: false,
            conditional: false,
        }
    }
}

fn key(ecosystem: &str, name: &str) -> String {
    match ecosystem {
        "conda" => format!("conda:{}", name.to_ascii_lowercase()),
        _ => names::normalize(name),
    }
}

/// How a package is reached.
type Reach = (DependencyScope, bool);

const STRENGTH: &[Reach] = &[
    (DependencyScope::Runtime, false),
    (DependencyScope::Runtime, true),
    (DependencyScope::Provided, false),
    (DependencyScope::Provided, true),
    (DependencyScope::Build, false),
    (DependencyScope::Build, true),
    (DependencyScope::Development, false),
    (DependencyScope::Development, true),
    (DependencyScope::Test, false),
    (DependencyScope::Test, true),
];

fn rank(reach: Reach) -> usize {
    STRENGTH.iter().position(|s| *s == reach).unwrap_or(STRENGTH.len())
}

/// The weaker of two reaches: a path is only as strong as its weakest step.
fn along(a: Reach, b: Reach) -> Reach {
    let scope = if rank((a.0, false)) >= rank((b.0, false)) { a.0 } else { b.0 };
    (scope, a.1 || b.1)
}

/// The scope a dependency group's name implies: `test`/`tests`/`testing` groups are test, every
/// other non-default group (dev, lint, docs, typing...) development.
pub fn group_scope(group: &str) -> DependencyScope {
    if group.to_ascii_lowercase().contains("test") {
        DependencyScope::Test
    } else {
        DependencyScope::Development
    }
}

/// Pushes packages, edges and one manifest record for `entries` read from `manifest_path`.
pub fn emit(
    manifest_path: &str,
    ecosystem: &str,
    format: &str,
    completeness: Completeness,
    entries: Vec<Entry>,
    out: &mut ParseOutput,
) {
    out.manifests.push(Manifest::new(manifest_path, ecosystem, format, completeness));
    // Ids first: an entry whose purl cannot be built is reported and left out.
    let mut ids: Vec<Option<String>> = Vec::with_capacity(entries.len());
    for entry in &entries {
        match entry.purl() {
            Ok(id) => ids.push(Some(id)),
            Err(why) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("{} is not a valid package name or version: {why}", entry.name),
                    )
                    .at(&entry.path, entry.line),
                );
                ids.push(None);
            }
        }
    }
    // Entry indexes by name key, and by partition.
    let mut by_key: BTreeMap<(Option<&str>, String), Vec<usize>> = BTreeMap::new();
    for (at, entry) in entries.iter().enumerate() {
        if ids[at].is_some() {
            by_key.entry((entry.partition.as_deref(), entry.key())).or_default().push(at);
        }
    }
    // Resolved edges (from entry, to entry, reach).
    let mut edges: Vec<(usize, usize, Reach)> = Vec::new();
    for (from, entry) in entries.iter().enumerate() {
        if ids[from].is_none() {
            continue;
        }
        for dep in &entry.deps {
            let found = by_key.get(&(entry.partition.as_deref(), key(entry.ecosystem, &dep.name)));
            let mut targets: Vec<usize> = found.cloned().unwrap_or_default();
            if let Some(version) = &dep.version {
                let exact: Vec<usize> = targets
                    .iter()
                    .copied()
                    .filter(|t| entries[*t].version.as_deref() == Some(version))
                    .collect();
                if !exact.is_empty() {
                    targets = exact;
                }
            }
            targets.retain(|t| ids[*t] != ids[from]);
            if found.is_none() && !dep.conditional {
                out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!("{} depends on {}, which the file does not list", entry.name, dep.name),
                    )
                    .at(&entry.path, entry.line),
                );
            }
            for to in targets {
                edges.push((from, to, (dep.scope, dep.optional)));
            }
        }
    }
    let reach = reach(&entries, &edges);
    let direct_of_project: BTreeSet<usize> = edges
        .iter()
        .filter(|(from, to, _)| entries[*from].project && !entries[*to].project)
        .map(|e| e.1)
        .collect();

    // Packages, merged by id in first-seen order.
    let mut order: Vec<String> = Vec::new();
    let mut packages: BTreeMap<String, Package> = BTreeMap::new();
    for (at, entry) in entries.iter().enumerate() {
        let Some(id) = &ids[at] else { continue };
        let (scope, optional) = entry.scope.map(|s| (s, entry.optional)).unwrap_or_else(|| {
            let (s, o) = reach[at].unwrap_or((DependencyScope::Runtime, false));
            (s, o || entry.optional)
        });
        let direct = !entry.project && entry.direct.unwrap_or_else(|| direct_of_project.contains(&at));
        match packages.get_mut(id) {
            Some(existing) => merge(existing, entry, scope, optional, direct),
            None => {
                order.push(id.clone());
                packages.insert(id.clone(), package(entry, id, scope, optional, direct));
            }
        }
    }
    for id in order {
        if let Some(package) = packages.remove(&id) {
            out.packages.push(package);
        }
    }
    let mut seen = BTreeSet::new();
    for (from, to, (scope, optional)) in edges {
        let (Some(from_id), Some(to_id)) = (&ids[from], &ids[to]) else { continue };
        if seen.insert((from_id.clone(), to_id.clone(), rank((scope, optional)))) {
            out.edges.push(DependencyEdge::new(from_id, to_id, scope).optional(optional));
        }
    }
}

/// The strongest reach of each entry from the project entries, where there are any.
fn reach(entries: &[Entry], edges: &[(usize, usize, Reach)]) -> Vec<Option<Reach>> {
    let mut best: Vec<Option<Reach>> = vec![None; entries.len()];
    let mut queue = VecDeque::new();
    for (at, entry) in entries.iter().enumerate() {
        if entry.project {
            best[at] = Some((DependencyScope::Runtime, false));
            queue.push_back(at);
        }
    }
    let mut out_edges: Vec<Vec<(usize, Reach)>> = vec![Vec::new(); entries.len()];
    for (from, to, r) in edges {
        out_edges[*from].push((*to, *r));
    }
    // Each entry improves at most STRENGTH.len() times, so this ends.
    while let Some(at) = queue.pop_front() {
        let Some(here) = best[at] else { continue };
        for (to, step) in &out_edges[at] {
            let there = along(here, *step);
            if best[*to].is_none_or(|old| rank(there) < rank(old)) {
                best[*to] = Some(there);
                queue.push_back(*to);
            }
        }
    }
    best
}

fn package(entry: &Entry, id: &str, scope: DependencyScope, optional: bool, direct: bool) -> Package {
    let version = entry.version.as_deref().or(entry.range.as_deref());
    let mut package = Package::new(entry.ecosystem, &entry.name, version)
        .purl(id)
        .scope(scope)
        .optional(optional)
        .direct(direct)
        .location(&entry.path, entry.line);
    for hash in &entry.hashes {
        if !package.hashes.contains(hash) {
            package = package.add_hash(hash.clone());
        }
    }
    if let Some(source) = &entry.source {
        package = package.source(source.clone());
    }
    if let Some(declared) = &entry.declared {
        package = package.declared(declared.clone());
    }
    if let Some(homepage) = &entry.homepage {
        package = package.homepage(homepage);
    }
    package
}

/// A second entry with the same id: the stronger scope, every location and hash once.
fn merge(existing: &mut Package, entry: &Entry, scope: DependencyScope, optional: bool, direct: bool) {
    if rank((scope, optional)) < rank((existing.scope, existing.optional)) {
        existing.scope = scope;
        existing.optional = optional;
    }
    existing.direct |= direct;
    let location = ospo_plugin_sdk::Location::new(&entry.path, entry.line);
    if !existing.locations.contains(&location) {
        existing.locations.push(location);
    }
    for hash in &entry.hashes {
        if !existing.hashes.contains(hash) {
            existing.hashes.push(hash.clone());
        }
    }
    if existing.source.is_none() {
        existing.source = entry.source.clone();
    }
    if existing.declared_license.is_none() {
        existing.declared_license = entry.declared.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, version: &str) -> Entry {
        Entry::new("pypi", name, Some(version), "uv.lock", Some(1))
    }

    #[test]
    fn scopes_follow_the_weakest_step_and_the_strongest_path() {
        let mut app = entry("app", "1.0");
        app.project = true;
        let mut dev = Dep::new("pytest");
        dev.scope = DependencyScope::Development;
        app.deps = vec![Dep::new("Requests"), dev];
        let mut requests = entry("requests", "2.0");
        requests.deps = vec![Dep::new("idna")];
        let mut pytest = entry("pytest", "8.0");
        pytest.deps = vec![Dep::new("idna"), Dep::new("pluggy")];
        let entries = vec![app, requests, pytest, entry("idna", "3.0"), entry("pluggy", "1.0")];
        let mut out = ParseOutput::default();
        emit("uv.lock", "pypi", "uv.lock v1", Completeness::Complete, entries, &mut out);
        let scope = |name: &str| {
            let p = out.packages.iter().find(|p| p.name == name).expect("package");
            (p.scope, p.direct)
        };
        assert_eq!(scope("app"), (DependencyScope::Runtime, false));
        assert_eq!(scope("requests"), (DependencyScope::Runtime, true));
        assert_eq!(scope("pytest"), (DependencyScope::Development, true));
        assert_eq!(scope("idna"), (DependencyScope::Runtime, false), "the runtime path wins");
        assert_eq!(scope("pluggy"), (DependencyScope::Development, false));
        assert_eq!(out.edges.len(), 5);
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    }

    #[test]
    fn same_id_merges_and_missing_targets_warn_unless_conditional() {
        let mut a = entry("coverage", "7.0");
        a.deps =
            vec![Dep::new("coverage"), Dep::new("tomli"), Dep { conditional: true, ..Dep::new("colorama") }];
        let mut b = entry("Coverage", "7.0");
        b.line = Some(9);
        let mut out = ParseOutput::default();
        emit("pdm.lock", "pypi", "pdm.lock", Completeness::Complete, vec![a, b], &mut out);
        assert_eq!(out.packages.len(), 1);
        assert_eq!(out.packages[0].locations.len(), 2);
        assert!(out.edges.is_empty(), "no self edge");
        assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
        assert!(out.diagnostics[0].message.contains("tomli"));
    }
}
