//! `--baseline previous.json`: a JSON result of an earlier scan. A violation that was already
//! there is kept in the result (and says so) but does not fail the run, so a team can adopt
//! the policy on an old codebase and fail only on what a change adds.
//!
//! A violation is the same when its subject, licence and kind of check are: a package by its
//! purl without the version (an upgrade of an already-denied package is not new), a file or
//! project by its path.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::model::{Decision, SubjectKind, Verdict};

/// The most a baseline may be: results of large monorepos run to tens of megabytes.
const CAP: u64 = 256 << 20;

#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// As the user named it, for messages.
    pub path: String,
    keys: HashSet<Key>,
}

type Key = (SubjectKind, String, String, &'static str);

/// Only what the key needs: a baseline from an older ospo still reads.
#[derive(Deserialize)]
struct Previous {
    #[serde(default)]
    verdicts: Vec<PreviousVerdict>,
}

#[derive(Deserialize)]
struct PreviousVerdict {
    subject_kind: SubjectKind,
    subject: String,
    expression: String,
    decision: Decision,
    rule: String,
}

fn check_kind(rule: &str) -> &'static str {
    if rule.starts_with("compatibility:") { "compatibility" } else { "license" }
}

/// `pkg:npm/%40acme/x@1.2.0?arch=x` → `pkg:npm/%40acme/x`.
fn subject_key(kind: SubjectKind, subject: &str) -> String {
    if kind != SubjectKind::Package {
        return subject.to_string();
    }
    let end = subject.find(['?', '#']).unwrap_or(subject.len());
    let base = &subject[..end];
    let name_start = base.rfind('/').map_or(0, |i| i + 1);
    match base[name_start..].find('@') {
        Some(at) => base[..name_start + at].to_string(),
        None => base.to_string(),
    }
}

fn key(kind: SubjectKind, subject: &str, expression: &str, rule: &str) -> Key {
    (kind, subject_key(kind, subject), expression.to_string(), check_kind(rule))
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline> {
        let shown = path.display().to_string();
        let bytes =
            crate::files::read_capped(path, CAP).with_context(|| format!("cannot read baseline {shown}"))?;
        let previous: Previous = serde_json::from_slice(&bytes).with_context(|| {
            format!("baseline {shown} is not an ospo JSON result (`ospo scan --format json`)")
        })?;
        if previous.verdicts.is_empty() {
            tracing::info!("baseline {shown} holds no verdicts: every violation counts");
        }
        let keys = previous
            .verdicts
            .iter()
            .filter(|v| v.decision == Decision::Deny)
            .map(|v| key(v.subject_kind, &v.subject, &v.expression, &v.rule))
            .collect();
        Ok(Baseline { path: shown, keys })
    }

    pub fn from_verdicts(path: &str, verdicts: &[Verdict]) -> Baseline {
        let keys = verdicts
            .iter()
            .filter(|v| v.decision == Decision::Deny)
            .map(|v| key(v.subject_kind, &v.subject, &v.expression, &v.rule))
            .collect();
        Baseline { path: path.to_string(), keys }
    }

    pub fn contains(&self, verdict: &Verdict) -> bool {
        self.keys.contains(&key(verdict.subject_kind, &verdict.subject, &verdict.expression, &verdict.rule))
    }
}

/// Refuses a baseline path that is also where this run writes a report: it would be read
/// after being overwritten by nothing, or overwritten before the next run reads it.
pub fn check_not_an_output(baseline: &Path, outputs: &[&Path]) -> Result<()> {
    if outputs.contains(&baseline) {
        bail!(
            "--baseline {} is also an output of this run; write the new result elsewhere",
            baseline.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(kind: SubjectKind, subject: &str, expression: &str, rule: &str) -> Verdict {
        Verdict {
            subject_kind: kind,
            subject: subject.into(),
            expression: expression.into(),
            decision: Decision::Deny,
            rule: rule.into(),
            choice: None,
            exception: None,
            explanation: String::new(),
            location: None,
        }
    }

    #[test]
    fn known_violations_match_across_versions_not_licences() {
        let old = [
            verdict(
                SubjectKind::Package,
                "pkg:cargo/gpl@1.0.0",
                "GPL-3.0-only",
                "deny:category:strong-copyleft",
            ),
            verdict(SubjectKind::File, "src/copied.c", "GPL-2.0-only", "deny:GPL-2.0-only"),
        ];
        let baseline = Baseline::from_verdicts("old.json", &old);
        let cases = [
            (verdict(SubjectKind::Package, "pkg:cargo/gpl@1.1.0", "GPL-3.0-only", "deny:GPL-3.0-only"), true),
            (verdict(SubjectKind::Package, "pkg:cargo/gpl@1.1.0", "AGPL-3.0-only", "deny:x"), false),
            (verdict(SubjectKind::Package, "pkg:cargo/gpl@1.0.0", "GPL-3.0-only", "compatibility:no"), false),
            (verdict(SubjectKind::Package, "pkg:cargo/other@1.0.0", "GPL-3.0-only", "deny:x"), false),
            (
                verdict(SubjectKind::File, "src/copied.c", "GPL-2.0-only", "deny:category:strong-copyleft"),
                true,
            ),
            (verdict(SubjectKind::File, "src/new.c", "GPL-2.0-only", "deny:GPL-2.0-only"), false),
        ];
        for (current, known) in cases {
            assert_eq!(baseline.contains(&current), known, "{} {}", current.subject, current.rule);
        }
        assert_eq!(subject_key(SubjectKind::Package, "pkg:npm/%40acme/x@1.2.0?arch=x"), "pkg:npm/%40acme/x");
        assert_eq!(subject_key(SubjectKind::Package, "pkg:generic/x"), "pkg:generic/x");
    }
}
