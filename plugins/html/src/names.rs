//! The words the page uses for the contract's enums.

use ospo_plugin_sdk::{
    Advisory, AdvisoryKind, Completeness, Decision, DependencyScope, FindingKind, Level, PluginKind,
    SeverityRating, SubjectKind,
};

pub fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

pub fn scope(scope: DependencyScope) -> &'static str {
    match scope {
        DependencyScope::Runtime => "runtime",
        DependencyScope::Development => "development",
        DependencyScope::Build => "build",
        DependencyScope::Test => "test",
        DependencyScope::Provided => "provided",
    }
}

/// The badge a decision shows and its CSS class.
pub fn decision(decision: Decision) -> &'static str {
    match decision {
        Decision::Deny => "deny",
        Decision::Review => "review",
        Decision::Allow => "allow",
    }
}

pub fn subject(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Package => "package",
        SubjectKind::File => "file",
        SubjectKind::Project => "project",
        SubjectKind::Advisory => "advisory",
    }
}

pub fn finding(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Tag => "tag",
        FindingKind::Text => "text",
        FindingKind::Notice => "notice",
        FindingKind::Reference => "reference",
        FindingKind::Manifest => "manifest",
    }
}

pub fn advisory_kind(kind: AdvisoryKind) -> &'static str {
    match kind {
        AdvisoryKind::Vulnerability => "vulnerability",
        AdvisoryKind::Unmaintained => "unmaintained",
        AdvisoryKind::Unsound => "unsound",
        AdvisoryKind::Yanked => "yanked",
        AdvisoryKind::Malicious => "malicious",
        AdvisoryKind::Notice => "notice",
    }
}

pub fn completeness(completeness: Completeness) -> &'static str {
    match completeness {
        Completeness::Complete => "complete",
        Completeness::DirectOnly => "direct only",
    }
}

pub fn plugin_kind(kind: PluginKind) -> &'static str {
    match kind {
        PluginKind::Detector => "detector",
        PluginKind::Parser => "parser",
        PluginKind::Advisor => "advisor",
        PluginKind::Collector => "collector",
        PluginKind::Reporter => "reporter",
    }
}

fn rating(rating: SeverityRating) -> &'static str {
    match rating {
        SeverityRating::None => "none",
        SeverityRating::Low => "low",
        SeverityRating::Medium => "medium",
        SeverityRating::High => "high",
        SeverityRating::Critical => "critical",
    }
}

/// The worst rating among an advisory's severities (its CSS class too), or the rating its best
/// score implies; `None` when the database gave neither.
pub fn severity(advisory: &Advisory) -> Option<&'static str> {
    let rated = advisory.severities.iter().filter_map(|s| s.rating).max_by_key(|r| *r as u8);
    let scored = || {
        advisory
            .severities
            .iter()
            .filter_map(|s| s.score)
            .map(SeverityRating::from_score)
            .max_by_key(|r| *r as u8)
    };
    rated.or_else(scored).map(rating)
}

/// A number for sorting by severity (critical highest), 0 when unknown.
pub fn severity_rank(advisory: &Advisory) -> u64 {
    match severity(advisory) {
        Some("critical") => 5,
        Some("high") => 4,
        Some("medium") => 3,
        Some("low") => 2,
        Some(_) => 1,
        None => 0,
    }
}
