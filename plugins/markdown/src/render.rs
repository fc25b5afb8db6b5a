//! The report: one section per part of the result, each sorted so the same result always gives
//! the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{
    Advisory, Decision, DependencyScope, Diagnostic, Level, Metric, MetricValue, Package, ScanResult,
    SeverityRating, Strength, Verdict,
};

use crate::table::{Table, cell};

/// Renders `scan` as a Markdown document.
pub fn report(scan: &ScanResult) -> String {
    let mut out = String::new();
    header(scan, &mut out);
    // Violations first: a pull-request comment or a job summary is read from the top.
    verdicts(scan, &mut out);
    projects(scan, &mut out);
    licenses(scan, &mut out);
    packages(scan, &mut out);
    advisories(scan, &mut out);
    observations(scan, &mut out);
    metrics(scan, &mut out);
    diagnostics(scan, &mut out);
    out
}

fn section(out: &mut String, title: &str) {
    out.push_str(&format!("\n## {title}\n\n"));
}

fn none(out: &mut String) {
    out.push_str("_None._\n");
}

fn location(path: &str, line: Option<u32>) -> String {
    match line {
        Some(line) => format!("{path}:{line}"),
        None => path.to_string(),
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
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

/// The scope, and whether only a feature or platform pulls the package in.
fn scope_cell(package: &Package) -> String {
    let scope = scope_name(package.scope);
    if package.optional { format!("{scope} (optional)") } else { scope.to_string() }
}

fn rating_name(rating: SeverityRating) -> &'static str {
    match rating {
        SeverityRating::None => "none",
        SeverityRating::Low => "low",
        SeverityRating::Medium => "medium",
        SeverityRating::High => "high",
        SeverityRating::Critical => "critical",
    }
}

/// The worst rating among an advisory's severities; failing that, the first score or vector.
fn severity_cell(advisory: &Advisory) -> String {
    let worst = advisory.severities.iter().filter_map(|s| s.rating).max_by_key(|r| *r as u8);
    if let Some(rating) = worst {
        return rating_name(rating).to_string();
    }
    let first = advisory.severities.first();
    first
        .and_then(|s| s.score.map(|score| format!("{score:.1}")).or_else(|| s.vector.clone()))
        .unwrap_or_default()
}

/// A metric's name, with its labels (`inventory.packages{ecosystem=npm}`) when it has any.
fn metric_name(metric: &Metric) -> String {
    if metric.labels.is_empty() {
        return metric.name.clone();
    }
    let labels: Vec<String> = metric.labels.iter().map(|l| format!("{}={}", l.key, l.value)).collect();
    format!("{}{{{}}}", metric.name, labels.join(","))
}

fn header(scan: &ScanResult, out: &mut String) {
    out.push_str("# ospo scan report\n\n");
    let metadata = &scan.metadata;
    let mut facts = vec![
        ("Root", scan.root.clone()),
        ("Tool version", metadata.tool_version.clone()),
        ("Schema version", scan.schema_version.clone()),
        ("Files scanned", scan.files_scanned.to_string()),
        ("Packages", scan.packages.len().to_string()),
        ("Licence findings", scan.licenses.len().to_string()),
        ("Copyright statements", scan.copyrights.len().to_string()),
    ];
    // Facts of the scan itself, after the counts: shown only when the host knew them.
    if !metadata.timestamp.is_empty() {
        facts.push(("Scanned at", metadata.timestamp.clone()));
    }
    if let Some(commit) = metadata.vcs.as_ref().and_then(|v| v.commit.as_ref()) {
        let dirty = metadata.vcs.as_ref().and_then(|v| v.dirty) == Some(true);
        facts
            .push(("Commit", if dirty { format!("{commit} (uncommitted changes)") } else { commit.clone() }));
    }
    for (name, value) in facts {
        out.push_str(&format!("- **{name}:** {}\n", cell(&value)));
    }
}

fn projects(scan: &ScanResult, out: &mut String) {
    section(out, "Project licences");
    if scan.projects.is_empty() {
        return none(out);
    }
    let mut projects: Vec<_> = scan.projects.iter().collect();
    projects.sort_by(|a, b| (&a.root, &a.expression).cmp(&(&b.root, &b.expression)));
    let mut table = Table::new(&["Project", "Licence", "Evidence"]);
    for project in projects {
        let mut evidence = project.evidence.clone();
        evidence.sort();
        table.row([project.root.as_str(), &project.expression, &evidence.join(", ")]);
    }
    table.write(out);
}

fn licenses(scan: &ScanResult, out: &mut String) {
    section(out, "Licences");
    // Clues (a licence named in prose, a config list) are not licences of a file: left out of
    // the table and counted below it, as the collector's distinct-expressions metric does.
    let mut files: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut clues = 0;
    for finding in &scan.licenses {
        if finding.strength == Strength::Clue {
            clues += 1;
            continue;
        }
        files.entry(&finding.expression).or_default().insert(&finding.path);
    }
    if files.is_empty() && clues == 0 {
        return none(out);
    }
    let mut rows: Vec<(&str, usize)> = files.iter().map(|(e, f)| (*e, f.len())).collect();
    // Most widespread first; ties alphabetically.
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut table = Table::new(&["Expression", "Files"]);
    for (expression, count) in rows {
        table.row([expression, &count.to_string()]);
    }
    if files.is_empty() {
        none(out);
    } else {
        table.write(out);
    }
    if clues > 0 {
        out.push_str(&format!(
            "\n_{clues} clue(s) (a licence named in prose or a list, not a grant) left out; see the JSON result._\n"
        ));
    }
}

fn packages(scan: &ScanResult, out: &mut String) {
    section(out, "Packages");
    if scan.packages.is_empty() {
        return none(out);
    }
    let mut packages: Vec<_> = scan.packages.iter().collect();
    packages.sort_by(|a, b| {
        (&a.ecosystem, &a.name, &a.version, &a.id).cmp(&(&b.ecosystem, &b.name, &b.version, &b.id))
    });
    let mut table = Table::new(&["Name", "Version", "Ecosystem", "Direct", "Scope", "Declared licence"]);
    for p in packages {
        table.row([
            p.name.as_str(),
            p.version.as_deref().unwrap_or(""),
            &p.ecosystem,
            if p.direct { "yes" } else { "no" },
            &scope_cell(p),
            p.declared_license.as_ref().map_or("", |l| l.expression.as_str()),
        ]);
    }
    table.write(out);
}

/// The rule a verdict names without its decision (`deny:category:strong-copyleft` →
/// `category:strong-copyleft`): what the counts are grouped by.
fn rule_group(rule: &str) -> &str {
    for prefix in ["allow:", "review:", "deny:", "report-only:deny:"] {
        if let Some(rest) = rule.strip_prefix(prefix) {
            return rest;
        }
    }
    rule
}

fn verdict_table(verdicts: &[&Verdict], out: &mut String) {
    let mut table = Table::new(&["Subject", "Licence", "Rule", "Why and what to do"]);
    for v in verdicts {
        let licence = match &v.choice {
            Some(choice) => format!("{} (chosen: {choice})", v.expression),
            None => v.expression.clone(),
        };
        table.row([v.subject.as_str(), &licence, &v.rule, &v.explanation]);
    }
    table.write(out);
}

fn details(out: &mut String, summary: &str, body: impl FnOnce(&mut String)) {
    // The blank lines let GitHub render the Markdown inside the HTML block.
    out.push_str(&format!("\n<details><summary>{}</summary>\n\n", cell(summary)));
    body(out);
    out.push_str("\n</details>\n");
}

/// Violations in full, then counts by rule (category, licence, compatibility, exception), then
/// reviews and allows collapsed: the shape of a CI summary.
fn verdicts(scan: &ScanResult, out: &mut String) {
    section(out, "Policy");
    if scan.verdicts.is_empty() {
        return none(out);
    }
    let mut sorted: Vec<&Verdict> = scan.verdicts.iter().collect();
    sorted.sort_by(|a, b| (&a.subject, &a.rule, &a.expression).cmp(&(&b.subject, &b.rule, &b.expression)));
    let of = |d: Decision| -> Vec<&Verdict> { sorted.iter().copied().filter(|v| v.decision == d).collect() };
    let (denied, review, allowed) = (of(Decision::Deny), of(Decision::Review), of(Decision::Allow));
    out.push_str(&format!(
        "**{} violation(s)**, {} to review, {} allowed.\n",
        denied.len(),
        review.len(),
        allowed.len()
    ));
    if !denied.is_empty() {
        out.push_str("\n### Violations\n\n");
        verdict_table(&denied, out);
    }
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for v in &sorted {
        let slot = match v.decision {
            Decision::Deny => 0,
            Decision::Review => 1,
            Decision::Allow => 2,
        };
        counts.entry(rule_group(&v.rule)).or_default()[slot] += 1;
    }
    let mut rows: Vec<(&str, [usize; 3])> = counts.into_iter().collect();
    // Most denials first, then most reviews; ties by name.
    rows.sort_by(|a, b| (b.1[0], b.1[1], b.1[2]).cmp(&(a.1[0], a.1[1], a.1[2])).then(a.0.cmp(b.0)));
    out.push_str("\n### By rule\n\n");
    let mut table = Table::new(&["Rule", "Denied", "Review", "Allowed"]);
    for (rule, [d, r, a]) in rows {
        table.row([rule, &d.to_string(), &r.to_string(), &a.to_string()]);
    }
    table.write(out);
    if !review.is_empty() {
        details(out, &format!("{} to review", review.len()), |out| verdict_table(&review, out));
    }
    if !allowed.is_empty() {
        details(out, &format!("{} allowed", allowed.len()), |out| {
            let mut table = Table::new(&["Subject", "Licence", "Rule"]);
            for v in &allowed {
                let licence = v.choice.as_deref().unwrap_or(&v.expression);
                table.row([v.subject.as_str(), licence, &v.rule]);
            }
            table.write(out);
        });
    }
}

fn advisories(scan: &ScanResult, out: &mut String) {
    section(out, "Advisories");
    if scan.advisories.is_empty() {
        return none(out);
    }
    let names: BTreeMap<&str, String> = scan
        .packages
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                format!("{} {}", p.name, p.version.as_deref().unwrap_or("")).trim_end().to_string(),
            )
        })
        .collect();
    let mut advisories: Vec<_> = scan.advisories.iter().collect();
    advisories.sort_by(|a, b| (&a.id, &a.package_id).cmp(&(&b.id, &b.package_id)));
    let mut table = Table::new(&["ID", "Package", "Severity", "Summary", "Fixed in"]);
    for a in advisories {
        let package = names.get(a.package_id.as_str()).map_or(a.package_id.as_str(), String::as_str);
        table.row([a.id.as_str(), package, &severity_cell(a), &a.summary, &a.fixed_versions.join(", ")]);
    }
    table.write(out);
}

fn observations(scan: &ScanResult, out: &mut String) {
    section(out, "Observations");
    if scan.observations.is_empty() {
        return none(out);
    }
    let mut observations: Vec<_> = scan.observations.iter().collect();
    observations.sort_by(|a, b| {
        let key = |o: &ospo_plugin_sdk::Observation| {
            (o.level as u8, o.path.clone(), o.lines.as_ref().map(|l| l.start), o.rule_id.clone())
        };
        key(a).cmp(&key(b))
    });
    let mut table = Table::new(&["Level", "Rule", "Location", "Message"]);
    for o in observations {
        let line = o.lines.as_ref().map(|l| l.start);
        table.row([level_name(o.level), &o.rule_id, &location(&o.path, line), &o.message]);
    }
    table.write(out);
}

fn metrics(scan: &ScanResult, out: &mut String) {
    section(out, "Metrics");
    if scan.metrics.is_empty() {
        return none(out);
    }
    let mut metrics: Vec<_> = scan.metrics.iter().collect();
    // A series' labels order it after its unlabelled total.
    metrics.sort_by_key(|m| (m.name.clone(), metric_name(m)));
    let mut table = Table::new(&["Metric", "Value", "Unit", "Description"]);
    for m in metrics {
        let value = match &m.value {
            MetricValue::Count(n) => n.to_string(),
            MetricValue::Ratio(r) => format!("{r:.3}"),
            MetricValue::Text(t) => t.clone(),
        };
        table.row([metric_name(m).as_str(), &value, m.unit.as_deref().unwrap_or(""), &m.description]);
    }
    table.write(out);
}

fn diagnostics(scan: &ScanResult, out: &mut String) {
    section(out, "Diagnostics");
    if scan.diagnostics.is_empty() {
        return none(out);
    }
    for (level, title) in [(Level::Error, "Errors"), (Level::Warning, "Warnings"), (Level::Info, "Info")] {
        let mut group: Vec<&Diagnostic> = scan.diagnostics.iter().filter(|d| d.level == level).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by(|a, b| {
            (&a.plugin, &a.code, &a.path, a.line, &a.message)
                .cmp(&(&b.plugin, &b.code, &b.path, b.line, &b.message))
        });
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&format!("### {title} ({})\n\n", group.len()));
        let mut table = Table::new(&["Plugin", "Code", "Location", "Message"]);
        for d in group {
            let place = d.path.as_deref().map(|p| location(p, d.line)).unwrap_or_default();
            table.row([d.plugin.as_deref().unwrap_or("host"), &d.code, &place, &d.message]);
        }
        table.write(out);
    }
}
