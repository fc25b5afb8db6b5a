//! Reads the `Cargo.toml` files next to a lockfile: the workspace members, what each declares
//! (and in which table, which gives the dependency scope), and the licence each declares.
//!
//! Members are found as Cargo finds them: the root `[package]`, the `[workspace] members` globs
//! minus `exclude`, and path dependencies inside the workspace directory. Path dependencies
//! outside it (or excluded) are read too, for their name and licence.

use std::collections::BTreeSet;

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{DependencyScope, Diagnostic, Level, host};
use toml::{Table, Value};

use crate::paths;

/// A manifest with a `[package]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub name: String,
    /// `None` when neither the manifest nor the workspace sets it.
    pub version: Option<String>,
    /// Directory relative to the scan root (`""` for the root).
    pub dir: String,
    /// The `license` field, workspace inheritance applied.
    pub license: Option<String>,
    /// The `Cargo.toml` that writes the licence: the workspace root's when inherited.
    pub license_path: String,
    pub dependencies: Vec<Declared>,
}

/// One entry of a dependency table.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// The package name (after `package = "…"` renames).
    pub name: String,
    /// Runtime, build or development, from the table that declares it.
    pub scope: DependencyScope,
    /// `optional = true`: only a feature pulls it in.
    pub optional: bool,
    /// For path dependencies: the directory, relative to the scan root.
    pub path: Option<String>,
}

/// The manifests of one lockfile's workspace.
#[derive(Debug, Default)]
pub struct Workspace {
    pub members: Vec<Manifest>,
    /// Path dependencies that are not members (outside the workspace or excluded).
    pub path_packages: Vec<Manifest>,
}

/// The parts of the root `[workspace]` that members inherit.
#[derive(Default)]
struct Inherited {
    dir: String,
    package: Table,
    dependencies: Table,
}

/// Dependency tables and the scope of what they declare.
const TABLES: &[(&str, DependencyScope)] = &[
    ("dependencies", DependencyScope::Runtime),
    ("dev-dependencies", DependencyScope::Development),
    ("dev_dependencies", DependencyScope::Development),
    ("build-dependencies", DependencyScope::Build),
    ("build_dependencies", DependencyScope::Build),
];

/// Loads the workspace whose root is `dir`. `None` when there is no readable root manifest; the
/// reason is in `diagnostics`.
pub fn load(dir: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Workspace> {
    let root_path = paths::file_in(dir, "Cargo.toml");
    let root = match read(&root_path) {
        Ok(table) => table,
        Err(Problem::Missing(reason)) => {
            diagnostics.push(
                Diagnostic::new(
                    "manifest-missing",
                    Level::Info,
                    format!("no Cargo.toml next to the lockfile ({reason}); direct dependencies and scopes are unknown"),
                )
                .at(&root_path, None),
            );
            return None;
        }
        Err(Problem::Malformed(diagnostic)) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let workspace = root.get("workspace").and_then(Value::as_table);
    let inherited = Inherited {
        dir: dir.to_string(),
        package: sub_table(workspace, "package"),
        dependencies: sub_table(workspace, "dependencies"),
    };
    let excluded: Vec<String> = strings(workspace, "exclude").filter_map(|p| paths::join(dir, p)).collect();

    let mut ws = Workspace::default();
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    if let Some(manifest) = manifest(&root, dir, &inherited) {
        seen.insert(dir.to_string());
        ws.members.push(manifest);
    }
    for pattern in strings(workspace, "members") {
        let dirs = member_dirs(dir, pattern, diagnostics);
        queue.extend(dirs.into_iter().filter(|d| !excluded.iter().any(|ex| paths::is_within(d, ex))));
    }
    // Members first, then path dependencies as they turn up; each directory read once.
    loop {
        let mut dependency_dirs: Vec<String> = ws
            .members
            .iter()
            .chain(&ws.path_packages)
            .flat_map(|m| &m.dependencies)
            .filter_map(|d| d.path.clone())
            .collect();
        dependency_dirs.retain(|d| !seen.contains(d));
        queue.extend(dependency_dirs);
        let Some(next) = queue.pop() else { break };
        if !seen.insert(next.clone()) {
            continue;
        }
        let is_member =
            paths::is_within(&next, dir) && !excluded.iter().any(|ex| paths::is_within(&next, ex));
        let path = paths::file_in(&next, "Cargo.toml");
        match read(&path) {
            Ok(table) => {
                if let Some(found) = manifest(&table, &next, &inherited) {
                    if is_member { ws.members.push(found) } else { ws.path_packages.push(found) }
                }
            }
            Err(Problem::Missing(reason)) => diagnostics.push(
                Diagnostic::new("manifest-missing", Level::Warning, format!("cannot read {path}: {reason}"))
                    .at(&path, None),
            ),
            Err(Problem::Malformed(diagnostic)) => diagnostics.push(diagnostic),
        }
    }
    ws.members.sort_by(|a, b| a.dir.cmp(&b.dir));
    ws.path_packages.sort_by(|a, b| a.dir.cmp(&b.dir));
    Some(ws)
}

/// Directories matched by one `members` entry. Globs go through the host's file list, which uses
/// Cargo's dialect (`*` stays within one directory).
fn member_dirs(root: &str, pattern: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(joined) = paths::join(root, pattern) else { return Vec::new() };
    if !pattern.contains(['*', '?', '[']) {
        return vec![joined];
    }
    match host::list_files(&paths::file_in(&joined, "Cargo.toml")) {
        Ok(files) => files.iter().map(|f| paths::parent(f).to_string()).collect(),
        Err(reason) => {
            diagnostics.push(
                Diagnostic::new(
                    "manifest-members-unlisted",
                    Level::Warning,
                    format!("cannot list workspace members `{pattern}`: {reason}"),
                )
                .at(&paths::file_in(root, "Cargo.toml"), None),
            );
            Vec::new()
        }
    }
}

enum Problem {
    Missing(String),
    Malformed(Diagnostic),
}

fn read(path: &str) -> Result<Table, Problem> {
    let bytes = host::read_file(path).map_err(Problem::Missing)?;
    let text = String::from_utf8_lossy(&bytes);
    toml::from_str::<Table>(&text).map_err(|error| {
        let line = error.span().map(|span| LineIndex::new(text.as_bytes()).line_of(span.start));
        Problem::Malformed(
            Diagnostic::new(
                "manifest-malformed",
                Level::Warning,
                format!("Cargo.toml does not parse: {}", error.message().trim()),
            )
            .at(path, line),
        )
    })
}

/// The `[package]` of `table`, or `None` for a virtual manifest.
fn manifest(table: &Table, dir: &str, inherited: &Inherited) -> Option<Manifest> {
    let package = table.get("package").and_then(Value::as_table)?;
    // The value, and whether it comes from the workspace root.
    let field = |key: &str| -> Option<(String, bool)> {
        match package.get(key)? {
            Value::String(s) => Some((s.clone(), false)),
            // `license.workspace = true`
            Value::Table(t) if t.get("workspace").and_then(Value::as_bool) == Some(true) => {
                inherited.package.get(key).and_then(Value::as_str).map(|s| (s.to_string(), true))
            }
            _ => None,
        }
    };
    let license = field("license");
    let license_dir =
        if license.as_ref().is_some_and(|(_, from_root)| *from_root) { &inherited.dir } else { dir };
    Some(Manifest {
        name: field("name")?.0,
        version: field("version").map(|(v, _)| v),
        dir: dir.to_string(),
        license_path: paths::file_in(license_dir, "Cargo.toml"),
        license: license.map(|(l, _)| l),
        dependencies: declared(table, dir, inherited),
    })
}

/// Every entry of every dependency table, `[target.'cfg(…)'.*]` included.
fn declared(table: &Table, dir: &str, inherited: &Inherited) -> Vec<Declared> {
    let targets = table.get("target").and_then(Value::as_table);
    let scopes = std::iter::once(table)
        .chain(targets.into_iter().flat_map(|t| t.values().filter_map(Value::as_table)));
    let mut out = Vec::new();
    for holder in scopes {
        for (key, scope) in TABLES {
            let Some(entries) = holder.get(*key).and_then(Value::as_table) else { continue };
            out.extend(entries.iter().map(|(name, spec)| entry(name, spec, *scope, dir, inherited)));
        }
    }
    out
}

fn entry(key: &str, spec: &Value, scope: DependencyScope, dir: &str, inherited: &Inherited) -> Declared {
    let spec = spec.as_table();
    let get =
        |t: Option<&Table>, k: &str| t.and_then(|t| t.get(k)).and_then(Value::as_str).map(str::to_string);
    let optional = spec.and_then(|t| t.get("optional")).and_then(Value::as_bool) == Some(true);
    let from_workspace = spec.and_then(|t| t.get("workspace")).and_then(Value::as_bool) == Some(true);
    let (spec, base) = if from_workspace {
        (inherited.dependencies.get(key).and_then(Value::as_table), inherited.dir.as_str())
    } else {
        (spec, dir)
    };
    Declared {
        name: get(spec, "package").unwrap_or_else(|| key.to_string()),
        scope,
        optional,
        path: get(spec, "path").and_then(|p| paths::join(base, &p)),
    }
}

fn sub_table(table: Option<&Table>, key: &str) -> Table {
    table.and_then(|t| t.get(key)).and_then(Value::as_table).cloned().unwrap_or_default()
}

fn strings<'a>(table: Option<&'a Table>, key: &str) -> impl Iterator<Item = &'a str> {
    table.and_then(|t| t.get(key)).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}
