//! Turns a lockfile (and, when there is one, its workspace) into packages and dependency edges.
//!
//! Scope: a member's dependency takes the scope of the table that declares it (`[dependencies]`
//! runtime, `[build-dependencies]` build, `[dev-dependencies]` development; `[target.*]` tables
//! alike), and `optional = true` makes it optional. A transitive package takes the strongest
//! reach of any path to it (runtime > optional runtime > build > optional build > development),
//! since the lockfile itself does not say which of a registry crate's dependencies are dev-only
//! or feature-gated. Without a manifest every package is runtime, required, and not direct.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use ospo_plugin_sdk::purl::with_qualifiers as purl_with_qualifiers;
use ospo_plugin_sdk::{
    Completeness, DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, Hash, Level, Package,
    PackageSource, ParseOutput,
};

use crate::lockfile::{Locked, Lockfile};
use crate::manifest::{Manifest, Workspace};
use crate::paths;
use crate::resolve::{Resolver, Unresolved};

/// Registry sources that mean crates.io, which a `pkg:cargo` purl implies.
const CRATES_IO: &[&str] =
    &["registry+https://github.com/rust-lang/crates.io-index", "sparse+https://index.crates.io/"];

/// How a package is reached: the scope, and whether only a feature pulls it in.
type Reach = (DependencyScope, bool);

/// What a package is when nothing says otherwise.
const REQUIRED: Reach = (DependencyScope::Runtime, false);

/// Reaches from strongest to weakest.
const STRENGTH: &[Reach] = &[
    (DependencyScope::Runtime, false),
    (DependencyScope::Runtime, true),
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

    let declared_scope = |from: usize, to: usize| -> Option<Reach> {
        let manifest = locals.get(&from).filter(|l| l.member)?.manifest;
        manifest
            .dependencies
            .iter()
            .filter(|d| d.name == packages[to].name)
            .map(|d| (d.scope, d.optional))
            .min_by_key(|r| rank(*r))
    };
    let is_member = |i: usize| locals.get(&i).is_some_and(|l| l.member);
    let scopes = propagate_scopes(packages.len(), &deps, &is_member, &declared_scope);
    let direct: BTreeSet<usize> = (0..packages.len())
        .filter(|&i| is_member(i))
        .flat_map(|m| deps[m].iter().copied())
        .filter(|&d| !is_member(d))
        .collect();

    out.manifests.push(ospo_plugin_sdk::Manifest::new(
        lock_path,
        "cargo",
        &format!("Cargo.lock v{}", lock.format_version()),
        Completeness::Complete,
    ));
    let ids = ids(packages, &locals);
    for (i, locked) in packages.iter().enumerate() {
        let local = locals.get(&i);
        let (scope, optional) = scopes[i].unwrap_or(REQUIRED);
        let mut package = Package::new("cargo", &locked.name, Some(&locked.version))
            .purl(&ids[i].1)
            .id(&ids[i].0)
            .scope(scope)
            .optional(optional)
            .direct(direct.contains(&i))
            .location(lock_path, Some(locked.line));
        if let Some(local) = local.filter(|l| l.member) {
            package = package.location(&paths::file_in(&local.manifest.dir, "Cargo.toml"), None);
        }
        if let Some(sum) = &locked.checksum {
            match Hash::parse_integrity(&format!("sha256:{sum}")) {
                Some(hash) => package = package.add_hash(hash),
                None => out.diagnostics.push(bad_checksum(lock_path, locked)),
            }
        }
        let source = match &locked.source {
            Some(source) => Some(typed_source(source)),
            None => local.map(|l| PackageSource::path(paths::shown(&l.manifest.dir))),
        };
        if let Some(source) = source {
            package = package.source(source);
        }
        if let Some(manifest) = local.map(|l| l.manifest)
            && let Some(license) = &manifest.license
        {
            package = package.declared(declared(license, &manifest.license_path));
        }
        out.packages.push(package);
        for &to in &deps[i] {
            let (scope, optional) = declared_scope(i, to).or(scopes[i]).unwrap_or(REQUIRED);
            out.edges.push(DependencyEdge::new(&ids[i].0, &ids[to].0, scope).optional(optional));
        }
    }
}

/// A manifest `license` as written and normalised (`MIT/Apache-2.0` → `MIT OR Apache-2.0`; a
/// name that is no SPDX licence becomes a `LicenseRef-`), with the `Cargo.toml` that writes it.
fn declared(license: &str, path: &str) -> DeclaredLicense {
    let expression = ospo_plugin_sdk::expression::normalize(license).expression;
    DeclaredLicense::new(license, &expression).path(path)
}

/// A lockfile `source` as a typed source: `registry+URL` and `sparse+URL` registries,
/// `git+URL?ref#commit` the repository (its query is Cargo's branch/tag/rev request, not part
/// of the URL) pinned to the commit. Other kinds (`local-registry+`, `directory+`) keep their
/// text as a URL.
fn typed_source(source: &str) -> PackageSource {
    if let Some(url) = source.strip_prefix("registry+").or_else(|| source.strip_prefix("sparse+")) {
        return PackageSource::registry(url);
    }
    if let Some(git) = source.strip_prefix("git+") {
        let (url, commit) = git.split_once('#').map_or((git, None), |(u, c)| (u, Some(c)));
        let url = url.split_once('?').map_or(url, |(u, _)| u);
        return PackageSource::git(url, commit.filter(|c| !c.is_empty()));
    }
    PackageSource::url(source)
}

fn bad_checksum(lock_path: &str, package: &Locked) -> Diagnostic {
    Diagnostic::new(
        "lockfile-malformed",
        Level::Error,
        format!("Cargo.lock: checksum of {} {} is not hex sha256", package.name, package.version),
    )
    .at(lock_path, Some(package.line))
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
    declared_scope: &dyn Fn(usize, usize) -> Option<Reach>,
) -> Vec<Option<Reach>> {
    let mut scopes: Vec<Option<Reach>> = (0..count).map(|i| is_member(i).then_some(REQUIRED)).collect();
    for &scope in STRENGTH {
        let mut queue: VecDeque<usize> = (0..count)
            .filter(|&m| is_member(m))
            .flat_map(|m| deps[m].iter().map(move |&d| (m, d)))
            .filter(|&(m, d)| declared_scope(m, d).unwrap_or(REQUIRED) == scope)
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
                let source = package
                    .source
                    .clone()
                    .or_else(|| locals.get(&i).map(|l| format!("path+{}", paths::shown(&l.manifest.dir))));
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
