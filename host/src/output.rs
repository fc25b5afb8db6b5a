//! Writing the result: JSON (the canonical model), a human-readable text summary, or bytes from a
//! reporter plugin. A closed pipe (`ospo scan | head`) is not an error.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::model::{Level, ScanResult};

pub fn json(result: &ScanResult) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(result).context("serialising the result")?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn text(result: &ScanResult) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "ospo {} scan of {}", result.metadata.tool_version, result.root);
    let _ = writeln!(
        out,
        "{} files scanned, {} packages, {} licence findings, {} copyrights, {} observations, {} diagnostics",
        result.files_scanned,
        result.packages.len(),
        result.licenses.len(),
        result.copyrights.len(),
        result.observations.len(),
        result.diagnostics.len()
    );
    if !result.projects.is_empty() {
        let _ = writeln!(out, "\nProject licences:");
        for project in &result.projects {
            let _ = writeln!(out, "  {}  {}", project.root, project.expression);
        }
    }
    if !result.licenses.is_empty() {
        let _ = writeln!(out, "\nLicences:");
        for finding in &result.licenses {
            let lines = finding.lines.map(|l| format!(":{}", l.start)).unwrap_or_default();
            let clue = if finding.strength == crate::model::Strength::Clue { ", clue" } else { "" };
            let _ = writeln!(
                out,
                "  {}{lines}  {}  ({}, {}, {:.2}{clue})",
                finding.path,
                finding.expression,
                finding.kind.as_str(),
                finding.detector,
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
                package.name,
                package.version.as_deref().unwrap_or("?"),
                if package.direct { "  (direct)" } else { "" },
                package.declared_license.as_ref().map(|l| format!("  {}", l.expression)).unwrap_or_default()
            );
        }
    }
    if !result.observations.is_empty() {
        let _ = writeln!(out, "\nObservations:");
        for o in &result.observations {
            let line = o.lines.map(|l| format!(":{}", l.start)).unwrap_or_default();
            let _ = writeln!(out, "  {}{line}  [{}] {}", o.path, o.rule_id, o.message);
        }
    }
    if !result.metrics.is_empty() {
        let _ = writeln!(out, "\nMetrics:");
        for m in &result.metrics {
            let value = match &m.value {
                crate::model::MetricValue::Count(n) => n.to_string(),
                crate::model::MetricValue::Ratio(r) => format!("{r:.3}"),
                crate::model::MetricValue::Text(t) => t.clone(),
            };
            let labels: Vec<String> = m.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let labels = if labels.is_empty() { String::new() } else { format!("{{{}}}", labels.join(",")) };
            let _ = writeln!(out, "  {}{labels} = {value}", m.name);
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
                (Some(p), Some(l)) => format!("{p}:{l}: "),
                (Some(p), None) => format!("{p}: "),
                _ => String::new(),
            };
            let _ = writeln!(out, "  {level}[{}]: {location}{}", d.code, d.message);
        }
    }
    out.into_bytes()
}

/// Writes to `path`, or stdout when `None`. Returns Ok on a broken pipe.
pub fn write(bytes: &[u8], path: Option<&Path>) -> Result<()> {
    match path {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing to stdout"),
            }
        }
    }
}
