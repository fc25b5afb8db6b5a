//! Folding plugin outputs into the result, and putting it in canonical order so two runs over
//! the same tree write the same bytes whatever the thread timing.

use std::collections::BTreeMap;

use crate::model::{self, ScanResult};
use crate::runtime::bindings::wit;
use crate::runtime::convert;

pub fn detect_output(result: &mut ScanResult, plugin: &str, output: wit::DetectOutput) {
    result.licenses.extend(output.licenses.into_iter().map(|l| convert::license(l, plugin)));
    result.copyrights.extend(output.copyrights.into_iter().map(convert::copyright));
    result.observations.extend(output.observations.into_iter().map(convert::observation));
    result.diagnostics.extend(output.diagnostics.into_iter().map(|d| convert::diagnostic(d, plugin)));
}

pub fn parse_output(result: &mut ScanResult, plugin: &str, output: wit::ParseOutput) {
    result.packages.extend(output.packages.into_iter().map(convert::package));
    result.edges.extend(output.edges.into_iter().map(convert::edge));
    result.diagnostics.extend(output.diagnostics.into_iter().map(|d| convert::diagnostic(d, plugin)));
}

pub fn advise_output(result: &mut ScanResult, plugin: &str, output: wit::AdviseOutput) {
    result.advisories.extend(output.advisories.into_iter().map(convert::advisory));
    result.diagnostics.extend(output.diagnostics.into_iter().map(|d| convert::diagnostic(d, plugin)));
}

pub fn collect_output(result: &mut ScanResult, plugin: &str, output: wit::CollectOutput) {
    result.metrics.extend(output.metrics.into_iter().map(|m| convert::metric(m, plugin)));
    result.diagnostics.extend(output.diagnostics.into_iter().map(|d| convert::diagnostic(d, plugin)));
}

/// The same package read from two lockfiles is one package: direct if either says so.
pub fn dedupe_packages(result: &mut ScanResult) {
    let mut by_id: BTreeMap<String, model::Package> = BTreeMap::new();
    for package in result.packages.drain(..) {
        match by_id.get_mut(&package.id) {
            Some(existing) => {
                existing.direct |= package.direct;
                if existing.declared_license.is_none() {
                    existing.declared_license = package.declared_license;
                }
            }
            None => {
                by_id.insert(package.id.clone(), package);
            }
        }
    }
    result.packages = by_id.into_values().collect();
}

/// Canonical order and no exact duplicates.
pub fn finish(result: &mut ScanResult) {
    result.edges.sort();
    result.edges.dedup();
    result.licenses.sort_by(|a, b| {
        (&a.path, a.lines, &a.expression, &a.detector, &a.rule_id).cmp(&(
            &b.path,
            b.lines,
            &b.expression,
            &b.detector,
            &b.rule_id,
        ))
    });
    result.licenses.dedup();
    result.copyrights.sort_by(|a, b| (&a.path, a.lines, &a.statement).cmp(&(&b.path, b.lines, &b.statement)));
    result.copyrights.dedup();
    result.observations.sort_by(|a, b| {
        (&a.path, a.lines, &a.rule_id, &a.message).cmp(&(&b.path, b.lines, &b.rule_id, &b.message))
    });
    result.observations.dedup();
    result.advisories.sort_by(|a, b| (&a.package_id, &a.id).cmp(&(&b.package_id, &b.id)));
    result.advisories.dedup();
    result.metrics.sort_by(|a, b| (&a.name, &a.collector).cmp(&(&b.name, &b.collector)));
    result.diagnostics.sort_by(|a, b| {
        (&a.path, a.line, &a.code, &a.plugin, &a.message)
            .cmp(&(&b.path, b.line, &b.code, &b.plugin, &b.message))
    });
    result.diagnostics.dedup();
}
