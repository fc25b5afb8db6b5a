//! What the page shows, derived once from the scan result: packages in canonical order with
//! everything that refers to each (verdicts, advisories, findings and copyrights in its files),
//! and the licence counts behind the table and the chart. Every collection is ordered, so the
//! same result gives the same page.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ospo_plugin_sdk::expression;
use ospo_plugin_sdk::{
    Advisory, Copyright, Decision, LicenseFinding, Package, ScanResult, Strength, SubjectKind, Verdict,
};

use crate::categories::{self, Category};

/// Deny before review before allow: the order a reader acts in.
pub fn rank(decision: Decision) -> u8 {
    match decision {
        Decision::Deny => 0,
        Decision::Review => 1,
        Decision::Allow => 2,
    }
}

/// One package and what the result says about it.
pub struct PackageView<'a> {
    pub package: &'a Package,
    /// The id of its detail block (`p-1`...): positional, so no untrusted text names an element.
    pub anchor: String,
    pub verdicts: Vec<&'a Verdict>,
    /// The most severe decision among its verdicts.
    pub decision: Option<Decision>,
    pub advisories: Vec<&'a Advisory>,
    pub findings: Vec<&'a LicenseFinding>,
    pub copyrights: Vec<&'a Copyright>,
    /// The licence acted on: concluded, else declared.
    pub effective: Option<&'a str>,
    pub category: Category,
}

impl PackageView<'_> {
    /// `name version`, for places that name the package in passing.
    pub fn label(&self) -> String {
        match &self.package.version {
            Some(version) => format!("{} {version}", self.package.name),
            None => self.package.name.clone(),
        }
    }
}

/// One licence id across the result.
pub struct LicenceRow {
    pub id: String,
    pub category: Category,
    /// Packages whose licence (concluded, else declared) names it.
    pub packages: usize,
    /// Files with a detection (not a clue) naming it.
    pub files: usize,
}

pub struct View<'a> {
    pub scan: &'a ScanResult,
    pub packages: Vec<PackageView<'a>>,
    by_id: HashMap<&'a str, usize>,
    pub licences: Vec<LicenceRow>,
    /// Packages per category of their licence, in [`Category::ALL`] order.
    pub packages_by_category: [usize; 7],
    /// Files per category of the licences detected in them.
    pub files_by_category: [usize; 7],
    /// Verdicts in reading order: subject, rule, expression.
    pub verdicts: Vec<&'a Verdict>,
    /// Licence findings outside every package's files: the project's own.
    pub project_findings: Vec<&'a LicenseFinding>,
    pub project_copyrights: Vec<&'a Copyright>,
}

fn slot(category: Category) -> usize {
    Category::ALL.iter().position(|c| *c == category).unwrap_or(Category::ALL.len() - 1)
}

/// The ids of an expression; text that does not parse counts as itself.
fn ids(text: &str) -> Vec<String> {
    let ids = expression::licenses(text);
    if ids.is_empty() { vec![text.to_string()] } else { ids }
}

impl<'a> View<'a> {
    pub fn new(scan: &'a ScanResult) -> Self {
        let mut sorted: Vec<&Package> = scan.packages.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.ecosystem, &a.name, &a.version, &a.id).cmp(&(&b.ecosystem, &b.name, &b.version, &b.id))
        });
        let mut verdicts: Vec<&Verdict> = scan.verdicts.iter().collect();
        verdicts.sort_by(|a, b| {
            (rank(a.decision), &a.subject, &a.rule, &a.expression).cmp(&(
                rank(b.decision),
                &b.subject,
                &b.rule,
                &b.expression,
            ))
        });
        let mut packages: Vec<PackageView> = sorted
            .iter()
            .enumerate()
            .map(|(i, package)| {
                let effective = package
                    .concluded_license
                    .as_ref()
                    .map(|c| c.expression.as_str())
                    .or(package.declared_license.as_ref().map(|d| d.expression.as_str()))
                    .filter(|e| !e.is_empty());
                PackageView {
                    package,
                    anchor: format!("p-{}", i + 1),
                    verdicts: Vec::new(),
                    decision: None,
                    advisories: Vec::new(),
                    findings: Vec::new(),
                    copyrights: Vec::new(),
                    effective,
                    category: effective.map_or(Category::Unknown, categories::of_expression),
                }
            })
            .collect();
        let by_id: HashMap<&str, usize> =
            packages.iter().enumerate().map(|(i, p)| (p.package.id.as_str(), i)).collect();

        for verdict in &verdicts {
            if verdict.subject_kind != SubjectKind::Package {
                continue;
            }
            if let Some(&i) = by_id.get(verdict.subject.as_str()) {
                let view = &mut packages[i];
                view.verdicts.push(verdict);
                if view.decision.is_none_or(|d| rank(verdict.decision) < rank(d)) {
                    view.decision = Some(verdict.decision);
                }
            }
        }
        let mut advisories: Vec<&Advisory> = scan.advisories.iter().collect();
        advisories.sort_by(|a, b| (&a.package_id, &a.id).cmp(&(&b.package_id, &b.id)));
        for advisory in advisories {
            if let Some(&i) = by_id.get(advisory.package_id.as_str()) {
                packages[i].advisories.push(advisory);
            }
        }
        let mut findings: Vec<&LicenseFinding> = scan.licenses.iter().collect();
        findings.sort_by(|a, b| {
            let key = |f: &LicenseFinding| (f.path.clone(), f.lines.as_ref().map(|l| (l.start, l.end)));
            key(a).cmp(&key(b)).then_with(|| (&a.expression, &a.detector).cmp(&(&b.expression, &b.detector)))
        });
        let mut project_findings = Vec::new();
        for finding in findings {
            match finding.package_id.as_deref().and_then(|id| by_id.get(id)) {
                Some(&i) => packages[i].findings.push(finding),
                None => project_findings.push(finding),
            }
        }
        let mut copyrights: Vec<&Copyright> = scan.copyrights.iter().collect();
        copyrights.sort_by(|a, b| {
            let key =
                |c: &Copyright| (c.path.clone(), c.lines.as_ref().map(|l| l.start), c.statement.clone());
            key(a).cmp(&key(b))
        });
        let mut project_copyrights = Vec::new();
        for copyright in copyrights {
            match copyright.package_id.as_deref().and_then(|id| by_id.get(id)) {
                Some(&i) => packages[i].copyrights.push(copyright),
                None => project_copyrights.push(copyright),
            }
        }

        let mut counts: BTreeMap<String, (usize, BTreeSet<&str>)> = BTreeMap::new();
        let mut packages_by_category = [0; 7];
        for view in &packages {
            packages_by_category[slot(view.category)] += 1;
            for id in view.effective.map(ids).unwrap_or_default() {
                counts.entry(id).or_default().0 += 1;
            }
        }
        let mut files_in: [BTreeSet<&str>; 7] = Default::default();
        for finding in scan.licenses.iter().filter(|f| f.strength == Strength::Detection) {
            files_in[slot(categories::of_expression(&finding.expression))].insert(&finding.path);
            for id in ids(&finding.expression) {
                counts.entry(id).or_default().1.insert(&finding.path);
            }
        }
        let files_by_category = files_in.map(|files| files.len());
        let mut licences: Vec<LicenceRow> = counts
            .into_iter()
            .map(|(id, (packages, files))| LicenceRow {
                category: categories::of_id(&id),
                id,
                packages,
                files: files.len(),
            })
            .collect();
        // Most used first; ties by id.
        licences.sort_by(|a, b| (b.packages, b.files).cmp(&(a.packages, a.files)).then(a.id.cmp(&b.id)));

        View {
            scan,
            packages,
            by_id,
            licences,
            packages_by_category,
            files_by_category,
            verdicts,
            project_findings,
            project_copyrights,
        }
    }

    /// The package with `id`, when the result lists it.
    pub fn package(&self, id: &str) -> Option<&PackageView<'a>> {
        self.by_id.get(id).map(|&i| &self.packages[i])
    }

    pub fn ecosystems(&self) -> BTreeSet<&str> {
        self.packages.iter().map(|p| p.package.ecosystem.as_str()).collect()
    }

    pub fn decided(&self, decision: Decision) -> Vec<&'a Verdict> {
        self.verdicts.iter().copied().filter(|v| v.decision == decision).collect()
    }
}
