//! `pdm.lock` (lock_version 4.x, PDM 2.x).
//!
//! - Scope from each package's `groups`: `default` is runtime; a group the pyproject.toml
//!   beside it declares as an extra (`optional-dependencies`) is optional runtime, any other
//!   group development (test for a `test*` group). Without a pyproject, every non-default
//!   group is development.
//! - `coverage` and `coverage[toml]` are two entries of one package (pdm locks each extra set
//!   apart): they merge into one.
//! - Edges from the PEP 508 `dependencies` strings; sources from `git`/`revision`, `path`,
//!   `url`; hashes from `files`. The project itself comes from the pyproject.toml.

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Completeness, DependencyScope, Diagnostic, Hash, Level, PackageSource, ParseOutput};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{self, Dep, Entry};
use crate::{doc, names, pep508, pyproject};

#[derive(Deserialize, Default)]
struct Raw {
    metadata: Option<RawMetadata>,
    #[serde(default)]
    package: Vec<Spanned<RawPackage>>,
}

#[derive(Deserialize, Default)]
struct RawMetadata {
    lock_version: Option<String>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    files: Vec<RawFile>,
    git: Option<String>,
    revision: Option<String>,
    path: Option<String>,
    url: Option<String>,
    #[serde(default)]
    editable: bool,
}

#[derive(Deserialize)]
struct RawFile {
    hash: Option<String>,
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let index = LineIndex::new(text.as_bytes());
    let (parts, errors) = doc::toml_parts::<Raw>(text, "package", &index);
    out.diagnostics.extend(errors.iter().map(|e| e.diagnostic(path, "pdm.lock")));
    let dir = names::parent(path);
    let mut version = None;
    let mut packages = Vec::new();
    for (base, raw) in parts {
        version = raw.metadata.and_then(|m| m.lock_version).or(version);
        packages
            .extend(raw.package.into_iter().map(|p| (index.line_of(base + p.span().start), p.into_inner())));
    }
    let version = version.unwrap_or_else(|| "unknown".into());
    if !version.starts_with("4.") {
        out.diagnostics.push(crate::unsupported(path, None, "pdm.lock lock_version", &version, "4.x"));
    }
    let manifest =
        if dir.is_empty() { "pyproject.toml".to_string() } else { format!("{dir}/pyproject.toml") };
    let project = pyproject::load(&manifest);
    let mut entries = Vec::with_capacity(packages.len() + 1);
    if let Some(entry) = project.as_ref().and_then(pyproject::Project::entry) {
        entries.push(entry);
    }
    for (line, package) in packages {
        let mut entry = Entry::new("pypi", &package.name, package.version.as_deref(), path, Some(line));
        let reaches: Vec<(DependencyScope, bool)> = package
            .groups
            .iter()
            .map(|g| match &project {
                Some(project) => project.group(g),
                None if g == "default" => (DependencyScope::Runtime, false),
                None => (model::group_scope(g), false),
            })
            .collect();
        // The strongest group: runtime, then optional runtime, then development, then test.
        let best = [
            (DependencyScope::Runtime, false),
            (DependencyScope::Runtime, true),
            (DependencyScope::Development, false),
            (DependencyScope::Test, false),
        ]
        .into_iter()
        .find(|r| reaches.contains(r));
        if let Some((scope, optional)) = best {
            entry.scope = Some(scope);
            entry.optional = optional;
        }
        entry.hashes =
            package.files.iter().filter_map(|f| f.hash.as_deref().and_then(Hash::parse_integrity)).collect();
        if let Some(git) = &package.git {
            entry.source =
                Some(PackageSource::git(git, package.revision.as_deref().filter(|r| names::is_commit(r))));
            let vcs = match &package.revision {
                Some(rev) => format!("git+{git}@{rev}"),
                None => format!("git+{git}"),
            };
            entry.qualifiers.push(("vcs_url".into(), vcs));
        } else if let Some(local) = &package.path {
            entry.source = Some(PackageSource::path(&names::local_path(dir, local)));
            entry.project = package.editable && names::local_path(dir, local) == names::local_path(dir, ".");
        } else if let Some(url) = &package.url {
            entry.source = Some(PackageSource::url(url));
            entry.qualifiers.push(("download_url".into(), url.clone()));
        }
        for text in &package.dependencies {
            match pep508::parse(text) {
                Some(req) => {
                    entry.deps.push(Dep { conditional: req.marker.is_some(), ..Dep::new(&req.name) })
                }
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("pdm.lock: {text:?} of {} is not a dependency specifier", package.name),
                    )
                    .at(path, Some(line)),
                ),
            }
        }
        entries.push(entry);
    }
    model::emit(path, "pypi", &format!("pdm.lock v{version}"), Completeness::Complete, entries, out);
}
