//! `poetry.lock`: lock-version 1.1 (Poetry 1.1 to 1.4: `category`, hashes in
//! `[metadata.files]`), 2.0 (Poetry 1.5 to 1.8: `files` per package, no category) and 2.1
//! (Poetry 2: `groups`, `markers`).
//!
//! - Scope where the lock says: `category = "dev"` or `groups` without `main` is development
//!   (test for a `test*` group); `optional = true` (an extra) is optional. A 2.0 lock says
//!   neither, so scopes are reached from the pyproject.toml beside it.
//! - The project is not in the lock: it comes from pyproject.toml (name, version, licence,
//!   direct dependencies and their groups).
//! - `[package.source]`: `git` (the `resolved_reference` commit), `directory`/`file` (paths),
//!   `url`, `legacy` (another index, a registry source).
//! - Edges from `[package.dependencies]`; a dependency with markers or `optional` that the lock
//!   does not hold is expected (the marker excluded it).

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, PackageSource, ParseOutput};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{self, Dep, Entry};
use crate::{doc, names, pyproject};

const KNOWN: &[&str] = &["1.0", "1.1", "1.2", "2.0", "2.1"];

#[derive(Deserialize, Default)]
struct Raw {
    #[serde(default)]
    package: Vec<Spanned<RawPackage>>,
    metadata: Option<RawMetadata>,
}

#[derive(Deserialize, Default)]
struct RawMetadata {
    #[serde(rename = "lock-version")]
    lock_version: Option<String>,
    #[serde(default)]
    files: BTreeMap<String, Vec<RawFile>>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: String,
    category: Option<String>,
    #[serde(default)]
    optional: bool,
    groups: Option<Vec<String>>,
    #[serde(default)]
    files: Vec<RawFile>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    source: Option<RawSource>,
}

#[derive(Deserialize)]
struct RawFile {
    hash: Option<String>,
}

#[derive(Deserialize)]
struct RawSource {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    resolved_reference: Option<String>,
    reference: Option<String>,
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let index = LineIndex::new(text.as_bytes());
    let (parts, errors) = doc::toml_parts::<Raw>(text, "package", &index);
    out.diagnostics.extend(errors.iter().map(|e| e.diagnostic(path, "poetry.lock")));
    let dir = names::parent(path);
    let mut version = None;
    let mut files: BTreeMap<String, Vec<Hash>> = BTreeMap::new();
    let mut packages = Vec::new();
    for (base, raw) in parts {
        if let Some(metadata) = raw.metadata {
            version = metadata.lock_version.or(version);
            for (name, list) in metadata.files {
                let hashes =
                    list.iter().filter_map(|f| f.hash.as_deref().and_then(Hash::parse_integrity)).collect();
                files.insert(names::normalize(&name), hashes);
            }
        }
        packages
            .extend(raw.package.into_iter().map(|p| (index.line_of(base + p.span().start), p.into_inner())));
    }
    let version = version.unwrap_or_else(|| "unknown".to_string());
    if !KNOWN.contains(&version.as_str()) {
        out.diagnostics.push(crate::unsupported(
            path,
            None,
            "poetry.lock lock-version",
            &version,
            "1.1, 2.0, 2.1",
        ));
    }
    let project = pyproject::load(&format!("{}pyproject.toml", prefix(dir)));
    let mut entries = Vec::with_capacity(packages.len() + 1);
    if let Some(entry) = project.as_ref().and_then(pyproject::Project::entry) {
        entries.push(entry);
    }
    for (line, package) in packages {
        let mut entry = Entry::new("pypi", &package.name, Some(&package.version), path, Some(line));
        entry.optional = package.optional;
        entry.scope = stated_scope(&package);
        entry.hashes =
            package.files.iter().filter_map(|f| f.hash.as_deref().and_then(Hash::parse_integrity)).collect();
        if entry.hashes.is_empty() {
            entry.hashes = files.get(&names::normalize(&package.name)).cloned().unwrap_or_default();
        }
        if let Some(source) = &package.source {
            apply_source(&mut entry, source, dir);
        }
        entry.deps = package.dependencies.iter().map(|(name, value)| dependency(name, value)).collect();
        entries.push(entry);
    }
    model::emit(path, "pypi", &format!("poetry.lock v{version}"), Completeness::Complete, entries, out);
}

fn prefix(dir: &str) -> String {
    if dir.is_empty() { String::new() } else { format!("{dir}/") }
}

/// The scope `category` (1.x) or `groups` (2.1) states.
fn stated_scope(package: &RawPackage) -> Option<DependencyScope> {
    if let Some(groups) = &package.groups {
        if groups.iter().any(|g| g == "main") || groups.is_empty() {
            return Some(DependencyScope::Runtime);
        }
        // The strongest of the groups: development before test.
        let scopes: Vec<DependencyScope> = groups.iter().map(|g| model::group_scope(g)).collect();
        return scopes
            .iter()
            .copied()
            .find(|s| *s == DependencyScope::Development)
            .or(scopes.first().copied());
    }
    package
        .category
        .as_deref()
        .map(|c| if c == "main" { DependencyScope::Runtime } else { model::group_scope(c) })
}

fn apply_source(entry: &mut Entry, source: &RawSource, dir: &str) {
    let Some(url) = source.url.as_deref() else { return };
    match source.kind.as_deref() {
        Some("git") => {
            let commit = source.resolved_reference.as_deref().or(source.reference.as_deref());
            entry.source = Some(PackageSource::git(url, commit.filter(|c| names::is_commit(c))));
            let vcs = match commit {
                Some(commit) => format!("git+{url}@{commit}"),
                None => format!("git+{url}"),
            };
            entry.qualifiers.push(("vcs_url".into(), vcs));
        }
        Some("directory" | "file") => entry.source = Some(PackageSource::path(&names::local_path(dir, url))),
        Some("url") => {
            entry.source = Some(PackageSource::url(url));
            entry.qualifiers.push(("download_url".into(), url.to_string()));
        }
        _ => entry.source = Some(PackageSource::registry(url)),
    }
}

fn dependency(name: &str, value: &toml::Value) -> Dep {
    let table = match value {
        toml::Value::Array(items) => items.first().and_then(toml::Value::as_table),
        toml::Value::Table(t) => Some(t),
        _ => None,
    };
    let optional = table.and_then(|t| t.get("optional")).and_then(toml::Value::as_bool).unwrap_or(false);
    let guarded = matches!(value, toml::Value::Array(_))
        || table.is_some_and(|t| {
            t.contains_key("markers") || t.contains_key("python") || t.contains_key("platform")
        });
    Dep { optional, conditional: optional || guarded, ..Dep::new(name) }
}
