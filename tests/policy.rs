//! The licence policy end to end, with the real binary: exit codes over fixture trees
//! (`tests/fixtures/policy-*`), exceptions and their expiry, the baseline, several outputs in
//! one run, SARIF validated against the official 2.1.0 schema, and `ospo init`.
//!
//! "Today" is the scan's date, `SOURCE_DATE_EPOCH` when set: the harness fixes it at
//! 2026-01-01, and [`scan_on`] moves it to see an exception expire.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{OSPO, Project, Run, SOURCE_DATE_EPOCH, ospo};
use serde_json::Value;

/// 2026-06-15 and 2026-07-01, 00:00 UTC.
const MID_JUNE: &str = "1781481600";
const JULY: &str = "1782864000";

/// `ospo ARGS...` with `SOURCE_DATE_EPOCH` set to `epoch`.
fn scan_on(epoch: &str, args: &[&str]) -> Run {
    let started = std::time::Instant::now();
    let output = Command::new(OSPO)
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the ospo binary runs");
    Run {
        code: output.status.code().expect("not killed by a signal"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

fn root(project: &Project) -> &str {
    project.root.to_str().expect("UTF-8 temporary path")
}

fn verdicts<'a>(result: &'a Value, subject: &str) -> Vec<&'a Value> {
    result["verdicts"].as_array().expect("verdicts").iter().filter(|v| v["subject"] == subject).collect()
}

fn decisions(result: &Value, subject: &str) -> Vec<String> {
    let mut all: Vec<String> = verdicts(result, subject)
        .iter()
        .map(|v| format!("{} {}", v["decision"].as_str().unwrap_or(""), v["rule"].as_str().unwrap_or("")))
        .collect();
    all.sort();
    all
}

const EXCEPTION: &str = r#"
[[policy.exceptions]]
id = "gplthing-until-replaced"
package = "pkg:cargo/gplthing"
license = "GPL-3.0-only"
reason = "Replaced by the in-house parser in Q2; ships only in the beta channel until then."
owner = "legal@acme.example"
expires = 2026-06-30
"#;

fn with_exception(project: &Project) {
    let base = std::fs::read_to_string(project.root.join("ospo.toml")).expect("fixture policy");
    project.write("ospo.toml", &format!("{base}{EXCEPTION}"));
}

#[test]
fn a_denied_licence_fails_the_scan_with_a_reason() {
    let project = Project::from_fixture("policy-denied");
    let run = ospo(["scan", root(&project), "--format", "json"]);
    run.assert_code(1);
    let result = run.json();
    assert_eq!(
        decisions(&result, "pkg:cargo/gplthing@0.3.0"),
        ["deny compatibility:no", "deny deny:category:strong-copyleft"]
    );
    // A dev-dependency is reported, never gating; its compatibility is not checked.
    assert_eq!(
        decisions(&result, "pkg:cargo/testkit@1.2.0"),
        ["review report-only:deny:category:network-copyleft"]
    );
    // Vendored sources under their package's own licence: the package's verdict covers them.
    assert!(verdicts(&result, "vendor/gplthing/src/lib.rs").is_empty());
    assert!(verdicts(&result, "vendor/testkit/src/lib.rs").is_empty());
    assert_eq!(decisions(&result, "."), ["allow allow:category:permissive"], "the project's own MIT");
    assert_eq!(decisions(&result, "src/main.rs"), ["allow allow:category:permissive"]);
    assert!(verdicts(&result, "vendor/gplthing").is_empty(), "a vendored crate is not the project");
    // stderr names the package, the expression, the rule with its line, and the fixes.
    for part in [
        "licence policy violation(s)",
        "Cargo.lock:13: pkg:cargo/gplthing@0.3.0 [deny:category:strong-copyleft]",
        "concluded licence `GPL-3.0-only`",
        "GPL-3.0-only is strong copyleft",
        "ospo.toml:5",
        "To fix: replace the package, add a [[policy.exceptions]] entry (`package = \"pkg:cargo/gplthing\"`)",
        "cannot be part of a work under MIT",
    ] {
        assert!(run.stderr.contains(part), "{part:?} missing from stderr:\n{}", run.stderr);
    }
}

/// The "done means" of the licence policy issue: deny fails, an exception with an owner and a
/// future expiry passes, and the same exception fails the job again once it has expired.
#[test]
fn an_exception_passes_until_it_expires_then_fails_again() {
    let project = Project::from_fixture("policy-denied");
    let out = project.outside().join("reports");
    std::fs::create_dir_all(&out).expect("a reports directory");
    let sarif = out.join("ospo.sarif");
    let markdown = out.join("summary.md");
    let formats = [format!("sarif={}", sarif.display()), format!("markdown={}", markdown.display())];
    let args = ["scan", root(&project), "--format", &formats[0], "--format", &formats[1]];

    scan_on(SOURCE_DATE_EPOCH, &args).assert_code(1);
    with_exception(&project);
    let passing = scan_on(SOURCE_DATE_EPOCH, &args);
    passing.assert_code(0);
    assert!(passing.stderr.is_empty(), "no violation to report: {}", passing.stderr);
    let summary = std::fs::read_to_string(&markdown).expect("summary.md written");
    assert!(summary.contains("**0 violation(s)**"), "{summary}");

    // Two weeks before it expires: still passing, with a warning naming the line.
    let warned = scan_on(MID_JUNE, &["scan", root(&project), "--format", "json"]);
    warned.assert_code(0);
    let result = warned.json();
    let expiring: Vec<&Value> = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "policy-exception-expiring")
        .collect();
    assert_eq!(expiring.len(), 1, "{:#}", result["diagnostics"]);
    assert_eq!(expiring[0]["line"], 8, "the [[policy.exceptions]] line");
    assert!(expiring[0]["message"].as_str().is_some_and(|m| m.contains("in 15 day(s)")), "{}", expiring[0]);
    let excepted = verdicts(&result, "pkg:cargo/gplthing@0.3.0");
    assert!(
        excepted.iter().all(|v| v["decision"] == "allow" && v["exception"]["owner"] == "legal@acme.example")
    );

    let expired = scan_on(JULY, &args);
    expired.assert_code(1);
    for part in
        ["[exception-expired:gplthing-until-replaced]", "expired on 2026-06-30", "set a later `expires`"]
    {
        assert!(expired.stderr.contains(part), "{part:?} missing:\n{}", expired.stderr);
    }
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("ospo.sarif")).expect("JSON");
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(rules.contains(&"license-exception-expired"), "{rules:?}");
}

#[test]
fn the_baseline_fails_only_new_violations() {
    let project = Project::from_fixture("policy-denied");
    let first = ospo(["scan", root(&project), "--format", "json"]);
    first.assert_code(1);
    let previous = project.outside().join("previous.json");
    std::fs::write(&previous, &first.stdout).expect("writing the baseline");
    let previous = previous.to_str().expect("UTF-8");

    let adopted = ospo(["scan", root(&project), "--format", "json", "--baseline", previous]);
    adopted.assert_code(0);
    let result = adopted.json();
    let baselined: Vec<&Value> = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "policy-baselined")
        .collect();
    assert_eq!(baselined.len(), 1, "{:#}", result["diagnostics"]);
    assert!(
        verdicts(&result, "pkg:cargo/gplthing@0.3.0").iter().any(|v| v["decision"] == "deny"),
        "still reported"
    );

    project.write("src/copied.rs", "// SPDX-License-Identifier: GPL-2.0-only\npub fn copied() {}\n");
    let grown = ospo(["scan", root(&project), "--format", "json", "--baseline", previous]);
    grown.assert_code(1);
    assert!(grown.stderr.contains("error: 1 licence policy violation(s)"), "{}", grown.stderr);
    assert!(
        grown.stderr.contains("src/copied.rs:1: src/copied.rs [deny:category:strong-copyleft]"),
        "{}",
        grown.stderr
    );
}

#[test]
fn no_policy_decides_nothing_and_a_bad_one_is_a_usage_error_with_its_line() {
    let project = Project::from_fixture("policy-denied");
    std::fs::remove_file(project.root.join("ospo.toml")).expect("removing the policy");
    let run = ospo(["scan", root(&project), "--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.json()["verdicts"], serde_json::json!([]));

    project.write(
        "ospo.toml",
        "[policy]\nallow = [\"permissive\"]\ndeny = [\"strong-copyleft\", \"GPL-3.0-onyl\"]\n",
    );
    let bad = ospo(["scan", root(&project), "--format", "json"]);
    bad.assert_code(2);
    assert!(
        bad.stderr.contains("ospo.toml:3: deny: \"GPL-3.0-onyl\" is neither an SPDX licence id"),
        "{}",
        bad.stderr
    );
    project.write("ospo.toml", "[policy]\nallow = [\"permissive\"]\n\n[[policy.exceptions]]\nname = \"x\"\nowner = \"o\"\nreson = \"typo\"\n");
    let unknown = ospo(["scan", root(&project), "--format", "json"]);
    unknown.assert_code(2);
    assert!(unknown.stderr.contains("line 7") && unknown.stderr.contains("reson"), "{}", unknown.stderr);
}

#[test]
fn outputs_are_checked_before_the_scan() {
    let project = Project::from_fixture("policy-denied");
    let two = ospo(["scan", root(&project), "--format", "json", "--format", "text"]);
    two.assert_code(2);
    assert!(two.stderr.contains("json, text would all write to stdout"), "{}", two.stderr);
    let unknown = ospo(["scan", root(&project), "--format", "sarif=x.sarif", "--format", "pdf=x.pdf"]);
    unknown.assert_code(2);
    assert!(unknown.stderr.contains("unknown format \"pdf\""), "{}", unknown.stderr);
    // `--output` still names the file of a single format.
    let file = project.outside().join("result.json");
    ospo(["scan", root(&project), "--format", "json", "--output", file.to_str().expect("UTF-8")])
        .assert_code(1);
    let written: Value = serde_json::from_slice(&std::fs::read(&file).expect("written")).expect("JSON");
    assert!(written["verdicts"].as_array().is_some_and(|v| !v.is_empty()));
}

/// Reports of the fixture with the exception, its root path and digests made stable.
fn reports(project: &Project) -> (String, String) {
    with_exception(project);
    project.write("docs/notes.txt", "SPDX-License-Identifier: LicenseRef-Acme-Internal\n");
    let out = project.outside().join("r");
    std::fs::create_dir_all(&out).expect("reports directory");
    let (sarif, markdown) = (out.join("ospo.sarif"), out.join("summary.md"));
    let formats = [format!("sarif={}", sarif.display()), format!("markdown={}", markdown.display())];
    ospo(["scan", root(project), "--format", &formats[0], "--format", &formats[1]]).assert_code(0);
    let stable =
        |path: &Path| std::fs::read_to_string(path).expect("report written").replace(root(project), "[root]");
    (stable(&sarif), stable(&markdown))
}

fn schema_path() -> PathBuf {
    common::workspace_root().join("tests/schemas/sarif/sarif-schema-2.1.0.json")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).expect("the SARIF schema"))
            .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let project = Project::from_fixture("policy-denied");
    let (exception_run, _) = reports(&project);
    // And one with violations, reviews and denials of every kind.
    let failing = Project::from_fixture("policy-denied");
    let path = failing.outside().join("f.sarif");
    let format = format!("sarif={}", path.display());
    scan_on(JULY, &["scan", root(&failing), "--format", &format]).assert_code(1);
    let violation_run = std::fs::read_to_string(&path).expect("written");
    for text in [exception_run, violation_run] {
        let document: Value = serde_json::from_str(&text).expect("SARIF is JSON");
        let errors: Vec<String> =
            validator.iter_errors(&document).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "SARIF does not validate:\n{}\n{text}", errors.join("\n"));
        let results = document["runs"][0]["results"].as_array().expect("results");
        assert!(!results.is_empty());
        assert!(results.iter().all(|r| r["partialFingerprints"]["ospoSubject/v1"].is_string()));
    }
    // A document the schema must refuse: the check is not vacuous.
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": {} }] });
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_and_markdown_reports() {
    let project = Project::from_fixture("policy-denied");
    let (sarif, markdown) = reports(&project);
    let sarif: Value = serde_json::from_str(&sarif).expect("JSON");
    insta::assert_json_snapshot!("sarif", sarif, {
        ".runs[].tool.extensions[].properties.sha256" => "[sha256]",
        ".runs[].tool.extensions[].version" => "[version]",
    });
    insta::assert_snapshot!("markdown", markdown);
}

#[test]
fn init_writes_a_starter_config_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("ospo.toml");
    let path_arg = path.to_str().expect("UTF-8 temporary path");
    ospo(["init", path_arg]).assert_code(0);
    let written = std::fs::read_to_string(&path).expect("ospo.toml written");
    assert!(written.contains("[policy]"), "{written}");
    let again = ospo(["init", path_arg]);
    again.assert_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), written, "not overwritten");
    // The starter is a policy the real loader takes: scanning the fixture under it fails on the
    // GPL dependency exactly as the fixture's own policy does.
    let project = Project::from_fixture("policy-denied");
    std::fs::copy(&path, project.root.join("ospo.toml")).expect("using the starter");
    let run = ospo(["scan", root(&project), "--format", "json"]);
    run.assert_code(1);
    assert!(
        decisions(&run.json(), "pkg:cargo/gplthing@0.3.0")
            .contains(&"deny deny:category:strong-copyleft".to_string())
    );
}
