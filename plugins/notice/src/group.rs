//! The notice's content: which packages go under which licence, with their copyrights.
//!
//! A package is grouped under every licence (and exception) of the expression that governs it:
//! the branch the policy chose for an `OR` when a verdict says so, else its concluded licence,
//! else its declared one, else what was detected in its files. Complying with each licence of an
//! expression is the safe reading of an `OR` nobody chose. Only shipped packages are listed
//! (scope `runtime` unless the config says otherwise), never the scanned project itself.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{DependencyScope, Package, ScanResult, SubjectKind, expression};

use crate::Config;
use crate::texts;

/// One package as the notice lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub name: String,
    pub version: Option<String>,
    pub purl: Option<String>,
    /// The expression it was grouped by.
    pub expression: String,
    pub copyrights: Vec<String>,
}

/// One licence and the packages under it.
#[derive(Debug, Clone)]
pub struct Group {
    /// SPDX id, exception id or `LicenseRef-`.
    pub id: String,
    pub packages: Vec<Entry>,
    /// Distinct copyright holders' statements of those packages.
    pub copyrights: Vec<String>,
    /// The full text, when known.
    pub text: Option<String>,
    /// Why there is no text, when there is none.
    pub missing: Option<String>,
}

/// The whole notice.
#[derive(Debug, Clone)]
pub struct Notice {
    /// What the notice is for: `name version`.
    pub product: String,
    pub tool: String,
    pub timestamp: String,
    pub groups: Vec<Group>,
    /// Shipped packages with no licence known at all.
    pub unknown: Vec<Entry>,
}

fn scope_name(scope: DependencyScope) -> &'static str {
    match scope {
        DependencyScope::Runtime => "runtime",
        DependencyScope::Development => "development",
        DependencyScope::Build => "build",
        DependencyScope::Test => "test",
        DependencyScope::Provided => "provided",
    }
}

fn governing(p: &Package, choices: &BTreeMap<&str, &str>) -> Option<String> {
    let usable = |e: &str| !e.is_empty() && e != "NOASSERTION" && e != "NONE";
    choices
        .get(p.id.as_str())
        .map(|c| (*c).to_string())
        .or_else(|| p.concluded_license.as_ref().map(|c| c.expression.clone()))
        .filter(|e| usable(e))
        .or_else(|| p.declared_license.as_ref().map(|d| d.expression.clone()).filter(|e| usable(e)))
        .or_else(|| p.detected_license.clone().filter(|e| usable(e)))
}

/// Licence and exception ids of `expr`; `GPL-2.0+` and the like without their `+`.
fn ids(expr: &str) -> Vec<String> {
    let Ok(parsed) = expression::parse(expr) else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for term in parsed.terms() {
        for id in std::iter::once(term.license.trim_end_matches('+')).chain(term.exception.as_deref()) {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_string());
            }
        }
    }
    out
}

impl Notice {
    /// The notice of `scan`.
    pub fn new(scan: &ScanResult, config: &Config) -> Self {
        let m = &scan.metadata;
        let root = m.root_component.as_ref();
        let product = match root {
            Some(r) => match &r.version {
                Some(v) => format!("{} {v}", r.name),
                None => r.name.clone(),
            },
            None => scan.root.trim_end_matches('/').rsplit('/').next().unwrap_or("this software").to_string(),
        };
        let root_purl = root.and_then(|r| r.purl.as_deref());
        let scopes: BTreeSet<&str> = config.scopes().into_iter().collect();
        let choices: BTreeMap<&str, &str> = scan
            .verdicts
            .iter()
            .filter(|v| v.subject_kind == SubjectKind::Package)
            .filter_map(|v| Some((v.subject.as_str(), v.choice.as_deref()?)))
            .collect();
        let mut copyrights: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for c in &scan.copyrights {
            if let Some(id) = c.package_id.as_deref() {
                copyrights.entry(id).or_default().insert(c.statement.as_str());
            }
        }
        let mut custom: BTreeMap<&str, &str> = BTreeMap::new();
        for f in &scan.licenses {
            if let Some(text) = f.text.as_deref()
                && f.expression.starts_with("LicenseRef-")
            {
                custom.entry(f.expression.as_str()).or_insert(text);
            }
        }
        let mut by_id: BTreeMap<String, BTreeSet<Entry>> = BTreeMap::new();
        let mut unknown = BTreeSet::new();
        for p in &scan.packages {
            if Some(p.id.as_str()) == root_purl
                || p.purl.as_deref().is_some_and(|purl| Some(purl) == root_purl)
            {
                continue;
            }
            if !scopes.contains(scope_name(p.scope)) {
                continue;
            }
            let expression = governing(p, &choices);
            let entry = Entry {
                name: p.name.clone(),
                version: p.version.clone(),
                purl: p.purl.clone(),
                expression: expression.clone().unwrap_or_default(),
                copyrights: copyrights
                    .get(p.id.as_str())
                    .map(|s| s.iter().map(|x| x.to_string()).collect())
                    .unwrap_or_default(),
            };
            let ids = expression.as_deref().map(ids).unwrap_or_default();
            if ids.is_empty() {
                unknown.insert(entry);
                continue;
            }
            for id in ids {
                by_id.entry(id).or_default().insert(entry.clone());
            }
        }
        let groups = by_id
            .into_iter()
            .map(|(id, packages)| {
                let packages: Vec<Entry> = packages.into_iter().collect();
                let copyrights: BTreeSet<String> =
                    packages.iter().flat_map(|p| p.copyrights.iter().cloned()).collect();
                let (text, missing) = if id.starts_with("LicenseRef-") {
                    match custom.get(id.as_str()) {
                        Some(text) => (Some((*text).to_string()), None),
                        None => (
                            None,
                            Some(format!(
                                "no scanned file carried the text of {id}; obtain it from the packages below"
                            )),
                        ),
                    }
                } else {
                    match texts::spdx_text(&id) {
                        Some(text) => (Some(text), None),
                        None => {
                            (None, Some(format!("{id} is not in the SPDX License List data ospo carries")))
                        }
                    }
                };
                Group { id, packages, copyrights: copyrights.into_iter().collect(), text, missing }
            })
            .collect();
        Notice {
            product,
            tool: format!("{} {}", m.tool_name, m.tool_version),
            timestamp: m.timestamp.clone(),
            groups,
            unknown: unknown.into_iter().collect(),
        }
    }
}

impl Entry {
    /// `name version`.
    pub fn label(&self) -> String {
        match &self.version {
            Some(v) => format!("{} {v}", self.name),
            None => self.name.clone(),
        }
    }
}
