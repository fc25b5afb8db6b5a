//! The contract across versions: a plugin built against the first released WIT (0.1.0) still
//! loads and runs on this host, and a detector's content filter (0.1.1) decides, natively, which
//! files reach its guest.

mod common;

use std::collections::BTreeSet;

use common::{Project, assert_default_results_intact, assert_plugin_diagnostic, observations, test_plugin};

fn plugin_record<'a>(result: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    result["metadata"]["plugins"]
        .as_array()
        .and_then(|plugins| plugins.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no plugin record for {name}: {:#}", result["metadata"]["plugins"]))
}

#[test]
fn a_plugin_built_against_0_1_0_loads_and_gets_every_file() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("contract-0-1-0"), "", &[]);
    run.assert_code(0);
    let result = run.json();
    assert_eq!(plugin_record(&result, "contract-0-1-0")["wit_version"], "0.1.0");
    let received: BTreeSet<&str> = observations(&result, "contract-0-1-0").into_iter().collect();
    let expected: BTreeSet<&str> =
        ["CHANGES.txt", "README.txt", "docs/design.txt", "docs/faq.txt", "notes.txt"].into();
    assert_eq!(received, expected, "a 0.1.0 detector declares no content filter: it gets every file");
}

/// The files the `content-filter` fixture's filter (`trademark`, `®`, `BRANDING.md`) lets through.
fn filtered_files() -> BTreeSet<&'static str> {
    [
        // `®` and `TRADEMARKS`: other characters exactly, ASCII letters in any case.
        "docs/brand.txt",
        "docs/usage.txt",
        // The keyword on the last line, 3 KB in: the whole file is searched.
        "CHANGELOG.txt",
        // No keyword, but named by the filter's `always` globs.
        "BRANDING.md",
    ]
    .into()
}

#[test]
fn a_content_filter_keeps_files_without_its_keywords_out_of_the_guest() {
    let project = Project::from_fixture("content-filter");
    let run = project.scan_with(&test_plugin("keyword-filter"), "", &[]);
    run.assert_code(0);
    let result = run.json();
    assert_eq!(plugin_record(&result, "keyword-filter")["wit_version"], "0.2.0");
    let received: BTreeSet<&str> = observations(&result, "keyword-filter").into_iter().collect();
    assert_eq!(received, filtered_files(), "notes.txt and README.md hold no keyword and must not be sent");
}

#[test]
fn a_content_filter_of_a_0_1_1_plugin_still_applies() {
    let project = Project::from_fixture("content-filter");
    let run = project.scan_with(&test_plugin("contract-0-1-1-filter"), "", &[]);
    run.assert_code(0);
    let result = run.json();
    assert_eq!(plugin_record(&result, "contract-0-1-1-filter")["wit_version"], "0.1.1");
    let received: BTreeSet<&str> = observations(&result, "contract-0-1-1-filter").into_iter().collect();
    assert_eq!(received, filtered_files(), "the 0.1.1 filter must select what the 0.2 one does");
}

#[test]
fn a_content_filter_that_does_not_compile_costs_only_its_plugin() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("bad-filter"), "", &[]);
    let result = run.assert_code(0).json();
    let refused = assert_plugin_diagnostic(&result, "plugin-invalid-glob", "bad-filter");
    assert!(
        refused.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("**/["))),
        "{refused:#?}"
    );
    assert!(observations(&result, "bad-filter").is_empty(), "a plugin with a refused filter must not run");
    assert_default_results_intact(&result);
}

#[test]
fn a_parser_built_against_0_1_1_loads_and_its_packages_are_adapted() {
    let project = Project::from_fixture("legacy-pins");
    let run = project.scan_with(&test_plugin("contract-0-1-1"), "", &["--no-default-plugins"]);
    let result = run.assert_code(0).json();
    assert_eq!(plugin_record(&result, "contract-0-1-1")["wit_version"], "0.1.1");
    let packages = result["packages"].as_array().expect("packages is a list");
    assert_eq!(packages.len(), 2, "{packages:#?}");
    // Canonical order: by id.
    let pad = &packages[1];
    assert_eq!(pad["id"], "pkg:generic/left-pad@1.3.0");
    // 0.1's `optional` scope is 0.2's runtime scope with the optional flag.
    assert_eq!(pad["scope"], "runtime");
    assert_eq!(pad["optional"], true);
    assert_eq!(pad["locations"], serde_json::json!([{ "path": "tools/deps.pins", "line": null }]));
    // `sha256:<HEX>` becomes a hash in lowercase hex.
    assert_eq!(pad["hashes"], serde_json::json!([{ "algorithm": "sha256", "value": "abcdef0123" }]));
    assert_eq!(
        pad["source"],
        serde_json::json!({ "kind": "git", "url": "https://example.invalid/pins.git", "commit": "0123abcd" })
    );
    // The raw text is kept; the expression is normalised as any declared licence is.
    assert_eq!(pad["declared_license"]["raw"], "MIT/Apache-2.0");
    assert_eq!(pad["declared_license"]["expression"], "MIT OR Apache-2.0");
    let edges = result["edges"].as_array().expect("edges is a list");
    assert_eq!(
        edges,
        &[serde_json::json!({
            "from": "pkg:generic/left-pad@1.3.0",
            "to": "pkg:generic/is-even@1.0.0",
            "scope": "runtime",
            "optional": true
        })]
    );
}

#[test]
fn two_scans_with_source_date_epoch_write_the_same_bytes() {
    let project = Project::from_fixture("rust-workspace");
    let root = project.root.to_str().expect("utf-8 temp path");
    let first = common::ospo(["scan", root, "--format", "json"]).assert_code(0).stdout.clone();
    let second = common::ospo(["scan", root, "--format", "json"]).assert_code(0).stdout.clone();
    assert_eq!(first, second, "the same tree and SOURCE_DATE_EPOCH must give byte-identical JSON");
    let result: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(result["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
    assert_eq!(result["metadata"]["tool_name"], "ospo");
    let plugins = result["metadata"]["plugins"].as_array().expect("plugins");
    assert!(
        plugins
            .iter()
            .all(|p| p["wit_version"] == "0.2.0" && p["sha256"].as_str().is_some_and(|d| d.len() == 64))
    );
    let with_timings = common::ospo(["scan", root, "--format", "json", "--timings"]).assert_code(0).json();
    assert!(with_timings["timings"]["total_ms"].is_u64(), "--timings adds the stage times");
}

/// Plugins build records through the SDK's constructors: a field a later contract adds then
/// breaks no plugin's source. Every record of the newest WIT, written as `Name { field: ...`
/// in a plugin, an example, an SDK-based test plugin or the README, fails this test.
#[test]
fn no_wit_record_is_written_as_a_struct_literal_outside_the_sdk() {
    let workspace = common::workspace_root();
    let wit = std::fs::read_to_string(workspace.join("wit/v0.2.0/ospo-plugin.wit")).expect("the WIT");
    let records = wit_records(&wit);
    assert!(records.len() > 30, "read the records of the WIT: {records:?}");
    // Built with raw wit-bindgen against a fixed old contract, on purpose.
    let raw_bindgen =
        ["contract-0-1-0", "contract-0-1-1", "contract-0-1-1-filter", "future-version", "wrong-world"];
    let mut sources = vec![workspace.join("README.md")];
    for dir in ["plugins", "examples", "tests/plugins"] {
        collect_rust_files(&workspace.join(dir), &raw_bindgen, &mut sources);
    }
    let mut literals = Vec::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).expect("a readable source");
        for (record, fields) in &records {
            for (at, _) in text.match_indices(&format!("{record} {{")) {
                let before = text[..at].chars().next_back();
                let after = text[at + record.len() + 2..].trim_start();
                let field: String =
                    after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                // A field of the WIT record, so a plugin's own type of the same name passes.
                let is_field = fields.contains(&field)
                    && after[field.len()..].trim_start().starts_with(':')
                    && !after[field.len()..].trim_start().starts_with("::");
                if is_field && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    let line = text[..at].lines().count();
                    literals.push(format!("{}:{line}: {record} {{ {field}: ...", path.display()));
                }
            }
        }
    }
    assert!(literals.is_empty(), "use the SDK's constructors instead:\n{}", literals.join("\n"));
}

/// Every `record` of a WIT file: its Rust name and its fields' Rust names.
fn wit_records(wit: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut records: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut inside = false;
    for line in wit.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("record ").and_then(|r| r.split_whitespace().next()) {
            records
                .push((name.trim_start_matches('%').split('-').map(upper_first).collect(), BTreeSet::new()));
            inside = true;
        } else if line.starts_with('}') {
            inside = false;
        } else if inside
            && let Some((field, _)) = line.split_once(':')
            && let Some((_, fields)) = records.last_mut()
        {
            fields.insert(field.trim_start_matches('%').replace('-', "_"));
        }
    }
    records
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

fn collect_rust_files(dir: &std::path::Path, skip: &[&str], out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() && !skip.contains(&name.as_str()) && name != "target" {
            collect_rust_files(&path, skip, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}
