//! The SARIF of a realistic scan, pinned as a snapshot, and the properties code scanning needs.

use ospo_plugin_sdk::{
    Advisory, Decision, Diagnostic, ExceptionRef, Level, LineRange, Location, Observation, Package,
    PluginKind, PluginRecord, ScanMetadata, Severity, SeverityRating, SubjectKind, VcsInfo, Verdict,
};
use serde_json::Value;

use super::*;

fn scan() -> ScanResult {
    ScanResult::new("/home/ci/acme app")
        .metadata(
            ScanMetadata::new("ospo", "0.1.0", "2026-01-01T00:00:00Z")
                .plugin(PluginRecord::new("cargo", "0.1.0", PluginKind::Parser, "ab12", "embedded:cargo"))
                .plugin(PluginRecord::new("sarif", "0.1.0", PluginKind::Reporter, "cd34", "embedded:sarif"))
                .vcs(
                    VcsInfo::git()
                        .commit("4b825dc")
                        .branch("main")
                        .remote("https://example.invalid/acme.git"),
                ),
        )
        .package(
            Package::new("cargo", "gplthing", Some("0.3.0"))
                .purl("pkg:cargo/gplthing@0.3.0")
                .location("Cargo.lock", Some(12)),
        )
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:cargo/gplthing@0.3.0",
                "GPL-3.0-only",
                Decision::Deny,
                "deny:category:strong-copyleft",
                "Package gplthing 0.3.0 (cargo) (declared licence `GPL-3.0-only`) is denied.",
            )
            .location(Location::new("Cargo.lock", Some(12))),
        )
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:cargo/gplthing@0.3.0",
                "GPL-3.0-only",
                Decision::Deny,
                "compatibility:no",
                "Package gplthing 0.3.0 (cargo) (GPL-3.0-only) in a MIT project: incompatible.",
            )
            .location(Location::new("Cargo.lock", Some(12))),
        )
        .verdict(
            Verdict::new(
                SubjectKind::File,
                "vendor/old/lib.c",
                "LGPL-2.1-only",
                Decision::Deny,
                "exception-expired:old-lgpl",
                "Vendored file vendor/old/lib.c: exception `old-lgpl` expired on 2025-12-31.",
            )
            .exception(ExceptionRef::new("old-lgpl", "kept separate").owner("legal").expires("2025-12-31"))
            .location(Location::new("vendor/old/lib.c", Some(3))),
        )
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:cargo/either@1.0.0",
                "MIT OR Apache-2.0",
                Decision::Allow,
                "allow:category:permissive",
                "allowed",
            )
            .choice("Apache-2.0"),
        )
        .verdict(Verdict::new(
            SubjectKind::Project,
            ".",
            "NOASSERTION",
            Decision::Review,
            "review:category:unknown",
            "The project at . (no licence found) needs review.",
        ))
        .advisory(
            Advisory::new("RUSTSEC-2025-0001", "pkg:cargo/gplthing@0.3.0", "Stack overflow in parser")
                .severity(Severity::rated("RUSTSEC", SeverityRating::High))
                .reference("https://rustsec.example/advisories/RUSTSEC-2025-0001")
                .fixed("0.3.1"),
        )
        .observation(
            Observation::new(
                "confidential-marker",
                Level::Warning,
                "marked `CONFIDENTIAL`",
                "docs/road map.md",
            )
            .lines(LineRange::line(7)),
        )
        .diagnostic(
            Diagnostic::new("policy-exception-expiring", Level::Warning, "exception `x` expires soon")
                .at("ospo.toml", Some(20)),
        )
}

fn render(scan: ScanResult) -> Value {
    let bytes = Sarif::render(FORMAT, scan).expect("renders");
    serde_json::from_slice(&bytes).expect("JSON")
}

#[test]
fn full_document() {
    insta::assert_json_snapshot!(render(scan()));
}

#[test]
fn violations_first_with_rules_locations_and_fingerprints() {
    let doc = render(scan());
    let run = &doc["runs"][0];
    let results = run["results"].as_array().expect("results");
    let ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap_or_default()).collect();
    assert_eq!(
        ids,
        [
            "license-incompatible",
            "license-denied",
            "license-exception-expired",
            "license-review",
            "RUSTSEC-2025-0001",
            "observation/confidential-marker"
        ],
        "denials first, allows left out"
    );
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().expect("index") as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(rule["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")), "{rule}");
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(result["partialFingerprints"]["ospoSubject/v1"].as_str().is_some_and(|f| f.len() == 16));
    }
    assert_eq!(results[2]["level"], "error");
    assert_eq!(results[3]["level"], "warning");
    assert_eq!(results[2]["properties"]["exception"]["owner"], "legal");
    let place = &results[5]["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "docs/road%20map.md");
    assert_eq!(place["region"]["startLine"], 7);
    assert_eq!(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///home/ci/acme%20app/");
    let extensions = run["tool"]["extensions"].as_array().expect("extensions");
    assert_eq!(extensions.len(), 2);
    assert_eq!(extensions[0]["name"], "cargo");
}

/// The same alert across runs: the fingerprint depends on what, not on where or on order.
#[test]
fn fingerprints_do_not_move_with_lines_or_order() {
    let fingerprints = |doc: &Value| -> Vec<String> {
        let mut all: Vec<String> = doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["ospoSubject/v1"].as_str().unwrap_or_default().to_string())
            .collect();
        all.sort();
        all
    };
    let mut moved = scan();
    moved.verdicts.reverse();
    for v in &mut moved.verdicts {
        if let Some(l) = v.location.as_mut() {
            l.line = l.line.map(|n| n + 10);
        }
    }
    let a = fingerprints(&render(scan()));
    assert_eq!(a, fingerprints(&render(moved)));
    let mut unique = a.clone();
    unique.dedup();
    assert_eq!(unique.len(), a.len(), "one fingerprint per alert");
}

#[test]
fn an_advisory_with_a_verdict_is_not_reported_twice() {
    let judged = scan().verdict(Verdict::new(
        SubjectKind::Advisory,
        "RUSTSEC-2025-0001",
        "",
        Decision::Deny,
        "advisory:high",
        "denied",
    ));
    let doc = render(judged);
    let ids: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(ids.contains(&"advisory-denied"));
    assert!(!ids.contains(&"RUSTSEC-2025-0001"), "{ids:?}");
}

#[test]
fn refuses_other_formats_and_declares_its_own() {
    assert!(Sarif::render("markdown", scan()).is_err());
    let info = Sarif::plugin_info();
    assert_eq!((info.name.as_str(), info.kind), ("sarif", PluginKind::Reporter));
    assert_eq!(info.formats, [FORMAT]);
}
