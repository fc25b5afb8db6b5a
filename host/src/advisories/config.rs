//! `[advisories]` of `ospo.toml` as written, and its validation into an [`AdvisoryPolicy`]:
//!
//! ```toml
//! [advisories]
//! fail-on = "high"            # none, low, medium, high, critical: fail (exit 1) at or above
//! ignore = [
//!   { id = "RUSTSEC-2020-0071", reason = "no call to localtime", owner = "sec@example.org", expires = "2026-06-30" },
//! ]
//! ```

use anyhow::{Result, bail};
use serde::Deserialize;

use crate::model::SeverityRating;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAdvisories {
    pub fail_on: Option<String>,
    #[serde(default)]
    pub ignore: Vec<RawIgnore>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawIgnore {
    pub id: Option<String>,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub expires: Option<String>,
}

/// One accepted exception: an advisory id (or any of its aliases) that does not fail the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub id: String,
    pub reason: String,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`; past it the exception no longer applies.
    pub expires: Option<String>,
    /// `FILE:LINE` of the `ignore` list, for diagnostics about it.
    pub at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdvisoryPolicy {
    /// Whether `[advisories]` is written at all: without it, no verdicts.
    pub enabled: bool,
    pub fail_on: Option<SeverityRating>,
    pub ignore: Vec<Ignore>,
}

pub fn rating(word: &str) -> Option<SeverityRating> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "none" => SeverityRating::None,
        "low" => SeverityRating::Low,
        "medium" | "moderate" => SeverityRating::Medium,
        "high" => SeverityRating::High,
        "critical" => SeverityRating::Critical,
        _ => return None,
    })
}

/// `YYYY-MM-DD` with a real month and day.
pub fn valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Validates `raw`; `at` is `FILE:LINE` of the section's keys (`fail-on`, `ignore`).
pub fn validate(raw: Option<&RawAdvisories>, at: &dyn Fn(&str) -> String) -> Result<AdvisoryPolicy> {
    let Some(raw) = raw else { return Ok(AdvisoryPolicy::default()) };
    let fail_on = match &raw.fail_on {
        Some(word) => match rating(word) {
            Some(r) => Some(r),
            None => bail!(
                "{}: [advisories] fail-on = {word:?}: expected none, low, medium, high or critical",
                at("fail-on")
            ),
        },
        None => None,
    };
    let mut ignore = Vec::new();
    for (i, entry) in raw.ignore.iter().enumerate() {
        let here = at("ignore");
        let (Some(id), Some(reason)) = (entry.id.as_deref(), entry.reason.as_deref()) else {
            bail!(
                "{here}: [advisories] ignore[{i}] needs an `id` and a `reason` (and may have `owner`, `expires`)"
            );
        };
        if id.trim().is_empty() || reason.trim().is_empty() {
            bail!("{here}: [advisories] ignore[{i}]: `id` and `reason` may not be empty");
        }
        if let Some(expires) = entry.expires.as_deref().filter(|e| !valid_date(e)) {
            bail!(
                "{here}: [advisories] ignore[{i}] ({id}) expires = {expires:?}: expected a date, YYYY-MM-DD"
            );
        }
        ignore.push(Ignore {
            id: id.trim().to_string(),
            reason: reason.to_string(),
            owner: entry.owner.clone(),
            expires: entry.expires.clone(),
            at: here,
        });
    }
    Ok(AdvisoryPolicy { enabled: true, fail_on, ignore })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AdvisoryPolicy> {
        let raw: RawAdvisories = toml::from_str(text)?;
        validate(Some(&raw), &|key| format!("ospo.toml ({key})"))
    }

    #[test]
    fn valid_sections() {
        let policy = parse(
            "fail-on = \"High\"\nignore = [{ id = \"X-1\", reason = \"r\", expires = \"2026-02-28\" }]\n",
        )
        .expect("valid");
        assert_eq!(policy.fail_on, Some(SeverityRating::High));
        assert_eq!(policy.ignore[0].expires.as_deref(), Some("2026-02-28"));
        assert!(policy.enabled);
        assert!(!validate(None, &|_| String::new()).expect("none").enabled);
    }

    #[test]
    fn bad_values_name_the_setting() {
        let err = parse("fail-on = \"severe\"\n").expect_err("bad rating").to_string();
        assert!(err.contains("fail-on") && err.contains("severe"), "{err}");
        let err = parse("ignore = [{ id = \"X\" }]\n").expect_err("no reason").to_string();
        assert!(err.contains("needs an `id` and a `reason`"), "{err}");
        let err =
            parse("ignore = [{ id = \"X\", reason = \"r\", expires = \"2026-13-01\" }]\n").expect_err("date");
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        assert!(toml::from_str::<RawAdvisories>("fail = 1").is_err());
    }
}
