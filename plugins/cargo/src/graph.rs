//! Turns a lockfile (and, when there is one, its workspace) into packages and dependency edges.
//!
//! Scope: a member's dependency takes the scope of the table that declares it (`[dependencies]`
//! runtime, `optional = true` optional, `[build-dependencies]` build, `[dev-dependencies]`
//! development; `[target.*]` tables alike). A transitive package takes the strongest scope of any
//! path that reaches it (runtime > optional > build > development), since the lockfile itself
//! does not say which of a registry crate's dependencies are dev-only. Without a manifest every
//! package is runtime and none is direct.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use ospo_plugin_sdk::text::purl_with_qualifiers;
use ospo_plugin_sdk::{DependencyEdge, DependencyScope, Diagnostic, Level, Package, ParseOutput};

use crate::lockfile::{Locked, Lockfile};
use crate::manifest::{Manifest, Workspace};
use crate::paths;
use crate::resolve::{Resolver, Unresolved};

/// Registry sources that mean crates.io, which a `pkg:cargo` purl implies.
const CRATES_IO: &[&str] =
    &["registry+https://github.com/rust-lang/crates.io-index", "sparse+https://index.crates.io/"];

/// Scopes from strongest to weakest.
const STRENGTH: &[DependencyScope] = &[
    DependencyScope::Runtime,
    DependencyScope::Optional,
    DependencyScope::Build,
    DependencyScope::Development,
    DependencyScope::Test,
];

fn rank(scope: DependencyScope) -> usize {
    STRENGTH.iter().position(|s| *s == scope).unwrap_or(STRENGTH.len())
}

/// Where a package without a lockfile source lives, when the manifests say.
struct Local<'a> {
    manifest: &'a Manifest,
    member: bool,
}

/// Builds the parser output for the lockfile at `lock_path`.
pub fn build(lock_path: &str, lock: &Lockfile, workspace: Option<&Workspace>, out: &mut ParseOutput) {
    let packages = &lock.packages;
    let resolver = Resolver::new(packages);
    let locals = match_locals(packages, workspace);

    // Resolved edges, by package index.
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(packages.len());
    for package in packages {
        let mut resolved = Vec::new();
        for entry in &package.dependencies {
            match resolver.resolve(entry) {
                Ok(to) => resolved.push(to),
                Err(why) => out.diagnostics.push(unresolved(lock_path, package, entry, &why)),
            }
        }
        deps.push(resolved);
    }

    let declared_scope = |from: usize, to: usize| -> Option<DependencyScope> {
        let manifest = locals.get(&from).filter(|l| l.member)?.manifest;
        manifest
            .dependencies
            .iter()
            .filter(|d| d.name == packages[to].name)
            .map(|d| d.scope)
            .min_by_key(|s| rank(*s))
    };
    let is_member = |i: usize| locals.get(&i).is_some_and(|l| l.member);
    let scopes = propagate_scopes(packages.len(), &deps, &is_member, &declared_scope);
    let direct: BTreeSet<usize> = (0..packages.len())
        .filter(|&i| is_member(i))
        .flat_map(|m| deps[m].iter().copied())
        .filter(|&d| !is_member(d))
        .collect();

    let ids = ids(packages, &locals);
    for (i, package) in packages.iter().enumerate() {
        let local = locals.get(&i);
        out.packages.push(Package {
            id: ids[i].0.clone(),
            name: package.name.clone(),
            version: Some(package.version.clone()),
            ecosystem: "cargo".to_string(),
            purl: Some(ids[i].1.clone()),
            scope: scopes[i].unwrap_or(DependencyScope::Runtime),
            direct: direct.contains(&i),
            source: package.source.clone().or_else(|| local.map(|l| paths::source(&l.manifest.dir))),
            integrity: package.checksum.as_ref().map(|sum| format!("sha256:{sum}")),
            declared_license: local.and_then(|l| l.manifest.license.as_deref()).map(normalise_license),
            manifest_path: lock_path.to_string(),
        });
        for &to in &deps[i] {
            let scope = declared_scope(i, to).or(scopes[i]).unwrap_or(DependencyScope::Runtime);
            out.edges.push(DependencyEdge { from: ids[i].0.clone(), to: ids[to].0.clone(), scope });
        }
    }
}

/// Pairs source-less lockfile packages (members, path dependencies) with their manifests.
fn match_locals<'a>(packages: &[Locked], workspace: Option<&'a Workspace>) -> BTreeMap<usize, Local<'a>> {
    let mut locals = BTreeMap::new();
    let Some(ws) = workspace else { return locals };
    let manifests = ws.members.iter().map(|m| (m, true)).chain(ws.path_packages.iter().map(|m| (m, false)));
    for (manifest, member) in manifests {
        let found = packages.iter().position(|p| {
            p.source.is_none()
                && p.name == manifest.name
                && manifest.version.as_ref().is_none_or(|v| *v == p.version)
        });
        if let Some(i) = found {
            locals.entry(i).or_insert(Local { manifest, member });
        }
    }
    locals
}

/// Breadth-first from the members' declared dependencies, strongest scope first, so each package
/// keeps the strongest scope that reaches it. Members themselves are runtime; packages nothing
/// reaches stay `None`.
fn propagate_scopes(
    count: usize,
    deps: &[Vec<usize>],
    is_member: &dyn Fn(usize) -> bool,
    declared_scope: &dyn Fn(usize, usize) -> Option<DependencyScope>,
) -> Vec<Option<DependencyScope>> {
    let mut scopes: Vec<Option<DependencyScope>> =
        (0..count).map(|i| is_member(i).then_some(DependencyScope::Runtime)).collect();
    for &scope in STRENGTH {
        let mut queue: VecDeque<usize> = (0..count)
            .filter(|&m| is_member(m))
            .flat_map(|m| deps[m].iter().map(move |&d| (m, d)))
            .filter(|&(m, d)| declared_scope(m, d).unwrap_or(DependencyScope::Runtime) == scope)
            .map(|(_, d)| d)
            .collect();
        while let Some(i) = queue.pop_front() {
            if scopes[i].is_some() {
                continue;
            }
            scopes[i] = Some(scope);
            queue.extend(deps[i].iter().copied().filter(|&d| scopes[d].is_none()));
        }
    }
    scopes
}

/// `(id, purl)` per package. The purl says where a package comes from when that is not crates.io:
/// `vcs_url` for git, `repository_url` for other registries. Ids are the purls; a purl that is
/// still taken (a path package shadowing a registry one) gets a `source` qualifier.
fn ids(packages: &[Locked], locals: &BTreeMap<usize, Local<'_>>) -> Vec<(String, String)> {
    let mut taken = BTreeSet::new();
    packages
        .iter()
        .enumerate()
        .map(|(i, package)| {
            let qualifier = package.source.as_deref().and_then(source_qualifier);
            let qualifiers: Vec<(&str, &str)> = qualifier.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let purl =
                purl_with_qualifiers("cargo", None, &package.name, Some(&package.version), &qualifiers)
                    .unwrap_or_else(|_| format!("pkg:cargo/{}@{}", package.name, package.version));
            let mut id = purl.clone();
            if !taken.insert(id.clone()) {
                let source =
                    package.source.clone().or_else(|| locals.get(&i).map(|l| paths::source(&l.manifest.dir)));
                let mut extra = qualifiers.clone();
                let source = source.unwrap_or_else(|| "path".to_string());
                extra.push(("source", &source));
                id = purl_with_qualifiers("cargo", None, &package.name, Some(&package.version), &extra)
                    .unwrap_or_else(|_| format!("{purl}?source={source}"));
                taken.insert(id.clone());
            }
            (id, purl)
        })
        .collect()
}

fn source_qualifier(source: &str) -> Option<(&'static str, String)> {
    if CRATES_IO.contains(&source) {
        return None;
    }
    if let Some(git) = source.strip_prefix("git+") {
        // `https://host/repo?rev=x#<commit>` → `git+https://host/repo@<commit>`
        let (url, commit) = git.split_once('#').unwrap_or((git, ""));
        let url = url.split_once('?').map_or(url, |(u, _)| u);
        let vcs = if commit.is_empty() { format!("git+{url}") } else { format!("git+{url}@{commit}") };
        return Some(("vcs_url", vcs));
    }
    let url = source.strip_prefix("registry+").or_else(|| source.strip_prefix("sparse+"))?;
    Some(("repository_url", url.to_string()))
}

/// A manifest `license` as canonical SPDX (`MIT/Apache-2.0` → `MIT OR Apache-2.0`), or as written
/// when it is not an expression Cargo would accept either.
fn normalise_license(license: &str) -> String {
    let canonical = match spdx::Expression::canonicalize(license) {
        Ok(Some(fixed)) => fixed,
        Ok(None) => license.to_string(),
        Err(_) => return license.to_string(),
    };
    let lenient = spdx::ParseMode { allow_deprecated: true, ..spdx::ParseMode::STRICT };
    if spdx::Expression::parse_mode(&canonical, lenient).is_ok() { canonical } else { license.to_string() }
}

fn unresolved(lock_path: &str, package: &Locked, entry: &str, why: &Unresolved) -> Diagnostic {
    let reason = match why {
        Unresolved::Missing => "no such package in the lockfile".to_string(),
        Unresolved::Ambiguous(n) => format!("{n} packages match"),
    };
    Diagnostic::new(
        "lockfile-dependency-unresolved",
        Level::Warning,
        format!("dependency `{entry}` of {} {}: {reason}", package.name, package.version),
    )
    .at(lock_path, Some(package.line))
}
