//! # `inventory-metrics` collector
//!
//! Counts over the whole scan result: files, packages, licence coverage, findings, errors.
//!
//! Definitions (stable: dashboards depend on them):
//! - `inventory.packages-with-license`: packages whose `declared-license` is present and not
//!   blank. Licence findings in a package's directory are deliberately not counted: which files
//!   belong to which package is a policy question the host answers, not a collector.
//! - `inventory.license-known-ratio`: `packages-with-license / packages`, in `0.0..=1.0`. With no
//!   packages the ratio is undefined and the metric is **left out**: `1.0` would read as "fully
//!   covered" and `0.0` as "nothing covered", and both are false for a repository without
//!   packages.
//! - `licenses.distinct-expressions`: distinct `expression` strings among licence findings
//!   (detectors write canonical SPDX, so equal licences compare equal).
//! - `diagnostics.errors`: diagnostics at level `error`.

use std::collections::BTreeSet;

use ospo_plugin_sdk::{
    CollectOutput, Collector, Level, Metric, MetricValue, PluginInfo, PluginKind, ScanResult,
};

/// The collector.
pub struct InventoryMetrics;

impl Collector for InventoryMetrics {
    fn info() -> PluginInfo {
        PluginInfo::new(PluginKind::Collector, "inventory-metrics", env!("CARGO_PKG_VERSION"))
            .describe("counts of files, packages, licence coverage, findings and errors")
    }

    fn collect(scan: ScanResult) -> Result<CollectOutput, String> {
        Ok(CollectOutput { metrics: metrics(&scan), diagnostics: Vec::new() })
    }
}

fn count(name: &str, value: usize, unit: &str, description: &str) -> Metric {
    Metric {
        name: name.to_string(),
        value: MetricValue::Count(u64::try_from(value).unwrap_or(u64::MAX)),
        unit: Some(unit.to_string()),
        description: description.to_string(),
    }
}

/// The metrics for `scan`, in a fixed order.
pub fn metrics(scan: &ScanResult) -> Vec<Metric> {
    let packages = scan.packages.len();
    let with_license = scan
        .packages
        .iter()
        .filter(|p| p.declared_license.as_deref().is_some_and(|l| !l.trim().is_empty()))
        .count();
    let distinct: BTreeSet<&str> = scan.licenses.iter().map(|f| f.expression.as_str()).collect();
    let errors = scan.diagnostics.iter().filter(|d| d.level == Level::Error).count();

    let mut out = vec![
        Metric {
            name: "inventory.files-scanned".to_string(),
            value: MetricValue::Count(scan.files_scanned),
            unit: Some("files".to_string()),
            description: "files walked by the scan".to_string(),
        },
        count("inventory.packages", packages, "packages", "packages found by parsers"),
        count(
            "inventory.packages-direct",
            scan.packages.iter().filter(|p| p.direct).count(),
            "packages",
            "packages declared directly by a project manifest",
        ),
        count("inventory.packages-with-license", with_license, "packages", "packages that declare a licence"),
    ];
    if packages > 0 {
        // Counts far below 2^52 convert to f64 exactly.
        #[allow(clippy::cast_precision_loss)]
        let ratio = with_license as f64 / packages as f64;
        out.push(Metric {
            name: "inventory.license-known-ratio".to_string(),
            value: MetricValue::Ratio(ratio),
            unit: None,
            description: "share of packages that declare a licence (left out when there are no packages)"
                .to_string(),
        });
    }
    out.extend([
        count("licenses.findings", scan.licenses.len(), "findings", "licence findings from detectors"),
        count(
            "licenses.distinct-expressions",
            distinct.len(),
            "expressions",
            "distinct SPDX expressions among licence findings",
        ),
        count("diagnostics.errors", errors, "diagnostics", "diagnostics at level error"),
    ]);
    out
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_collector!(InventoryMetrics);

#[cfg(test)]
mod tests;
