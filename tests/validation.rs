//! Every record a plugin returns is checked before it reaches the result, and a plugin's returns
//! over the whole scan are bounded. Each test scans a copy of `tests/fixtures/sandbox` with one
//! hostile plugin beside the defaults and checks that the lie is dropped with a
//! `plugin-output-invalid` (or `plugin-budget-exhausted`) diagnostic naming the plugin, that the
//! honest part of its output is kept, and that the default plugins' results are intact.

mod common;

use common::{Project, assert_default_results_intact, assert_plugin_diagnostic, observations, test_plugin};
use serde_json::Value;

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

fn list<'a>(result: &'a Value, key: &str) -> &'a [Value] {
    result[key].as_array().map_or(&[], Vec::as_slice)
}

fn forged_scan() -> Value {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("forger"), "", &[]);
    let result = run.assert_code(0).json();
    assert_default_results_intact(&result);
    result
}

fn forger_findings(result: &Value) -> Vec<&Value> {
    list(result, "licenses").iter().filter(|l| text(l, "detector") == "forger").collect()
}

fn invalid_for(result: &Value, plugin: &str, words: &str) {
    let found = assert_plugin_diagnostic(result, "plugin-output-invalid", plugin);
    assert!(
        found.iter().any(|d| text(d, "message").contains(words)),
        "no plugin-output-invalid diagnostic about {words:?}; got {found:#?}"
    );
}

#[test]
fn findings_for_paths_the_detector_was_not_given_are_dropped() {
    let result = forged_scan();
    for path in list(&result, "licenses")
        .iter()
        .chain(list(&result, "copyrights"))
        .chain(list(&result, "observations"))
    {
        let path = text(path, "path");
        assert!(!path.contains("..") && !path.starts_with('/'), "a forged path reached the result: {path}");
    }
    assert!(forger_findings(&result).iter().all(|l| text(l, "path") == "src/main.rs"));
    invalid_for(&result, "forger", "a path it was not given");
}

#[test]
fn line_ranges_outside_the_file_are_dropped_or_clamped() {
    let result = forged_scan();
    let honest: Vec<_> = forger_findings(&result)
        .into_iter()
        .filter(|l| text(l, "expression") == "LicenseRef-forger-honest")
        .collect();
    assert_eq!(honest.len(), 1, "the honest finding is kept");
    // An end past the file's last line is clamped to it (src/main.rs has 14 lines).
    assert_eq!(honest[0]["lines"], serde_json::json!({"start": 1, "end": 14}));
    for finding in forger_findings(&result) {
        if let Some(start) = finding["lines"]["start"].as_u64() {
            assert!((1..=14).contains(&start), "{finding:#}");
        }
    }
    invalid_for(&result, "forger", "starting at 0");
    invalid_for(&result, "forger", "past the end of its file");
}

#[test]
fn nan_confidence_is_dropped_not_printed() {
    let project = Project::from_fixture("sandbox");
    let run = project.scan_with(&test_plugin("forger"), "", &[]);
    assert!(!run.stdout.contains("NaN"), "NaN reached the report");
    let result = run.assert_code(0).json();
    invalid_for(&result, "forger", "confidence or coverage");
    assert_default_results_intact(&result);
}

#[test]
fn invalid_and_overlong_expressions_are_dropped() {
    let result = forged_scan();
    for finding in forger_findings(&result) {
        let expression = text(finding, "expression");
        assert!(expression != "MIT AND" && expression.len() < 4096, "{expression:.80}");
    }
    invalid_for(&result, "forger", "an expression that does not parse");
    invalid_for(&result, "forger", "an expression over 4 KiB");
}

#[test]
fn forged_manifest_finding_cannot_decide_a_project_licence() {
    let result = forged_scan();
    assert!(forger_findings(&result).iter().all(|l| text(l, "kind") != "manifest"));
    for project in list(&result, "projects") {
        assert!(
            !text(project, "expression").contains("GPL-3.0-only"),
            "the forged manifest decided {project:#}"
        );
    }
    invalid_for(&result, "forger", "not a licence manifest");
}

/// The sandbox tree with a Cargo project cargo reads: one package, `victim 1.0.0`, MIT.
fn cargo_project() -> Project {
    let project = Project::from_fixture("sandbox");
    project.write(
        "Cargo.toml",
        "[package]\nname = \"victim\"\nversion = \"1.0.0\"\nlicense = \"MIT\"\nedition = \"2021\"\n",
    );
    project.write("Cargo.lock", "version = 4\n\n[[package]]\nname = \"victim\"\nversion = \"1.0.0\"\n");
    project
}

#[test]
fn a_parser_cannot_overwrite_another_parsers_package() {
    let project = cargo_project();
    let result = project.scan_with(&test_plugin("usurper"), "", &[]).assert_code(0).json();
    assert_default_results_intact(&result);
    let victims: Vec<_> =
        list(&result, "packages").iter().filter(|p| text(p, "id") == "pkg:cargo/victim@1.0.0").collect();
    assert_eq!(victims.len(), 1, "{victims:#?}");
    let victim = victims[0];
    // cargo (loaded first) keeps its fields: its licence and `direct` (the root is no dependency).
    assert_eq!(victim["declared_license"]["expression"], "MIT", "{victim:#}");
    assert_eq!(victim["direct"], false, "{victim:#}");
    invalid_for(&result, "usurper", "another parser already produced");
    // A cargo purl claimed for npm is refused; a location outside the root is dropped.
    assert!(list(&result, "packages").iter().all(|p| text(p, "id") != "pkg:cargo/victim@9.9.9"));
    invalid_for(&result, "usurper", "purl type contradicts its ecosystem");
    for package in list(&result, "packages") {
        for location in package["locations"].as_array().into_iter().flatten() {
            assert!(!text(location, "path").contains(".."), "{package:#}");
        }
    }
    invalid_for(&result, "usurper", "location outside the root");
}

#[test]
fn edges_to_unknown_packages_are_dropped() {
    let project = cargo_project();
    let result = project.scan_with(&test_plugin("usurper"), "", &[]).assert_code(0).json();
    assert_default_results_intact(&result);
    let ids: Vec<&str> = list(&result, "packages").iter().map(|p| text(p, "id")).collect();
    for edge in list(&result, "edges") {
        assert!(ids.contains(&text(edge, "from")) && ids.contains(&text(edge, "to")), "{edge:#}");
    }
    let found = assert_plugin_diagnostic(&result, "plugin-output-invalid", "usurper");
    let about_edges: Vec<_> =
        found.iter().filter(|d| text(d, "message").contains("dependency edge")).collect();
    assert_eq!(about_edges.len(), 1, "one diagnostic per plugin for its edges: {found:#?}");
    assert!(text(about_edges[0], "message").contains("and 1 more"), "{:#}", about_edges[0]);
}

#[test]
fn a_plugin_returning_its_allowance_every_batch_exhausts_its_scan_budget() {
    let project = Project::from_fixture("sandbox");
    for n in 0..640 {
        project.write(&format!("many/f{n}.txt"), "x\n");
    }
    // ~0.7 MiB per call against a 1 MiB output cap: every call is under the cap, but ten batches
    // are more than the 4 MiB budget for the scan (four caps).
    let config = "[plugin.flood]\noutput-mb = 1\ntimeout-ms = 20000\n\n[plugin.flood.config]\n\
                  logs = 0\nobservations = 4000\nmessage-bytes = 100\n";
    let result = project.scan_with(&test_plugin("flood"), config, &[]).assert_code(0).json();
    assert_default_results_intact(&result);
    let found = assert_plugin_diagnostic(&result, "plugin-budget-exhausted", "flood");
    assert_eq!(found.len(), 1, "{found:#?}");
    // What was accepted before the budget ran out is kept, and it is bounded by the budget.
    let kept = observations(&result, "flood").len();
    assert!((4000..=6 * 4000).contains(&kept), "{kept} flood observations kept");
}
