//! Licence conclusions the host draws across plugins: one finding per licence occurrence (when
//! several detectors saw the same thing), and the declared licence of each project root.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{FindingKind, LicenseFinding, ProjectLicense, ScanResult};

/// File names that hold a project's licence (case-insensitive prefix match on the stem).
const LICENSE_FILE_STEMS: [&str; 5] = ["license", "licence", "copying", "unlicense", "notice"];
/// Manifests whose directory is a project root.
const MANIFESTS: [&str; 10] = [
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.cfg",
    "PKG-INFO",
    "pom.xml",
    "composer.json",
    "go.mod",
    "build.gradle",
    "build.gradle.kts",
];

pub fn is_license_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    LICENSE_FILE_STEMS.iter().any(|stem| name.starts_with(stem))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    MANIFESTS.contains(&name) || name.ends_with(".gemspec") || name.ends_with(".nuspec")
}

fn overlaps(a: &LicenseFinding, b: &LicenseFinding) -> bool {
    match (a.lines, b.lines) {
        (Some(x), Some(y)) => x.start <= y.end && y.start <= x.end,
        _ => true,
    }
}

/// Merges findings of different detectors that describe the same occurrence (same file, same
/// expression, overlapping lines) into one, keeping the strongest as the answer and the others
/// as `also` evidence.
pub fn merge_occurrences(result: &mut ScanResult) {
    let mut by_file: BTreeMap<(String, String), Vec<LicenseFinding>> = BTreeMap::new();
    for finding in result.licenses.drain(..) {
        by_file.entry((finding.path.clone(), finding.expression.clone())).or_default().push(finding);
    }
    for (_, mut findings) in by_file {
        // Strongest first: exact tags, then full texts, then the rest by confidence.
        findings.sort_by(|a, b| {
            rank(a.kind)
                .cmp(&rank(b.kind))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(a.lines.cmp(&b.lines))
        });
        let mut kept: Vec<LicenseFinding> = Vec::new();
        for finding in findings {
            match kept.iter_mut().find(|k| k.detector != finding.detector && overlaps(k, &finding)) {
                Some(primary) => primary.also.push(crate::model::Evidence {
                    detector: finding.detector,
                    kind: finding.kind,
                    rule_id: finding.rule_id,
                    lines: finding.lines,
                    confidence: finding.confidence,
                }),
                None => kept.push(finding),
            }
        }
        result.licenses.extend(kept);
    }
}

/// Two detectors reading the same copyright line (a `SPDX-FileCopyrightText:` tag seen by both
/// license-tag and license-text) give one statement: the one that named its holders, shortest
/// statement first (the cleaned one, without the tag's prefix).
pub fn merge_copyrights(result: &mut ScanResult) {
    result.copyrights.sort_by(|a, b| {
        (&a.path, a.lines)
            .cmp(&(&b.path, b.lines))
            .then(a.holders.is_empty().cmp(&b.holders.is_empty()))
            .then(a.statement.len().cmp(&b.statement.len()))
            .then(a.statement.cmp(&b.statement))
    });
    result.copyrights.dedup_by(|later, kept| {
        later.path == kept.path && later.lines.is_some() && later.lines == kept.lines
    });
}

fn rank(kind: FindingKind) -> u8 {
    match kind {
        FindingKind::Tag => 0,
        FindingKind::Text => 1,
        FindingKind::Manifest => 2,
        FindingKind::Notice => 3,
        FindingKind::Reference => 4,
    }
}

/// Concludes the declared licence of every directory holding a manifest or a licence file. A
/// manifest's licence field is the project's own statement and wins; without one, the licences
/// of the licence files apply together (`AND`), the conservative reading of several files.
pub fn conclude_projects(result: &mut ScanResult, walked: &[String]) {
    let mut roots: BTreeSet<&str> = BTreeSet::new();
    for path in walked {
        if is_manifest(path) || is_license_file(path) {
            roots.insert(parent(path));
        }
    }
    let mut projects = Vec::new();
    for root in roots {
        let in_root = |f: &&LicenseFinding| parent(&f.path) == root;
        let manifest: Vec<&LicenseFinding> = result
            .licenses
            .iter()
            .filter(in_root)
            .filter(|f| f.kind == FindingKind::Manifest && is_manifest(&f.path))
            .collect();
        let files: Vec<&LicenseFinding> = result
            .licenses
            .iter()
            .filter(in_root)
            .filter(|f| is_license_file(&f.path) && f.kind != FindingKind::Reference)
            .filter(|f| !f.expression.starts_with("LicenseRef-unknown"))
            .collect();
        let (expression, mut evidence) = if let Some(declared) = manifest.first() {
            let names = license_names(&declared.expression);
            let mut evidence: Vec<String> = manifest.iter().map(|f| f.path.clone()).collect();
            evidence.extend(
                files
                    .iter()
                    .filter(|f| license_names(&f.expression).is_subset(&names))
                    .map(|f| f.path.clone()),
            );
            (declared.expression.clone(), evidence)
        } else if !files.is_empty() {
            let distinct: BTreeSet<&str> = files.iter().map(|f| f.expression.as_str()).collect();
            let expression = if distinct.len() == 1 {
                distinct.iter().next().map(|e| e.to_string()).unwrap_or_default()
            } else {
                distinct.iter().map(|e| parenthesize(e)).collect::<Vec<_>>().join(" AND ")
            };
            (expression, files.iter().map(|f| f.path.clone()).collect())
        } else {
            continue;
        };
        evidence.sort();
        evidence.dedup();
        projects.push(ProjectLicense { root: root.to_string(), expression, evidence });
    }
    result.projects = projects;
}

fn parenthesize(expression: &str) -> String {
    if expression.contains(" OR ") || expression.contains(" AND ") {
        format!("({expression})")
    } else {
        expression.to_string()
    }
}

/// The licence ids an expression mentions (`MIT OR Apache-2.0` → {MIT, Apache-2.0}).
fn license_names(expression: &str) -> BTreeSet<String> {
    expression
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
        .map(|t| t.trim_end_matches('+').to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineRange;

    fn finding(path: &str, expression: &str, kind: FindingKind, detector: &str, line: u32) -> LicenseFinding {
        LicenseFinding {
            path: path.into(),
            lines: Some(LineRange { start: line, end: line }),
            expression: expression.into(),
            kind,
            confidence: 1.0,
            coverage: None,
            rule_id: "r".into(),
            detector: detector.into(),
            also: Vec::new(),
        }
    }

    #[test]
    fn same_occurrence_from_two_detectors_is_one_finding() {
        let mut result = ScanResult::new(".".into());
        result.licenses = vec![
            finding("src/lib.rs", "MIT", FindingKind::Notice, "license-text", 1),
            finding("src/lib.rs", "MIT", FindingKind::Tag, "license-tag", 1),
            finding("src/lib.rs", "MIT", FindingKind::Tag, "license-tag", 40),
        ];
        merge_occurrences(&mut result);
        assert_eq!(result.licenses.len(), 2);
        let first = &result.licenses[0];
        assert_eq!(first.detector, "license-tag");
        assert_eq!(first.also.len(), 1);
        assert_eq!(first.also[0].detector, "license-text");
    }

    #[test]
    fn one_copyright_per_line_across_detectors() {
        let mut result = ScanResult::new(".".into());
        let statement = |text: &str, holders: &[&str]| crate::model::Copyright {
            path: "src/main.rs".into(),
            lines: Some(LineRange { start: 2, end: 2 }),
            statement: text.into(),
            holders: holders.iter().map(|h| h.to_string()).collect(),
            years: Some("2023".into()),
        };
        result.copyrights = vec![
            statement("SPDX-FileCopyrightText: 2023 Mara Lindqvist", &["Mara Lindqvist"]),
            statement("2023 Mara Lindqvist", &["Mara Lindqvist"]),
        ];
        merge_copyrights(&mut result);
        assert_eq!(result.copyrights.len(), 1);
        assert_eq!(result.copyrights[0].statement, "2023 Mara Lindqvist");
    }

    #[test]
    fn manifest_declaration_wins_and_license_files_support_it() {
        let mut result = ScanResult::new(".".into());
        result.licenses = vec![
            finding("Cargo.toml", "MIT OR Apache-2.0", FindingKind::Manifest, "license-text", 5),
            finding("LICENSE-MIT", "MIT", FindingKind::Text, "license-text", 1),
            finding("LICENSE-APACHE", "Apache-2.0", FindingKind::Text, "license-text", 1),
            finding("vendor/x/COPYING", "GPL-2.0-only", FindingKind::Text, "license-text", 1),
        ];
        let walked: Vec<String> =
            ["Cargo.toml", "LICENSE-MIT", "LICENSE-APACHE", "vendor/x/COPYING", "src/lib.rs"]
                .map(String::from)
                .into();
        conclude_projects(&mut result, &walked);
        assert_eq!(result.projects.len(), 2);
        assert_eq!(result.projects[0].root, ".");
        assert_eq!(result.projects[0].expression, "MIT OR Apache-2.0");
        assert_eq!(result.projects[0].evidence, vec!["Cargo.toml", "LICENSE-APACHE", "LICENSE-MIT"]);
        assert_eq!(result.projects[1].root, "vendor/x");
        assert_eq!(result.projects[1].expression, "GPL-2.0-only");
    }
}
