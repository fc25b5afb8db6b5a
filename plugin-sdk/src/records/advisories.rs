//! What advisors report: advisories with their OSV ranges, severities and the reason one
//! matched a package version.

use crate::{
    Advisory, AdvisoryKind, AdvisoryMatch, AffectedRange, EventKind, RangeEvent, RangeType, Severity,
    SeverityRating,
};

impl Advisory {
    /// A vulnerability `id` (`GHSA-...`, `RUSTSEC-...`) affecting package `package_id`; every
    /// list empty and every date unset.
    pub fn new(id: &str, package_id: &str, summary: &str) -> Self {
        Advisory {
            id: id.to_string(),
            aliases: Vec::new(),
            kind: AdvisoryKind::Vulnerability,
            package_id: package_id.to_string(),
            summary: summary.to_string(),
            details: None,
            severities: Vec::new(),
            ranges: Vec::new(),
            versions: Vec::new(),
            fixed_versions: Vec::new(),
            references: Vec::new(),
            published: None,
            modified: None,
            withdrawn: None,
            matched: None,
        }
    }

    /// An informational kind (unmaintained, unsound, yanked, ...) instead of a vulnerability.
    pub fn kind(mut self, kind: AdvisoryKind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds another id of the same advisory (`CVE-...`).
    pub fn alias(mut self, alias: &str) -> Self {
        self.aliases.push(alias.to_string());
        self
    }

    /// The long description.
    pub fn details(mut self, details: &str) -> Self {
        self.details = Some(details.to_string());
        self
    }

    /// Adds a severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severities.push(severity);
        self
    }

    /// Adds an affected range.
    pub fn range(mut self, range: AffectedRange) -> Self {
        self.ranges.push(range);
        self
    }

    /// Adds an affected version listed on its own.
    pub fn version(mut self, version: &str) -> Self {
        self.versions.push(version.to_string());
        self
    }

    /// Adds a version that fixes it.
    pub fn fixed(mut self, version: &str) -> Self {
        self.fixed_versions.push(version.to_string());
        self
    }

    /// Adds a reference URL.
    pub fn reference(mut self, url: &str) -> Self {
        self.references.push(url.to_string());
        self
    }

    /// When it was published (RFC 3339, as the database gives it).
    pub fn published(mut self, date: &str) -> Self {
        self.published = Some(date.to_string());
        self
    }

    /// When it was last modified.
    pub fn modified(mut self, date: &str) -> Self {
        self.modified = Some(date.to_string());
        self
    }

    /// When it was withdrawn.
    pub fn withdrawn(mut self, date: &str) -> Self {
        self.withdrawn = Some(date.to_string());
        self
    }

    /// Why it applies to the package's version.
    pub fn matched(mut self, matched: AdvisoryMatch) -> Self {
        self.matched = Some(matched);
        self
    }
}

impl AffectedRange {
    /// A range of `range_type` with no events yet.
    pub fn new(range_type: RangeType) -> Self {
        AffectedRange { range_type, events: Vec::new(), repo: None }
    }

    /// A range of semantic versions.
    pub fn semver() -> Self {
        Self::new(RangeType::Semver)
    }

    /// A range in the ecosystem's own version order.
    pub fn ecosystem() -> Self {
        Self::new(RangeType::Ecosystem)
    }

    /// A range of commits of repository `repo`.
    pub fn git(repo: &str) -> Self {
        AffectedRange { repo: Some(repo.to_string()), ..Self::new(RangeType::Git) }
    }

    /// Adds an event.
    pub fn event(mut self, kind: EventKind, version: &str) -> Self {
        self.events.push(RangeEvent::new(kind, version));
        self
    }

    /// Adds an `introduced` event.
    pub fn introduced(self, version: &str) -> Self {
        self.event(EventKind::Introduced, version)
    }

    /// Adds a `fixed` event.
    pub fn fixed(self, version: &str) -> Self {
        self.event(EventKind::Fixed, version)
    }

    /// Adds a `last-affected` event.
    pub fn last_affected(self, version: &str) -> Self {
        self.event(EventKind::LastAffected, version)
    }
}

impl RangeEvent {
    /// One OSV range event.
    pub fn new(kind: EventKind, version: &str) -> Self {
        RangeEvent { kind, version: version.to_string() }
    }
}

impl Severity {
    /// A CVSS vector as published; the scheme is read from its prefix (`CVSS:3.1/` is
    /// `CVSS_V3`, `CVSS:4.0/` `CVSS_V4`, anything else `CVSS_V2`, which has no prefix).
    pub fn cvss(vector: &str) -> Self {
        let scheme = if vector.starts_with("CVSS:4") {
            "CVSS_V4"
        } else if vector.starts_with("CVSS:3") {
            "CVSS_V3"
        } else {
            "CVSS_V2"
        };
        Severity {
            scheme: scheme.to_string(),
            vector: Some(vector.to_string()),
            score: None,
            rating: None,
            source: None,
        }
    }

    /// A plain rating in a database's own `scheme` (`GHSA`, `RUSTSEC`).
    pub fn rated(scheme: &str, rating: SeverityRating) -> Self {
        Severity { scheme: scheme.to_string(), vector: None, score: None, rating: Some(rating), source: None }
    }

    /// The numeric score; also sets the rating from it (CVSS bands) unless one is set.
    pub fn score(mut self, score: f32) -> Self {
        self.score = Some(score);
        self.rating = self.rating.or(Some(SeverityRating::from_score(score)));
        self
    }

    /// The rating.
    pub fn rating(mut self, rating: SeverityRating) -> Self {
        self.rating = Some(rating);
        self
    }

    /// Who assigned it (`nvd`, `ghsa`, `rustsec`).
    pub fn source(mut self, source: &str) -> Self {
        self.source = Some(source.to_string());
        self
    }
}

impl SeverityRating {
    /// The CVSS v3/v4 qualitative rating of a 0.0 ..= 10.0 score.
    pub fn from_score(score: f32) -> Self {
        match score {
            s if s >= 9.0 => SeverityRating::Critical,
            s if s >= 7.0 => SeverityRating::High,
            s if s >= 4.0 => SeverityRating::Medium,
            s if s > 0.0 => SeverityRating::Low,
            _ => SeverityRating::None,
        }
    }
}

impl AdvisoryMatch {
    /// `version` fell in `range` (as written, or `listed`) compared by `comparator` (`semver`,
    /// `pep440`, ...).
    pub fn new(version: &str, range: &str, comparator: &str) -> Self {
        AdvisoryMatch {
            version: version.to_string(),
            range: range.to_string(),
            comparator: comparator.to_string(),
            upgrade_to: None,
        }
    }

    /// The smallest version past the range.
    pub fn upgrade_to(mut self, version: &str) -> Self {
        self.upgrade_to = Some(version.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advisory_builder() {
        let a = Advisory::new("GHSA-xxxx", "pkg:npm/a@1.0.0", "bad")
            .alias("CVE-2024-1")
            .severity(Severity::cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").score(9.8).source("nvd"))
            .range(AffectedRange::semver().introduced("0").fixed("1.2.3"))
            .fixed("1.2.3")
            .matched(AdvisoryMatch::new("1.0.0", ">= 0, < 1.2.3", "semver").upgrade_to("1.2.3"));
        assert_eq!(a.kind, AdvisoryKind::Vulnerability);
        assert_eq!(a.severities[0].scheme, "CVSS_V3");
        assert_eq!(a.severities[0].rating, Some(SeverityRating::Critical));
        assert_eq!(
            a.ranges[0].events,
            [RangeEvent::new(EventKind::Introduced, "0"), RangeEvent::new(EventKind::Fixed, "1.2.3")]
        );
        assert_eq!(Severity::cvss("CVSS:4.0/AV:N").scheme, "CVSS_V4");
        assert_eq!(Severity::cvss("AV:N/AC:L/Au:N").scheme, "CVSS_V2");
        assert_eq!(AffectedRange::git("https://x").repo.as_deref(), Some("https://x"));
    }

    #[test]
    fn ratings_from_scores() {
        let bands = [
            (0.0, SeverityRating::None),
            (0.1, SeverityRating::Low),
            (4.0, SeverityRating::Medium),
            (7.5, SeverityRating::High),
            (9.0, SeverityRating::Critical),
        ];
        for (score, rating) in bands {
            assert_eq!(SeverityRating::from_score(score), rating, "{score}");
        }
    }
}
