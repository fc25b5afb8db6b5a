//! `pyproject.toml`: the project's own name, version and licence, and the dependencies it
//! declares: PEP 621 `[project] dependencies` and `optional-dependencies` (extras, optional
//! runtime), PEP 735 `[dependency-groups]` (development, or test for a `test*` group), Poetry's
//! `[tool.poetry.dependencies]`, `[tool.poetry.group.<g>.dependencies]` and legacy
//! `dev-dependencies`, uv's legacy `[tool.uv] dev-dependencies`, pdm's
//! `[tool.pdm.dev-dependencies]`, and `[build-system] requires` (build scope).
//!
//! Read alone (no lockfile beside it, and no lockfile of an enclosing directory that locks this
//! project) it is a `DirectOnly` manifest: the project package and one package per declared
//! dependency, `direct`. A `==` pin (or Poetry's bare `1.2.3`) gives the version; any other
//! specifier is kept as written in the package's `version` field (`>=2.31`, `^8.1`) while the
//! purl and id carry no version, so the range is visible but never passes for a release.
//! Beside a lockfile, the lockfile's parser reads it with [`load`] for direct dependencies,
//! groups and the project licence, and this file alone yields nothing.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{
    Completeness, DeclaredLicense, DependencyScope, Diagnostic, Level, PackageSource, ParseOutput,
};
use serde::Deserialize;

use crate::doc::LineFinder;
use crate::model::{self, Dep, Entry};
use crate::{license, names, pep508, siblings};

/// A dependency the project declares.
#[derive(Debug, Clone)]
pub struct Declared {
    pub name: String,
    /// The specifier as written (`>=2.31`, `^8.1`); empty for any version.
    pub spec: String,
    pub pinned: Option<String>,
    pub scope: DependencyScope,
    pub optional: bool,
    pub line: Option<u32>,
    pub source: Option<(PackageSource, Vec<(String, String)>)>,
    pub marker: bool,
}

/// What a pyproject.toml says about its project.
#[derive(Debug, Default)]
pub struct Project {
    pub path: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub line: Option<u32>,
    pub license: Option<DeclaredLicense>,
    pub deps: Vec<Declared>,
    /// Extras (`optional-dependencies`, Poetry `extras`) by name.
    pub extras: BTreeSet<String>,
    /// Dependency groups by name, with their scope.
    pub groups: BTreeMap<String, DependencyScope>,
    pub poetry: bool,
    pub pep621: bool,
}

impl Project {
    /// The scope and optionality of a group or extra named in a lockfile (pdm's `groups`).
    pub fn group(&self, name: &str) -> (DependencyScope, bool) {
        if name == "default" || name == "main" {
            return (DependencyScope::Runtime, false);
        }
        if self.extras.contains(name) {
            return (DependencyScope::Runtime, true);
        }
        (self.groups.get(name).copied().unwrap_or_else(|| model::group_scope(name)), false)
    }

    /// Declared dependencies as edges of the project entry. Build requirements are not edges:
    /// no lockfile locks them. One the lockfile lacks is expected only behind a marker or an
    /// extra; otherwise the lock is out of date and the edge is reported unresolved.
    pub fn dep_edges(&self) -> Vec<Dep> {
        self.deps
            .iter()
            .filter(|d| d.scope != DependencyScope::Build)
            .map(|d| Dep {
                scope: d.scope,
                optional: d.optional,
                conditional: d.marker || d.optional,
                ..Dep::new(&d.name)
            })
            .collect()
    }

    /// The project's own entry (a path package), depending on what it declares.
    pub fn entry(&self) -> Option<Entry> {
        let name = self.name.as_deref()?;
        let mut entry = Entry::new("pypi", name, self.version.as_deref(), &self.path, self.line);
        entry.project = true;
        entry.source = Some(PackageSource::path(&names::local_path(names::parent(&self.path), ".")));
        entry.declared = self.license.clone();
        entry.deps = self.dep_edges();
        Some(entry)
    }
}

#[derive(Deserialize, Default)]
struct Raw {
    project: Option<RawProject>,
    #[serde(rename = "dependency-groups", default)]
    dependency_groups: BTreeMap<String, Vec<toml::Value>>,
    #[serde(rename = "build-system")]
    build_system: Option<RawBuild>,
    #[serde(default)]
    tool: RawTool,
}

#[derive(Deserialize, Default)]
struct RawProject {
    name: Option<String>,
    version: Option<String>,
    license: Option<toml::Value>,
    #[serde(rename = "license-files", default)]
    license_files: Vec<String>,
    #[serde(default)]
    classifiers: Vec<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(rename = "optional-dependencies", default)]
    optional_dependencies: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Default)]
struct RawBuild {
    #[serde(default)]
    requires: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawTool {
    poetry: Option<RawPoetry>,
    uv: Option<RawUv>,
    pdm: Option<RawPdm>,
}

#[derive(Deserialize, Default)]
struct RawPoetry {
    name: Option<String>,
    version: Option<String>,
    license: Option<String>,
    #[serde(default)]
    classifiers: Vec<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(rename = "dev-dependencies", default)]
    dev_dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    group: BTreeMap<String, RawPoetryGroup>,
    #[serde(default)]
    extras: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Default)]
struct RawPoetryGroup {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize, Default)]
struct RawUv {
    #[serde(rename = "dev-dependencies", default)]
    dev_dependencies: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawPdm {
    #[serde(rename = "dev-dependencies", default)]
    dev_dependencies: BTreeMap<String, Vec<String>>,
}

/// Reads the pyproject.toml at `path` for a lockfile beside it; `None` when it cannot be read
/// or parsed (a malformed one is reported by its own parse, not once more here).
pub fn load(path: &str) -> Option<Project> {
    let text = siblings::read_text(path)?;
    read(path, &text, &mut Vec::new())
}

/// Parses pyproject text. `None` when it does not parse (reported) or declares no project and
/// no dependency (a tool-configuration file).
pub fn read(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Project> {
    let raw: Raw = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let line =
                error.span().map(|s| ospo_plugin_sdk::text::LineIndex::new(text.as_bytes()).line_of(s.start));
            diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("pyproject.toml: {}", error.message().trim()),
                )
                .at(path, line),
            );
            return None;
        }
    };
    let finder = LineFinder::new(text);
    let dir = names::parent(path);
    let mut project = Project { path: path.to_string(), ..Project::default() };
    let poetry = raw.tool.poetry.unwrap_or_default();
    let pep = raw.project.unwrap_or_default();
    project.pep621 = finder.offset_of("[project]").is_some();
    project.poetry = finder.offset_of("[tool.poetry").is_some();
    project.name = pep.name.clone().or(poetry.name.clone());
    project.version = pep.version.clone().or(poetry.version.clone());
    project.line = section_line(&finder, "[project]").or_else(|| section_line(&finder, "[tool.poetry]"));
    project.license = pep_license(&pep, dir)
        .or_else(|| poetry.license.as_deref().map(DeclaredLicense::parse))
        .or_else(|| {
            let classifiers: Vec<&str> =
                pep.classifiers.iter().chain(&poetry.classifiers).map(String::as_str).collect();
            license::from_classifiers(classifiers)
        });

    let runtime = (DependencyScope::Runtime, false);
    let section = finder.offset_of("[project]").unwrap_or(0);
    for req in &pep.dependencies {
        push_pep508(&mut project, &finder, section, req, runtime, diagnostics);
    }
    let section = finder.offset_of("optional-dependencies").unwrap_or(0);
    for (extra, reqs) in &pep.optional_dependencies {
        project.extras.insert(extra.clone());
        for req in reqs {
            push_pep508(&mut project, &finder, section, req, (DependencyScope::Runtime, true), diagnostics);
        }
    }
    let section = finder.offset_of("[dependency-groups]").unwrap_or(0);
    for (group, items) in &raw.dependency_groups {
        let scope = model::group_scope(group);
        project.groups.insert(group.clone(), scope);
        // `{ include-group = "x" }` entries name another group, read on its own.
        for req in items.iter().filter_map(toml::Value::as_str) {
            push_pep508(&mut project, &finder, section, req, (scope, false), diagnostics);
        }
    }
    if let Some(uv) = raw.tool.uv {
        project.groups.insert("dev".into(), DependencyScope::Development);
        let section = finder.offset_of("[tool.uv]").unwrap_or(0);
        for req in &uv.dev_dependencies {
            push_pep508(
                &mut project,
                &finder,
                section,
                req,
                (DependencyScope::Development, false),
                diagnostics,
            );
        }
    }
    if let Some(pdm) = raw.tool.pdm {
        let section = finder.offset_of("dev-dependencies").unwrap_or(0);
        for (group, reqs) in &pdm.dev_dependencies {
            let scope = model::group_scope(group);
            project.groups.insert(group.clone(), scope);
            for req in reqs {
                push_pep508(&mut project, &finder, section, req, (scope, false), diagnostics);
            }
        }
    }
    let extra_deps: BTreeSet<String> =
        poetry.extras.values().flatten().map(|n| names::normalize(n)).collect();
    project.extras.extend(poetry.extras.keys().cloned());
    push_poetry(
        &mut project,
        &finder,
        "[tool.poetry.dependencies]",
        &poetry.dependencies,
        runtime.0,
        &extra_deps,
        dir,
    );
    push_poetry(
        &mut project,
        &finder,
        "[tool.poetry.dev-dependencies]",
        &poetry.dev_dependencies,
        DependencyScope::Development,
        &extra_deps,
        dir,
    );
    if !poetry.dev_dependencies.is_empty() {
        project.groups.insert("dev".into(), DependencyScope::Development);
    }
    for (group, table) in &poetry.group {
        let scope = model::group_scope(group);
        project.groups.insert(group.clone(), scope);
        let header = format!("[tool.poetry.group.{group}.dependencies]");
        push_poetry(&mut project, &finder, &header, &table.dependencies, scope, &extra_deps, dir);
    }
    if let Some(build) = &raw.build_system {
        let section = finder.offset_of("[build-system]").unwrap_or(0);
        for req in &build.requires {
            push_pep508(&mut project, &finder, section, req, (DependencyScope::Build, false), diagnostics);
        }
    }
    (project.name.is_some() || !project.deps.is_empty()).then_some(project)
}

fn section_line(finder: &LineFinder<'_>, header: &str) -> Option<u32> {
    finder.offset_of(header).map(|at| finder.line_of(at))
}

fn pep_license(pep: &RawProject, dir: &str) -> Option<DeclaredLicense> {
    match &pep.license {
        Some(toml::Value::String(expression)) => Some(DeclaredLicense::parse(expression)),
        Some(toml::Value::Table(table)) => {
            if let Some(text) = table.get("text").and_then(toml::Value::as_str) {
                return Some(DeclaredLicense::parse(text));
            }
            let file = table.get("file").and_then(toml::Value::as_str)?;
            let raw = format!("{{ file = \"{file}\" }}");
            Some(license::from_file(&raw, names::file_name(file), &names::local_path(dir, file)))
        }
        _ => {
            let file = pep.license_files.first()?;
            // A glob (`LICEN[CS]E*`) names no one file.
            (!file.contains(['*', '?', '[']))
                .then(|| license::from_file(file, names::file_name(file), &names::local_path(dir, file)))
        }
    }
}

fn push_pep508(
    project: &mut Project,
    finder: &LineFinder<'_>,
    section: usize,
    text: &str,
    (scope, optional): (DependencyScope, bool),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let line = finder
        .find_from(section, &format!("\"{text}\""))
        .or_else(|| finder.find_from(section, &format!("'{text}'")));
    let Some(req) = pep508::parse(text) else {
        diagnostics.push(
            Diagnostic::new(
                "manifest-malformed",
                Level::Error,
                format!("pyproject.toml: {text:?} is not a dependency specifier"),
            )
            .at(&project.path, line),
        );
        return;
    };
    let source =
        req.url.as_deref().map(|url| crate::requirements::url_source(url, names::parent(&project.path)));
    project.deps.push(Declared {
        pinned: req.pinned().map(str::to_string),
        name: req.name,
        spec: req.spec,
        scope,
        optional,
        line,
        source,
        marker: req.marker.is_some(),
    });
}

fn push_poetry(
    project: &mut Project,
    finder: &LineFinder<'_>,
    header: &str,
    table: &BTreeMap<String, toml::Value>,
    scope: DependencyScope,
    extra_deps: &BTreeSet<String>,
    dir: &str,
) {
    let section = finder.offset_of(header);
    for (name, value) in table {
        if name.eq_ignore_ascii_case("python") {
            continue;
        }
        // Several constraints (`[{ version = .., markers = .. }, ..]`): the first stands for all.
        let value = match value {
            toml::Value::Array(items) => items.first().unwrap_or(value),
            other => other,
        };
        let (spec, optional, marker, source) = match value {
            toml::Value::String(spec) => (spec.clone(), false, false, None),
            toml::Value::Table(t) => {
                let get = |k: &str| t.get(k).and_then(toml::Value::as_str);
                let source = poetry_source(t, dir);
                (
                    get("version").unwrap_or("").to_string(),
                    t.get("optional").and_then(toml::Value::as_bool).unwrap_or(false),
                    t.contains_key("markers") || t.contains_key("python") || t.contains_key("platform"),
                    source,
                )
            }
            _ => (String::new(), false, false, None),
        };
        let spec = if spec.trim() == "*" { String::new() } else { spec.trim().to_string() };
        let pinned = poetry_pin(&spec);
        let line = section.and_then(|at| key_line(finder, at, name));
        project.deps.push(Declared {
            name: name.clone(),
            spec,
            pinned,
            scope,
            optional: optional || extra_deps.contains(&names::normalize(name)),
            line,
            source,
            marker,
        });
    }
}

/// Poetry's exact forms: `1.2.3` and `==1.2.3`.
fn poetry_pin(spec: &str) -> Option<String> {
    if let Some(v) = pep508::pinned_version(spec) {
        return Some(v.to_string());
    }
    let bare = !spec.is_empty()
        && spec.starts_with(|c: char| c.is_ascii_digit())
        && spec.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'+' || b == b'-');
    bare.then(|| spec.to_string())
}

fn poetry_source(
    t: &toml::map::Map<String, toml::Value>,
    dir: &str,
) -> Option<(PackageSource, Vec<(String, String)>)> {
    let get = |k: &str| t.get(k).and_then(toml::Value::as_str);
    if let Some(git) = get("git") {
        let rev = get("rev").or(get("tag")).or(get("branch"));
        let commit = rev.filter(|r| names::is_commit(r));
        let vcs = match rev {
            Some(rev) => format!("git+{git}@{rev}"),
            None => format!("git+{git}"),
        };
        return Some((PackageSource::git(git, commit), vec![("vcs_url".into(), vcs)]));
    }
    if let Some(path) = get("path") {
        return Some((PackageSource::path(&names::local_path(dir, path)), Vec::new()));
    }
    get("url").map(|url| (PackageSource::url(url), vec![("download_url".into(), url.to_string())]))
}

/// The line of `key = ...` in the table starting at byte `section`.
fn key_line(finder: &LineFinder<'_>, section: usize, key: &str) -> Option<u32> {
    for needle in [format!("\n{key} ="), format!("\n{key}="), format!("\n\"{key}\" =")] {
        if let Some(line) = finder.find_from(section, &needle) {
            return Some(line + 1);
        }
    }
    None
}

/// The pyproject.toml read on its own: `DirectOnly`, or nothing when a lockfile claims it.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let Some(project) = read(path, text, &mut out.diagnostics) else { return };
    if let Some(lock) = siblings::lock_for_project(path, project.name.as_deref()) {
        ospo_plugin_sdk::host::log(Level::Info, &format!("{path}: read with its lockfile {lock}"));
        return;
    }
    let mut entries = Vec::new();
    if let Some(entry) = project.entry() {
        entries.push(entry);
    }
    for dep in &project.deps {
        let mut entry = Entry::new("pypi", &dep.name, dep.pinned.as_deref(), path, dep.line);
        if dep.pinned.is_none() && !dep.spec.is_empty() {
            entry.range = Some(dep.spec.clone());
        }
        entry.direct = Some(true);
        entry.scope = Some(dep.scope);
        entry.optional = dep.optional;
        if let Some((source, qualifiers)) = &dep.source {
            entry.source = Some(source.clone());
            entry.qualifiers = qualifiers.clone();
        }
        entries.push(entry);
    }
    let format = match (project.pep621, project.poetry) {
        (true, true) => "pyproject.toml (PEP 621 and Poetry)",
        (false, true) => "pyproject.toml (Poetry)",
        _ => "pyproject.toml (PEP 621)",
    };
    model::emit(path, "pypi", format, Completeness::DirectOnly, entries, out);
}
