//! The contract across versions: a plugin built against the first released WIT (0.1.0) still
//! loads and runs on this host, and a detector's content filter (0.1.1) decides, natively, which
//! files reach its guest.

mod common;

use std::collections::BTreeSet;

use common::{Project, assert_default_results_intact, assert_plugin_diagnostic, observations, test_plugin};

fn plugin_record<'a>(result: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    result["plugins"]
        .as_array()
        .and_then(|plugins| plugins.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no plugin record for {name}: {:#}", result["plugins"]))
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

#[test]
fn a_content_filter_keeps_files_without_its_keywords_out_of_the_guest() {
    let project = Project::from_fixture("content-filter");
    let run = project.scan_with(&test_plugin("keyword-filter"), "", &[]);
    run.assert_code(0);
    let result = run.json();
    assert_eq!(plugin_record(&result, "keyword-filter")["wit_version"], "0.1.1");
    let received: BTreeSet<&str> = observations(&result, "keyword-filter").into_iter().collect();
    let expected: BTreeSet<&str> = [
        // `®` and `TRADEMARKS`: other characters exactly, ASCII letters in any case.
        "docs/brand.txt",
        "docs/usage.txt",
        // The keyword on the last line, 3 KB in: the whole file is searched.
        "CHANGELOG.txt",
        // No keyword, but named by the filter's `always` globs.
        "BRANDING.md",
    ]
    .into();
    assert_eq!(received, expected, "notes.txt and README.md hold no keyword and must not be sent");
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
