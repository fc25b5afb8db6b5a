//! # `nix` parser
//!
//! Reads Nix flakes' `flake.lock` (lock versions 5 to 7, which share one shape: a `nodes` map, a
//! `root` node name and each node's `inputs`) into packages and the edges between them.
//!
//! - One package per locked node (the root node is the project, not a package). Nodes that lock
//!   the same source (two node keys, one repository and revision) are one package.
//! - purls: a `github` input is `pkg:github/OWNER/REPO@REV` (the purl spec's `github` type, whose
//!   version is a commit). Every other input is `generic`, because the spec's `nix` type names a
//!   nixpkgs *attribute* (`pkg:nix/nixpkgs/hello@2.12`), not a flake input: `git`, `gitlab`,
//!   `sourcehut` and `mercurial` carry a `vcs_url` qualifier (`git+URL@REV`), `tarball` and
//!   `file` a `download_url`, `path` nothing but its name (`pkg:generic/NAME`). A generic input's name is its node
//!   key without the `_N` suffix Nix adds to tell duplicates apart (`nixpkgs_2` is `nixpkgs`).
//! - `version`: the locked `rev` where there is one; `file` and `path` inputs have none.
//! - `source`: git with the commit for repository inputs, a URL for tarballs and files, a path
//!   (resolved against the lockfile's directory when relative) for `path` inputs.
//! - `hashes`: `narHash` (SRI `sha256-…`, the NAR hash of the fetched tree) as sha256 hex.
//! - `direct`: the inputs of the root node. Every input is `runtime`: a flake input is whatever
//!   the flake's outputs are built from, and the lockfile cannot tell tooling from content.
//! - Edges: each node's `inputs`, a node name or a `follows` path from the root
//!   (`["nix", "nixpkgs"]`), resolved the way Nix does. An empty path (`[]`, "follow the root
//!   flake itself") gives no edge.
//! - `locations`: the lockfile and the line of the node's key under `nodes`.
//! - Manifest: ecosystem `nix`, format `flake.lock v<N>`, complete.

mod node;

use std::collections::BTreeMap;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::text::lossy;
use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, FileInput, Level, Manifest, ParseOutput,
    Parser, PluginInfo,
};
use serde_json::Value;

/// The parser.
pub struct Nix;

/// Lock versions whose shape this parser reads.
const VERSIONS: std::ops::RangeInclusive<u64> = 5..=7;

/// How many `follows` hops a reference may take before it is called a cycle.
const MAX_FOLLOWS: usize = 64;

impl Parser for Nix {
    fn info() -> PluginInfo {
        PluginInfo::new("nix", env!("CARGO_PKG_VERSION"))
            .describe("Nix flake inputs from flake.lock, with revisions, NAR hashes and the input graph")
            .globs(["**/flake.lock"])
            .text_only(true)
            .ecosystems(["nix", "github", "generic"])
            .code(
                "manifest-malformed",
                Level::Error,
                "A flake.lock is not valid JSON, or a node in it is not an object, so its inputs are missing \
                 from the inventory. Run `nix flake lock` to regenerate it.",
            )
            .code(
                "manifest-unsupported",
                Level::Warning,
                "A flake.lock has a lock version, or a node a source type, this parser does not read; the \
                 message names it. The other nodes are still read.",
            )
            .code(
                "dependency-unresolved",
                Level::Warning,
                "A flake.lock input names a node, or follows a path, that does not exist in the lockfile, so \
                 that edge of the graph is missing. Regenerate the lockfile.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let mut out = ParseOutput::default();
        let text = lossy(&file.contents);
        let path = file.path.as_str();
        let root: Value = match serde_json::from_str(&text) {
            Ok(root) => root,
            Err(e) => {
                let line = u32::try_from(e.line()).ok().filter(|&l| l > 0);
                out.diagnostics.push(diag(
                    "manifest-malformed",
                    Level::Error,
                    path,
                    line,
                    &format!("not valid JSON: {e}"),
                ));
                return Ok(out);
            }
        };
        let lines = KeyLines::new(&text, 2);
        let version = root.get("version").and_then(Value::as_u64);
        match version {
            Some(v) if VERSIONS.contains(&v) => {}
            other => {
                let seen = other.map_or_else(|| "none".to_string(), |v| v.to_string());
                out.diagnostics.push(diag(
                    "manifest-unsupported",
                    Level::Warning,
                    path,
                    lines.key_line(&["version"]),
                    &format!("flake.lock version {seen} is not one this parser reads (5 to 7)"),
                ));
                return Ok(out);
            }
        }
        let Some(nodes) = root.get("nodes").and_then(Value::as_object) else {
            out.diagnostics.push(diag(
                "manifest-malformed",
                Level::Error,
                path,
                Some(1),
                "no `nodes` object",
            ));
            return Ok(out);
        };
        let root_name = root.get("root").and_then(Value::as_str).unwrap_or("root");
        out.manifests.push(Manifest::new(
            path,
            "nix",
            &format!("flake.lock v{}", version.unwrap_or_default()),
            Completeness::Complete,
        ));

        // Node key -> package id, for the nodes that became packages.
        let mut ids: BTreeMap<&str, String> = BTreeMap::new();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        for (key, value) in nodes {
            if key == root_name {
                continue;
            }
            let line = lines.key_line(&["nodes", key]);
            match node::package(path, key, value) {
                Ok(Some(package)) => {
                    let package = package.location(path, line);
                    ids.insert(key, package.id.clone());
                    match by_id.get(&package.id) {
                        Some(&at) => {
                            if let Some(kept) = out.packages.get_mut(at) {
                                kept.locations.extend(package.locations);
                            }
                        }
                        None => {
                            by_id.insert(package.id.clone(), out.packages.len());
                            out.packages.push(package);
                        }
                    }
                }
                Ok(None) => {}
                Err((code, message)) => {
                    let level = if code == "manifest-malformed" { Level::Error } else { Level::Warning };
                    out.diagnostics.push(diag(code, level, path, line, &format!("node `{key}`: {message}")));
                }
            }
        }

        let resolver = Resolver { nodes, root: root_name };
        // Direct: what the root's inputs resolve to.
        for target in resolver.inputs_of(root_name).filter_map(|(_, r)| r.ok().flatten()) {
            if let Some(package) =
                ids.get(target).and_then(|id| by_id.get(id)).and_then(|&at| out.packages.get_mut(at))
            {
                package.direct = true;
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (key, from) in &ids {
            for (input, resolved) in resolver.inputs_of(key) {
                let line = lines.key_line(&["nodes", key]);
                let target = match resolved {
                    Ok(Some(target)) => target,
                    Ok(None) => continue,
                    Err(why) => {
                        out.diagnostics.push(diag(
                            "dependency-unresolved",
                            Level::Warning,
                            path,
                            line,
                            &format!("input `{input}` of node `{key}`: {why}"),
                        ));
                        continue;
                    }
                };
                // An input following back to the root flake is the project itself.
                let Some(to) = ids.get(target) else { continue };
                if seen.insert((from.clone(), to.clone())) {
                    out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime));
                }
            }
        }
        Ok(out)
    }
}

/// Resolves node inputs as Nix does: a string names a node; a list is a path of input names
/// walked from the root node, each step itself resolved (it may follow another path).
struct Resolver<'a> {
    nodes: &'a serde_json::Map<String, Value>,
    root: &'a str,
}

/// What an input resolves to: a node key, nothing (an empty `follows`), or why not.
type Resolved<'a> = Result<Option<&'a str>, String>;

impl<'a> Resolver<'a> {
    /// `(input name, resolution)` for each input of `node`.
    fn inputs_of(&self, node: &str) -> impl Iterator<Item = (&'a str, Resolved<'a>)> + '_ {
        let inputs = self.nodes.get(node).and_then(|n| n.get("inputs")).and_then(Value::as_object);
        inputs.into_iter().flatten().map(move |(name, reference)| (name.as_str(), self.resolve(reference, 0)))
    }

    fn resolve(&self, reference: &'a Value, depth: usize) -> Resolved<'a> {
        if depth > MAX_FOLLOWS {
            return Err("follows paths form a cycle".to_string());
        }
        match reference {
            Value::String(key) if self.nodes.contains_key(key) => Ok(Some(key.as_str())),
            Value::String(key) => Err(format!("names no node `{key}`")),
            Value::Array(steps) if steps.is_empty() => Ok(None),
            Value::Array(steps) => {
                let mut at: &'a str = self.root;
                for step in steps {
                    let Some(step) = step.as_str() else {
                        return Err("a follows path holds a non-string".to_string());
                    };
                    let next = self
                        .nodes
                        .get(at)
                        .and_then(|n| n.get("inputs"))
                        .and_then(|inputs| inputs.get(step))
                        .ok_or_else(|| format!("follows `{step}`, which node `{at}` has no input for"))?;
                    match self.resolve(next, depth + 1)? {
                        Some(key) => at = key,
                        None => return Ok(None),
                    }
                }
                Ok(Some(at))
            }
            _ => Err("an input is neither a node name nor a follows path".to_string()),
        }
    }
}

fn diag(code: &str, level: Level, path: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new(code, level, message.to_string()).at(path, line)
}

// Exported only in the component: on a native target the wasm export names break the linker's
// version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Nix);

#[cfg(test)]
mod tests;
