//! Licence verdicts: one per package (its concluded, else declared, else detected licence), per
//! first-party or vendored file and licence found in it, per project root (the project's own
//! licence), and one compatibility verdict per gating dependency against the project's licence.

use std::collections::BTreeMap;

use super::Policy;
use super::compatibility;
use super::config::scope_list;
use super::date::Date;
use super::exceptions::{Standing, path_dir};
use super::expression::{Outcome, Rules, evaluate};
use super::scope::{Subject, scope_name};
use crate::model::{Decision, Location, Package, ScanResult, SourceKind, Strength, SubjectKind, Verdict};

type FileEntry<'a> = (Option<u32>, Option<&'a Package>);

/// What the verdicts of one evaluation need besides the result.
pub struct Run<'a> {
    pub policy: &'a Policy,
    pub today: Date,
    /// Per exception of the policy: did it allow something (or, expired, decide something).
    pub used: Vec<bool>,
}

impl<'a> Run<'a> {
    pub fn new(policy: &'a Policy, today: Date) -> Self {
        Run { policy, today, used: vec![false; policy.exceptions.len()] }
    }

    fn rules(&self, subject: &Subject<'_>) -> Rules<'a> {
        let policy = self.policy;
        let mut sets: Vec<_> =
            policy.scoped.iter().filter(|s| s.matches(subject)).map(|s| &s.rules).collect();
        sets.push(&policy.rules);
        Rules {
            sets,
            default: &policy.default,
            prefer: &policy.prefer,
            exceptions: policy
                .exceptions
                .iter()
                .enumerate()
                .filter(|(_, e)| e.covers_subject(subject))
                .collect(),
            today: self.today,
        }
    }

    /// Why a subject's denials do not gate, if they do not.
    fn report_only(&self, subject: &Subject<'_>) -> Option<String> {
        if let Some(scope) = subject.scope().filter(|s| self.policy.report_only_scopes.contains(s)) {
            let at = if self.policy.report_only_at.is_empty() {
                "by default".to_string()
            } else {
                format!("per `report-only-scopes` at {}", self.policy.report_only_at)
            };
            return Some(format!(
                "{} dependencies are reported, not gating ({at}: {})",
                scope_name(scope),
                scope_list(&self.policy.report_only_scopes)
            ));
        }
        self.policy
            .scoped
            .iter()
            .find(|s| !s.gate && s.matches(subject))
            .map(|s| format!("[[policy.rules]] at {} sets `gate = false` for it", s.at))
    }

    /// The verdict for `subject` with licence `expression` (from `source`: "declared", ...).
    fn verdict(
        &mut self,
        subject: Subject<'_>,
        expression: Option<&str>,
        source: &str,
        location: Option<Location>,
    ) -> Verdict {
        let rules = self.rules(&subject);
        let mut outcome = evaluate(expression, &rules);
        for &i in &outcome.used {
            if let Some(used) = self.used.get_mut(i) {
                *used = true;
            }
        }
        let mut not_gating = None;
        if outcome.decision == Decision::Deny
            && let Some(why) = self.report_only(&subject)
        {
            outcome.decision = Decision::Review;
            outcome.rule = format!("report-only:{}", outcome.rule);
            not_gating = Some(why);
        }
        let (kind, id, name) = describe(&subject);
        let shown = expression.unwrap_or("NOASSERTION");
        let licence = match expression {
            Some(e) => format!("{source} licence `{e}`"),
            None => "no licence found".to_string(),
        };
        let mut explanation = format!(
            "{name} ({licence}) {}: {}.",
            match outcome.decision {
                Decision::Allow => "is allowed",
                Decision::Review => "needs review",
                Decision::Deny => "is denied",
            },
            outcome.reasons.join("; ")
        );
        if let Some(why) = &not_gating {
            explanation.push_str(&format!(" It would be denied, but {why}, so it does not fail the run."));
        }
        if let Some(fix) = self.fix(&subject, &outcome, expression.is_none()) {
            explanation.push(' ');
            explanation.push_str(&fix);
        }
        Verdict {
            subject_kind: kind,
            subject: id,
            expression: shown.to_string(),
            decision: outcome.decision,
            rule: outcome.rule.clone(),
            choice: outcome.choice.clone(),
            exception: outcome
                .exception
                .and_then(|(i, _)| self.policy.exceptions.get(i))
                .map(|e| e.reference()),
            explanation,
            location,
        }
    }

    /// How to fix a verdict that is not an allow.
    fn fix(&self, subject: &Subject<'_>, outcome: &Outcome, missing: bool) -> Option<String> {
        if outcome.decision == Decision::Allow {
            return None;
        }
        if let Some((i, Standing::Expired)) = outcome.exception
            && let Some(e) = self.policy.exceptions.get(i)
        {
            return Some(format!(
                "To fix: review exception `{}` ({}) again and set a later `expires`, or {}.",
                e.id,
                e.at,
                replace(subject)
            ));
        }
        if missing || outcome.kinds.iter().all(|k| *k == super::categories::Category::Unknown) {
            return Some(format!(
                "To fix: find out its licence and declare it{}, or add a [[policy.exceptions]] entry {} with a \
                 reason, an owner and an `expires` date.",
                match subject {
                    Subject::Package(_) => " in its manifest (or upstream)",
                    _ => " with an SPDX-License-Identifier tag or a LICENSE file",
                },
                exception_key(subject)
            ));
        }
        let licences = outcome.choice.as_deref().unwrap_or("the licence");
        let verb =
            if outcome.decision == Decision::Deny { "To fix" } else { "A person should check it; then" };
        Some(format!(
            "{verb}: {}, add a [[policy.exceptions]] entry {} with a reason, an owner and an `expires` date, or \
             allow {licences} in [policy].",
            replace(subject),
            exception_key(subject)
        ))
    }

    /// Verdicts for every package.
    pub fn packages(&mut self, result: &ScanResult) -> Vec<Verdict> {
        let mut out = Vec::new();
        for package in &result.packages {
            let (expression, source) = package_license(package);
            let location = package.locations.first().cloned();
            out.push(self.verdict(Subject::Package(package), expression, source, location));
        }
        out
    }

    /// Verdicts for each (file, licence) found; clues decide nothing. A file of a package's
    /// sources (vendored code, `--deps`) is judged only when its licence differs from the
    /// package's: the package's verdict already covers the rest. The policy's own file is left
    /// out: it names licences without being under them.
    pub fn files(&mut self, result: &ScanResult) -> Vec<Verdict> {
        let own_config = self
            .policy
            .source
            .strip_prefix(result.root.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(self.policy.source.as_str());
        // Path packages by directory, deepest first: a file belongs to the innermost.
        let mut dirs: Vec<(&str, &Package)> =
            result.packages.iter().filter_map(|p| path_dir(p).map(|d| (d, p))).collect();
        dirs.sort_by_key(|(d, _)| std::cmp::Reverse(d.len()));
        let owner_of = |path: &str, id: Option<&str>| -> Option<&Package> {
            id.and_then(|id| result.packages.iter().find(|p| p.id == id)).or_else(|| {
                dirs.iter()
                    .find(|(dir, _)| path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/')))
                    .map(|(_, p)| *p)
            })
        };
        // (path, expression) → (first line, owning package).
        let mut seen: BTreeMap<(&str, &str), FileEntry<'_>> = BTreeMap::new();
        for finding in &result.licenses {
            if finding.strength == Strength::Clue || finding.path == own_config {
                continue;
            }
            let owner = owner_of(&finding.path, finding.package_id.as_deref());
            if owner.is_some_and(|p| package_license(p).0 == Some(finding.expression.as_str())) {
                continue;
            }
            let line = finding.lines.map(|l| l.start);
            let entry =
                seen.entry((finding.path.as_str(), finding.expression.as_str())).or_insert((line, owner));
            // The first line the licence is found on.
            entry.0 = match (entry.0, line) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let mut out = Vec::new();
        for ((path, expression), (line, owner)) in seen {
            let vendored = self.policy.vendored.as_ref().is_some_and(|v| v.is_match(path));
            let location = Some(Location { path: path.to_string(), line });
            let subject = Subject::File { path, vendored, owner };
            out.push(self.verdict(subject, Some(expression), "found", location));
        }
        out
    }

    /// The project's own licence: `project-license` when set, else each project root the scan
    /// concluded outside vendored code; a tree with none is reviewed.
    pub fn projects(&mut self, result: &ScanResult) -> Vec<Verdict> {
        if let Some(declared) = self.policy.project_license.clone() {
            let subject = Subject::Project { root: "." };
            let location = Some(Location { path: self.policy.source.clone(), line: None });
            return vec![self.verdict(subject, Some(&declared), "policy's project", location)];
        }
        let own: Vec<_> = result
            .projects
            .iter()
            .filter(|p| !self.policy.vendored.as_ref().is_some_and(|v| v.is_match(&format!("{}/x", p.root))))
            .collect();
        if own.is_empty() {
            let subject = Subject::Project { root: "." };
            return vec![self.verdict(subject, None, "project", None)];
        }
        own.into_iter()
            .map(|project| {
                let subject = Subject::Project { root: &project.root };
                let location =
                    project.evidence.first().map(|path| Location { path: path.clone(), line: None });
                self.verdict(subject, Some(&project.expression), "concluded", location)
            })
            .collect()
    }

    /// The project's licence against each gating dependency's (the branch the licence verdict
    /// chose, for an `OR`). Packages that are the project's own (its roots) are not checked.
    pub fn compatibility(&mut self, result: &ScanResult, licence_verdicts: &[Verdict]) -> Vec<Verdict> {
        let policy = self.policy;
        if !policy.compatibility.check {
            return Vec::new();
        }
        let project = policy
            .project_license
            .clone()
            .or_else(|| result.projects.iter().find(|p| p.root == ".").map(|p| p.expression.clone()))
            .or_else(|| match result.projects.as_slice() {
                [only] => Some(only.expression.clone()),
                _ => None,
            });
        let Some(project) = project.filter(|p| ospo_expression::parse(p).is_ok()) else {
            return Vec::new();
        };
        let own_roots: Vec<&str> = result.projects.iter().map(|p| p.root.as_str()).collect();
        let mut out = Vec::new();
        for package in &result.packages {
            let subject = Subject::Package(package);
            if subject.scope().is_some_and(|s| policy.report_only_scopes.contains(&s))
                || is_own(package, &own_roots, policy)
            {
                continue;
            }
            let Some(licence) = licence_verdicts
                .iter()
                .find(|v| v.subject_kind == SubjectKind::Package && v.subject == package.id)
            else {
                continue;
            };
            if licence.expression == "NOASSERTION" || licence.rule == "expression-invalid" {
                continue;
            }
            let dependency = licence.choice.clone().unwrap_or_else(|| licence.expression.clone());
            let Some(outcome) = compatibility::check(&project, &dependency, &policy.compatibility) else {
                continue;
            };
            let (_, id, name) = describe(&subject);
            let mut verdict = Verdict {
                subject_kind: SubjectKind::Package,
                subject: id,
                expression: dependency.clone(),
                decision: outcome.decision,
                rule: outcome.rule.clone(),
                choice: None,
                exception: None,
                explanation: format!(
                    "{name} ({dependency}) in this project ({project}): {}.",
                    outcome.explanation
                ),
                location: package.locations.first().cloned(),
            };
            if verdict.decision != Decision::Allow {
                let rules = self.rules(&subject);
                let active =
                    rules.exceptions.iter().find(|(_, e)| e.standing(self.today) == Standing::Active);
                if let Some((i, exception)) = active {
                    verdict.explanation.push_str(&format!(" {} accepts it.", exception.cite()));
                    verdict.decision = Decision::Allow;
                    verdict.rule = format!("compatibility:exception:{}", exception.id);
                    verdict.exception = Some(exception.reference());
                    if let Some(used) = self.used.get_mut(*i) {
                        *used = true;
                    }
                } else if let Some(why) =
                    self.report_only(&subject).filter(|_| verdict.decision == Decision::Deny)
                {
                    verdict.decision = Decision::Review;
                    verdict.rule = verdict.rule.replacen("compatibility:", "compatibility:report-only:", 1);
                    verdict.explanation.push_str(&format!(" It would be denied, but {why}."));
                } else if verdict.decision == Decision::Deny {
                    verdict.explanation.push_str(&format!(
                        " To fix: {}, relicense the project, add a [[policy.exceptions]] entry {} with a reason, \
                         an owner and an `expires` date, or set `incompatible = \"review\"` in \
                         [policy.compatibility].",
                        replace(&subject),
                        exception_key(&subject)
                    ));
                }
            }
            out.push(verdict);
        }
        out
    }
}

/// A project's own package: a path package whose directory is a project root outside vendored code.
fn is_own(package: &Package, roots: &[&str], policy: &Policy) -> bool {
    let Some(source) = package.source.as_ref().filter(|s| s.kind == SourceKind::Path) else {
        return false;
    };
    let dir = source.url.as_deref().unwrap_or(".").trim_end_matches('/');
    let dir = if dir.is_empty() { "." } else { dir };
    let vendored = policy.vendored.as_ref().is_some_and(|v| v.is_match(&format!("{dir}/x")));
    !vendored && roots.contains(&dir)
}

/// The licence a package's verdict is about, and where it comes from.
fn package_license(package: &Package) -> (Option<&str>, &'static str) {
    if let Some(c) = &package.concluded_license {
        return (Some(c.expression.as_str()), "concluded");
    }
    if let Some(d) = &package.declared_license {
        return (Some(d.expression.as_str()), "declared");
    }
    if let Some(d) = &package.detected_license {
        return (Some(d.as_str()), "detected");
    }
    (None, "")
}

/// (kind, the verdict's subject, how a sentence names it).
fn describe(subject: &Subject<'_>) -> (SubjectKind, String, String) {
    match subject {
        Subject::Package(p) => {
            let version = p.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
            (SubjectKind::Package, p.id.clone(), format!("Package {}{version} ({})", p.name, p.ecosystem))
        }
        Subject::File { path, vendored, owner } => {
            let what = if *vendored { "Vendored file" } else { "File" };
            let of = owner.map(|p| format!(" (of package {})", p.name)).unwrap_or_default();
            (SubjectKind::File, path.to_string(), format!("{what} {path}{of}"))
        }
        Subject::Project { root } => {
            (SubjectKind::Project, root.to_string(), format!("The project at {root}"))
        }
    }
}

fn replace(subject: &Subject<'_>) -> &'static str {
    match subject {
        Subject::Package(_) => "replace the package",
        Subject::File { vendored: true, .. } => "replace or remove the vendored code",
        Subject::File { .. } => "remove or rewrite the code under that licence",
        Subject::Project { .. } => "relicense the project or set `project-license`",
    }
}

/// The key an exception for the subject would use.
fn exception_key(subject: &Subject<'_>) -> String {
    match subject {
        Subject::Package(p) => match &p.purl {
            Some(purl) => format!("(`package = \"{}\"`)", purl.split('@').next().unwrap_or(purl)),
            None => format!("(`name = \"{}\"`)", p.name),
        },
        // A package exception also covers the package's own files.
        Subject::File { owner: Some(p), .. } => exception_key(&Subject::Package(p)),
        Subject::File { path, .. } => format!("(`path = \"{path}\"`)"),
        Subject::Project { root } => format!("(`path = \"{root}\"`)"),
    }
}
