//! Folding plugin outputs into the result, and putting it in canonical order so two runs over
//! the same tree write the same bytes whatever the thread timing.

use std::collections::{BTreeMap, HashMap};

use super::validate::{self, Given, Rejections};

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

fn diagnostics(
    out: &mut Vec<Diagnostic>,
    plugin: &str,
    from: Vec<wit::Diagnostic>,
    rej: &mut Rejections<'_>,
) {
    out.extend(from.into_iter().map(|d| validate::diagnostic(convert::diagnostic(d, plugin), rej)));
}

/// A detector's output for one call; `given` holds the files of that call, and nothing outside
/// them is kept.
pub fn detect_output(
    findings: &mut Findings,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::DetectOutput,
    given: &Given,
) {
    let mut rej = Rejections::new(plugin);
    for license in output.licenses {
        findings.licenses.extend(validate::license(convert::license(license, plugin), given, &mut rej));
    }
    for copyright in output.copyrights {
        findings.copyrights.extend(validate::copyright(convert::copyright(copyright), given, &mut rej));
    }
    for observation in output.observations {
        findings.observations.extend(validate::observation(
            convert::observation(observation),
            given,
            &mut rej,
        ));
    }
    diagnostics(diags, plugin, output.diagnostics, &mut rej);
    rej.finish(diags);
}

/// One parser's output, validated, into that parser's own inventory (see [`fold_parsers`]).
pub fn parse_output(inventory: &mut Inventory, plugin: &str, output: wit::ParseOutput) {
    let mut rej = Rejections::new(plugin);
    for package in output.packages {
        inventory.packages.extend(validate::package(convert::package(package), &mut rej));
    }
    inventory.edges.extend(output.edges.into_iter().map(convert::edge));
    for manifest in output.manifests {
        inventory.manifests.extend(validate::manifest(convert::manifest(manifest, plugin), &mut rej));
    }
    diagnostics(&mut inventory.diagnostics, plugin, output.diagnostics, &mut rej);
    rej.finish(&mut inventory.diagnostics);
}

/// The parsers' inventories, in load order, as one. A package id a parser already produced is
/// not overwritten by a later parser: the first one's fields stay and the later one only adds
/// its locations (a conflict in licence, version or `direct` is a diagnostic). Edges to ids no
/// parser produced are dropped, one diagnostic per parser.
pub fn fold_parsers(parts: Vec<(String, Inventory)>) -> Inventory {
    let mut folded = Inventory::default();
    let mut owner: HashMap<String, (usize, usize)> = HashMap::new();
    let mut edges = Vec::new();
    for (part_index, (plugin, mut part)) in parts.into_iter().enumerate() {
        dedupe_packages(&mut part.packages);
        let mut conflicts = Rejections::new(&plugin);
        for package in part.packages {
            match owner.get(&package.id) {
                Some(&(_, at)) => {
                    let existing = &mut folded.packages[at];
                    if existing.declared_license != package.declared_license
                        || existing.direct != package.direct
                        || existing.version != package.version
                    {
                        conflicts.note(
                            "a package another parser already produced, with different fields (its fields ignored, its locations kept)",
                            &package.id,
                        );
                    }
                    existing.locations.extend(package.locations);
                }
                None => {
                    owner.insert(package.id.clone(), (part_index, folded.packages.len()));
                    folded.packages.push(package);
                }
            }
        }
        conflicts.finish(&mut folded.diagnostics);
        edges.push((plugin, part.edges));
        folded.manifests.append(&mut part.manifests);
        folded.diagnostics.append(&mut part.diagnostics);
    }
    for (plugin, part_edges) in edges {
        let mut unknown = Rejections::new(&plugin);
        for edge in part_edges {
            if owner.contains_key(&edge.from) && owner.contains_key(&edge.to) {
                folded.edges.push(edge);
            } else {
                unknown.note(
                    "a dependency edge to a package no parser produced (dropped)",
                    &format!("{} -> {}", edge.from, edge.to),
                );
            }
        }
        unknown.finish(&mut folded.diagnostics);
    }
    // Ids are unique already (`owner`); only the order and the merged locations are left.
    folded.packages.sort_by(|a, b| a.id.cmp(&b.id));
    sort_locations(&mut folded.packages);
    folded
}

pub fn advise_output(
    advisories: &mut Vec<model::Advisory>,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::AdviseOutput,
) {
    let mut rej = Rejections::new(plugin);
    advisories.extend(output.advisories.into_iter().map(|a| convert::advisory(a, plugin)));
    diagnostics(diags, plugin, output.diagnostics, &mut rej);
    rej.finish(diags);
}

pub fn collect_output(
    metrics: &mut Vec<model::Metric>,
    diags: &mut Vec<Diagnostic>,
    plugin: &str,
    output: wit::CollectOutput,
) {
    let mut rej = Rejections::new(plugin);
    for metric in output.metrics {
        metrics.extend(validate::metric(convert::metric(metric, plugin), &mut rej));
    }
    diagnostics(diags, plugin, output.diagnostics, &mut rej);
    rej.finish(diags);
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
    sort_locations(packages);
}

/// Each package's locations in order, each once.
fn sort_locations(packages: &mut [model::Package]) {
    for package in packages {
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
