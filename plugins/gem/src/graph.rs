//! A parsed lockfile (and the Gemfile's groups, when readable) turned into packages and edges.
//!
//! Scope: a gem named in `DEPENDENCIES` takes the scope of its Gemfile groups (runtime when
//! the Gemfile is absent or does not name it); every other gem the strongest scope of any
//! direct gem that reaches it (runtime > development > test). A gem nothing reaches (another
//! platform's build, say) stays runtime.

use std::collections::{HashMap, VecDeque};

use ospo_plugin_sdk::purl::with_qualifiers;
use ospo_plugin_sdk::{
    DependencyEdge, DependencyScope, Diagnostic, Hash, HashAlgorithm, Level, Package, PackageSource,
    ParseOutput, relpath,
};

use crate::gemfile::Groups;
use crate::lockfile::{Lockfile, SourceKind, Spec};

const ORDER: [DependencyScope; 3] =
    [DependencyScope::Runtime, DependencyScope::Development, DependencyScope::Test];

fn rank(scope: DependencyScope) -> usize {
    ORDER.iter().position(|s| *s == scope).unwrap_or(ORDER.len())
}

/// Adds the lockfile's packages and edges to `out`.
pub fn build(path: &str, lock: &Lockfile, groups: Option<&Groups>, out: &mut ParseOutput) {
    let dir = relpath::parent(path);
    let ids: Vec<String> = lock.specs.iter().map(|spec| id(lock, spec)).collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, spec) in lock.specs.iter().enumerate() {
        by_name.entry(spec.name.as_str()).or_default().push(i);
    }
    let deps: Vec<Vec<usize>> = lock
        .specs
        .iter()
        .map(|spec| {
            spec.deps.iter().flat_map(|d| by_name.get(d.as_str()).into_iter().flatten().copied()).collect()
        })
        .collect();

    // Direct gems, and scopes spread from them.
    let mut scopes: Vec<Option<DependencyScope>> = vec![None; lock.specs.len()];
    let mut direct = vec![false; lock.specs.len()];
    let mut queue = VecDeque::new();
    for entry in &lock.direct {
        let scope = groups.and_then(|g| g.scope(&entry.name)).unwrap_or(DependencyScope::Runtime);
        for &i in by_name.get(entry.name.as_str()).into_iter().flatten() {
            direct[i] = true;
            queue.push_back((i, scope));
        }
    }
    while let Some((i, scope)) = queue.pop_front() {
        if scopes[i].is_some_and(|s| rank(s) <= rank(scope)) {
            continue;
        }
        scopes[i] = Some(scope);
        queue.extend(deps[i].iter().map(|&d| (d, scope)));
    }

    for (i, spec) in lock.specs.iter().enumerate() {
        let source = lock.sources.get(spec.source);
        // The project's own gem (`gemspec` in the Gemfile) is the project, not a dependency.
        let own = source
            .is_some_and(|s| s.kind == SourceKind::Path && s.remote.as_deref().is_none_or(|r| r == "."));
        let mut package = Package::new("gem", &spec.name, Some(&spec.version))
            .purl(&ids[i])
            .scope(scopes[i].unwrap_or(DependencyScope::Runtime))
            .direct(direct[i] && !own)
            .location(path, Some(spec.line));
        if let Some(source) = source.and_then(|s| package_source(dir, s)) {
            package = package.source(source);
        }
        let key = match &spec.platform {
            Some(platform) => format!("{} ({}-{platform})", spec.name, spec.version),
            None => format!("{} ({})", spec.name, spec.version),
        };
        for (alg, hex) in lock.checksums.get(&key).into_iter().flatten() {
            let valid = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
            if let Some(algorithm) = HashAlgorithm::parse(alg).filter(|_| valid) {
                package = package.add_hash(Hash::new(algorithm, hex));
            }
        }
        out.packages.push(package);
    }

    for (i, spec) in lock.specs.iter().enumerate() {
        for dep in &spec.deps {
            match by_name.get(dep.as_str()) {
                Some(targets) => {
                    for &t in targets {
                        out.edges.push(DependencyEdge::new(&ids[i], &ids[t], DependencyScope::Runtime));
                    }
                }
                // Bundler itself is never a spec of the lockfile: `BUNDLED WITH` pins it.
                None if dep == "bundler" => {
                    if let Some(bundler) = bundler_id(lock) {
                        out.edges.push(DependencyEdge::new(&ids[i], &bundler, DependencyScope::Runtime));
                    }
                }
                None => out.diagnostics.push(unresolved(path, spec, dep)),
            }
        }
    }
    for entry in &lock.direct {
        if !by_name.contains_key(entry.name.as_str()) && entry.name != "bundler" {
            // A gem for another platform only (`jruby-openssl` on MRI) is listed but not locked.
            out.diagnostics.push(
                Diagnostic::new(
                    "dependency-not-locked",
                    Level::Info,
                    format!(
                        "`{}` is in DEPENDENCIES but no spec locks it (a gem for another platform?)",
                        entry.name
                    ),
                )
                .at(path, Some(entry.line)),
            );
        }
    }
    if let (Some((version, line)), Some(id)) = (&lock.bundled_with, bundler_id(lock)) {
        out.packages.push(
            Package::new("gem", "bundler", Some(version))
                .purl(&id)
                .direct(lock.direct.iter().any(|d| d.name == "bundler"))
                .location(path, Some(*line)),
        );
    }
}

fn bundler_id(lock: &Lockfile) -> Option<String> {
    let (version, _) = lock.bundled_with.as_ref()?;
    with_qualifiers("gem", None, "bundler", Some(version), &[]).ok()
}

/// The purl: `platform` for a platform build, `vcs_url` for a git gem, `repository_url` for a
/// gem server other than rubygems.org.
fn id(lock: &Lockfile, spec: &Spec) -> String {
    let mut qualifiers: Vec<(&str, String)> = Vec::new();
    if let Some(platform) = &spec.platform {
        qualifiers.push(("platform", platform.clone()));
    }
    if let Some(source) = lock.sources.get(spec.source) {
        match (source.kind, source.remote.as_deref()) {
            (SourceKind::Git, Some(remote)) => {
                let vcs = match &source.revision {
                    Some(rev) => format!("git+{remote}@{rev}"),
                    None => format!("git+{remote}"),
                };
                qualifiers.push(("vcs_url", vcs));
            }
            (SourceKind::Gem | SourceKind::Plugin, Some(remote)) if !is_rubygems(remote) => {
                qualifiers.push(("repository_url", remote.to_string()));
            }
            _ => {}
        }
    }
    let pairs: Vec<(&str, &str)> = qualifiers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    with_qualifiers("gem", None, &spec.name, Some(&spec.version), &pairs)
        .unwrap_or_else(|_| format!("gem:{}@{}", spec.name, spec.version))
}

fn is_rubygems(remote: &str) -> bool {
    matches!(remote.trim_end_matches('/'), "https://rubygems.org" | "http://rubygems.org")
}

fn package_source(dir: &str, source: &crate::lockfile::Source) -> Option<PackageSource> {
    let remote = source.remote.as_deref()?;
    Some(match source.kind {
        SourceKind::Gem | SourceKind::Plugin => PackageSource::registry(remote),
        SourceKind::Git => PackageSource::git(remote, source.revision.as_deref()),
        SourceKind::Path => match relpath::join(dir, remote) {
            Some(joined) => PackageSource::path(relpath::shown(&joined)),
            None => PackageSource::path(remote),
        },
    })
}

fn unresolved(path: &str, spec: &Spec, dep: &str) -> Diagnostic {
    Diagnostic::new(
        "dependency-unresolved",
        Level::Warning,
        format!("dependency `{dep}` of {} {} is not locked in this file", spec.name, spec.version),
    )
    .at(path, Some(spec.line))
}
