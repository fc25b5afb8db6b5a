//! pipenv's `Pipfile.lock` (pipfile-spec 6) and, without one, its `Pipfile`.
//!
//! - `Pipfile.lock`: every section but `_meta` is a package category: `default` runtime,
//!   `develop` development, a custom category development (test for a `test*` one). A
//!   package in two sections keeps the stronger scope. The lock has no edges. `version` is
//!   `==X` (the version) or, for a package whose marker is false where pipenv ran, `*` (no
//!   version). Sources: `index` (the `_meta.sources` URL), `git`+`ref`, `path`/`file`, `editable`.
//!   Direct dependencies are those the `Pipfile` beside it names.
//! - `Pipfile` alone: `DirectOnly`, one direct package per entry, the specifier kept as written.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{Completeness, DependencyScope, Diagnostic, Hash, Level, PackageSource, ParseOutput};
use serde_json::Value;

use crate::doc::LineFinder;
use crate::model::{self, Entry};
use crate::{names, pep508, siblings};

/// Pipfile tables that are not package categories.
const NOT_CATEGORIES: &[&str] = &["source", "requires", "pipenv", "scripts"];

fn category_scope(category: &str) -> DependencyScope {
    match category {
        "default" | "packages" => DependencyScope::Runtime,
        "develop" | "dev-packages" => DependencyScope::Development,
        other => model::group_scope(other),
    }
}

pub fn parse_lock(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            let line = u32::try_from(error.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("Pipfile.lock: {error}"))
                    .at(path, line),
            );
            model::emit(path, "pypi", "Pipfile.lock", Completeness::Complete, Vec::new(), out);
            return;
        }
    };
    let Some(sections) = doc.as_object() else {
        out.diagnostics.push(
            Diagnostic::new("manifest-malformed", Level::Error, "Pipfile.lock: not a JSON object")
                .at(path, Some(1)),
        );
        return;
    };
    let meta = sections.get("_meta");
    let spec = meta.and_then(|m| m.get("pipfile-spec")).and_then(Value::as_i64);
    if spec != Some(6) {
        let seen = spec.map_or("(none)".to_string(), |s| s.to_string());
        out.diagnostics.push(crate::unsupported(path, None, "Pipfile.lock pipfile-spec", &seen, "6"));
    }
    let indexes: BTreeMap<&str, &str> = meta
        .and_then(|m| m.get("sources"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s.get("name")?.as_str()?, s.get("url")?.as_str()?)))
        .collect();
    let direct = pipfile_names(names::parent(path));
    let dir = names::parent(path);
    let mut finder = LineFinder::new(text);
    let mut entries = Vec::new();
    for (category, packages) in sections.iter().filter(|(k, _)| k.as_str() != "_meta") {
        let Some(packages) = packages.as_object() else { continue };
        finder.seek(finder.offset_of(&format!("\"{category}\": {{")).unwrap_or(0));
        let scope = category_scope(category);
        // pipenv writes names sorted, as the map iterates them: each search goes on from the last.
        for (name, fields) in packages {
            let line = finder.next(&format!("\"{name}\": {{"));
            let get = |k: &str| fields.get(k).and_then(Value::as_str);
            let version = get("version").and_then(pep508::pinned_version);
            let mut entry = Entry::new("pypi", name, version, path, line);
            entry.scope = Some(scope);
            entry.hashes = fields
                .get("hashes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|h| h.as_str().and_then(Hash::parse_integrity))
                .collect();
            if let Some(git) = get("git") {
                let reference = get("ref");
                entry.source = Some(PackageSource::git(git, reference.filter(|r| names::is_commit(r))));
                let vcs = reference.map_or_else(|| format!("git+{git}"), |r| format!("git+{git}@{r}"));
                entry.qualifiers.push(("vcs_url".into(), vcs));
            } else if let Some(local) = get("path") {
                entry.source = Some(PackageSource::path(&names::local_path(dir, local)));
            } else if let Some(file) = get("file") {
                let (source, qualifiers) = crate::requirements::url_source(file, dir);
                entry.source = Some(source);
                entry.qualifiers = qualifiers;
            } else if let Some(url) = get("index").and_then(|i| indexes.get(i)) {
                entry.source = Some(PackageSource::registry(url));
            }
            if let Some(direct) = &direct {
                entry.direct = Some(direct.contains(&names::normalize(name)));
            }
            entries.push(entry);
        }
    }
    let format = spec.map_or("Pipfile.lock".to_string(), |s| format!("Pipfile.lock (pipfile-spec {s})"));
    model::emit(path, "pypi", &format, Completeness::Complete, entries, out);
}

/// The normalised names the Pipfile in `dir` declares, if there is one that parses.
fn pipfile_names(dir: &str) -> Option<BTreeSet<String>> {
    let path = if dir.is_empty() { "Pipfile".to_string() } else { format!("{dir}/Pipfile") };
    let doc: toml::Table = toml::from_str(&siblings::read_text(&path)?).ok()?;
    Some(
        doc.iter()
            .filter(|(k, _)| !NOT_CATEGORIES.contains(&k.as_str()))
            .filter_map(|(_, v)| v.as_table())
            .flat_map(|t| t.keys().map(|k| names::normalize(k)))
            .collect(),
    )
}

pub fn parse_pipfile(path: &str, text: &str, out: &mut ParseOutput) {
    if let Some(lock) = siblings::pipfile_lock_beside(path) {
        ospo_plugin_sdk::host::log(Level::Info, &format!("{path}: read with its lockfile {lock}"));
        return;
    }
    let doc: toml::Table = match toml::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            let line =
                error.span().map(|s| ospo_plugin_sdk::text::LineIndex::new(text.as_bytes()).line_of(s.start));
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("Pipfile: {}", error.message().trim()),
                )
                .at(path, line),
            );
            return;
        }
    };
    let dir = names::parent(path);
    let finder = LineFinder::new(text);
    let mut entries = Vec::new();
    for (category, table) in doc.iter().filter(|(k, _)| !NOT_CATEGORIES.contains(&k.as_str())) {
        let Some(table) = table.as_table() else { continue };
        let section = finder.offset_of(&format!("[{category}]")).unwrap_or(0);
        for (name, value) in table {
            let line = finder.find_from(section, &format!("\n{name} ")).map(|l| l + 1);
            let spec = match value {
                toml::Value::String(s) => s.as_str(),
                toml::Value::Table(t) => t.get("version").and_then(toml::Value::as_str).unwrap_or(""),
                _ => "",
            };
            let pinned = pep508::pinned_version(spec);
            let mut entry = Entry::new("pypi", name, pinned, path, line);
            if pinned.is_none() && !spec.trim().is_empty() && spec.trim() != "*" {
                entry.range = Some(spec.trim().to_string());
            }
            if let Some(t) = value.as_table() {
                let get = |k: &str| t.get(k).and_then(toml::Value::as_str);
                if let Some(git) = get("git") {
                    let rev = get("ref");
                    entry.source = Some(PackageSource::git(git, rev.filter(|r| names::is_commit(r))));
                    entry.qualifiers.push((
                        "vcs_url".into(),
                        rev.map_or_else(|| format!("git+{git}"), |r| format!("git+{git}@{r}")),
                    ));
                } else if let Some(local) = get("path") {
                    entry.source = Some(PackageSource::path(&names::local_path(dir, local)));
                }
            }
            entry.scope = Some(category_scope(category));
            entry.direct = Some(true);
            entries.push(entry);
        }
    }
    model::emit(path, "pypi", "Pipfile", Completeness::DirectOnly, entries, out);
}
