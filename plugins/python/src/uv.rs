//! `uv.lock` (version 1, revisions 1 to 5 as uv 0.5 to 0.13 write them).
//!
//! - Projects: packages whose source is `editable` or `virtual` (the root and workspace
//!   members). Their `dependencies` are runtime, `[package.optional-dependencies]` optional
//!   runtime, `[package.dev-dependencies]` development (test for a `test*` group), and what they
//!   depend on is direct. Every other scope is reached from them.
//! - Sources: `registry` (the index URL), `git` (`URL?rev=..#COMMIT`: the commit after `#`),
//!   `url`, `path`/`directory`/`editable`/`virtual` (paths relative to the lock's directory).
//! - Hashes: the sdist's and every wheel's.
//! - A name locked twice (per-platform forks) is told apart by the `version` the dependency
//!   entry carries.
//! - Licences: uv.lock keeps none; a local package's own pyproject.toml is read for its licence.

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, PackageSource, ParseOutput};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

use crate::model::{self, Dep, Entry};
use crate::{doc, names, pyproject};

/// The newest revision whose meaning this parser knows; newer ones only add fields.
const KNOWN_REVISION: i64 = 5;

#[derive(Deserialize, Default)]
struct Raw {
    version: Option<i64>,
    revision: Option<i64>,
    #[serde(default)]
    package: Vec<Spanned<RawPackage>>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dependencies: Vec<RawDep>,
    #[serde(rename = "optional-dependencies", default)]
    optional_dependencies: BTreeMap<String, Vec<RawDep>>,
    #[serde(rename = "dev-dependencies", default)]
    dev_dependencies: BTreeMap<String, Vec<RawDep>>,
    sdist: Option<RawArtifact>,
    #[serde(default)]
    wheels: Vec<RawArtifact>,
}

#[derive(Deserialize)]
struct RawDep {
    name: String,
    version: Option<String>,
    marker: Option<String>,
}

#[derive(Deserialize)]
struct RawArtifact {
    hash: Option<String>,
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let index = LineIndex::new(text.as_bytes());
    let (parts, errors) = doc::toml_parts::<Raw>(text, "package", &index);
    out.diagnostics.extend(errors.iter().map(|e| e.diagnostic(path, "uv.lock")));
    let dir = names::parent(path);
    let (mut version, mut revision) = (None, None);
    let mut packages = Vec::new();
    for (base, raw) in parts {
        version = raw.version.or(version);
        revision = raw.revision.or(revision);
        packages
            .extend(raw.package.into_iter().map(|p| (index.line_of(base + p.span().start), p.into_inner())));
    }
    match version {
        Some(1) if revision.unwrap_or(1) <= KNOWN_REVISION => {}
        Some(1) => out.diagnostics.push(crate::unsupported(
            path,
            Some(2),
            "uv.lock revision",
            &revision.unwrap_or_default().to_string(),
            "version 1, revisions 1 to 5",
        )),
        other => out.diagnostics.push(crate::unsupported(
            path,
            Some(1),
            "uv.lock",
            &other.map_or("(none)".to_string(), |v| v.to_string()),
            "version 1",
        )),
    }
    let mut entries = Vec::with_capacity(packages.len());
    for (line, package) in packages {
        let mut entry = Entry::new("pypi", &package.name, package.version.as_deref(), path, Some(line));
        apply_source(&mut entry, &package.source, dir);
        let artifacts = package.sdist.iter().chain(&package.wheels);
        entry.hashes = artifacts.filter_map(|a| a.hash.as_deref().and_then(Hash::parse_integrity)).collect();
        let dep = |d: &RawDep, scope: DependencyScope, optional: bool| Dep {
            version: d.version.clone(),
            scope,
            optional,
            conditional: d.marker.is_some(),
            ..Dep::new(&d.name)
        };
        entry.deps = package.dependencies.iter().map(|d| dep(d, DependencyScope::Runtime, false)).collect();
        for deps in package.optional_dependencies.values() {
            entry.deps.extend(deps.iter().map(|d| dep(d, DependencyScope::Runtime, true)));
        }
        for (group, deps) in &package.dev_dependencies {
            let scope = model::group_scope(group);
            entry.deps.extend(deps.iter().map(|d| dep(d, scope, false)));
        }
        entries.push(entry);
    }
    let revision = revision.map(|r| format!(" revision {r}")).unwrap_or_default();
    let format = format!("uv.lock v{}{revision}", version.unwrap_or(1));
    model::emit(path, "pypi", &format, Completeness::Complete, entries, out);
}

fn apply_source(entry: &mut Entry, source: &BTreeMap<String, toml::Value>, dir: &str) {
    let Some((kind, value)) = source.iter().next() else { return };
    let Some(value) = value.as_str() else { return };
    match kind.as_str() {
        "registry" => entry.source = Some(PackageSource::registry(value)),
        "git" => {
            let (repo, commit) = match value.split_once('#') {
                Some((repo, commit)) => (repo, Some(commit)),
                None => (value, None),
            };
            let url = repo.split('?').next().unwrap_or(repo);
            entry.source = Some(PackageSource::git(url, commit.filter(|c| names::is_commit(c))));
            let vcs = match commit {
                Some(commit) => format!("git+{url}@{commit}"),
                None => format!("git+{url}"),
            };
            entry.qualifiers.push(("vcs_url".into(), vcs));
        }
        "url" => {
            entry.source = Some(PackageSource::url(value));
            entry.qualifiers.push(("download_url".into(), value.to_string()));
        }
        "editable" | "virtual" | "path" | "directory" => {
            let local = names::local_path(dir, value);
            entry.project = matches!(kind.as_str(), "editable" | "virtual");
            entry.source = Some(PackageSource::path(&local));
            if kind != "path" {
                read_local_project(entry, &local);
            }
        }
        _ => {}
    }
}

/// A local package's licence (and, for a project, its manifest line) from its pyproject.toml.
fn read_local_project(entry: &mut Entry, dir: &str) {
    let manifest = if dir == "." { "pyproject.toml".to_string() } else { format!("{dir}/pyproject.toml") };
    let Some(project) = pyproject::load(&manifest) else { return };
    if let Some(license) = project.license {
        entry.declared = Some(match license.path {
            Some(_) => license,
            None => license.path(&manifest),
        });
    }
}
