//! `deno.lock`, versions 3 (Deno 1.x: `packages.{specifiers,npm,jsr}`), 4 (Deno 2.0–2.2) and 5
//! (Deno 2.3+: top-level `specifiers`, `npm`, `jsr`).
//!
//! - `npm` entries (`chalk@4.1.2`, a peer suffix after `_`) are npm packages with their
//!   `integrity`; v3 writes dependencies as `{alias: "name@version"}`, v4/v5 as a list of names
//!   (the only version of that name in the lockfile) or `name@version`.
//! - `jsr` entries (`@std/path@1.0.8`) are JSR packages: the purl spec has no JSR type, so they
//!   are `pkg:generic/jsr/%40std/path@1.0.8` (ecosystem `generic`), with the sha256 `integrity`.
//! - `remote` modules (`url: sha256`) are each a `generic` package named by their URL (scheme
//!   dropped), purl `pkg:generic/<file>?download_url=<url>`, source the URL.
//! - `workspace.dependencies` and `workspace.packageJson.dependencies` (and each member's under
//!   `workspace.members`) are the direct dependencies, resolved through `specifiers`; the
//!   `package.json` beside the lockfile gives npm dependencies their group.

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, Diagnostic, Hash, HashAlgorithm, Level, Manifest, PackageSource, ParseOutput, SourceKind,
    relpath,
};
use serde_json::{Map, Value};

use crate::graph::{Graph, Kind, Node};
use crate::lines::EntryLines;
use crate::manifest::{self, PackageJson};
use crate::source;

/// Reads the `deno.lock` at `path`.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            out.diagnostics.push(manifest::malformed(path, line, &format!("not valid JSON: {e}")));
            return;
        }
    };
    let Some(top) = root.as_object() else {
        out.diagnostics.push(manifest::malformed(path, Some(1), "not a JSON object"));
        return;
    };
    let version = top.get("version").and_then(Value::as_str).unwrap_or("none");
    // v3 nests the package maps under `packages`; v4 and v5 have them at the top.
    let (tables, prefix): (&Map<String, Value>, &[&str]) = match version {
        "3" => match top.get("packages").and_then(Value::as_object) {
            Some(packages) => (packages, &["packages"]),
            None => (&EMPTY, &["packages"]),
        },
        "4" | "5" => (top, &[]),
        _ => {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!("deno.lock: version {version} is not one this parser reads (3, 4, 5)"),
                )
                .at(path, Some(1)),
            );
            return;
        }
    };
    let lines = EntryLines::new(text, 3);
    let line_of = |table: &str, key: &str| {
        let mut keys: Vec<&str> = prefix.to_vec();
        keys.extend([table, key]);
        lines.get(table, key, &keys)
    };
    let dir = relpath::parent(path);
    let mut reader = Reader {
        graph: Graph::default(),
        npm: HashMap::new(),
        jsr: HashMap::new(),
        specifiers: HashMap::new(),
    };
    for (spec, resolved) in object(tables, "specifiers") {
        if let Some(resolved) = resolved.as_str() {
            reader.specifiers.insert(spec.clone(), resolved.to_string());
        }
    }
    let mut pending: Vec<(usize, String, Kind, bool)> = Vec::new();
    for (key, entry) in object(tables, "npm") {
        let Some((name, version)) = source::split_name_version(key) else {
            out.diagnostics.push(manifest::malformed(
                path,
                line_of("npm", key),
                &format!("cannot read the npm key {key:?}"),
            ));
            continue;
        };
        // A peer-resolved copy: `react-dom@18.3.1_react@18.3.1`.
        let version = version.split('_').next().unwrap_or(version);
        let mut node = Node::new(name, Some(version));
        node.line = line_of("npm", key);
        node.source = Some(PackageSource::new(SourceKind::Registry, None));
        if let Some(tarball) = entry.get("tarball").and_then(Value::as_str) {
            (node.source, node.qualifiers) = source::from_resolved(tarball, name, dir);
        }
        node.hashes.extend(entry.get("integrity").and_then(Value::as_str).and_then(Hash::parse_integrity));
        let index = reader.graph.add(node);
        reader.npm.entry(name.to_string()).or_default().push((key.clone(), index));
        for (group, kind) in [("dependencies", Kind::Prod), ("optionalDependencies", Kind::Optional)] {
            match entry.get(group) {
                // v3: `{alias: "name@version"}`.
                Some(Value::Object(deps)) => {
                    pending.extend(
                        deps.values()
                            .filter_map(Value::as_str)
                            .map(|d| (index, format!("npm:{d}"), kind, true)),
                    );
                }
                Some(Value::Array(deps)) => {
                    pending.extend(
                        deps.iter()
                            .filter_map(Value::as_str)
                            .map(|d| (index, format!("npm:{d}"), kind, true)),
                    );
                }
                _ => {}
            }
        }
    }
    for (key, entry) in object(tables, "jsr") {
        let Some((name, version)) = source::split_name_version(key) else {
            out.diagnostics.push(manifest::malformed(
                path,
                line_of("jsr", key),
                &format!("cannot read the jsr key {key:?}"),
            ));
            continue;
        };
        let mut node = Node::new(name, Some(version));
        node.ecosystem = Some("generic");
        let (scope, bare) = name.split_once('/').unwrap_or(("", name));
        node.namespace = Some(if scope.is_empty() { "jsr".to_string() } else { format!("jsr/{scope}") });
        node.purl_name = Some(bare.to_string());
        node.line = line_of("jsr", key);
        node.source = Some(PackageSource::new(SourceKind::Registry, None));
        if let Some(hex) = entry.get("integrity").and_then(Value::as_str).filter(|h| is_hex(h)) {
            node.hashes.push(Hash::new(HashAlgorithm::Sha256, hex));
        }
        let index = reader.graph.add(node);
        reader.jsr.entry(name.to_string()).or_default().push((key.clone(), index));
        for dep in entry
            .get("dependencies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            pending.push((index, dep.to_string(), Kind::Prod, false));
        }
    }
    for (url, hash) in object(top, "remote") {
        let shown = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let file = shown.rsplit('/').find(|s| !s.is_empty()).unwrap_or(shown);
        let mut node = Node::new(shown, None);
        node.ecosystem = Some("generic");
        node.purl_name = Some(file.to_string());
        node.qualifiers.push(("download_url", url.clone()));
        node.source = Some(PackageSource::url(url));
        node.line = lines.get("remote", url, &["remote", url]);
        if let Some(hex) = hash.as_str().filter(|h| is_hex(h)) {
            node.hashes.push(Hash::new(HashAlgorithm::Sha256, hex));
        }
        reader.graph.add(node);
    }
    // The projects: the root, and each workspace member.
    let workspace = top.get("workspace").and_then(Value::as_object);
    let pj = PackageJson::read(&relpath::file_in(dir, "package.json"), out);
    let root_name = pj.as_ref().and_then(|p| p.name.clone()).unwrap_or_else(|| manifest::project_name(dir));
    let mut root_node = Node::project(&root_name, pj.as_ref().and_then(|p| p.version.as_deref()), dir);
    root_node.license = pj.as_ref().and_then(|p| p.license.clone());
    root_node.line = lines.get("", "workspace", &["workspace"]).or(Some(1));
    let root = reader.graph.add(root_node);
    let mut projects: Vec<Project<'_>> = vec![(root, workspace, pj)];
    for (member, entry) in workspace.map(|w| object(w, "members")).into_iter().flatten() {
        let member_dir = relpath::join(dir, member).unwrap_or_else(|| dir.to_string());
        let member_pj = PackageJson::read(&relpath::file_in(&member_dir, "package.json"), out);
        let name = member_pj
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| manifest::project_name(&member_dir));
        let mut node =
            Node::project(&name, member_pj.as_ref().and_then(|p| p.version.as_deref()), &member_dir);
        node.line = lines.get("members", member, &["workspace", "members", member]);
        let index = reader.graph.add(node);
        projects.push((index, entry.as_object(), member_pj));
    }
    for (project, entry, pj) in &projects {
        let Some(entry) = entry else { continue };
        let listed = entry.get("dependencies").and_then(Value::as_array).into_iter().flatten();
        let from_json = entry
            .get("packageJson")
            .and_then(|p| p.get("dependencies"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for spec in listed.chain(from_json).filter_map(Value::as_str) {
            // The group the package.json puts an npm dependency in.
            let kind = spec
                .strip_prefix("npm:")
                .and_then(|s| source::split_name_version(s).map(|(n, _)| n).or(Some(s)))
                .and_then(|name| pj.as_ref().and_then(|p| p.kind_of(name)))
                .unwrap_or(Kind::Prod);
            pending.push((*project, spec.to_string(), kind, false));
        }
    }
    for (from, spec, kind, bare_npm) in pending {
        match reader.resolve(&spec, bare_npm) {
            Some(to) => reader.graph.edge(from, to, kind),
            None if kind == Kind::Optional => {}
            None => out.diagnostics.push(
                Diagnostic::new(
                    "dependency-unresolved",
                    Level::Warning,
                    format!(
                        "deno.lock: {} depends on {spec}, which no entry holds",
                        reader.graph.nodes[from].name
                    ),
                )
                .at(path, reader.graph.nodes[from].line),
            ),
        }
    }
    reader.graph.emit(path, out);
    out.manifests.push(Manifest::new(path, "npm", &format!("deno.lock v{version}"), Completeness::Complete));
}

/// A project: its node, its `workspace` (or member) entry, its package.json.
type Project<'a> = (usize, Option<&'a Map<String, Value>>, Option<PackageJson>);

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

fn object<'a>(table: &'a Map<String, Value>, key: &str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    table.get(key).and_then(Value::as_object).into_iter().flatten()
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

struct Reader {
    graph: Graph,
    /// npm and jsr nodes by package name: `(key, node)` for each version.
    npm: HashMap<String, Vec<(String, usize)>>,
    jsr: HashMap<String, Vec<(String, usize)>>,
    specifiers: HashMap<String, String>,
}

impl Reader {
    /// The node `spec` names: `npm:chalk@^4` through `specifiers`, `npm:chalk@4.1.2` or
    /// `jsr:@std/path@1.0.8` exactly, or a bare `npm:chalk` / `jsr:@std/path` when the lockfile
    /// holds one version of it. A dependency of an npm entry (`bare_npm`) is written without
    /// its `npm:` prefix, and is never looked up in `specifiers`.
    fn resolve(&self, spec: &str, bare_npm: bool) -> Option<usize> {
        let (table, rest) = if let Some(rest) = spec.strip_prefix("npm:") {
            (&self.npm, rest)
        } else if let Some(rest) = spec.strip_prefix("jsr:") {
            (&self.jsr, rest)
        } else {
            return None;
        };
        // `alias@npm:name@version` (v3 writes an alias's target this way).
        let rest = rest.split_once("@npm:").map_or(rest, |(_, target)| target);
        let (name, version) = match source::split_name_version(rest) {
            Some((name, version)) => (name, Some(version)),
            None => (rest, None),
        };
        let versions = table.get(name)?;
        let Some(version) = version else {
            return (versions.len() == 1).then(|| versions[0].1);
        };
        let exact = |v: &str| versions.iter().find(|(k, _)| k == &format!("{name}@{v}")).map(|(_, i)| *i);
        if let Some(found) = exact(version) {
            return Some(found);
        }
        if bare_npm {
            return None;
        }
        // A range: `specifiers` holds what it resolved to (`4.1.2` in v4/v5, `npm:chalk@4.1.2` in v3).
        let resolved = self.specifiers.get(spec)?;
        let resolved = resolved
            .rsplit_once('@')
            .filter(|_| resolved.contains(':'))
            .map_or(resolved.as_str(), |(_, v)| v);
        exact(resolved)
    }
}
