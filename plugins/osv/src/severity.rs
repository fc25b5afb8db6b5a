//! Severities as reported: each CVSS vector scored by the `cvss` crate (v2, v3.0/3.1, v4.0), so
//! the rating follows from the vector and not from a label; the database's own rating (GHSA's
//! `LOW`/`MODERATE`/`HIGH`/`CRITICAL`) kept beside it under the database's name.

use std::str::FromStr;

use ospo_plugin_sdk::{Severity, SeverityRating};

use crate::entry::{Entry, Origin};

/// Who assigned the entry's severities: the database the id belongs to.
fn source(entry: &Entry) -> String {
    match entry.origin {
        Origin::RustSec => "rustsec".to_string(),
        Origin::PyPa => "pypa".to_string(),
        Origin::Osv => {
            let prefix = entry.id.split('-').next().unwrap_or("");
            match prefix {
                "GHSA" => "ghsa".to_string(),
                "PYSEC" => "pypa".to_string(),
                "RUSTSEC" => "rustsec".to_string(),
                other => other.to_ascii_lowercase(),
            }
        }
    }
}

/// A rating word as databases write it.
pub fn rating_of(word: &str) -> Option<SeverityRating> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "none" => SeverityRating::None,
        "low" | "negligible" | "unimportant" => SeverityRating::Low,
        "moderate" | "medium" => SeverityRating::Medium,
        "high" | "important" => SeverityRating::High,
        "critical" => SeverityRating::Critical,
        _ => return None,
    })
}

/// The CVSS score of `vector`, `None` when the crate cannot read it.
pub fn score(vector: &str) -> Option<f64> {
    cvss::Cvss::from_str(vector.trim()).ok().map(|c| c.score())
}

pub fn of_entry(entry: &Entry) -> Vec<Severity> {
    let source = source(entry);
    let mut out = Vec::new();
    for (kind, value) in &entry.severity {
        if kind.starts_with("CVSS") {
            let mut s = Severity::cvss(value.trim()).source(&source);
            if let Some(score) = score(value) {
                s = s.score(score as f32);
            }
            out.push(s);
        } else if let Some(rating) = rating_of(value) {
            // A distribution's own scale (`Ubuntu`: `medium`).
            out.push(Severity::rated(kind, rating).source(&source));
        }
    }
    if let Some(rating) = entry.database_severity.as_deref().and_then(rating_of) {
        out.push(Severity::rated(&source.to_ascii_uppercase(), rating).source(&source));
    }
    out
}

/// The highest rating among `severities` (CVSS first, the database's own when it has no vector).
pub fn highest(severities: &[Severity]) -> Option<SeverityRating> {
    severities.iter().filter_map(|s| s.rating).max_by_key(|r| rank(*r))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores published by NVD for these vectors.
    #[test]
    fn vectors_are_scored() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
            ("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),
        ];
        for (vector, want) in cases {
            let got = score(vector).unwrap_or_else(|| panic!("{vector} scores"));
            assert!((got - want).abs() < 0.05, "{vector}: {got} != {want}");
        }
        assert_eq!(score("CVSS:3.1/AV:X"), None);
    }

    #[test]
    fn database_rating_is_kept_beside_cvss() {
        let entry = Entry {
            id: "GHSA-xxxx-yyyy-zzzz".to_string(),
            aliases: vec![],
            kind: ospo_plugin_sdk::AdvisoryKind::Vulnerability,
            summary: String::new(),
            details: None,
            severity: vec![(
                "CVSS_V3".to_string(),
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H".to_string(),
            )],
            database_severity: Some("MODERATE".to_string()),
            references: vec![],
            published: None,
            modified: None,
            origin: Origin::Osv,
            file: String::new(),
            affected: vec![],
        };
        let severities = of_entry(&entry);
        assert_eq!(severities.len(), 2);
        assert_eq!(severities[0].rating, Some(SeverityRating::High));
        assert_eq!(severities[0].source.as_deref(), Some("ghsa"));
        assert_eq!(severities[1].scheme, "GHSA");
        assert_eq!(severities[1].rating, Some(SeverityRating::Medium));
        assert_eq!(highest(&severities), Some(SeverityRating::High));
    }
}
