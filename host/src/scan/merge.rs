//! Folding plugin outputs into the result, and putting it in canonical order so two runs over
//! the same tree write the same bytes whatever the thread timing.

use std::collections::BTreeMap;

use crate::model::{self, Diagnostic, ScanResult};
use crate::runtime::bindings::wit;
use crate::runtime::convert;

/// What detectors report, in the host's terms.
#[derive(Debug, Default)]
pub struct Findings {
    pub licenses: Vec<model::LicenseFinding>,
    pub copyrights: Vec<model::Copyright>,
    pub observations: Vec<model::Observation>,
}

/// What parsers report: the packages, their graph and the manifests read.
#[derive(Debug, Default)]
pub struct Inventory {
    pub packages: Vec<model::Package>,
    pub edges: Vec<model::DependencyEdge>,
    pub manifests: Vec<model::Manifest>,
    pub diagnostics: Vec<Diagnostic>,
}

fn diagnostics(out: &mut Vec<Diagnostic>, plugin: &str, from: Vec<wit::Diagnostic>) {
    out.extend(from.into_iter().map(|d| convert::diagnostic(d, plugin)));
}

pub fn detect_output(
    findings: &mut Findings,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::DetectOutput,
) {
    findings.licenses.extend(output.licenses.into_iter().map(|l| convert::license(l, plugin)));
    findings.copyrights.extend(output.copyrights.into_iter().map(convert::copyright));
    findings.observations.extend(output.observations.into_iter().map(convert::observation));
    diagnostics(diags, plugin, output.diagnostics);
}

pub fn parse_output(inventory: &mut Inventory, plugin: &str, output: wit::ParseOutput) {
    inventory.packages.extend(output.packages.into_iter().map(convert::package));
    inventory.edges.extend(output.edges.into_iter().map(convert::edge));
    inventory.manifests.extend(output.manifests.into_iter().map(|m| convert::manifest(m, plugin)));
    diagnostics(&mut inventory.diagnostics, plugin, output.diagnostics);
}

pub fn advise_output(
    advisories: &mut Vec<model::Advisory>,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::AdviseOutput,
) {
    advisories.extend(output.advisories.into_iter().map(|a| convert::advisory(a, plugin)));
    diagnostics(diags, plugin, output.diagnostics);
}

pub fn collect_output(
    metrics: &mut Vec<model::Metric>,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::CollectOutput,
) {
    metrics.extend(output.metrics.into_iter().map(|m| convert::metric(m, plugin)));
    diagnostics(diags, plugin, output.diagnostics);
}

/// The same package read from two manifests is one package with both locations: direct if
/// either says so, optional only if both do.
pub fn dedupe_packages(packages: &mut Vec<model::Package>) {
    let mut by_id: BTreeMap<String, model::Package> = BTreeMap::new();
    for package in packages.drain(..) {
        match by_id.get_mut(&package.id) {
            Some(existing) => {
                existing.direct |= package.direct;
                existing.optional &= package.optional;
                existing.locations.extend(package.locations);
                for hash in package.hashes {
                    if !existing.hashes.contains(&hash) {
                        existing.hashes.push(hash);
                    }
                }
                if existing.declared_license.is_none() {
                    existing.declared_license = package.declared_license;
                }
                if existing.source.is_none() {
                    existing.source = package.source;
                }
            }
            None => {
                by_id.insert(package.id.clone(), package);
            }
        }
    }
    *packages = by_id.into_values().collect();
    for package in packages.iter_mut() {
        package.locations.sort();
        package.locations.dedup();
    }
}

/// Canonical order and no exact duplicates.
pub fn finish(result: &mut ScanResult) {
    result.edges.sort();
    result.edges.dedup();
    result.manifests.sort();
    result.manifests.dedup();
    sort_licenses(&mut result.licenses);
    result.copyrights.sort_by(|a, b| (&a.path, a.lines, &a.statement).cmp(&(&b.path, b.lines, &b.statement)));
    result.copyrights.dedup();
    result.observations.sort_by(|a, b| {
        (&a.path, a.lines, &a.rule_id, &a.message).cmp(&(&b.path, b.lines, &b.rule_id, &b.message))
    });
    result.observations.dedup();
    result
        .advisories
        .sort_by(|a, b| (&a.package_id, &a.id, &a.advisor).cmp(&(&b.package_id, &b.id, &b.advisor)));
    result.advisories.dedup();
    result
        .metrics
        .sort_by(|a, b| (&a.name, &a.labels, &a.collector).cmp(&(&b.name, &b.labels, &b.collector)));
    result.diagnostics.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.plugin, &a.message)
            .cmp(&(&b.path, b.line, &b.code, &b.plugin, &b.message))
    });
    result.diagnostics.dedup();
}

/// Canonical order of licence findings, without exact duplicates.
pub fn sort_licenses(licenses: &mut Vec<model::LicenseFinding>) {
    licenses.sort_by(|a, b| {
        (&a.path, a.lines, &a.expression, &a.detector, &a.rule_id).cmp(&(
            &b.path,
            b.lines,
            &b.expression,
            &b.detector,
            &b.rule_id,
        ))
    });
    licenses.dedup();
}
