//! # The licence policy: the evaluate stage
//!
//! `[policy]` in `ospo.toml` decides, for every package, first-party or vendored file and
//! project root, whether its licence is allowed, must be reviewed, or is denied, and checks
//! the project's licence against each dependency's. Each decision is a [`Verdict`] that names
//! its subject, the expression, the rule or exception that decided (with the `ospo.toml` line)
//! and what to do about it. A denial that is not excepted, not in a report-only scope and not
//! in the `--baseline` is a *violation*: `ospo scan` exits 1.
//!
//! One module per concern: [`config`] (the file as written → a validated [`Policy`]),
//! [`categories`] (licence categories as data), [`expression`] (`AND`/`OR`/`WITH` semantics),
//! [`scope`] (rule lists, scopes, paths, packages), [`exceptions`] (with expiry), [`date`],
//! [`compatibility`] (the OSADL matrix), [`licenses`] (the verdicts), [`baseline`].
//!
//! The stage is [`evaluate`]: verdict producers each add an [`Evaluation`], then
//! [`Evaluation::gate`] counts the violations once, over all of them, so a producer of other
//! verdicts (advisories) joins by extending the evaluation before the gate.

pub mod baseline;
pub mod categories;
pub mod compatibility;
pub mod config;
pub mod date;
pub mod exceptions;
pub mod expression;
pub mod licenses;
pub mod scope;

use crate::diagnostics::Code;
use crate::model::{Decision, DependencyScope, Diagnostic, ScanResult, Verdict};

pub use baseline::Baseline;
pub use date::Date;

/// The commented starter `ospo.toml` `ospo init` writes.
pub const STARTER: &str = include_str!("starter.toml");

/// A validated `[policy]`.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The `ospo.toml` it came from, as shown in messages.
    pub source: String,
    pub rules: scope::RuleSet,
    pub scoped: Vec<scope::ScopedRules>,
    pub prefer: Vec<String>,
    pub default: expression::DefaultRule,
    pub report_only_scopes: Vec<DependencyScope>,
    /// Where `report-only-scopes` is written (empty: the built-in default).
    pub report_only_at: String,
    pub vendored: Option<scope::PathSet>,
    /// `project-license`, canonical.
    pub project_license: Option<String>,
    pub compatibility: compatibility::CompatibilityPolicy,
    pub exceptions: Vec<exceptions::Exception>,
}

/// What the evaluate stage adds to the result.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub verdicts: Vec<Verdict>,
    pub diagnostics: Vec<Diagnostic>,
    /// Denials that fail the run: not in the baseline. Set by [`Evaluation::gate`].
    pub violations: usize,
}

impl Evaluation {
    pub fn extend(&mut self, other: Evaluation) {
        self.verdicts.extend(other.verdicts);
        self.diagnostics.extend(other.diagnostics);
    }

    /// Sorts the verdicts into canonical order and counts the violations; those the baseline
    /// already had stay in the result, say so, and do not count.
    pub fn gate(&mut self, baseline: Option<&Baseline>) {
        self.verdicts.sort_by(|a, b| {
            (a.subject_kind, &a.subject, &a.rule, &a.expression).cmp(&(
                b.subject_kind,
                &b.subject,
                &b.rule,
                &b.expression,
            ))
        });
        let mut known = 0;
        self.violations = 0;
        for verdict in self.verdicts.iter_mut().filter(|v| v.decision == Decision::Deny) {
            match baseline {
                Some(baseline) if baseline.contains(verdict) => {
                    known += 1;
                    verdict.explanation.push_str(&format!(
                        " Already in the baseline {}, so it does not fail this run.",
                        baseline.path
                    ));
                }
                _ => self.violations += 1,
            }
        }
        if let Some(baseline) = baseline.filter(|_| known > 0) {
            self.diagnostics.push(Diagnostic::of(
                Code::PolicyBaselined,
                format!(
                    "{known} violation(s) were already in the baseline {} and do not fail this run; {} new",
                    baseline.path, self.violations
                ),
            ));
        }
    }
}

/// The scan's date: its timestamp's (`SOURCE_DATE_EPOCH` when set), else the system clock's.
pub fn today(result: &ScanResult) -> Date {
    Date::of_timestamp(&result.metadata.timestamp).unwrap_or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        Date::from_days(seconds.div_euclid(86_400))
    })
}

/// The licence verdicts of `result` under `policy`, on `today`.
pub fn license_verdicts(result: &ScanResult, policy: &Policy, today: Date) -> Evaluation {
    let mut run = licenses::Run::new(policy, today);
    let mut verdicts = run.projects(result);
    let packages = run.packages(result);
    let compatibility = run.compatibility(result, &packages);
    verdicts.extend(packages);
    verdicts.extend(run.files(result));
    verdicts.extend(compatibility);
    let diagnostics = exceptions::notices(&policy.exceptions, &run.used, today, &policy.source);
    Evaluation { verdicts, diagnostics, violations: 0 }
}

/// The evaluate stage: every verdict producer whose configuration is present, then the gate.
pub fn evaluate(result: &ScanResult, policy: Option<&Policy>, baseline: Option<&Baseline>) -> Evaluation {
    let mut evaluation = Evaluation::default();
    if let Some(policy) = policy {
        evaluation.extend(license_verdicts(result, policy, today(result)));
    }
    evaluation.gate(baseline);
    evaluation
}

#[cfg(test)]
mod tests;
