//! # `inventory-metrics` collector
//!
//! Counts over the whole scan result: files, packages, licence coverage, findings, errors.
//!
//! Definitions (stable: dashboards depend on them):
//! - `inventory.packages-with-license`: packages whose `declared-license` has a non-blank
//!   expression. Licence findings in a package's directory are deliberately not counted: which
//!   files belong to which package is a policy question the host answers, not a collector.
//! - `inventory.license-known-ratio`: `packages-with-license / packages`, in `0.0..=1.0`. With no
//!   packages the ratio is undefined and the metric is **left out**: `1.0` would read as "fully
//!   covered" and `0.0` as "nothing covered", and both are false for a repository without
//!   packages.
//! - `licenses.findings`: every licence finding, clues included.
//! - `licenses.distinct-expressions`: distinct `expression` strings among licence findings of
//!   strength `detection` (detectors write canonical SPDX, so equal licences compare equal). A
//!   clue is weak evidence, never a known licence, so it is not counted.
//! - `diagnostics.errors`: diagnostics at level `error`.
//! - `licenses.dependencies*`, `licenses.declared-detected-mismatches`,
//!   `licenses.packages-without-license-file`: see the `dependencies` module.
//!
//! Each package count is followed by one series per ecosystem (label `ecosystem`), and
//! `licenses.findings` by one per strength (label `strength`); the unlabelled series is the total.

mod dependencies;

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{CollectOutput, Collector, Level, Metric, Package, PluginInfo, ScanResult, Strength};

/// The collector.
pub struct InventoryMetrics;

impl Collector for InventoryMetrics {
    fn info() -> PluginInfo {
        PluginInfo::new("inventory-metrics", env!("CARGO_PKG_VERSION"))
            .describe("counts of files, packages, licence coverage, findings and errors")
    }

    fn collect(scan: ScanResult) -> Result<CollectOutput, String> {
        let mut out = CollectOutput::default();
        out.metrics.extend(metrics(&scan));
        Ok(out)
    }
}

/// A count of `unit`; counts beyond `u64` (impossible in practice) saturate.
fn count(name: &str, value: usize, unit: &str, description: &str) -> Metric {
    Metric::count(name, u64::try_from(value).unwrap_or(u64::MAX), description).unit(unit)
}

fn has_license(package: &Package) -> bool {
    package.declared_license.as_ref().is_some_and(|l| !l.expression.trim().is_empty())
}

/// A package count in total and then per ecosystem (sorted), for the packages `keep` selects.
fn per_ecosystem(
    scan: &ScanResult,
    name: &str,
    description: &str,
    keep: impl Fn(&Package) -> bool,
) -> Vec<Metric> {
    let mut by_ecosystem: BTreeMap<&str, usize> = BTreeMap::new();
    for package in scan.packages.iter().filter(|p| keep(p)) {
        *by_ecosystem.entry(package.ecosystem.as_str()).or_default() += 1;
    }
    let total = by_ecosystem.values().sum();
    std::iter::once(count(name, total, "packages", description))
        .chain(
            by_ecosystem
                .into_iter()
                .map(|(ecosystem, n)| count(name, n, "packages", description).label("ecosystem", ecosystem)),
        )
        .collect()
}

fn strength_name(strength: Strength) -> &'static str {
    match strength {
        Strength::Detection => "detection",
        Strength::Clue => "clue",
    }
}

/// The metrics for `scan`, in a fixed order.
pub fn metrics(scan: &ScanResult) -> Vec<Metric> {
    let packages = scan.packages.len();
    let with_license = scan.packages.iter().filter(|p| has_license(p)).count();
    let distinct: BTreeSet<&str> = scan
        .licenses
        .iter()
        .filter(|f| f.strength == Strength::Detection)
        .map(|f| f.expression.as_str())
        .collect();
    let errors = scan.diagnostics.iter().filter(|d| d.level == Level::Error).count();

    let mut out = vec![
        Metric::count("inventory.files-scanned", scan.files_scanned, "files walked by the scan")
            .unit("files"),
    ];
    out.extend(per_ecosystem(scan, "inventory.packages", "packages found by parsers", |_| true));
    out.extend(per_ecosystem(
        scan,
        "inventory.packages-direct",
        "packages declared directly by a project manifest",
        |p| p.direct,
    ));
    out.extend(per_ecosystem(
        scan,
        "inventory.packages-with-license",
        "packages that declare a licence",
        has_license,
    ));
    if packages > 0 {
        // Counts far below 2^52 convert to f64 exactly.
        #[allow(clippy::cast_precision_loss)]
        let ratio = with_license as f64 / packages as f64;
        out.push(Metric::ratio(
            "inventory.license-known-ratio",
            ratio,
            "share of packages that declare a licence (left out when there are no packages)",
        ));
    }
    let description = "licence findings from detectors";
    out.push(count("licenses.findings", scan.licenses.len(), "findings", description));
    for strength in [Strength::Detection, Strength::Clue] {
        let n = scan.licenses.iter().filter(|f| f.strength == strength).count();
        if n > 0 {
            out.push(
                count("licenses.findings", n, "findings", description)
                    .label("strength", strength_name(strength)),
            );
        }
    }
    out.extend([
        count(
            "licenses.distinct-expressions",
            distinct.len(),
            "expressions",
            "distinct SPDX expressions among licence findings (clues excluded)",
        ),
        count("diagnostics.errors", errors, "diagnostics", "diagnostics at level error"),
    ]);
    out.extend(dependencies::metrics(scan));
    out
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_collector!(InventoryMetrics);

#[cfg(test)]
mod tests;
