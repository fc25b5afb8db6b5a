//! The parser end to end over the real fixtures under `tests/fixtures/eco-npm-*` (each compared
//! with what the package manager that wrote it lists), hand-shaped entries for what the
//! registry-only network here could not produce (git, JSR, remote modules), and robustness.

mod bun_deno;
mod manifests;
mod npm;
mod pnpm;
mod robustness;
mod yarn;

use std::collections::BTreeSet;

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{DependencyScope, Package};

use super::*;

/// `tests/fixtures/<case>`.
fn fixture_dir(case: &str) -> String {
    format!("{}/../../tests/fixtures/{case}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses `file` of the fixture `case`, the fixture being the scan root.
fn parse_fixture(case: &str, file: &str) -> ParseOutput {
    let dir = fixture_dir(case);
    let bytes = std::fs::read(format!("{dir}/{file}")).expect("fixture exists");
    parse_in(&dir, file, &bytes)
}

fn parse_in(root: &str, path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(root);
    Npm::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

/// A directory of its own under the system temp dir, emptied first, with `files` written.
fn scratch(name: &str, files: &[(&str, &str)]) -> String {
    let dir = std::env::temp_dir().join(format!("ospo-npm-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("temp dir");
        std::fs::write(file, text).expect("temp file");
    }
    dir.to_string_lossy().into_owned()
}

/// Parses `path` of a scratch tree made of `files`.
fn parse_tree(name: &str, files: &[(&str, &str)], path: &str) -> ParseOutput {
    let root = scratch(name, files);
    let text =
        files.iter().find(|(p, _)| *p == path).map(|(_, t)| *t).expect("the parsed file is in the tree");
    parse_in(&root, path, text.as_bytes())
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id} in {:#?}", ids(out)))
}

fn ids(out: &ParseOutput) -> Vec<&str> {
    out.packages.iter().map(|p| p.id.as_str()).collect()
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    out.edges.iter().any(|e| e.from == from && e.to == to)
}

/// `(scope, optional, direct)` of a package.
fn reach(out: &ParseOutput, id: &str) -> (DependencyScope, bool, bool) {
    let p = package(out, id);
    (p.scope, p.optional, p.direct)
}

fn line(out: &ParseOutput, id: &str) -> Option<u32> {
    package(out, id).locations.first().and_then(|l| l.line)
}

/// `name version` of every package not from a local path, as the host's ecosystem test lists them.
fn listed(out: &ParseOutput) -> BTreeSet<String> {
    out.packages
        .iter()
        .filter(|p| p.source.as_ref().is_none_or(|s| s.kind != ospo_plugin_sdk::SourceKind::Path))
        .map(|p| format!("{} {}", p.name, p.version.as_deref().unwrap_or("")))
        .collect()
}

/// The fixture's `EXPECTED-PACKAGES.txt`.
fn expected(case: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(format!("{}/EXPECTED-PACKAGES.txt", fixture_dir(case))).expect("a listing");
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// Every lockfile fixture and the file that holds its graph.
const LOCKFILES: &[(&str, &str)] = &[
    ("eco-npm-lock-v1", "package-lock.json"),
    ("eco-npm-lock-v2", "package-lock.json"),
    ("eco-npm-lock-v3", "package-lock.json"),
    ("eco-npm-shrinkwrap", "npm-shrinkwrap.json"),
    ("eco-npm-hidden-lockfile", "node_modules/.package-lock.json"),
    ("eco-npm-workspaces", "package-lock.json"),
    ("eco-npm-large", "package-lock.json"),
    ("eco-npm-yarn-classic", "yarn.lock"),
    ("eco-npm-yarn-berry-v4", "yarn.lock"),
    ("eco-npm-yarn-berry-v6", "yarn.lock"),
    ("eco-npm-yarn-berry-v10", "yarn.lock"),
    ("eco-npm-pnpm-v5", "pnpm-lock.yaml"),
    ("eco-npm-pnpm-v6", "pnpm-lock.yaml"),
    ("eco-npm-pnpm-v9", "pnpm-lock.yaml"),
    ("eco-npm-pnpm-workspace", "pnpm-lock.yaml"),
    ("eco-npm-bun", "bun.lock"),
    ("eco-npm-deno-v3", "deno.lock"),
    ("eco-npm-deno-v4", "deno.lock"),
    ("eco-npm-deno-v5", "deno.lock"),
];

#[test]
fn every_fixture_lists_what_its_package_manager_lists() {
    for (case, file) in LOCKFILES {
        let out = parse_fixture(case, file);
        assert!(out.diagnostics.is_empty(), "{case}: {:#?}", out.diagnostics);
        assert_eq!(out.manifests.len(), 1, "{case}");
        let ours = listed(&out);
        let theirs = expected(case);
        let missing: Vec<_> = theirs.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&theirs).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{case}: missing {missing:?}, extra {extra:?}");
        // Every edge joins two packages of the output.
        for edge in &out.edges {
            assert!(out.packages.iter().any(|p| p.id == edge.from), "{case}: edge from {}", edge.from);
            assert!(out.packages.iter().any(|p| p.id == edge.to), "{case}: edge to {}", edge.to);
        }
        // Every package has a line, and no project is direct.
        for p in &out.packages {
            assert!(p.locations.iter().all(|l| l.path == *file), "{case}: {}", p.id);
            let is_project = p.source.as_ref().is_some_and(|s| s.kind == ospo_plugin_sdk::SourceKind::Path);
            if !is_project {
                assert!(p.locations[0].line.is_some(), "{case}: {} has no line", p.id);
            }
        }
    }
}
