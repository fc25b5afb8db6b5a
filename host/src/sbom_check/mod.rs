//! `ospo sbom check FILE --profile P`: which elements a profile requires that an SBOM (ospo's or
//! anyone's) lacks, for the document and per component, and who could supply each (the scan,
//! the user's configuration, or only the build of the deployed artefact).
//!
//! Reads CycloneDX JSON (1.4–1.7), SPDX 2.x JSON and tag-value, and SPDX 3.0 JSON-LD, sniffed
//! from the content, not the file name. CycloneDX XML is not read yet (it is refused with a
//! message saying so). The facts per format are in `cyclonedx.rs` and `spdx.rs`, the profiles in
//! `profiles.rs`.

mod cyclonedx;
pub mod facts;
pub mod profiles;
mod spdx;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

pub use facts::Sbom;
pub use profiles::{Profile, Supplied};

/// Why a file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not UTF-8 text")]
    NotText,
    #[error("not JSON: {0}")]
    Json(String),
    #[error("CycloneDX XML is not supported by `sbom check` yet; convert it to JSON (cyclonedx-cli convert)")]
    CycloneDxXml,
    #[error("neither CycloneDX nor SPDX (no bomFormat, spdxVersion, SPDXVersion: or SPDX 3 @context)")]
    Unknown,
}

/// Reads any supported SBOM.
pub fn read(bytes: &[u8]) -> Result<Sbom, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotText)?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        return Err(if trimmed.contains("cyclonedx.org/schema/bom") {
            ReadError::CycloneDxXml
        } else {
            ReadError::Unknown
        });
    }
    if !trimmed.starts_with('{') {
        if trimmed.lines().any(|l| l.starts_with("SPDXVersion:")) {
            return Ok(spdx::read_v2(&spdx::tag_value_to_json(trimmed)));
        }
        return Err(ReadError::Unknown);
    }
    let value: serde_json::Value =
        serde_json::from_str(trimmed).map_err(|e| ReadError::Json(e.to_string()))?;
    if value.get("bomFormat").and_then(|v| v.as_str()) == Some("CycloneDX") {
        return Ok(cyclonedx::read(&value));
    }
    if value.get("spdxVersion").is_some() {
        return Ok(spdx::read_v2(&value));
    }
    let context = value.get("@context").map(|c| c.to_string()).unwrap_or_default();
    if context.contains("spdx.org/rdf/3") {
        return Ok(spdx::read_v3(&value));
    }
    Err(ReadError::Unknown)
}

/// A missing element.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub element: &'static str,
    pub supplied: Supplied,
}

/// One component that lacks something.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentGap {
    pub reference: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub missing: Vec<&'static str>,
}

/// The outcome of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub profile: &'static str,
    pub format: String,
    pub spec_version: String,
    pub components: usize,
    pub document_missing: Vec<Missing>,
    pub component_gaps: Vec<ComponentGap>,
    /// Per element: how many components lack it and who could supply it.
    pub by_element: Vec<(String, usize, Supplied)>,
}

impl Report {
    /// Whether every required element is present.
    pub fn passes(&self) -> bool {
        self.document_missing.is_empty() && self.component_gaps.is_empty()
    }
}

/// Checks `sbom` against `profile`.
pub fn check(sbom: &Sbom, profile: Profile) -> Report {
    let document_missing = profiles::document(profile)
        .into_iter()
        .filter(|e| !(e.present)(&sbom.document))
        .map(|e| Missing { element: e.name, supplied: e.supplied })
        .collect();
    let elements = profiles::component(profile);
    let mut counts: BTreeMap<&'static str, (usize, Supplied)> = BTreeMap::new();
    let mut component_gaps = Vec::new();
    for c in &sbom.components {
        let missing: Vec<&'static str> =
            elements.iter().filter(|e| !(e.present)(c)).map(|e| e.name).collect();
        for e in elements.iter().filter(|e| missing.contains(&e.name)) {
            counts.entry(e.name).or_insert((0, e.supplied)).0 += 1;
        }
        if !missing.is_empty() {
            component_gaps.push(ComponentGap {
                reference: c.reference.clone(),
                name: c.name.clone(),
                version: c.version.clone(),
                missing,
            });
        }
    }
    // In the profile's order, not alphabetical.
    let by_element = elements
        .iter()
        .filter_map(|e| counts.get(e.name).map(|(n, s)| (e.name.to_string(), *n, *s)))
        .collect();
    Report {
        profile: profile.name(),
        format: sbom.document.format.clone(),
        spec_version: sbom.document.spec_version.clone(),
        components: sbom.components.len(),
        document_missing,
        component_gaps,
        by_element,
    }
}

fn supplied_hint(s: Supplied) -> &'static str {
    match s {
        Supplied::Scan => "the generator should fill it",
        Supplied::Config => {
            "needs configuration (ospo: `supplier`/`authors` in [plugin.cyclonedx.config] or [plugin.spdx.config])"
        }
        Supplied::Build => "only the build of the deployed artefact knows it",
    }
}

/// The report for a person. Every string from the SBOM is escaped: it is untrusted input.
pub fn text(file: &str, report: &Report) -> String {
    let esc = |s: &str| crate::escape::line(s).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} {}, {} component(s), profile {}: {}",
        esc(file),
        esc(&report.format),
        esc(&report.spec_version),
        report.components,
        report.profile,
        if report.passes() { "passes" } else { "lacks required elements" }
    );
    if !report.document_missing.is_empty() {
        let _ = writeln!(out, "\nDocument lacks:");
        for m in &report.document_missing {
            let _ = writeln!(out, "  - {} ({})", m.element, supplied_hint(m.supplied));
        }
    }
    if !report.by_element.is_empty() {
        let _ = writeln!(out, "\nComponents lacking each element:");
        for (element, count, supplied) in &report.by_element {
            let _ = writeln!(
                out,
                "  - {element}: {count} of {} ({})",
                report.components,
                supplied_hint(*supplied)
            );
        }
        let _ = writeln!(out, "\nPer component:");
        for gap in &report.component_gaps {
            let label = match (&gap.name, &gap.version) {
                (Some(n), Some(v)) => format!("{n} {v}"),
                (Some(n), None) => n.clone(),
                _ => gap.reference.clone(),
            };
            let _ = writeln!(out, "  {}: {}", esc(&label), gap.missing.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests;
