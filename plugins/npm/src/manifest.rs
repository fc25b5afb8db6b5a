//! `package.json`: the project's name, version and licence, the dependencies it declares by
//! group, and its `workspaces`. Beside a lockfile it says what the lockfile cannot (which
//! dependencies are dev, peer or optional, yarn classic's roots); alone it is a `DirectOnly`
//! manifest.
//!
//! Alone, each declared dependency is one `direct` package. An exact version (`4.4.3`) is its
//! version; a range (`^4.3.4`, `latest`) is kept as written in `version` while the purl and id
//! carry no version, so the range is visible but never passes for a release. An alias
//! (`"old-ms": "npm:ms@^1"`) is the target package; `file:`/`link:` specs are path packages,
//! git and URL specs carry their source; `workspace:` specs name members and are left out.

use std::collections::HashMap;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{Completeness, Diagnostic, Level, Manifest, ParseOutput, host, relpath};
use serde_json::Value;

use crate::graph::{Graph, Kind, Node};
use crate::source;

/// One declared dependency.
#[derive(Debug, Clone)]
pub struct Dep {
    /// The key it is declared under (an alias's own name).
    pub name: String,
    /// The spec of the group that wins.
    pub spec: String,
    /// Every spec it is declared with, one per group (a peer range and a dev pin differ).
    pub specs: Vec<String>,
    pub kind: Kind,
    pub line: Option<u32>,
}

/// What a `package.json` says.
#[derive(Debug, Clone, Default)]
pub struct PackageJson {
    pub name: Option<String>,
    pub version: Option<String>,
    pub license: Option<String>,
    /// Every declared dependency; a name in several groups once, with the group that wins
    /// ([`PackageJson::kind_of`]).
    pub deps: Vec<Dep>,
    pub workspaces: Vec<String>,
    /// The line of `"name"`, else 1.
    pub line: Option<u32>,
    /// Position in `deps` by name: lockfile readers ask for thousands of names.
    by_name: HashMap<String, usize>,
}

/// Groups in the order a name declared in several is resolved: npm installs an
/// `optionalDependencies` entry as optional even when `dependencies` names it too, and a peer
/// that is also a dev dependency (a library testing against what its users provide) is a peer.
const GROUPS: &[(&str, Kind)] = &[
    ("optionalDependencies", Kind::Optional),
    ("dependencies", Kind::Prod),
    ("peerDependencies", Kind::Peer),
    ("devDependencies", Kind::Dev),
];

impl PackageJson {
    /// Parses `text`; the error carries the line where the JSON broke.
    pub fn parse(text: &str) -> Result<Self, (Option<u32>, String)> {
        let root: Value = serde_json::from_str(text)
            .map_err(|e| (u32::try_from(e.line()).ok().filter(|l| *l > 0), format!("not valid JSON: {e}")))?;
        let Some(object) = root.as_object() else {
            return Err((Some(1), "not a JSON object".to_string()));
        };
        let lines = KeyLines::new(text, 2);
        let mut manifest = Self::from_object(object);
        for dep in &mut manifest.deps {
            dep.line = GROUPS.iter().find_map(|(group, _)| lines.key_line(&[group, &dep.name]));
        }
        manifest.line = lines.key_line(&["name"]).or(Some(1));
        Ok(manifest)
    }

    /// What a `package.json`-shaped object says (also a bun.lock workspace entry), no lines.
    pub fn from_object(object: &serde_json::Map<String, Value>) -> Self {
        let string = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        let mut deps: Vec<Dep> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (group, kind) in GROUPS {
            let Some(map) = object.get(*group).and_then(Value::as_object) else { continue };
            for (name, spec) in map {
                let spec = spec.as_str().unwrap_or_default().to_string();
                if let Some(dep) = by_name.get(name).and_then(|&at| deps.get_mut(at)) {
                    dep.specs.push(spec);
                    continue;
                }
                by_name.insert(name.clone(), deps.len());
                deps.push(Dep {
                    name: name.clone(),
                    spec: spec.clone(),
                    specs: vec![spec],
                    kind: *kind,
                    line: None,
                });
            }
        }
        let workspaces = match object.get("workspaces") {
            Some(Value::Array(list)) => strings(list),
            Some(Value::Object(o)) => {
                o.get("packages").and_then(Value::as_array).map(|l| strings(l)).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        PackageJson {
            name: string("name"),
            version: string("version"),
            license: license(object),
            deps,
            workspaces,
            line: None,
            by_name,
        }
    }

    /// The `package.json` at `path` through the host: `None` when there is none, an error
    /// diagnostic in `out` when it does not parse.
    pub fn read(path: &str, out: &mut ParseOutput) -> Option<Self> {
        let bytes = host::read_file(path).ok()?;
        match Self::parse(&lossy(&bytes)) {
            Ok(manifest) => Some(manifest),
            Err((line, message)) => {
                out.diagnostics.push(malformed(path, line, &message));
                None
            }
        }
    }

    /// The group that declares the dependency named `name` (its key, an alias's own name).
    pub fn kind_of(&self, name: &str) -> Option<Kind> {
        self.by_name.get(name).and_then(|&at| self.deps.get(at)).map(|d| d.kind)
    }
}

fn strings(list: &[Value]) -> Vec<String> {
    list.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

/// `license` as a string, the legacy `{ "type": .. }` object, or a legacy `licenses` list
/// (alternatives, joined with `OR`).
fn license(object: &serde_json::Map<String, Value>) -> Option<String> {
    let of = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    if let Some(license) = object.get("license").and_then(of) {
        return Some(license);
    }
    let list: Vec<String> = object.get("licenses")?.as_array()?.iter().filter_map(of).collect();
    (!list.is_empty()).then(|| list.join(" OR "))
}

/// A `manifest-malformed` error at `path`.
pub fn malformed(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Error, format!("{}: {message}", source::file_name(path)))
        .at(path, line)
}

/// Whether `spec` is one exact version rather than a range or another kind of spec.
fn exact_version(spec: &str) -> bool {
    let core = spec.split(['-', '+']).next().unwrap_or(spec);
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a `package.json` with no lockfile: the project and its declared dependencies.
pub fn direct_only(path: &str, manifest: &PackageJson, out: &mut ParseOutput) {
    let dir = relpath::parent(path);
    let mut graph = Graph::default();
    let name = manifest.name.clone().unwrap_or_else(|| project_name(dir));
    let mut project = Node::project(&name, manifest.version.as_deref(), dir);
    project.license = manifest.license.clone();
    project.line = manifest.line;
    let root = graph.add(project);
    for dep in &manifest.deps {
        let spec = dep.spec.trim();
        if spec.starts_with("workspace:") {
            continue;
        }
        let (name, spec) = source::alias_target(spec).unwrap_or((dep.name.as_str(), spec));
        let mut node = Node::new(name, None);
        node.line = dep.line;
        if spec.starts_with("file:")
            || spec.starts_with("link:")
            || source::is_git(spec)
            || spec.contains("://")
        {
            let (source, qualifiers) = source::from_resolved(spec, name, dir);
            node.source = source;
            node.qualifiers = qualifiers;
        } else if exact_version(spec) {
            node.version = Some(spec.to_string());
        }
        if node.version.is_none() && node.source.is_none() && !spec.is_empty() {
            // The range stays visible in `version`; the purl has none.
            node.range = Some(spec.to_string());
        }
        let index = graph.add(node);
        graph.edge(root, index, dep.kind);
    }
    graph.emit(path, out);
    out.manifests.push(Manifest::new(path, "npm", "package.json", Completeness::DirectOnly));
}

/// A local folder package the lockfile names without a version (pnpm 6/9 `file:` entries, bun
/// `file:` idents): its own `package.json`, read through the host, has the version and licence.
pub fn fill_from_folder(node: &mut crate::graph::Node) {
    let Some(folder) = node
        .source
        .as_ref()
        .filter(|s| s.kind == ospo_plugin_sdk::SourceKind::Path)
        .and_then(|s| s.url.clone())
    else {
        return;
    };
    let folder = if folder == "." { String::new() } else { folder };
    let Ok(bytes) = host::read_file(&relpath::file_in(&folder, "package.json")) else { return };
    if let Ok(local) = PackageJson::parse(&lossy(&bytes)) {
        if node.version.is_none() {
            node.version = local.version;
        }
        if node.license.is_none() {
            node.license = local.license;
        }
    }
}

/// A project without a `name`: its directory's name, or `root`.
pub fn project_name(dir: &str) -> String {
    let name = relpath::file_name(dir);
    if name.is_empty() { "root".to_string() } else { name.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_lines_and_workspaces() {
        let text = r#"{
  "name": "app",
  "license": {"type": "MIT"},
  "workspaces": {"packages": ["packages/*"]},
  "dependencies": {"react": "^18", "fsevents": "^2"},
  "optionalDependencies": {"fsevents": "^2"},
  "peerDependencies": {"react": "^18"},
  "devDependencies": {"react": "^18.3.1", "jest": "29.7.0"}
}"#;
        let m = PackageJson::parse(text).expect("valid");
        assert_eq!(m.name.as_deref(), Some("app"));
        assert_eq!(m.license.as_deref(), Some("MIT"));
        assert_eq!(m.workspaces, ["packages/*"]);
        assert_eq!(m.kind_of("fsevents"), Some(Kind::Optional));
        assert_eq!(m.kind_of("react"), Some(Kind::Prod));
        assert_eq!(m.kind_of("jest"), Some(Kind::Dev));
        assert_eq!(m.deps.iter().find(|d| d.name == "jest").and_then(|d| d.line), Some(8));
        assert_eq!(m.deps.len(), 3);
        let err = PackageJson::parse("{\n  \"name\": \n").expect_err("broken");
        assert_eq!(err.0, Some(3));
        assert!(PackageJson::parse("[1]").is_err());
    }

    #[test]
    fn exact_versions_are_not_ranges() {
        assert!(exact_version("4.4.3"));
        assert!(exact_version("1.0.0-beta.1"));
        for range in ["^4.4.3", "~1.0.0", "4.x", "latest", "1.0", ">=1.0.0 <2", ""] {
            assert!(!exact_version(range), "{range}");
        }
    }
}
