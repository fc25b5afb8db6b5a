use super::*;
use crate::model::{AdvisoryMatch, Severity};

fn advisory(id: &str, aliases: &[&str], kind: AdvisoryKind, rating: Option<SeverityRating>) -> Advisory {
    Advisory {
        id: id.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        kind,
        package_id: "pkg:cargo/regex@1.5.4".to_string(),
        summary: String::new(),
        details: None,
        severities: rating
            .map(|r| Severity {
                scheme: "CVSS_V3".to_string(),
                vector: Some("CVSS:3.1/AV:N".to_string()),
                score: None,
                rating: Some(r),
                source: None,
            })
            .into_iter()
            .collect(),
        ranges: Vec::new(),
        versions: Vec::new(),
        fixed_versions: Vec::new(),
        references: Vec::new(),
        published: None,
        modified: None,
        withdrawn: None,
        matched: Some(AdvisoryMatch {
            version: "1.5.4".to_string(),
            range: "not patched: >= 1.5.5".to_string(),
            comparator: "semver".to_string(),
            upgrade_to: Some("1.5.5".to_string()),
        }),
        advisor: "osv".to_string(),
    }
}

fn policy(text: &str) -> AdvisoryPolicy {
    let raw: RawAdvisories = toml::from_str(text).expect("toml");
    config::validate(Some(&raw), &|key| format!("ospo.toml:{key}")).expect("valid")
}

fn result(advisories: Vec<Advisory>) -> ScanResult {
    let mut result = ScanResult::new(".".to_string());
    result.metadata.timestamp = "2026-01-01T00:00:00Z".to_string();
    result.advisories = advisories;
    result
}

fn decisions(evaluation: &Evaluation) -> Vec<(String, Decision, String)> {
    evaluation.verdicts.iter().map(|v| (v.subject.clone(), v.decision, v.rule.clone())).collect()
}

#[test]
fn threshold_denies_at_and_above() {
    let r = result(vec![
        advisory("A-1", &[], AdvisoryKind::Vulnerability, Some(SeverityRating::Critical)),
        advisory("A-2", &[], AdvisoryKind::Vulnerability, Some(SeverityRating::High)),
        advisory("A-3", &[], AdvisoryKind::Vulnerability, Some(SeverityRating::Medium)),
        advisory("A-4", &[], AdvisoryKind::Vulnerability, None),
        advisory("A-5", &[], AdvisoryKind::Unmaintained, Some(SeverityRating::Critical)),
    ]);
    let e = evaluate(&r, &policy("fail-on = \"high\"\n"), &BTreeSet::new());
    assert_eq!(
        decisions(&e),
        [
            ("A-1".to_string(), Decision::Deny, "fail-on:high".to_string()),
            ("A-2".to_string(), Decision::Deny, "fail-on:high".to_string()),
            ("A-3".to_string(), Decision::Allow, "below:high".to_string()),
            ("A-4".to_string(), Decision::Review, "unrated".to_string()),
            ("A-5".to_string(), Decision::Review, "kind:unmaintained".to_string()),
        ]
    );
    assert_eq!(e.violations, 2);
    assert!(e.verdicts[0].explanation.contains("upgrade to 1.5.5"), "{}", e.verdicts[0].explanation);
    assert_eq!(e.verdicts[0].subject_kind, SubjectKind::Advisory);
    assert_eq!(e.verdicts[0].expression, "pkg:cargo/regex@1.5.4");
}

#[test]
fn no_section_no_verdicts() {
    let r = result(vec![advisory("A-1", &[], AdvisoryKind::Vulnerability, Some(SeverityRating::Critical))]);
    let e = evaluate(&r, &AdvisoryPolicy::default(), &BTreeSet::new());
    assert!(e.verdicts.is_empty());
    assert_eq!(e.violations, 0);
}

#[test]
fn ignores_match_aliases_until_they_expire() {
    let r = result(vec![
        advisory("RUSTSEC-1", &["CVE-1"], AdvisoryKind::Vulnerability, Some(SeverityRating::Critical)),
        advisory("RUSTSEC-2", &[], AdvisoryKind::Vulnerability, Some(SeverityRating::Critical)),
    ]);
    let p = policy(
        "fail-on = \"low\"\nignore = [\n { id = \"CVE-1\", reason = \"not reachable\", owner = \"sec\", expires = \"2026-01-01\" },\n \
         { id = \"RUSTSEC-2\", reason = \"old\", expires = \"2025-12-31\" },\n { id = \"GHSA-none\", reason = \"x\" },\n]\n",
    );
    let e = evaluate(&r, &p, &BTreeSet::new());
    assert_eq!(e.verdicts[0].decision, Decision::Allow);
    let exception = e.verdicts[0].exception.as_ref().expect("exception");
    assert_eq!((exception.id.as_str(), exception.owner.as_deref()), ("CVE-1", Some("sec")));
    assert_eq!(e.verdicts[1].decision, Decision::Deny, "an expired exception no longer applies");
    let codes: Vec<&str> = e.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["advisory-ignore-expired", "advisory-ignore-unused"]);
    assert!(e.diagnostics[0].message.contains("expired on 2025-12-31"), "{}", e.diagnostics[0].message);
    assert_eq!(e.violations, 1);
}
