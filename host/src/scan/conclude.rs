//! Licence conclusions the host draws across plugins: one finding per licence occurrence (when
//! several detectors saw the same thing), and the declared licence of each project root.

use std::collections::{BTreeMap, BTreeSet};

use super::merge::{Findings, sort_licenses};
use crate::model::{Copyright, FindingKind, LicenseFinding, ProjectLicense, ReferenceKind, Strength};

use ospo_expression::convention::{SEE_PREFIX, is_license_file, is_project_manifest as is_manifest};

/// The conclude stage's output: one finding per licence occurrence, references resolved, and
/// the licence of each project root.
pub struct Concluded {
    pub findings: Findings,
    pub projects: Vec<ProjectLicense>,
}

/// The conclude stage: what detectors found, across detectors and files.
/// `project_files`: the walked files that belong to no dependency's folder, the only ones a
/// project licence is concluded from.
pub fn run(mut findings: Findings, walked: &[String], project_files: &[String]) -> Concluded {
    merge_occurrences(&mut findings.licenses);
    // Canonical order before copyrights and references are read: the merge above and the
    // resolution below must not depend on the order threads finished in.
    sort_licenses(&mut findings.licenses);
    merge_copyrights(&mut findings.copyrights);
    resolve_file_references(&mut findings.licenses, walked);
    let projects = conclude_projects(&findings.licenses, project_files);
    Concluded { findings, projects }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
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
pub fn merge_occurrences(licenses: &mut Vec<LicenseFinding>) {
    // Grouped in place, by sorting on (file, expression) first: a map of one vector per group
    // cost a kilobyte a group, 80 MB of the Linux kernel's 83k findings.
    licenses.sort_by(|a, b| {
        (&a.path, &a.expression).cmp(&(&b.path, &b.expression)).then_with(|| strongest_first(a, b))
    });
    let all = std::mem::take(licenses);
    licenses.reserve(all.len());
    let mut rest = all.into_iter().peekable();
    while let Some(first) = rest.next() {
        let mut findings = vec![first];
        while let Some(next) =
            rest.next_if(|n| n.path == findings[0].path && n.expression == findings[0].expression)
        {
            findings.push(next);
        }
        if findings.len() == 1 {
            licenses.append(&mut findings);
            continue;
        }
        // A detector repeating one finding (500,000 times) says it once.
        findings.dedup();
        let mut kept: Vec<LicenseFinding> = Vec::new();
        // Kept findings by detector: a finding merges only into another detector's, so its own
        // detector's (possibly very many) are never searched.
        let mut by_detector: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for finding in findings {
            let primary = by_detector
                .iter()
                .filter(|(detector, _)| **detector != finding.detector)
                .filter_map(|(_, indexes)| indexes.iter().copied().find(|&k| overlaps(&kept[k], &finding)))
                .min();
            match primary.map(|k| &mut kept[k]) {
                Some(primary) => primary.also.push(crate::model::Evidence {
                    detector: finding.detector,
                    kind: finding.kind,
                    rule_id: finding.rule_id,
                    lines: finding.lines,
                    confidence: finding.confidence,
                }),
                None => {
                    by_detector.entry(finding.detector.clone()).or_default().push(kept.len());
                    kept.push(finding);
                }
            }
        }
        licenses.extend(kept);
    }
}

/// Strongest first: exact tags, then full texts, then the rest by confidence.
fn strongest_first(a: &LicenseFinding, b: &LicenseFinding) -> std::cmp::Ordering {
    rank(a.kind)
        .cmp(&rank(b.kind))
        .then(b.confidence.total_cmp(&a.confidence))
        .then(a.lines.cmp(&b.lines))
        // The rest only so exact duplicates end up side by side for `dedup`.
        .then_with(|| (&a.detector, &a.rule_id, a.strength).cmp(&(&b.detector, &b.rule_id, b.strength)))
        .then_with(|| (&a.raw, &a.text, &a.package_id).cmp(&(&b.raw, &b.text, &b.package_id)))
}

/// Two detectors reading the same copyright line (a `SPDX-FileCopyrightText:` tag seen by both
/// license-tag and license-text) give one statement: the one that named its holders, shortest
/// statement first (the cleaned one, without the tag's prefix).
pub fn merge_copyrights(copyrights: &mut Vec<Copyright>) {
    copyrights.sort_by(|a, b| {
        (&a.path, a.lines)
            .cmp(&(&b.path, b.lines))
            .then(a.holders.is_empty().cmp(&b.holders.is_empty()))
            .then(a.statement.len().cmp(&b.statement.len()))
            .then(a.statement.cmp(&b.statement))
    });
    copyrights.dedup_by(|later, kept| {
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
pub fn conclude_projects(licenses: &[LicenseFinding], walked: &[String]) -> Vec<ProjectLicense> {
    let mut roots: BTreeSet<&str> = BTreeSet::new();
    for path in walked {
        if is_manifest(path) || is_license_file(path) {
            roots.insert(parent(path));
        }
    }
    // Findings by directory, once: a scan has hundreds of roots and thousands of findings.
    let mut by_dir: BTreeMap<&str, Vec<&LicenseFinding>> = BTreeMap::new();
    // A clue is weak evidence: it never decides a project's licence.
    for f in licenses.iter().filter(|f| f.strength == Strength::Detection && f.package_id.is_none()) {
        by_dir.entry(parent(&f.path)).or_default().push(f);
    }
    let mut projects = Vec::new();
    for root in roots {
        let in_root = by_dir.get(root).map_or(&[][..], Vec::as_slice);
        let manifest: Vec<&LicenseFinding> = in_root
            .iter()
            .copied()
            .filter(|f| f.kind == FindingKind::Manifest && is_manifest(&f.path))
            .collect();
        let files: Vec<&LicenseFinding> = in_root
            .iter()
            .copied()
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
        } else if let Some(expression) = all_of(files.iter().map(|f| f.expression.as_str())) {
            (expression, files.iter().map(|f| f.path.clone()).collect())
        } else {
            continue;
        };
        evidence.sort();
        evidence.dedup();
        projects.push(ProjectLicense { root: root.to_string(), expression, evidence });
    }
    projects
}

/// Licences that apply together, as one expression: the distinct ones `AND`ed, in order; `None`
/// for none.
fn all_of<'a>(expressions: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let distinct: BTreeSet<&str> = expressions.into_iter().collect();
    if distinct.len() == 1 {
        return distinct.first().map(|e| e.to_string());
    }
    let distinct: Vec<&str> = distinct.into_iter().collect();
    (!distinct.is_empty()).then(|| ospo_expression::and(&distinct))
}

/// A reference to a licence file not yet resolved ("see LICENSE", `LicenseRef-see-LICENSE`).
fn is_file_reference(f: &LicenseFinding) -> bool {
    f.kind == FindingKind::Reference && f.expression.starts_with(SEE_PREFIX)
}

/// A directory and its ancestors up to the scan root (`.`).
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(dir), |d| (*d != ".").then(|| parent(d)))
}

/// How well file `file` answers a reference to `name`, best first: the exact name, the name in
/// another case, then `name.txt` and `name.md` (exact case first). license-text writes `_` in a
/// referenced name as `-`, so the file's name is compared the same way.
fn name_rank(file: &str, name: &str) -> Option<u8> {
    let file = file.replace('_', "-");
    if file == name {
        return Some(0);
    }
    if file.eq_ignore_ascii_case(name) {
        return Some(1);
    }
    for (k, ext) in [(0, ".txt"), (1, ".md")] {
        let Some(stem) = file.len().checked_sub(ext.len()).and_then(|n| file.get(..n)) else { continue };
        if !file[stem.len()..].eq_ignore_ascii_case(ext) {
            continue;
        }
        if stem == name {
            return Some(2 + k);
        }
        if stem.eq_ignore_ascii_case(name) {
            return Some(4 + k);
        }
    }
    None
}

/// The file a reference from directory `dir` to `name` means: the best-named file of the
/// nearest directory, from `dir` up to the scan root, that has one.
fn find_named(dirs: &BTreeMap<&str, Vec<&str>>, dir: &str, name: &str) -> Option<String> {
    ancestors(dir).find_map(|d| {
        let files = dirs.get(d)?;
        let (_, file) = files.iter().filter_map(|f| Some((name_rank(f, name)?, *f))).min()?;
        Some(if d == "." { file.to_string() } else { format!("{d}/{file}") })
    })
}

/// Resolves references to licence files ("see LICENSE", reported as `LicenseRef-see-LICENSE`)
/// to the licence of the file they name, looked up from the referencing file's directory up to
/// the scan root: its full texts and notices, `AND`ed like a project's licence files. The rule
/// id keeps the evidence, `reference/see-license-file:<resolved file>`. A reference to no file,
/// or to a file of no known licence, stays as it was.
pub fn resolve_file_references(licenses: &mut [LicenseFinding], walked: &[String]) {
    if !licenses.iter().any(is_file_reference) {
        return;
    }
    let mut dirs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for path in walked {
        let (dir, file) = path.rsplit_once('/').unwrap_or((".", path));
        dirs.entry(dir).or_default().push(file);
    }
    // The licences of each file, and each lookup once: a tree can hold thousands of "see
    // LICENSE" headers, all naming the same few files.
    let mut licences: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in licenses.iter().filter(|f| f.strength == Strength::Detection) {
        if matches!(f.kind, FindingKind::Text | FindingKind::Notice)
            && !f.expression.starts_with("LicenseRef-unknown")
        {
            licences.entry(f.path.as_str()).or_default().push(f.expression.as_str());
        }
    }
    let mut lookups: BTreeMap<(&str, &str), Option<(String, String)>> = BTreeMap::new();
    let mut resolved: Vec<(usize, String, String)> = Vec::new();
    for (i, reference) in licenses.iter().enumerate() {
        if reference.kind != FindingKind::Reference {
            continue;
        }
        let Some(name) = reference.expression.strip_prefix(SEE_PREFIX) else { continue };
        let dir = parent(&reference.path);
        let answer = lookups.entry((dir, name)).or_insert_with(|| {
            let file = find_named(&dirs, dir, name)?;
            let expression = all_of(licences.get(file.as_str())?.iter().copied())?;
            Some((expression, file))
        });
        if let Some((expression, file)) = answer {
            resolved.push((i, expression.clone(), file.clone()));
        }
    }
    for (i, expression, file) in resolved {
        if let Some(reference) = licenses.get_mut(i) {
            reference.expression = expression;
            reference.rule_id = ospo_expression::convention::resolved_rule(&file);
            for target in reference.references.iter_mut().filter(|r| r.kind == ReferenceKind::File) {
                target.resolved_path = Some(file.clone());
            }
        }
    }
}

/// The licence ids an expression mentions (`MIT OR Apache-2.0` → {MIT, Apache-2.0}).
fn license_names(expression: &str) -> BTreeSet<String> {
    ospo_expression::licenses(expression).into_iter().map(|id| id.trim_end_matches('+').to_string()).collect()
}

#[cfg(test)]
mod tests {
    use ospo_expression::convention::SEE_RULE;

    use super::*;
    use crate::model::LineRange;

    fn finding(path: &str, expression: &str, kind: FindingKind, detector: &str, line: u32) -> LicenseFinding {
        LicenseFinding {
            path: path.into(),
            lines: Some(LineRange { start: line, end: line }),
            expression: expression.into(),
            kind,
            strength: Strength::Detection,
            confidence: 1.0,
            coverage: None,
            rule_id: "r".into(),
            raw: None,
            text: None,
            references: Vec::new(),
            detector: detector.into(),
            also: Vec::new(),
            package_id: None,
        }
    }

    /// Regression: a linear search of the kept findings per finding made 500,000 identical
    /// findings run past 15 minutes. Many distinct same-detector lines too: never searched.
    #[test]
    fn merging_a_flood_of_findings_is_not_quadratic() {
        let started = std::time::Instant::now();
        let mut licenses: Vec<LicenseFinding> =
            std::iter::repeat_n(finding("a.txt", "MIT", FindingKind::Tag, "flood", 1), 200_000)
                .chain((1..=100_000).map(|n| finding("b.txt", "MIT", FindingKind::Tag, "flood", n)))
                .chain(std::iter::repeat_n(finding("a.txt", "MIT", FindingKind::Text, "other", 1), 100_000))
                .collect();
        merge_occurrences(&mut licenses);
        sort_licenses(&mut licenses);
        assert_eq!(licenses.len(), 1 + 100_000);
        let a = licenses.iter().find(|f| f.path == "a.txt").expect("a.txt kept");
        assert_eq!((a.detector.as_str(), a.also.len()), ("flood", 1));
        let mut copyrights: Vec<crate::model::Copyright> = std::iter::repeat_n(
            crate::model::Copyright {
                path: "a.txt".into(),
                lines: Some(LineRange { start: 1, end: 1 }),
                statement: "Copyright A".into(),
                holders: vec!["A".into()],
                years: None,
                package_id: None,
            },
            200_000,
        )
        .collect();
        merge_copyrights(&mut copyrights);
        assert_eq!(copyrights.len(), 1);
        eprintln!("merged 400,000 findings and 200,000 copyrights in {:?}", started.elapsed());
    }

    #[test]
    fn same_occurrence_from_two_detectors_is_one_finding() {
        let mut licenses = vec![
            finding("src/lib.rs", "MIT", FindingKind::Notice, "license-text", 1),
            finding("src/lib.rs", "MIT", FindingKind::Tag, "license-tag", 1),
            finding("src/lib.rs", "MIT", FindingKind::Tag, "license-tag", 40),
        ];
        merge_occurrences(&mut licenses);
        assert_eq!(licenses.len(), 2);
        let first = &licenses[0];
        assert_eq!(first.detector, "license-tag");
        assert_eq!(first.also.len(), 1);
        assert_eq!(first.also[0].detector, "license-text");
    }

    #[test]
    fn one_copyright_per_line_across_detectors() {
        let statement = |text: &str, holders: &[&str]| crate::model::Copyright {
            path: "src/main.rs".into(),
            lines: Some(LineRange { start: 2, end: 2 }),
            statement: text.into(),
            holders: holders.iter().map(|h| h.to_string()).collect(),
            years: Some("2023".into()),
            package_id: None,
        };
        let mut copyrights = vec![
            statement("SPDX-FileCopyrightText: 2023 Mara Lindqvist", &["Mara Lindqvist"]),
            statement("2023 Mara Lindqvist", &["Mara Lindqvist"]),
        ];
        merge_copyrights(&mut copyrights);
        assert_eq!(copyrights.len(), 1);
        assert_eq!(copyrights[0].statement, "2023 Mara Lindqvist");
    }

    fn see(path: &str, name: &str) -> LicenseFinding {
        let mut f =
            finding(path, &format!("LicenseRef-see-{name}"), FindingKind::Reference, "license-text", 3);
        f.rule_id = SEE_RULE.into();
        f
    }

    #[test]
    fn see_license_resolves_to_the_nearest_file_of_that_name() {
        let mut licenses = vec![
            finding("LICENSE", "MIT", FindingKind::Text, "license-text", 3),
            finding("LICENSE", "Apache-2.0", FindingKind::Text, "license-text", 30),
            finding("crates/sys/License.md", "ISC", FindingKind::Text, "license-text", 1),
            finding("tools/LICENSE.txt", "LicenseRef-unknown", FindingKind::Text, "license-text", 1),
            see("src/lib.rs", "LICENSE"),
            see("crates/sys/src/ffi.rs", "LICENSE"),
            see("docs/guide.md", "COPYING"),
            see("tools/gen.py", "LICENSE.txt"),
        ];
        let walked: Vec<String> = [
            "LICENSE",
            "crates/sys/License.md",
            "crates/sys/src/ffi.rs",
            "crates/sys/COPYING",
            "docs/guide.md",
            "src/lib.rs",
            "tools/LICENSE.txt",
            "tools/gen.py",
        ]
        .map(String::from)
        .into();
        resolve_file_references(&mut licenses, &walked);
        let refs: Vec<(&str, &str, &str)> = licenses
            .iter()
            .filter(|f| f.kind == FindingKind::Reference)
            .map(|f| (f.path.as_str(), f.expression.as_str(), f.rule_id.as_str()))
            .collect();
        assert_eq!(
            refs,
            [
                // Both texts of the root's LICENSE, ANDed as for a project.
                ("src/lib.rs", "Apache-2.0 AND MIT", "reference/see-license-file:LICENSE"),
                // The crate's own licence file, in another case and with `.md`, comes first.
                ("crates/sys/src/ffi.rs", "ISC", "reference/see-license-file:crates/sys/License.md"),
                // COPYING exists, but not in docs/ or above it.
                ("docs/guide.md", "LicenseRef-see-COPYING", SEE_RULE),
                // The file exists, but its licence is unknown.
                ("tools/gen.py", "LicenseRef-see-LICENSE.txt", SEE_RULE),
            ]
        );
    }

    #[test]
    fn exact_names_come_before_other_cases_and_extensions() {
        assert_eq!(name_rank("LICENSE", "LICENSE"), Some(0));
        assert_eq!(name_rank("license", "LICENSE"), Some(1));
        assert_eq!(name_rank("LICENSE.txt", "LICENSE"), Some(2));
        assert_eq!(name_rank("LICENSE.md", "LICENSE"), Some(3));
        assert_eq!(name_rank("License.TXT", "LICENSE"), Some(4));
        assert_eq!(name_rank("LICENSE_1_0.txt", "LICENSE-1-0.txt"), Some(0));
        assert_eq!(name_rank("LICENSE-MIT", "LICENSE"), None);
        assert_eq!(name_rank("LICENSE.rs", "LICENSE"), None);
        assert_eq!(name_rank(".md", "LICENSE"), None);
    }

    #[test]
    fn manifest_declaration_wins_and_license_files_support_it() {
        let licenses = vec![
            finding("Cargo.toml", "MIT OR Apache-2.0", FindingKind::Manifest, "license-text", 5),
            finding("LICENSE-MIT", "MIT", FindingKind::Text, "license-text", 1),
            finding("LICENSE-APACHE", "Apache-2.0", FindingKind::Text, "license-text", 1),
            finding("vendor/x/COPYING", "GPL-2.0-only", FindingKind::Text, "license-text", 1),
        ];
        let walked: Vec<String> =
            ["Cargo.toml", "LICENSE-MIT", "LICENSE-APACHE", "vendor/x/COPYING", "src/lib.rs"]
                .map(String::from)
                .into();
        let projects = conclude_projects(&licenses, &walked);
        assert_eq!(projects.len(), 2);
        assert_eq!(projects[0].root, ".");
        assert_eq!(projects[0].expression, "MIT OR Apache-2.0");
        assert_eq!(projects[0].evidence, vec!["Cargo.toml", "LICENSE-APACHE", "LICENSE-MIT"]);
        assert_eq!(projects[1].root, "vendor/x");
        assert_eq!(projects[1].expression, "GPL-2.0-only");
    }
}
