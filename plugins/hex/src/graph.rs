//! Lockfile entries to packages, edges and diagnostics.

use std::collections::{BTreeMap, HashMap, VecDeque};

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, Hash, HashAlgorithm, Level, Manifest, Package,
    PackageSource, ParseOutput, SourceKind, host, purl, relpath,
};

use crate::mix::{self, Lock};
use crate::rebar::{self, GitRef, Source};
use crate::term::Error;

const ECOSYSTEM: &str = "hex";

fn malformed(path: &str, lines: &LineIndex, file: &str, error: &Error) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, format!("{file}: {}", error.message))
        .at(path, Some(lines.line_of(error.at)))
}

fn registry() -> PackageSource {
    PackageSource::new(SourceKind::Registry, None)
}

fn sha256(hex: &str) -> Option<Hash> {
    let valid = hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| Hash::new(HashAlgorithm::Sha256, hex))
}

/// A published release: `pkg:hex/[org/]name@version`.
fn hex_package(package: &str, version: &str, repo: Option<&str>) -> Result<Package, String> {
    let org = repo.and_then(|r| r.strip_prefix("hexpm:"));
    let id = purl::purl(ECOSYSTEM, org, package, Some(version))?;
    Ok(Package::new(ECOSYSTEM, package, Some(version)).purl(&id).source(registry()))
}

/// A git checkout: the commit (or the ref when no commit is known) as version, and `vcs_url`.
fn git_package(
    app: &str,
    url: &str,
    commit: Option<&str>,
    reference: Option<&str>,
) -> Result<Package, String> {
    let version = commit.or(reference);
    let vcs = match version {
        Some(v) => format!("git+{url}@{v}"),
        None => format!("git+{url}"),
    };
    let id = purl::with_qualifiers(ECOSYSTEM, None, app, version, &[("vcs_url", &vcs)])?;
    Ok(Package::new(ECOSYSTEM, app, version).purl(&id).source(PackageSource::git(url, commit)))
}

pub fn mix(path: &str, text: &str, out: &mut ParseOutput) {
    let lines = LineIndex::new(text.as_bytes());
    let lock = mix::parse(text);
    out.diagnostics.extend(lock.errors.iter().map(|e| malformed(path, &lines, "mix.lock", e)));

    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut packages: Vec<Package> = Vec::new();
    for entry in &lock.entries {
        let line = Some(lines.line_of(entry.at));
        let built = match &entry.lock {
            Lock::Hex { package, version, repo, inner, outer, .. } => {
                hex_package(package, version, repo.as_deref()).map(|p| {
                    let hash =
                        outer.as_deref().and_then(sha256).or_else(|| inner.as_deref().and_then(sha256));
                    match hash {
                        Some(hash) => p.add_hash(hash),
                        None => p,
                    }
                })
            }
            Lock::Git { url, commit, reference } => {
                git_package(&entry.app, url, Some(commit), reference.as_deref())
            }
            Lock::Other(scm) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-unsupported",
                        Level::Warning,
                        format!(
                            "mix.lock: `{}` is locked by the `:{scm}` SCM, which this parser does not read",
                            entry.app
                        ),
                    )
                    .at(path, line),
                );
                continue;
            }
        };
        match built {
            Ok(package) => {
                ids.insert(&entry.app, package.id.clone());
                match packages.iter_mut().find(|p| p.id == package.id) {
                    Some(existing) => existing.locations.push(ospo_plugin_sdk::Location::new(path, line)),
                    None => packages.push(package.location(path, line)),
                }
            }
            Err(error) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("mix.lock: `{}`: {error}", entry.app),
                )
                .at(path, line),
            ),
        }
    }

    let mut edges: Vec<DependencyEdge> = Vec::new();
    for entry in &lock.entries {
        let (Lock::Hex { deps, .. }, Some(from)) = (&entry.lock, ids.get(entry.app.as_str())) else {
            continue;
        };
        for dep in deps {
            match ids.get(dep.app.as_str()) {
                Some(to) => {
                    edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime).optional(dep.optional))
                }
                // An optional dependency the project does not use is not locked: no edge, no noise.
                None if dep.optional => {}
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!(
                            "mix.lock: `{}` depends on `{}`, which the lock does not hold",
                            entry.app, dep.app
                        ),
                    )
                    .at(path, Some(lines.line_of(entry.at))),
                ),
            }
        }
    }

    let exs = relpath::file_in(relpath::parent(path), "mix.exs");
    match host::read_file(&exs) {
        Ok(bytes) => {
            let declared = crate::mixexs::direct_deps(&String::from_utf8_lossy(&bytes));
            let roots: Vec<(String, DependencyScope)> =
                declared.iter().filter_map(|d| Some((ids.get(d.app.as_str())?.clone(), d.scope))).collect();
            let scopes = spread(&roots, &edges);
            for package in &mut packages {
                package.direct = roots.iter().any(|(id, _)| *id == package.id);
                if let Some(scope) = scopes.get(&package.id) {
                    package.scope = *scope;
                }
            }
        }
        Err(_) => out.diagnostics.push(
            Diagnostic::new(
                "manifest-missing",
                Level::Info,
                format!("{exs} cannot be read: direct dependencies and their environments are unknown"),
            )
            .at(path, None),
        ),
    }

    out.packages.extend(packages);
    out.edges.extend(edges);
    out.manifests.push(Manifest::new(path, ECOSYSTEM, "mix.lock", Completeness::Complete));
}

/// The scope each package gets from the direct dependencies that reach it: runtime wins over
/// development, development over test. Unreached packages keep their default (runtime).
fn spread(roots: &[(String, DependencyScope)], edges: &[DependencyEdge]) -> HashMap<String, DependencyScope> {
    let rank = |s: DependencyScope| match s {
        DependencyScope::Runtime => 0,
        DependencyScope::Development => 1,
        _ => 2,
    };
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for edge in edges {
        next.entry(edge.from.as_str()).or_default().push(edge.to.as_str());
    }
    let mut ordered: Vec<&(String, DependencyScope)> = roots.iter().collect();
    ordered.sort_by_key(|(_, scope)| rank(*scope));
    let mut scopes: HashMap<String, DependencyScope> = HashMap::new();
    for (root, scope) in ordered {
        let mut queue = VecDeque::from([root.as_str()]);
        while let Some(id) = queue.pop_front() {
            if scopes.contains_key(id) {
                continue;
            }
            scopes.insert(id.to_string(), *scope);
            queue.extend(next.get(id).into_iter().flatten().copied());
        }
    }
    scopes
}

pub fn rebar(path: &str, text: &str, out: &mut ParseOutput) {
    let lines = LineIndex::new(text.as_bytes());
    let lock = rebar::parse(text);
    out.diagnostics.extend(lock.errors.iter().map(|e| malformed(path, &lines, "rebar.lock", e)));
    let format = match lock.version.as_deref() {
        None => "rebar.lock (pre-1.1.0)".to_string(),
        Some(v @ ("1.1.0" | "1.2.0")) => format!("rebar.lock v{v}"),
        Some(other) => {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("rebar.lock format version {other} is not one this parser reads (1.1.0, 1.2.0)"),
                )
                .at(path, Some(1)),
            );
            return;
        }
    };
    let hash_of = |app: &str| {
        let find =
            |list: &[(String, String)]| list.iter().find(|(a, _)| a == app).and_then(|(_, h)| sha256(h));
        find(&lock.outer).or_else(|| find(&lock.inner))
    };
    for entry in &lock.entries {
        let line = Some(lines.line_of(entry.at));
        let built = match &entry.source {
            Source::Pkg { package, version } => hex_package(package, version, None),
            Source::Git { url, reference, subdir } => {
                let (commit, named) = match reference {
                    GitRef::Commit(sha) => (Some(sha.as_str()), None),
                    GitRef::Tag(r) | GitRef::Branch(r) => (None, Some(r.as_str())),
                    GitRef::Unknown => (None, None),
                };
                git_package(&entry.app, url, commit, named).map(|p| match subdir {
                    Some(dir) => {
                        let with_subpath = format!("{}#{}", p.id, dir.trim_matches('/'));
                        p.purl(&with_subpath)
                    }
                    None => p,
                })
            }
            Source::Other(kind) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-unsupported",
                        Level::Warning,
                        format!(
                            "rebar.lock: `{}` comes from a `{kind}` source, which this parser does not read",
                            entry.app
                        ),
                    )
                    .at(path, line),
                );
                continue;
            }
        };
        match built {
            Ok(mut package) => {
                if let Some(hash) = hash_of(&entry.app) {
                    package = package.add_hash(hash);
                }
                let package = package.direct(entry.level == Some(0)).location(path, line);
                if !out.packages.iter().any(|p| p.id == package.id) {
                    out.packages.push(package);
                }
            }
            Err(error) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("rebar.lock: `{}`: {error}", entry.app),
                )
                .at(path, line),
            ),
        }
    }
    out.manifests.push(Manifest::new(path, ECOSYSTEM, &format, Completeness::Complete));
}
