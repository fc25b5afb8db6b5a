//! The advisory half of the evaluate stage: the advisories advisors reported, and
//! `[advisories]` of `ospo.toml`, into verdicts (subject kind `advisory`) and diagnostics.
//!
//! - A vulnerability (or malicious package) rated at or above `fail-on` is `deny`: the run
//!   exits 1. Below the threshold it is `allow`; without a rating it is `review` (nothing says
//!   how bad it is). Informational advisories (unmaintained, unsound, yanked, notice) are
//!   `review` and never fail the run.
//! - An `ignore` entry naming the advisory's id or one of its aliases makes it `allow` with the
//!   exception recorded, until its `expires` date has passed (the scan's own date, which honours
//!   `SOURCE_DATE_EPOCH`); an expired or unused exception is a diagnostic.
//! - Coverage: per ecosystem, how many packages an advisor has data for and how many none has,
//!   as `advisories.packages` metrics labelled `ecosystem` and `covered`.

pub mod config;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Advisory, AdvisoryKind, Decision, Diagnostic, ExceptionRef, Location, Metric, MetricValue, ScanResult,
    SeverityRating, SubjectKind, Verdict,
};
pub use config::{AdvisoryPolicy, RawAdvisories};

/// Who the coverage metrics name as their collector.
const HOST: &str = "ospo";

#[derive(Debug, Default)]
pub struct Evaluation {
    pub verdicts: Vec<Verdict>,
    pub diagnostics: Vec<Diagnostic>,
    /// `deny` verdicts: each fails the run.
    pub violations: usize,
    pub metrics: Vec<Metric>,
}

fn rank(rating: SeverityRating) -> u8 {
    match rating {
        SeverityRating::None => 0,
        SeverityRating::Low => 1,
        SeverityRating::Medium => 2,
        SeverityRating::High => 3,
        SeverityRating::Critical => 4,
    }
}

pub fn rating_name(rating: SeverityRating) -> &'static str {
    match rating {
        SeverityRating::None => "none",
        SeverityRating::Low => "low",
        SeverityRating::Medium => "medium",
        SeverityRating::High => "high",
        SeverityRating::Critical => "critical",
    }
}

/// The advisory's rating: the highest a CVSS vector gives, else the database's own.
pub fn rating(advisory: &Advisory) -> Option<SeverityRating> {
    let highest = |cvss: bool| {
        advisory
            .severities
            .iter()
            .filter(|s| s.vector.is_some() == cvss)
            .filter_map(|s| s.rating)
            .max_by_key(|r| rank(*r))
    };
    highest(true).or_else(|| highest(false))
}

pub fn kind_name(kind: AdvisoryKind) -> &'static str {
    match kind {
        AdvisoryKind::Vulnerability => "vulnerability",
        AdvisoryKind::Unmaintained => "unmaintained",
        AdvisoryKind::Unsound => "unsound",
        AdvisoryKind::Yanked => "yanked",
        AdvisoryKind::Malicious => "malicious",
        AdvisoryKind::Notice => "notice",
    }
}

/// The ecosystems some advisor has data for (their `info().ecosystems`).
pub fn evaluate(result: &ScanResult, policy: &AdvisoryPolicy, covered: &BTreeSet<String>) -> Evaluation {
    let mut out = Evaluation { metrics: coverage(result, covered), ..Evaluation::default() };
    if !policy.enabled {
        return out;
    }
    let today = result.metadata.timestamp.get(..10).unwrap_or("");
    let mut used = vec![false; policy.ignore.len()];
    for (i, ignore) in policy.ignore.iter().enumerate() {
        if ignore.expires.as_deref().is_some_and(|e| e < today) {
            used[i] = true;
            out.diagnostics.push(Diagnostic::of(
                crate::diagnostics::Code::AdvisoryIgnoreExpired,
                format!(
                    "{}: the exception for {} expired on {} ({}); the advisory is evaluated again{}",
                    ignore.at,
                    ignore.id,
                    ignore.expires.as_deref().unwrap_or(""),
                    ignore.reason,
                    ignore.owner.as_deref().map(|o| format!("; owner {o}")).unwrap_or_default()
                ),
            ));
        }
    }
    let locations: BTreeMap<&str, Option<&Location>> =
        result.packages.iter().map(|p| (p.id.as_str(), p.locations.first())).collect();
    for advisory in &result.advisories {
        let names = |id: &str| advisory.id == id || advisory.aliases.iter().any(|a| a == id);
        let exception = policy
            .ignore
            .iter()
            .enumerate()
            .find(|(_, ig)| names(&ig.id) && ig.expires.as_deref().is_none_or(|e| e >= today));
        let rated = rating(advisory);
        let severity = rated.map_or("unrated".to_string(), |r| rating_name(r).to_string());
        let fix = advisory
            .matched
            .as_ref()
            .and_then(|m| m.upgrade_to.as_deref())
            .map_or("no fixed version is known".to_string(), |v| format!("upgrade to {v}"));
        let informational = !matches!(advisory.kind, AdvisoryKind::Vulnerability | AdvisoryKind::Malicious);
        let (decision, rule, explanation) = if let Some((i, ignore)) = exception {
            used[i] = true;
            (
                Decision::Allow,
                format!("ignore:{}", ignore.id),
                format!("{} is ignored by an exception: {}", advisory.id, ignore.reason),
            )
        } else if informational {
            (
                Decision::Review,
                format!("kind:{}", kind_name(advisory.kind)),
                format!(
                    "{} says the package is {}: not a vulnerability, but worth a look ({fix})",
                    advisory.id,
                    kind_name(advisory.kind)
                ),
            )
        } else {
            match (policy.fail_on, rated) {
                (Some(threshold), Some(r)) if rank(r) >= rank(threshold) => (
                    Decision::Deny,
                    format!("fail-on:{}", rating_name(threshold)),
                    format!(
                        "{} is rated {severity}, at or above fail-on = {}: {fix}, or add an [advisories] ignore \
                         entry with a reason",
                        advisory.id,
                        rating_name(threshold)
                    ),
                ),
                (Some(threshold), Some(_)) => (
                    Decision::Allow,
                    format!("below:{}", rating_name(threshold)),
                    format!(
                        "{} is rated {severity}, below fail-on = {} ({fix})",
                        advisory.id,
                        rating_name(threshold)
                    ),
                ),
                (Some(_), None) => (
                    Decision::Review,
                    "unrated".to_string(),
                    format!("{} has no severity to compare with fail-on; review it ({fix})", advisory.id),
                ),
                (None, _) => (
                    Decision::Review,
                    "advisory".to_string(),
                    format!("{} ({severity}) applies; no fail-on is set ({fix})", advisory.id),
                ),
            }
        };
        if decision == Decision::Deny {
            out.violations += 1;
        }
        out.verdicts.push(Verdict {
            subject_kind: SubjectKind::Advisory,
            subject: advisory.id.clone(),
            expression: advisory.package_id.clone(),
            decision,
            rule,
            choice: None,
            exception: exception.map(|(_, ig)| ExceptionRef {
                id: ig.id.clone(),
                reason: ig.reason.clone(),
                owner: ig.owner.clone(),
                expires: ig.expires.clone(),
            }),
            explanation,
            location: locations.get(advisory.package_id.as_str()).copied().flatten().cloned(),
        });
    }
    for (ignore, used) in policy.ignore.iter().zip(used) {
        if !used {
            out.diagnostics.push(Diagnostic::of(
                crate::diagnostics::Code::AdvisoryIgnoreUnused,
                format!(
                    "{}: the exception for {} matches no advisory of this scan; remove it if it is stale",
                    ignore.at, ignore.id
                ),
            ));
        }
    }
    out
}

/// `advisories.packages{ecosystem, covered}`: packages with a version an advisor has data for.
fn coverage(result: &ScanResult, covered: &BTreeSet<String>) -> Vec<Metric> {
    if covered.is_empty() {
        return Vec::new();
    }
    let mut counts: BTreeMap<(String, bool), u64> = BTreeMap::new();
    for package in result.packages.iter().filter(|p| p.version.is_some()) {
        let ecosystem = package.ecosystem.to_ascii_lowercase();
        let has = covered.contains(&ecosystem);
        *counts.entry((ecosystem, has)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((ecosystem, has), count)| Metric {
            name: "advisories.packages".to_string(),
            value: MetricValue::Count(count),
            unit: Some("packages".to_string()),
            description: "Packages of an ecosystem some advisor has data for (covered) or none has"
                .to_string(),
            labels: BTreeMap::from([
                ("ecosystem".to_string(), ecosystem),
                ("covered".to_string(), if has { "yes" } else { "no" }.to_string()),
            ]),
            collector: HOST.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
