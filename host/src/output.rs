//! Writing the result: JSON (the canonical model), a human-readable text summary, or bytes from a
//! reporter plugin. A closed pipe (`ospo scan | head`) is not an error.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::escape::line as esc;
use crate::model::{Decision, Level, Location, ScanResult, Verdict};

/// Writes the JSON result to `path` (stdout when `None`) as it is serialised: a whole kernel
/// tree's result is 50 MB, which a buffer would add to the scan's peak memory (doubling as it
/// grows). Returns Ok on a broken pipe.
pub fn write_json(result: &ScanResult, path: Option<&Path>) -> Result<()> {
    write_with(path, |out| {
        serde_json::to_writer_pretty(&mut *out, result).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// The human-readable summary. Every string from a plugin or the tree (paths, names, messages)
/// goes through [`esc`]: it reaches a terminal, where an escape sequence would be obeyed.
pub fn text(result: &ScanResult) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "ospo {} scan of {}", result.metadata.tool_version, esc(&result.root));
    let ignored =
        if result.files_ignored > 0 { format!(" ({} ignored)", result.files_ignored) } else { String::new() };
    let _ = writeln!(
        out,
        "{} files scanned{ignored}, {} packages, {} licence findings, {} copyrights, {} observations, {} diagnostics",
        result.files_scanned,
        result.packages.len(),
        result.licenses.len(),
        result.copyrights.len(),
        result.observations.len(),
        result.diagnostics.len()
    );
    inventory(result, &mut out);
    dependency_licences(result, &mut out);
    if !result.projects.is_empty() {
        let _ = writeln!(out, "\nProject licences:");
        for project in &result.projects {
            let _ = writeln!(out, "  {}  {}", esc(&project.root), esc(&project.expression));
        }
    }
    if !result.licenses.is_empty() {
        let _ = writeln!(out, "\nLicences:");
        // Dependencies' own files are summed up under "Dependency licences"; listed here they
        // would bury the project's own findings.
        let in_dependencies = result.licenses.iter().filter(|f| f.package_id.is_some()).count();
        if in_dependencies > 0 {
            let _ = writeln!(out, "  ({in_dependencies} more in dependencies' files: see the JSON result)");
        }
        for finding in result.licenses.iter().filter(|f| f.package_id.is_none()) {
            let lines = finding.lines.map(|l| format!(":{}", l.start)).unwrap_or_default();
            let clue = if finding.strength == crate::model::Strength::Clue { ", clue" } else { "" };
            let _ = writeln!(
                out,
                "  {}{lines}  {}  ({}, {}, {:.2}{clue})",
                esc(&finding.path),
                esc(&finding.expression),
                finding.kind.as_str(),
                esc(&finding.detector),
                finding.confidence
            );
        }
    }
    if !result.packages.is_empty() {
        let _ = writeln!(out, "\nPackages:");
        for package in &result.packages {
            let _ = writeln!(
                out,
                "  {} {}{}{}",
                esc(&package.name),
                esc(package.version.as_deref().unwrap_or("?")),
                if package.direct { "  (direct)" } else { "" },
                package
                    .concluded_license
                    .as_ref()
                    .map(|c| c.expression.as_str())
                    .or(package.declared_license.as_ref().map(|l| l.expression.as_str()))
                    .map(|e| format!("  {}", esc(e)))
                    .unwrap_or_default()
            );
        }
    }
    crate::advisories::text::section(result, &mut out);
    policy(result, &mut out);
    if !result.observations.is_empty() {
        let _ = writeln!(out, "\nObservations:");
        for o in &result.observations {
            let line = o.lines.map(|l| format!(":{}", l.start)).unwrap_or_default();
            let _ = writeln!(out, "  {}{line}  [{}] {}", esc(&o.path), esc(&o.rule_id), esc(&o.message));
        }
    }
    if !result.metrics.is_empty() {
        let _ = writeln!(out, "\nMetrics:");
        for m in &result.metrics {
            let value = match &m.value {
                crate::model::MetricValue::Count(n) => n.to_string(),
                crate::model::MetricValue::Ratio(r) => format!("{r:.3}"),
                crate::model::MetricValue::Text(t) => esc(t).to_string(),
            };
            let labels: Vec<String> =
                m.labels.iter().map(|(k, v)| format!("{}={}", esc(k), esc(v))).collect();
            let labels = if labels.is_empty() { String::new() } else { format!("{{{}}}", labels.join(",")) };
            let _ = writeln!(out, "  {}{labels} = {value}", esc(&m.name));
        }
    }
    if !result.diagnostics.is_empty() {
        let _ = writeln!(out, "\nDiagnostics:");
        for d in &result.diagnostics {
            let level = match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "info",
            };
            let location = match (&d.path, d.line) {
                (Some(p), Some(l)) => format!("{}:{l}: ", esc(p)),
                (Some(p), None) => format!("{}: ", esc(p)),
                _ => String::new(),
            };
            let _ = writeln!(out, "  {level}[{}]: {location}{}", esc(&d.code), esc(&d.message));
        }
    }
    out.into_bytes()
}

/// Per ecosystem: manifests read, packages found, files that looked like manifests but gave
/// nothing (so a short inventory is never mistaken for a complete one).
fn inventory(result: &ScanResult, out: &mut String) {
    let coverage = crate::ecosystems::coverage(result);
    if coverage.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nInventory by ecosystem:");
    let width = coverage.keys().map(String::len).max().unwrap_or(0);
    for (ecosystem, c) in &coverage {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let direct_only =
            if c.direct_only > 0 { format!(" ({} direct-only)", c.direct_only) } else { String::new() };
        let mut line = format!(
            "  {:width$}  {}{direct_only}, {} ({} direct)",
            esc(ecosystem),
            plural(c.manifests, "manifest"),
            plural(c.packages, "package"),
            c.direct
        );
        if !c.unread.is_empty() {
            let shown: Vec<String> = c.unread.iter().take(3).map(|p| esc(p).to_string()).collect();
            let more = c.unread.len().saturating_sub(shown.len());
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            let _ = write!(line, "; not read: {}{more}", shown.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// How many dependencies have a known concluded licence, and which need review (declared and
/// detected disagree, or nothing is known).
fn dependency_licences(result: &ScanResult, out: &mut String) {
    let deps: Vec<&crate::model::Package> = result
        .packages
        .iter()
        .filter(|p| p.source.as_ref().is_none_or(|s| s.kind != crate::model::SourceKind::Path))
        .collect();
    if deps.is_empty() {
        return;
    }
    let known = |p: &crate::model::Package| {
        p.concluded_license.as_ref().is_some_and(|c| {
            c.expression != crate::scan::deps::licences::NOASSERTION
                && !c.expression.starts_with("LicenseRef-unknown")
        })
    };
    let known_count = deps.iter().filter(|p| known(p)).count();
    let direct: Vec<&crate::model::Package> = deps.iter().copied().filter(|p| p.direct).collect();
    let direct_known = direct.iter().filter(|p| known(p)).count();
    let on_disk = deps.iter().filter(|p| p.files_path.is_some()).count();
    #[allow(clippy::cast_precision_loss)]
    let percent = known_count as f64 * 100.0 / deps.len() as f64;
    let _ = writeln!(
        out,
        "\nDependency licences: {known_count} of {} known ({percent:.1}%; direct {direct_known} of {}), \
         {on_disk} with their files scanned",
        deps.len(),
        direct.len()
    );
    concluded_as(out, &deps, "review", "to review");
    // Decisions recorded in `[[curations]]`, with who made them and why: the reader of a report
    // must see where a licence was decided by hand, not read from the files.
    concluded_as(out, &deps, "curated", "curated");
}

/// The packages whose concluded licence's reason starts with `kind` (`review`, `curated`), the
/// first 20 with their reason.
fn concluded_as(out: &mut String, deps: &[&crate::model::Package], kind: &str, more: &str) {
    let listed: Vec<_> = deps
        .iter()
        .filter_map(|p| p.concluded_license.as_ref().map(|c| (p, c)))
        .filter(|(_, c)| c.reason.starts_with(kind))
        .collect();
    for (p, c) in listed.iter().take(20) {
        let _ = writeln!(out, "  {kind}  {}  {}\n      {}", esc(&p.id), esc(&c.expression), esc(&c.reason));
    }
    if listed.len() > 20 {
        let _ = writeln!(out, "  ... and {} more {more} (see the JSON result)", listed.len() - 20);
    }
}

/// Denials and reviews with their explanations; allowed subjects only counted.
fn policy(result: &ScanResult, out: &mut String) {
    if result.verdicts.is_empty() {
        return;
    }
    let count = |d: Decision| result.verdicts.iter().filter(|v| v.decision == d).count();
    let _ = writeln!(
        out,
        "\nPolicy: {} denied, {} to review, {} allowed",
        count(Decision::Deny),
        count(Decision::Review),
        count(Decision::Allow)
    );
    for decision in [Decision::Deny, Decision::Review] {
        for v in result.verdicts.iter().filter(|v| v.decision == decision) {
            let _ = writeln!(out, "  {}  {}  [{}]", decision_name(decision), esc(&v.subject), esc(&v.rule));
            let _ = writeln!(out, "      {}", esc(&v.explanation));
        }
    }
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::Review => "review",
        Decision::Deny => "deny ",
    }
}

/// What stderr says when policy violations fail the run: each one, where it is, and why.
pub fn violations(result: &ScanResult, baseline: Option<&crate::policy::Baseline>) -> String {
    let failing: Vec<&Verdict> = result
        .verdicts
        .iter()
        .filter(|v| v.decision == Decision::Deny && !baseline.is_some_and(|b| b.contains(v)))
        .collect();
    let mut out = format!("error: {} licence policy violation(s):\n", failing.len());
    for v in failing {
        let place = match &v.location {
            Some(Location { path, line: Some(line) }) => format!("{}:{line}: ", esc(path)),
            Some(Location { path, line: None }) => format!("{}: ", esc(path)),
            None => String::new(),
        };
        let _ =
            writeln!(out, "  {place}{} [{}]\n      {}", esc(&v.subject), esc(&v.rule), esc(&v.explanation));
    }
    out
}

/// Writes to `path`, or stdout when `None`. Returns Ok on a broken pipe.
pub fn write(bytes: &[u8], path: Option<&Path>) -> Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Runs `write` on a buffered `path` (stdout when `None`), flushed; a closed stdout pipe
/// (`ospo scan | head`) is not an error.
fn write_with(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    fn buffered(
        out: impl Write,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        write(&mut out)?;
        out.flush()
    }
    match path {
        Some(path) => {
            let file =
                std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            buffered(file, write).with_context(|| format!("cannot write {}", path.display()))
        }
        None => match buffered(std::io::stdout().lock(), write) {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.context("writing to stdout"),
        },
    }
}
