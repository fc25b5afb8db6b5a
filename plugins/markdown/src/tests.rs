//! The report of a realistic scan, pinned as a snapshot.

use ospo_plugin_sdk::{
    Advisory, Copyright, Decision, DeclaredLicense, DependencyScope, Diagnostic, FindingKind, Level,
    LicenseFinding, LineRange, Metric, Observation, Package, PluginKind, ProjectLicense, ScanMetadata,
    Severity, SeverityRating, SubjectKind, VcsInfo, Verdict,
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
    let mut package = Package::new("cargo", name, Some(version)).purl(&purl).scope(scope).direct(direct);
    if let Some(license) = license {
        package = package.declared(DeclaredLicense::parse(license));
    }
    package
}

fn finding(path: &str, line: u32, expression: &str) -> LicenseFinding {
    LicenseFinding::new(path, expression, FindingKind::Tag)
        .lines(LineRange::line(line))
        .rule("spdx-license-identifier")
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
    // Filled by the host in a real scan; no builder on the plugin side.
    d.plugin = plugin.map(str::to_string);
    d
}

fn scan() -> ScanResult {
    ScanResult::new("/home/ci/acme")
        .schema_version("1")
        .metadata(
            ScanMetadata::new("ospo", "0.1.0", "2025-03-01T12:00:00Z").vcs(VcsInfo::git().commit("4b825dc")),
        )
        .files_scanned(128)
        .package(package("serde_json", "1.0.154", false, DependencyScope::Development, None))
        .package(package("anyhow", "1.0.105", true, DependencyScope::Runtime, Some("MIT OR Apache-2.0")))
        .package(package("acme-cli", "0.4.2", false, DependencyScope::Runtime, Some("MIT OR Apache-2.0")))
        .license(finding("src/main.rs", 1, "MIT OR Apache-2.0"))
        .license(finding("src/lib.rs", 1, "MIT OR Apache-2.0"))
        .license(finding("src/lib.rs", 40, "MIT OR Apache-2.0"))
        .license(finding("vendor/zlib/inflate.c", 3, "Zlib"))
        .license(finding("docs/guide.md", 1, "CC-BY-4.0"))
        .copyright(
            Copyright::new("src/main.rs", "2024 ACME Corp.")
                .lines(LineRange::line(2))
                .holders(["ACME Corp."])
                .years("2024"),
        )
        .observation(
            Observation::new(
                "confidential-marker",
                Level::Warning,
                "marked `CONFIDENTIAL - ACME INTERNAL`",
                "docs/roadmap|2025.md",
            )
            .lines(LineRange::line(7)),
        )
        .advisory(
            Advisory::new(
                "RUSTSEC-2025-0001",
                "pkg:cargo/anyhow@1.0.105",
                "Backtrace capture\nmay overflow the stack",
            )
            .alias("GHSA-xxxx-yyyy-zzzz")
            .severity(Severity::rated("RUSTSEC", SeverityRating::Medium))
            .fixed("1.0.106"),
        )
        .metric(Metric::count("inventory.packages", 3, "packages found by parsers").unit("packages"))
        .metric(Metric::ratio(
            "inventory.license-known-ratio",
            2.0 / 3.0,
            "share of packages that declare a licence",
        ))
        .verdict(Verdict::new(
            SubjectKind::Package,
            "pkg:cargo/anyhow@1.0.105",
            "MIT OR Apache-2.0",
            Decision::Allow,
            "allow-permissive",
            "MIT OR Apache-2.0 is allowed",
        ))
        .verdict(Verdict::new(
            SubjectKind::File,
            "docs/guide.md",
            "CC-BY-4.0",
            Decision::Review,
            "review-docs",
            "documentation licence, check attribution",
        ))
        .project(ProjectLicense::new(".", "MIT OR Apache-2.0").evidence(["LICENSE-MIT", "LICENSE-APACHE"]))
        .diagnostic(diagnostic(
            "license-expression-invalid",
            Level::Warning,
            "invalid SPDX expression `Apache 2`",
            Some("license-tag"),
            Some(("tools/gen.py", Some(1))),
        ))
        .diagnostic(diagnostic(
            "lockfile-malformed",
            Level::Error,
            "Cargo.lock: invalid string",
            Some("cargo"),
            Some(("fuzz/Cargo.lock", Some(12))),
        ))
        .diagnostic(diagnostic(
            "manifest-missing",
            Level::Info,
            "no Cargo.toml next to the lockfile",
            Some("cargo"),
            Some(("fuzz/Cargo.toml", None)),
        ))
        .diagnostic(diagnostic("file-skipped", Level::Info, "larger than 4 MiB", None, None))
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
    let info = Markdown::plugin_info();
    assert_eq!((info.name.as_str(), info.kind), ("markdown", PluginKind::Reporter));
    assert_eq!(info.formats, [FORMAT]);
}

#[test]
fn optional_packages_labelled_metrics_and_scores() {
    let scan = scan()
        .package(package("itoa", "1.0.19", true, DependencyScope::Runtime, None).optional(true))
        .metric(
            Metric::count("inventory.packages", 3, "packages found by parsers")
                .unit("packages")
                .label("ecosystem", "cargo"),
        )
        .advisory(
            Advisory::new("GHSA-1", "pkg:npm/x@1.0.0", "s")
                .severity(Severity::cvss("CVSS:3.1/AV:N").score(9.8)),
        )
        .advisory(Advisory::new("GHSA-2", "pkg:npm/x@1.0.0", "s"));
    let report = render(scan);
    assert!(report.contains("| itoa | 1.0.19 | cargo | yes | runtime (optional) | – |"), "{report}");
    assert!(report.contains("| inventory.packages | 3 |"), "{report}");
    assert!(report.contains("| inventory.packages{ecosystem=cargo} | 3 |"), "{report}");
    assert!(report.contains("| GHSA-1 | pkg:npm/x@1.0.0 | critical |"), "{report}");
    assert!(report.contains("| GHSA-2 | pkg:npm/x@1.0.0 | – |"), "{report}");
}

#[test]
fn header_leaves_out_what_the_host_did_not_know() {
    let scan = scan().metadata(ScanMetadata::new("ospo", "0.1.0", ""));
    let report = render(scan);
    assert!(!report.contains("Scanned at") && !report.contains("Commit"), "{report}");
}

/// Every plugin- or tree-supplied string, hostile: no raw control character, no table break, no
/// markup survives into the report.
#[test]
fn hostile_strings_cannot_inject_markup_or_terminal_sequences() {
    let hostile = "# \x1b[2J\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\rFORGED\u{202e}txt | *b* _e_ \
                   `c` [l](https://evil.example) <script>alert(1)</script> &amp; ~~s~~";
    let mut result = ScanResult::new(hostile)
        .metadata(ScanMetadata::new("ospo", "0.1.0", "2025-03-01T12:00:00Z"))
        .package(package(hostile, hostile, true, DependencyScope::Runtime, None))
        .license(finding(hostile, 1, "MIT"))
        .observation(Observation::new(hostile, Level::Warning, hostile, hostile))
        .diagnostic(diagnostic(hostile, Level::Error, hostile, Some(hostile), Some((hostile, Some(3)))));
    result.packages[0].ecosystem = hostile.to_string();
    let report = render(result);
    for raw in ['\x1b', '\x07', '\r', '\u{202e}'] {
        assert!(!report.contains(raw), "{raw:?} reached the report:\n{report}");
    }
    for markup in ["<script>", "[l](https://", "*b*", "_e_", "`c`", "~~s~~", " &amp;", "\n# "] {
        assert!(!report.contains(markup), "{markup:?} reached the report unescaped:\n{report}");
    }
    // Each table row is still one row: as many unescaped `|` as its table has columns plus one.
    for row in report.lines().filter(|l| l.starts_with("| ") && l.contains("evil")) {
        let cells = row.replace("\\|", "").matches('|').count();
        assert!((3..=7).contains(&cells), "a cell broke its row: {row}");
    }
}

/// The CI summary shape: violations first in the document, counts by rule, the rest collapsed.
#[test]
fn violations_come_first_with_counts_by_rule() {
    let scan = scan()
        .verdict(Verdict::new(
            SubjectKind::Package,
            "pkg:cargo/gplthing@0.3.0",
            "GPL-3.0-only",
            Decision::Deny,
            "deny:category:strong-copyleft",
            "Package gplthing is denied. To fix: replace the package.",
        ))
        .verdict(Verdict::new(
            SubjectKind::Package,
            "pkg:cargo/agpl@1.0.0",
            "AGPL-3.0-only",
            Decision::Review,
            "report-only:deny:category:strong-copyleft",
            "development dependency",
        ));
    let report = render(scan);
    let violations = report.find("### Violations").expect("a violations table");
    assert!(violations < report.find("## Project licences").expect("projects"), "{report}");
    assert!(report.contains("**1 violation(s)**, 2 to review, 1 allowed."), "{report}");
    assert!(
        report.contains("| category:strong-copyleft | 1 | 1 | 0 |"),
        "denials and reports counted together: {report}"
    );
    assert!(report.contains("<details><summary>2 to review</summary>"), "{report}");
    let table = &report[violations..report.find("### By rule").expect("counts")];
    assert!(table.contains("gplthing") && !table.contains("agpl"), "only denials: {table}");
}
