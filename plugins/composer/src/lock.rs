//! `composer.lock`: `packages` (runtime) and `packages-dev` (development), each entry a package
//! with its `source` (a VCS checkout and its reference), `dist` (an archive and its `shasum`),
//! `license` list and `require` map.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::json_lines::{KeyLines, Segment};
use ospo_plugin_sdk::{
    DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, HashAlgorithm, Level, Package,
    PackageSource, ParseOutput, relpath,
};
use serde_json::Value;

use crate::{direct::Direct, names};

/// One locked package, as read.
struct Entry<'a> {
    name: &'a str,
    id: String,
    value: &'a Value,
    scope: DependencyScope,
    line: Option<u32>,
}

/// The format as users name it: Composer 2 writes `plugin-api-version`, Composer 1 does not.
pub fn format(root: &Value) -> String {
    match root.get("plugin-api-version").and_then(Value::as_str) {
        Some(api) => format!("composer.lock v2 (plugin API {api})"),
        None => "composer.lock v1".to_string(),
    }
}

/// Adds the lockfile's packages and edges to `out`.
pub fn build(path: &str, text: &str, root: &Value, direct: Option<&Direct>, out: &mut ParseOutput) {
    let lines = KeyLines::new(text, 3);
    let mut entries = Vec::new();
    for (section, scope) in
        [("packages", DependencyScope::Runtime), ("packages-dev", DependencyScope::Development)]
    {
        let list = match root.get(section) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(list)) => list,
            Some(_) => {
                out.diagnostics.push(malformed(
                    path,
                    lines.key_line(&[section]),
                    &format!("`{section}` is not a list"),
                ));
                continue;
            }
        };
        for (i, value) in list.iter().enumerate() {
            let at = |key: &str| lines.line(&[Segment::key(section), Segment::Index(i), Segment::key(key)]);
            let line = at("name").or_else(|| lines.key_line(&[section]));
            let Some(name) = value.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) else {
                out.diagnostics.push(malformed(path, line, &format!("entry {i} of `{section}` has no name")));
                continue;
            };
            let version = value.get("version").and_then(Value::as_str);
            let id = names::purl(name, version);
            entries.push(Entry { name, id, value, scope, line });
        }
    }

    // Names a `require` may use: each package's own (lower case, as Composer compares them),
    // and what it `replace`s or `provide`s (`psr/log-implementation`).
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        by_name.entry(entry.name.to_ascii_lowercase()).or_default().push(i);
        for key in ["replace", "provide"] {
            for virtual_name in
                entry.value.get(key).and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k)
            {
                let list = by_name.entry(virtual_name.to_ascii_lowercase()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
    }

    let dir = relpath::parent(path);
    for entry in &entries {
        out.packages.push(package(path, dir, entry, direct));
    }
    for entry in &entries {
        let mut seen = BTreeSet::new();
        for (dep, _) in entry.value.get("require").and_then(Value::as_object).into_iter().flatten() {
            if names::is_platform(dep) {
                continue;
            }
            match by_name.get(&dep.to_ascii_lowercase()) {
                Some(targets) => {
                    for &t in targets {
                        let to = &entries[t].id;
                        if to != &entry.id && seen.insert(to.clone()) {
                            out.edges.push(DependencyEdge::new(&entry.id, to, DependencyScope::Runtime));
                        }
                    }
                }
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!("`{dep}`, required by {}, is not locked in this file", entry.name),
                    )
                    .at(path, entry.line),
                ),
            }
        }
    }
}

fn package(path: &str, dir: &str, entry: &Entry<'_>, direct: Option<&Direct>) -> Package {
    let value = entry.value;
    let version = value.get("version").and_then(Value::as_str);
    let mut package = Package::new("composer", entry.name, version)
        .purl(&entry.id)
        .scope(entry.scope)
        .direct(direct.is_some_and(|d| d.names(entry.name)))
        .location(path, entry.line);
    if let Some(source) = source(dir, value) {
        package = package.source(source);
    }
    let shasum = value.pointer("/dist/shasum").and_then(Value::as_str).unwrap_or_default();
    if shasum.len() == 40 && shasum.bytes().all(|b| b.is_ascii_hexdigit()) {
        package = package.hash(HashAlgorithm::Sha1, shasum);
    }
    if let Some(raw) = license(value) {
        package = package.declared(DeclaredLicense::parse(&raw));
    }
    if let Some(homepage) = value.get("homepage").and_then(Value::as_str).filter(|h| !h.is_empty()) {
        package = package.homepage(homepage);
    }
    package
}

/// A VCS checkout with its reference when the entry has one; else the archive: a local path
/// (`"type": "path"`, resolved against the lockfile) or a download URL.
fn source(dir: &str, value: &Value) -> Option<PackageSource> {
    let field = |object: &str, key: &str| value.get(object)?.get(key)?.as_str().filter(|s| !s.is_empty());
    if let (Some(kind), Some(url)) = (field("source", "type"), field("source", "url")) {
        return Some(match kind {
            "git" => PackageSource::git(url, field("source", "reference")),
            _ => PackageSource::url(url),
        });
    }
    let url = field("dist", "url")?;
    Some(match field("dist", "type") {
        Some("path") => PackageSource::path(&relpath::join(dir, url).unwrap_or_else(|| url.to_string())),
        _ => PackageSource::url(url),
    })
}

/// `license` as Composer means it: a list is a choice (`["MIT", "GPL-2.0"]` is `MIT OR
/// GPL-2.0`); a plain string is taken as written.
pub fn license(value: &Value) -> Option<String> {
    match value.get("license")? {
        Value::String(one) if !one.trim().is_empty() => Some(one.clone()),
        Value::Array(list) => {
            let parts: Vec<&str> =
                list.iter().filter_map(Value::as_str).filter(|s| !s.trim().is_empty()).collect();
            match parts.as_slice() {
                [] => None,
                [one] => Some((*one).to_string()),
                many => Some(many.iter().map(|p| wrap(p)).collect::<Vec<_>>().join(" OR ")),
            }
        }
        _ => None,
    }
}

/// An alternative that is itself an expression keeps its meaning inside the `OR`.
fn wrap(part: &str) -> String {
    if part.contains(' ') && !(part.starts_with('(') && part.ends_with(')')) {
        format!("({part})")
    } else {
        part.to_string()
    }
}

pub fn malformed(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, message.to_string()).at(path, line)
}
