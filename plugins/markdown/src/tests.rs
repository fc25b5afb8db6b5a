//! The report of a realistic scan, pinned as a snapshot.

use ospo_plugin_sdk::{
    Advisory, Copyright, Decision, DependencyScope, Diagnostic, FindingKind, Level, LicenseFinding,
    LineRange, Metric, MetricValue, Observation, Package, ProjectLicense, Verdict,
};

use super::*;

fn package(
    name: &str,
    version: &str,
    direct: bool,
    scope: DependencyScope,
    license: Option<&str>,
) -> Package {
    let purl = format!("pkg:cargo/{name}@{version}");
    Package {
        id: purl.clone(),
        name: name.to_string(),
        version: Some(version.to_string()),
        ecosystem: "cargo".to_string(),
        purl: Some(purl),
        scope,
        direct,
        source: Some("registry+https://github.com/rust-lang/crates.io-index".to_string()),
        integrity: None,
        declared_license: license.map(str::to_string),
        manifest_path: "Cargo.lock".to_string(),
    }
}

fn finding(path: &str, line: u32, expression: &str) -> LicenseFinding {
    LicenseFinding {
        path: path.to_string(),
        lines: Some(LineRange::line(line)),
        expression: expression.to_string(),
        kind: FindingKind::Tag,
        confidence: 1.0,
        coverage: None,
        rule_id: "spdx-license-identifier".to_string(),
        detector: "license-tag".to_string(),
    }
}

fn diagnostic(
    code: &str,
    level: Level,
    message: &str,
    plugin: Option<&str>,
    at: Option<(&str, Option<u32>)>,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, level, message);
    if let Some((path, line)) = at {
        d = d.at(path, line);
    }
    d.plugin = plugin.map(str::to_string);
    d
}

fn scan() -> ScanResult {
    ScanResult {
        schema_version: "1".to_string(),
        tool_version: "0.1.0".to_string(),
        root: "/home/ci/acme".to_string(),
        files_scanned: 128,
        packages: vec![
            package("serde_json", "1.0.154", false, DependencyScope::Development, None),
            package("anyhow", "1.0.105", true, DependencyScope::Runtime, Some("MIT OR Apache-2.0")),
            package("acme-cli", "0.4.2", false, DependencyScope::Runtime, Some("MIT OR Apache-2.0")),
        ],
        edges: Vec::new(),
        licenses: vec![
            finding("src/main.rs", 1, "MIT OR Apache-2.0"),
            finding("src/lib.rs", 1, "MIT OR Apache-2.0"),
            finding("src/lib.rs", 40, "MIT OR Apache-2.0"),
            finding("vendor/zlib/inflate.c", 3, "Zlib"),
            finding("docs/guide.md", 1, "CC-BY-4.0"),
        ],
        copyrights: vec![Copyright {
            path: "src/main.rs".to_string(),
            lines: Some(LineRange::line(2)),
            statement: "2024 ACME Corp.".to_string(),
            holders: vec!["ACME Corp.".to_string()],
            years: Some("2024".to_string()),
        }],
        observations: vec![Observation {
            rule_id: "confidential-marker".to_string(),
            level: Level::Warning,
            message: "marked `CONFIDENTIAL - ACME INTERNAL`".to_string(),
            path: "docs/roadmap|2025.md".to_string(),
            lines: Some(LineRange::line(7)),
        }],
        advisories: vec![Advisory {
            id: "RUSTSEC-2025-0001".to_string(),
            aliases: vec!["GHSA-xxxx-yyyy-zzzz".to_string()],
            package_id: "pkg:cargo/anyhow@1.0.105".to_string(),
            summary: "Backtrace capture\nmay overflow the stack".to_string(),
            severity: Some("medium".to_string()),
            affected_ranges: vec!["<1.0.106".to_string()],
            fixed_versions: vec!["1.0.106".to_string()],
            references: Vec::new(),
        }],
        metrics: vec![
            Metric {
                name: "inventory.packages".to_string(),
                value: MetricValue::Count(3),
                unit: Some("packages".to_string()),
                description: "packages found by parsers".to_string(),
            },
            Metric {
                name: "inventory.license-known-ratio".to_string(),
                value: MetricValue::Ratio(2.0 / 3.0),
                unit: None,
                description: "share of packages that declare a licence".to_string(),
            },
        ],
        verdicts: vec![
            Verdict {
                subject: "pkg:cargo/anyhow@1.0.105".to_string(),
                expression: "MIT OR Apache-2.0".to_string(),
                decision: Decision::Allow,
                rule: "allow-permissive".to_string(),
                reason: None,
            },
            Verdict {
                subject: "docs/guide.md".to_string(),
                expression: "CC-BY-4.0".to_string(),
                decision: Decision::Review,
                rule: "review-docs".to_string(),
                reason: Some("documentation licence, check attribution".to_string()),
            },
        ],
        projects: vec![ProjectLicense {
            root: ".".to_string(),
            expression: "MIT OR Apache-2.0".to_string(),
            evidence: vec!["LICENSE-MIT".to_string(), "LICENSE-APACHE".to_string()],
        }],
        diagnostics: vec![
            diagnostic(
                "license-expression-invalid",
                Level::Warning,
                "invalid SPDX expression `Apache 2`",
                Some("license-tag"),
                Some(("tools/gen.py", Some(1))),
            ),
            diagnostic(
                "lockfile-malformed",
                Level::Error,
                "Cargo.lock: invalid string",
                Some("cargo"),
                Some(("fuzz/Cargo.lock", Some(12))),
            ),
            diagnostic(
                "manifest-missing",
                Level::Info,
                "no Cargo.toml next to the lockfile",
                Some("cargo"),
                Some(("fuzz/Cargo.toml", None)),
            ),
            diagnostic("file-skipped", Level::Info, "larger than 4 MiB", None, None),
        ],
    }
}

fn render(scan: ScanResult) -> String {
    String::from_utf8(Markdown::render(FORMAT, scan).expect("renders")).expect("utf-8")
}

#[test]
fn full_report() {
    insta::assert_snapshot!(render(scan()));
}

#[test]
fn output_does_not_depend_on_input_order() {
    let mut shuffled = scan();
    shuffled.packages.reverse();
    shuffled.licenses.reverse();
    shuffled.diagnostics.reverse();
    shuffled.metrics.reverse();
    shuffled.projects[0].evidence.reverse();
    assert_eq!(render(shuffled), render(scan()));
}

#[test]
fn empty_scan_says_none_everywhere() {
    let mut empty = scan();
    empty.packages.clear();
    empty.licenses.clear();
    empty.copyrights.clear();
    empty.observations.clear();
    empty.advisories.clear();
    empty.metrics.clear();
    empty.verdicts.clear();
    empty.projects.clear();
    empty.diagnostics.clear();
    let report = render(empty);
    assert_eq!(report.matches("_None._").count(), 8, "{report}");
}

#[test]
fn refuses_other_formats() {
    let err = Markdown::render("html", scan()).expect_err("only markdown");
    assert!(err.contains("html"), "{err}");
}

#[test]
fn info_lists_the_format() {
    let info = Markdown::info();
    assert_eq!((info.name.as_str(), info.kind), ("markdown", PluginKind::Reporter));
    assert_eq!(info.formats, [FORMAT]);
}
