//! The rules results refer to: one per kind of policy verdict (fixed, with help on what to do),
//! one per advisory id and one per observation rule (from the result's own data).

use serde_json::{Value, json};

use ospo_plugin_sdk::{Advisory, Decision, SeverityRating, SubjectKind, Verdict};

/// The repository's README section on the licence policy: what every policy rule's help links.
fn policy_help_uri() -> String {
    format!("{}/blob/main/README.md#licence-policy", env!("CARGO_PKG_REPOSITORY"))
}

/// A rule as SARIF writes it in `tool.driver.rules`.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    name: String,
    short: String,
    full: String,
    help: String,
    help_uri: String,
    pub level: &'static str,
    tags: Vec<&'static str>,
}

impl Rule {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "shortDescription": { "text": self.short },
            "fullDescription": { "text": self.full },
            "help": { "text": self.help, "markdown": self.help },
            "helpUri": self.help_uri,
            "defaultConfiguration": { "level": self.level },
            "properties": { "tags": self.tags },
        })
    }
}

/// The SARIF level of a decision.
pub fn level(decision: Decision) -> &'static str {
    match decision {
        Decision::Deny => "error",
        Decision::Review => "warning",
        Decision::Allow => "note",
    }
}

/// The rule of a verdict, by what decided it.
pub fn for_verdict(verdict: &Verdict) -> Rule {
    let (id, name, short, full, help) = if verdict.subject_kind == SubjectKind::Advisory {
        match verdict.decision {
            Decision::Deny => (
                "advisory-denied",
                "AdvisoryDenied",
                "A package has an advisory the policy denies",
                "A dependency is affected by a security or maintenance advisory that the policy does not accept.",
                "Upgrade the package to a fixed version, replace it, or add a policy exception with a reason, an owner and an expiry date.",
            ),
            _ => (
                "advisory-review",
                "AdvisoryReview",
                "A package has an advisory to review",
                "A dependency is affected by an advisory the policy asks a person to review.",
                "Check whether the affected code is reachable; upgrade, or record the decision as a policy exception.",
            ),
        }
    } else if verdict.rule.starts_with("exception-expired:") {
        (
            "license-exception-expired",
            "LicenseExceptionExpired",
            "A policy exception has expired",
            "A licence was accepted by a `[[policy.exceptions]]` entry whose `expires` date has passed, so it is a violation again.",
            "Review the exception with its owner and set a later `expires`, or replace the package or code it covered.",
        )
    } else if verdict.rule.starts_with("compatibility:") {
        match verdict.decision {
            Decision::Deny => (
                "license-incompatible",
                "LicenseIncompatible",
                "A dependency's licence is incompatible with the project's",
                "The OSADL compatibility matrix says a component under this licence cannot be part of a work under the project's licence.",
                "Replace the dependency, relicense the project, or add a policy exception with a reason, an owner and an expiry date after legal review.",
            ),
            _ => (
                "license-compatibility-review",
                "LicenseCompatibilityReview",
                "A dependency's licence compatibility needs review",
                "The OSADL compatibility matrix is unsure, has no entry, or the dependency is weak copyleft and compatible only when kept separate.",
                "Check how the dependency is combined with the project (linked dynamically, files unmodified); record the decision as a policy exception.",
            ),
        }
    } else {
        match verdict.decision {
            Decision::Deny => (
                "license-denied",
                "LicenseDenied",
                "A licence the policy denies",
                "A package, file or the project itself is under a licence that `[policy]` in ospo.toml denies, by its id or its category.",
                "Replace the package or code, add a `[[policy.exceptions]]` entry with a reason, an owner and an expiry date, or allow the licence in `[policy]`.",
            ),
            _ => (
                "license-review",
                "LicenseReview",
                "A licence to review",
                "A package, file or the project itself is under a licence that `[policy]` asks a person to review, or whose licence is unknown.",
                "Check the licence and how the code is used; then allow it in `[policy]` or add a `[[policy.exceptions]]` entry.",
            ),
        }
    };
    Rule {
        id: id.to_string(),
        name: name.to_string(),
        short: short.to_string(),
        full: full.to_string(),
        help: help.to_string(),
        help_uri: policy_help_uri(),
        level: level(verdict.decision),
        tags: vec!["license", "policy"],
    }
}

/// The level of an advisory: its worst rating (critical and high are errors).
pub fn advisory_level(advisory: &Advisory) -> &'static str {
    match advisory.severities.iter().filter_map(|s| s.rating).max_by_key(|r| *r as u8) {
        Some(SeverityRating::Critical | SeverityRating::High) => "error",
        Some(SeverityRating::Low | SeverityRating::None) => "note",
        _ => "warning",
    }
}

/// An advisory's own rule: its id, summary and first reference.
pub fn for_advisory(advisory: &Advisory) -> Rule {
    let help_uri = advisory
        .references
        .iter()
        .find(|r| r.starts_with("https://") || r.starts_with("http://"))
        .cloned()
        .unwrap_or_else(policy_help_uri);
    let fixed = if advisory.fixed_versions.is_empty() {
        "No fixed version is known: replace the package or assess the risk.".to_string()
    } else {
        format!("Fixed in {}: upgrade.", advisory.fixed_versions.join(", "))
    };
    Rule {
        id: advisory.id.clone(),
        name: advisory.id.clone(),
        short: advisory.summary.lines().next().unwrap_or_default().to_string(),
        full: advisory.details.clone().unwrap_or_else(|| advisory.summary.clone()),
        help: format!("{} {fixed}", advisory.summary),
        help_uri,
        level: advisory_level(advisory),
        tags: vec!["security", "advisory"],
    }
}

/// An observation rule (`confidential-marker`).
pub fn for_observation(rule_id: &str, level: &'static str) -> Rule {
    Rule {
        id: format!("observation/{rule_id}"),
        name: rule_id.to_string(),
        short: format!("A plugin's `{rule_id}` observation"),
        full: format!(
            "A detector plugin reported a `{rule_id}` observation: something notable in the file that is neither a licence nor a copyright."
        ),
        help: "Read the message; the plugin that raised it documents what it looks for and what to do."
            .to_string(),
        help_uri: format!("{}/blob/main/README.md#plugins", env!("CARGO_PKG_REPOSITORY")),
        level,
        tags: vec!["observation"],
    }
}
