//! `pylock.toml` and `pylock.<name>.toml` (PEP 751, lock-version 1.0), as `uv export` and
//! `pip lock` write them.
//!
//! - Sources: `index` (registry), `vcs` (git with `commit-id`), `directory` (a path; `.` is the
//!   project), `archive` (a URL or path).
//! - Hashes: every `hashes` table of `sdist`, `wheels` and `archive`.
//! - Scope from the marker where it names a group (`'dev' in dependency_groups`: development,
//!   test for a `test*` group) or an extra (`'x' in extras`: optional); a lock exported with
//!   every group resolved says neither, and then the pyproject.toml beside it tells which
//!   direct dependency is in which group. Edges from `dependencies`, where the lock has them
//!   (the PEP makes them optional; uv writes none).

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Completeness, Hash, HashAlgorithm, PackageSource, ParseOutput};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{self, Dep, Entry};
use crate::{doc, names, pyproject};

#[derive(Deserialize, Default)]
struct Raw {
    #[serde(rename = "lock-version")]
    lock_version: Option<String>,
    #[serde(rename = "created-by")]
    created_by: Option<String>,
    #[serde(default)]
    packages: Vec<Spanned<RawPackage>>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: Option<String>,
    marker: Option<String>,
    #[serde(default)]
    dependencies: Vec<RawDep>,
    index: Option<String>,
    vcs: Option<RawVcs>,
    directory: Option<RawDirectory>,
    archive: Option<RawArtifact>,
    sdist: Option<RawArtifact>,
    #[serde(default)]
    wheels: Vec<RawArtifact>,
}

#[derive(Deserialize)]
struct RawDep {
    name: String,
    version: Option<String>,
}

#[derive(Deserialize)]
struct RawVcs {
    url: Option<String>,
    path: Option<String>,
    #[serde(rename = "commit-id")]
    commit_id: Option<String>,
}

#[derive(Deserialize)]
struct RawDirectory {
    path: String,
}

#[derive(Deserialize)]
struct RawArtifact {
    url: Option<String>,
    path: Option<String>,
    #[serde(default)]
    hashes: BTreeMap<String, String>,
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let index = LineIndex::new(text.as_bytes());
    let (parts, errors) = doc::toml_parts::<Raw>(text, "packages", &index);
    out.diagnostics.extend(errors.iter().map(|e| e.diagnostic(path, "pylock.toml")));
    let dir = names::parent(path);
    let (mut version, mut created_by) = (None, None);
    let mut packages = Vec::new();
    for (base, raw) in parts {
        version = raw.lock_version.or(version);
        created_by = raw.created_by.or(created_by);
        packages
            .extend(raw.packages.into_iter().map(|p| (index.line_of(base + p.span().start), p.into_inner())));
    }
    let version = version.unwrap_or_else(|| "(none)".into());
    if version != "1.0" {
        out.diagnostics.push(crate::unsupported(path, None, "pylock.toml lock-version", &version, "1.0"));
    }
    let manifest =
        if dir.is_empty() { "pyproject.toml".to_string() } else { format!("{dir}/pyproject.toml") };
    let project = pyproject::load(&manifest);
    let project_name = project.as_ref().and_then(|p| p.name.as_deref()).map(names::normalize);
    let mut entries = Vec::with_capacity(packages.len());
    for (line, package) in packages {
        let mut entry = Entry::new("pypi", &package.name, package.version.as_deref(), path, Some(line));
        let artifacts = package.sdist.iter().chain(&package.wheels).chain(&package.archive);
        for (algorithm, value) in artifacts.flat_map(|a| &a.hashes) {
            if let Some(algorithm) = HashAlgorithm::parse(algorithm)
                && !value.is_empty()
                && value.bytes().all(|b| b.is_ascii_hexdigit())
            {
                entry.hashes.push(Hash::new(algorithm, value));
            }
        }
        if let Some(vcs) = &package.vcs {
            let url = vcs.url.as_deref().or(vcs.path.as_deref()).unwrap_or("");
            entry.source = Some(PackageSource::git(url, vcs.commit_id.as_deref()));
            let qualifier =
                vcs.commit_id.as_deref().map_or_else(|| format!("git+{url}"), |c| format!("git+{url}@{c}"));
            entry.qualifiers.push(("vcs_url".into(), qualifier));
        } else if let Some(directory) = &package.directory {
            let local = names::local_path(dir, &directory.path);
            entry.project = local == names::local_path(dir, ".")
                || project_name.as_deref() == Some(names::normalize(&package.name).as_str());
            entry.source = Some(PackageSource::path(&local));
        } else if let Some(archive) = &package.archive {
            if let Some(url) = &archive.url {
                entry.source = Some(PackageSource::url(url));
                entry.qualifiers.push(("download_url".into(), url.clone()));
            } else if let Some(local) = &archive.path {
                entry.source = Some(PackageSource::path(&names::local_path(dir, local)));
            }
        } else if let Some(index) = &package.index {
            entry.source = Some(PackageSource::registry(index));
        }
        if let Some(marker) = &package.marker {
            if let Some(group) = marker_group(marker) {
                entry.scope = Some(model::group_scope(group));
            }
            entry.optional = marker.contains("in extras");
        }
        entry.deps = package
            .dependencies
            .iter()
            .map(|d| Dep { version: d.version.clone(), conditional: true, ..Dep::new(&d.name) })
            .collect();
        if entry.project
            && let Some(project) = &project
        {
            entry.deps.extend(project.dep_edges());
            entry.declared = project.license.clone();
        }
        entries.push(entry);
    }
    let by = created_by.map(|c| format!(", by {c}")).unwrap_or_default();
    model::emit(path, "pypi", &format!("pylock.toml v{version}{by}"), Completeness::Complete, entries, out);
}

/// The group a PEP 751 marker names: `'dev' in dependency_groups`.
fn marker_group(marker: &str) -> Option<&str> {
    let at = marker.find("in dependency_groups")?;
    let before = marker[..at].trim_end();
    let quote = before.chars().last().filter(|c| *c == '\'' || *c == '"')?;
    let inner = &before[..before.len() - 1];
    let start = inner.rfind(quote)?;
    Some(&inner[start + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_markers() {
        assert_eq!(marker_group("'dev' in dependency_groups"), Some("dev"));
        assert_eq!(marker_group("python_version < '3.12' and \"test\" in dependency_groups"), Some("test"));
        assert_eq!(marker_group("sys_platform == 'win32'"), None);
    }
}
