//! A whole evaluation over a small result: which subjects get verdicts, scopes that do not
//! gate, vendored files, package exceptions covering their files, the project's licence,
//! compatibility, the baseline, and the starter config through the real loader.

use super::config::{Source, validate};
use super::*;
use crate::config::ConfigFile;
use crate::model::{
    DeclaredLicense, FindingKind, LicenseFinding, LineRange, Location, Package, PackageSource,
    ProjectLicense, SourceKind, Strength, SubjectKind,
};

fn policy(extra: &str) -> Policy {
    let text = format!(
        "[policy]\nallow = [\"permissive\", \"public-domain\"]\nreview = [\"weak-copyleft\", \"unknown\"]\n\
         deny = [\"strong-copyleft\", \"network-copyleft\", \"proprietary\"]\n{extra}"
    );
    let config = ConfigFile::parse(&text, "ospo.toml").expect("valid TOML");
    let raw = config.policy.as_ref().expect("a [policy] table");
    validate(raw, &Source { path: "ospo.toml", text: &text }).expect("a valid policy")
}

/// Built from JSON so that fields the model gains later (all optional) break no test.
fn package(name: &str, license: Option<&str>, scope: DependencyScope, source: Option<&str>) -> Package {
    let declared = license.map(|l| DeclaredLicense { raw: l.into(), expression: l.into(), path: None });
    let source =
        source.map(|dir| PackageSource { kind: SourceKind::Path, url: Some(dir.into()), commit: None });
    serde_json::from_value(serde_json::json!({
        "id": format!("pkg:cargo/{name}@1.0.0"),
        "name": name,
        "version": "1.0.0",
        "ecosystem": "cargo",
        "purl": format!("pkg:cargo/{name}@1.0.0"),
        "scope": scope,
        "direct": true,
        "optional": false,
        "locations": [{ "path": "Cargo.lock", "line": 7 }],
        "hashes": [],
        "source": source,
        "declared_license": declared,
        "detected_license": null,
        "concluded_license": null,
    }))
    .expect("a package")
}

fn finding(path: &str, line: u32, expression: &str, strength: Strength) -> LicenseFinding {
    LicenseFinding {
        path: path.into(),
        lines: Some(LineRange { start: line, end: line }),
        expression: expression.into(),
        kind: FindingKind::Tag,
        strength,
        confidence: 1.0,
        coverage: None,
        rule_id: "spdx-license-identifier".into(),
        raw: None,
        text: None,
        references: Vec::new(),
        detector: "license-tag".into(),
        also: Vec::new(),
        package_id: None,
    }
}

fn result() -> ScanResult {
    let mut result = ScanResult::new("/src/acme".into());
    result.metadata.timestamp = "2026-01-01T00:00:00Z".into();
    result.packages = vec![
        package("acme", Some("MIT"), DependencyScope::Runtime, Some(".")),
        package("serde", Some("MIT OR Apache-2.0"), DependencyScope::Runtime, None),
        package("gplthing", Some("GPL-3.0-only"), DependencyScope::Runtime, Some("vendor/gplthing")),
        package("testkit", Some("AGPL-3.0-only"), DependencyScope::Development, None),
        package("mystery", None, DependencyScope::Runtime, None),
        package("lgpl", Some("LGPL-2.1-only"), DependencyScope::Runtime, None),
    ];
    result.licenses = vec![
        finding("src/main.rs", 1, "MIT", Strength::Detection),
        finding("src/main.rs", 9, "MIT", Strength::Detection),
        finding("src/copied.c", 2, "GPL-2.0-only", Strength::Clue),
        // The package's own licence: its verdict covers the file.
        finding("vendor/gplthing/src/lib.rs", 1, "GPL-3.0-only", Strength::Detection),
        finding("vendor/gplthing/src/other.c", 1, "GPL-2.0-or-later", Strength::Detection),
    ];
    result.projects = vec![
        ProjectLicense { root: ".".into(), expression: "MIT".into(), evidence: vec!["LICENSE".into()] },
        ProjectLicense {
            root: "vendor/gplthing".into(),
            expression: "GPL-3.0-only".into(),
            evidence: vec!["vendor/gplthing/Cargo.toml".into()],
        },
    ];
    result
}

fn find<'a>(evaluation: &'a Evaluation, subject: &str, compat: bool) -> &'a Verdict {
    evaluation
        .verdicts
        .iter()
        .find(|v| v.subject == subject && v.rule.starts_with("compatibility:") == compat)
        .unwrap_or_else(|| panic!("no verdict for {subject}: {:#?}", evaluation.verdicts))
}

#[test]
fn every_subject_gets_an_explained_verdict() {
    let evaluation = evaluate(&result(), Some(&policy("")), None);
    // (subject, compatibility?, decision, rule)
    let expected: &[(&str, bool, Decision, &str)] = &[
        (".", false, Decision::Allow, "allow:category:permissive"),
        ("pkg:cargo/acme@1.0.0", false, Decision::Allow, "allow:category:permissive"),
        ("pkg:cargo/serde@1.0.0", false, Decision::Allow, "allow:category:permissive"),
        ("pkg:cargo/gplthing@1.0.0", false, Decision::Deny, "deny:category:strong-copyleft"),
        ("pkg:cargo/gplthing@1.0.0", true, Decision::Deny, "compatibility:no"),
        ("pkg:cargo/testkit@1.0.0", false, Decision::Review, "report-only:deny:category:network-copyleft"),
        ("pkg:cargo/mystery@1.0.0", false, Decision::Review, "review:category:unknown"),
        ("pkg:cargo/lgpl@1.0.0", false, Decision::Review, "review:category:weak-copyleft"),
        ("pkg:cargo/lgpl@1.0.0", true, Decision::Review, "compatibility:weak-copyleft"),
        ("pkg:cargo/serde@1.0.0", true, Decision::Allow, "compatibility:same"),
        ("src/main.rs", false, Decision::Allow, "allow:category:permissive"),
        ("vendor/gplthing/src/other.c", false, Decision::Deny, "deny:category:strong-copyleft"),
    ];
    for (subject, compat, decision, rule) in expected {
        let v = find(&evaluation, subject, *compat);
        assert_eq!((v.decision, v.rule.as_str()), (*decision, *rule), "{subject}: {}", v.explanation);
        assert!(!v.explanation.is_empty());
    }
    let gpl = find(&evaluation, "pkg:cargo/gplthing@1.0.0", false);
    for part in ["Package gplthing 1.0.0", "GPL-3.0-only", "ospo.toml:4", "To fix:", "replace the package"] {
        assert!(gpl.explanation.contains(part), "{part:?} missing: {}", gpl.explanation);
    }
    assert_eq!(gpl.location, Some(Location { path: "Cargo.lock".into(), line: Some(7) }));
    assert_eq!(find(&evaluation, "pkg:cargo/serde@1.0.0", false).choice.as_deref(), Some("MIT"));
    let main = find(&evaluation, "src/main.rs", false);
    assert_eq!(main.location, Some(Location { path: "src/main.rs".into(), line: Some(1) }), "first line");
    assert!(!evaluation.verdicts.iter().any(|v| v.subject == "src/copied.c"), "clues decide nothing");
    assert!(
        !evaluation.verdicts.iter().any(|v| v.subject == "vendor/gplthing/src/lib.rs"),
        "the package's own licence"
    );
    assert!(
        !evaluation.verdicts.iter().any(|v| v.subject == "vendor/gplthing"),
        "vendored roots are not the project"
    );
    assert!(
        !evaluation
            .verdicts
            .iter()
            .any(|v| v.subject == "pkg:cargo/acme@1.0.0" && v.rule.starts_with("compat"))
    );
    assert!(
        !evaluation
            .verdicts
            .iter()
            .any(|v| v.subject == "pkg:cargo/testkit@1.0.0" && v.rule.starts_with("compat"))
    );
    assert_eq!(evaluation.violations, 3, "gplthing's licence and compatibility, its vendored file");
    assert!(evaluation.verdicts.iter().filter(|v| v.subject_kind == SubjectKind::Project).count() == 1);
}

#[test]
fn one_package_exception_covers_the_package_and_its_files_until_it_expires() {
    let exception = "[[policy.exceptions]]\nid = \"gpl-ok\"\nname = \"gplthing\"\nlicense = \"GPL-3.0-only AND GPL-2.0-or-later\"\n\
                     reason = \"linked as a separate process\"\nowner = \"legal@acme.example\"\nexpires = EXPIRES\n";
    let cases = [
        ("2026-06-30", 0, Decision::Allow, false),
        ("2026-01-20", 0, Decision::Allow, true),
        ("2025-12-31", 3, Decision::Deny, false),
    ];
    for (expires, violations, decision, expiring) in cases {
        let evaluation = evaluate(&result(), Some(&policy(&exception.replace("EXPIRES", expires))), None);
        assert_eq!(evaluation.violations, violations, "{expires}: {:#?}", evaluation.verdicts);
        for (subject, compat) in [
            ("pkg:cargo/gplthing@1.0.0", false),
            ("pkg:cargo/gplthing@1.0.0", true),
            ("vendor/gplthing/src/other.c", false),
        ] {
            let v = find(&evaluation, subject, compat);
            assert_eq!(v.decision, decision, "{expires} {subject}: {}", v.explanation);
            let exception = v.exception.as_ref();
            if !compat || decision == Decision::Allow {
                assert_eq!(exception.map(|e| e.id.as_str()), Some("gpl-ok"), "{expires} {subject}");
                assert_eq!(exception.and_then(|e| e.owner.as_deref()), Some("legal@acme.example"));
            }
        }
        let licence = find(&evaluation, "pkg:cargo/gplthing@1.0.0", false);
        if decision == Decision::Deny {
            assert_eq!(licence.rule, "exception-expired:gpl-ok");
            assert!(licence.explanation.contains("expired on 2025-12-31"), "{}", licence.explanation);
            assert!(licence.explanation.contains("set a later `expires`"), "{}", licence.explanation);
        } else {
            assert_eq!(licence.rule, "exception:gpl-ok");
        }
        let warned = evaluation.diagnostics.iter().any(|d| d.code == "policy-exception-expiring");
        assert_eq!(warned, expiring, "{expires}: {:?}", evaluation.diagnostics);
        assert!(!evaluation.diagnostics.iter().any(|d| d.code == "policy-exception-unused"), "{expires}");
    }
}

#[test]
fn scopes_paths_and_packages_scope_the_rules() {
    let extra = "report-only-scopes = []\n\
                 [[policy.rules]]\npaths = [\"vendor/**\"]\ngate = false\n\
                 [[policy.rules]]\npackages = [\"lgpl\"]\nallow = [\"LGPL-2.1-only\"]\n\
                 [policy.compatibility]\ncheck = false\n";
    let evaluation = evaluate(&result(), Some(&policy(extra)), None);
    let testkit = find(&evaluation, "pkg:cargo/testkit@1.0.0", false);
    assert_eq!(testkit.decision, Decision::Deny, "development gates now: {}", testkit.explanation);
    let vendored = find(&evaluation, "vendor/gplthing/src/other.c", false);
    assert_eq!(
        (vendored.decision, vendored.rule.as_str()),
        (Decision::Review, "report-only:deny:category:strong-copyleft")
    );
    assert!(vendored.explanation.contains("gate = false"), "{}", vendored.explanation);
    let gpl = find(&evaluation, "pkg:cargo/gplthing@1.0.0", false);
    assert_eq!(gpl.decision, Decision::Review, "its source directory is under vendor/: {}", gpl.explanation);
    let lgpl = find(&evaluation, "pkg:cargo/lgpl@1.0.0", false);
    assert_eq!((lgpl.decision, lgpl.rule.as_str()), (Decision::Allow, "allow:LGPL-2.1-only"));
    assert!(!evaluation.verdicts.iter().any(|v| v.rule.starts_with("compatibility:")), "check = false");
}

#[test]
fn the_baseline_fails_only_new_violations() {
    let policy = policy("");
    let first = evaluate(&result(), Some(&policy), None);
    assert_eq!(first.violations, 3);
    let baseline = Baseline::from_verdicts("previous.json", &first.verdicts);
    let mut grown = result();
    grown.packages.push(package("agpl", Some("AGPL-3.0-only"), DependencyScope::Runtime, None));
    let second = evaluate(&grown, Some(&policy), Some(&baseline));
    assert_eq!(second.violations, 2, "the new package's licence and compatibility");
    let old = find(&second, "pkg:cargo/gplthing@1.0.0", false);
    assert_eq!(old.decision, Decision::Deny, "kept in the result");
    assert!(old.explanation.contains("Already in the baseline previous.json"), "{}", old.explanation);
    assert!(
        second
            .diagnostics
            .iter()
            .any(|d| d.code == "policy-baselined" && d.message.contains("3 violation(s)"))
    );
}

#[test]
fn project_license_is_declared_or_concluded_or_reviewed() {
    let declared = evaluate(&result(), Some(&policy("project-license = \"Apache-2.0\"\n")), None);
    let project: Vec<&Verdict> =
        declared.verdicts.iter().filter(|v| v.subject_kind == SubjectKind::Project).collect();
    assert_eq!(project.len(), 1);
    assert_eq!(project[0].expression, "Apache-2.0");
    // Compatibility is against the declared licence: an Apache-2.0 work may hold an MIT part.
    assert_eq!(find(&declared, "pkg:cargo/serde@1.0.0", true).rule, "compatibility:yes");
    let mut none = result();
    none.projects.clear();
    let reviewed = evaluate(&none, Some(&policy("")), None);
    let project = find(&reviewed, ".", false);
    assert_eq!((project.decision, project.expression.as_str()), (Decision::Review, "NOASSERTION"));
    assert!(project.explanation.contains("no licence found"), "{}", project.explanation);
    assert!(
        !reviewed.verdicts.iter().any(|v| v.rule.starts_with("compatibility:")),
        "no project licence, no check"
    );
}

#[test]
fn no_policy_decides_nothing() {
    let evaluation = evaluate(&result(), None, None);
    assert!(evaluation.verdicts.is_empty() && evaluation.diagnostics.is_empty());
    assert_eq!(evaluation.violations, 0);
}

#[test]
fn the_starter_config_loads_through_the_real_loader() {
    let config = ConfigFile::parse(STARTER, "ospo.toml").expect("the starter parses");
    let raw = config.policy.as_ref().expect("it has a [policy]");
    let policy = validate(raw, &Source { path: "ospo.toml", text: STARTER }).expect("and validates");
    let decided = |id: &str| {
        let term = ospo_expression::Term { license: id.into(), exception: None };
        policy.rules.decide(&term, &categories::classify(&term)).map(|e| e.decision)
    };
    assert_eq!(decided("MIT"), Some(Decision::Allow));
    assert_eq!(decided("CC0-1.0"), Some(Decision::Allow));
    assert_eq!(decided("LGPL-2.1-only"), Some(Decision::Review));
    assert_eq!(decided("GPL-3.0-only"), Some(Decision::Deny));
    assert_eq!(decided("AGPL-3.0-only"), Some(Decision::Deny));
    assert_eq!(decided("LicenseRef-unknown"), Some(Decision::Review));
    assert_eq!(policy.report_only_scopes, [DependencyScope::Development, DependencyScope::Test]);
    assert!(policy.compatibility.check);
}
