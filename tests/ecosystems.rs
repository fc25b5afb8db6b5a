//! Every ecosystem fixture (`tests/fixtures/eco-*`) scanned by the real binary with the default
//! plugins: its inventory is snapshotted, and where the package manager that wrote the fixture
//! also listed it (`EXPECTED-PACKAGES.txt`, made by that tool), ospo must list the same packages.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use common::{ospo, workspace_root};

/// Fixtures with more packages than this are snapshotted as a summary: a thousand-entry
/// snapshot is not something a reviewer reads, and the tool's own listing checks them whole.
const FULL_SNAPSHOT_MAX: usize = 150;

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace_root().join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reading tests/fixtures")
        .map(|entry| entry.expect("a fixture entry").path())
        .filter(|path| path.is_dir() && name_of(path).starts_with("eco-"))
        .collect();
    cases.sort();
    cases
}

fn name_of(path: &Path) -> String {
    path.file_name().expect("a fixture has a name").to_string_lossy().into_owned()
}

fn scan(case: &Path) -> Value {
    let run = ospo([
        std::ffi::OsStr::new("scan"),
        case.as_os_str(),
        std::ffi::OsStr::new("--format"),
        std::ffi::OsStr::new("json"),
    ]);
    // 0: clean; a fixture holding a broken file still gives a result, with diagnostics.
    assert!(matches!(run.code, 0 | 1), "scan of {} failed:\n{}", case.display(), run.stderr);
    run.json()
}

/// The inventory part of a result, without what detectors found.
fn inventory(result: &Value) -> Value {
    json!({
        "manifests": result["manifests"],
        "packages": result["packages"],
        "edges": result["edges"],
        "diagnostics": result["diagnostics"],
    })
}

fn summary(result: &Value) -> Value {
    let packages = result["packages"].as_array().cloned().unwrap_or_default();
    let mut by_scope = std::collections::BTreeMap::<String, usize>::new();
    let mut direct = 0;
    for package in &packages {
        let key = format!(
            "{}/{}",
            package["ecosystem"].as_str().unwrap_or("?"),
            package["scope"].as_str().unwrap_or("?")
        );
        *by_scope.entry(key).or_default() += 1;
        direct += usize::from(package["direct"] == json!(true));
    }
    json!({
        "manifests": result["manifests"],
        "packages": packages.len(),
        "direct": direct,
        "by_ecosystem_and_scope": by_scope,
        "edges": result["edges"].as_array().map_or(0, Vec::len),
        "first_packages": packages.iter().take(10).collect::<Vec<_>>(),
        "diagnostics": result["diagnostics"],
    })
}

/// What the package manager listed for a fixture.
struct Expected {
    /// `name version`.
    packages: BTreeSet<String>,
    /// The ecosystems the listing covers (`# ecosystems: npm pypi`); all when absent, for a
    /// fixture of one ecosystem. A monorepo also holds files no package manager lists (a
    /// Dockerfile's images), which ospo reads but nobody can compare with.
    ecosystems: Option<Vec<String>>,
}

/// `name version` lines of the tool's own listing; the first line says which command wrote it.
fn expected_packages(case: &Path) -> Option<Expected> {
    let text = std::fs::read_to_string(case.join("EXPECTED-PACKAGES.txt")).ok()?;
    let ecosystems = text
        .lines()
        .find_map(|line| line.strip_prefix("# ecosystems:"))
        .map(|list| list.split_whitespace().map(str::to_string).collect());
    let packages = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    Some(Expected { packages, ecosystems })
}

fn listed(result: &Value, ecosystems: Option<&[String]>) -> BTreeSet<String> {
    result["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["source"]["kind"] != json!("path"))
        .filter(|p| ecosystems.is_none_or(|list| list.iter().any(|e| p["ecosystem"] == json!(e))))
        .map(|p| {
            format!("{} {}", p["name"].as_str().unwrap_or(""), p["version"].as_str().unwrap_or(""))
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn every_ecosystem_fixture_matches_its_snapshot_and_the_tools_own_listing() {
    let cases = fixtures();
    assert!(!cases.is_empty(), "no tests/fixtures/eco-* fixtures found");
    // Two scans at a time: each is a process of its own, and the machine has two cores.
    let results: Vec<(String, Value)> = std::thread::scope(|s| {
        let chunks: Vec<_> = cases.chunks(cases.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.iter().map(|c| (name_of(c), scan(c))).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a scan thread")).collect()
    });

    let mut mismatches = Vec::new();
    for ((name, result), case) in results.iter().zip(&cases) {
        let packages = result["packages"].as_array().map_or(0, Vec::len);
        assert!(
            packages > 0 || name.contains("malformed") || name.contains("unsupported"),
            "{name}: no packages at all\n{:#}",
            result["diagnostics"]
        );
        let Some(expected) = expected_packages(case) else { continue };
        let ours = listed(result, expected.ecosystems.as_deref());
        let missing: Vec<_> = expected.packages.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&expected.packages).collect();
        if !missing.is_empty() || !extra.is_empty() {
            mismatches.push(format!(
                "{name}: {} missing from ospo ({:?}...), {} only in ospo ({:?}...)",
                missing.len(),
                missing.iter().take(5).collect::<Vec<_>>(),
                extra.len(),
                extra.iter().take(5).collect::<Vec<_>>()
            ));
        }
    }
    assert!(mismatches.is_empty(), "ospo disagrees with the package managers:\n{}", mismatches.join("\n"));

    for (name, result) in &results {
        let packages = result["packages"].as_array().map_or(0, Vec::len);
        let view = if packages > FULL_SNAPSHOT_MAX { summary(result) } else { inventory(result) };
        insta::assert_json_snapshot!(format!("inventory_{name}"), view);
    }
}
