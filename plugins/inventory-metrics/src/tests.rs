use ospo_plugin_sdk::{DependencyScope, Diagnostic, FindingKind, LicenseFinding, Package};

use super::*;

fn package(name: &str, direct: bool, license: Option<&str>) -> Package {
    Package {
        id: format!("pkg:cargo/{name}@1.0.0"),
        name: name.to_string(),
        version: Some("1.0.0".to_string()),
        ecosystem: "cargo".to_string(),
        purl: Some(format!("pkg:cargo/{name}@1.0.0")),
        scope: DependencyScope::Runtime,
        direct,
        source: Some("registry+https://github.com/rust-lang/crates.io-index".to_string()),
        integrity: None,
        declared_license: license.map(str::to_string),
        manifest_path: "Cargo.lock".to_string(),
    }
}

fn finding(path: &str, expression: &str) -> LicenseFinding {
    LicenseFinding {
        path: path.to_string(),
        lines: None,
        expression: expression.to_string(),
        kind: FindingKind::Tag,
        confidence: 1.0,
        coverage: None,
        rule_id: "spdx-license-identifier".to_string(),
        detector: "license-tag".to_string(),
    }
}

fn scan() -> ScanResult {
    ScanResult {
        schema_version: "1".to_string(),
        tool_version: "0.1.0".to_string(),
        root: ".".to_string(),
        files_scanned: 412,
        packages: vec![
            package("acme-cli", false, Some("MIT OR Apache-2.0")),
            package("anyhow", true, Some("MIT OR Apache-2.0")),
            package("serde", true, None),
            package("itoa", false, Some("  ")),
        ],
        edges: Vec::new(),
        licenses: vec![
            finding("src/main.rs", "MIT OR Apache-2.0"),
            finding("src/lib.rs", "MIT OR Apache-2.0"),
            finding("vendor/zlib/inflate.c", "Zlib"),
        ],
        copyrights: Vec::new(),
        observations: Vec::new(),
        advisories: Vec::new(),
        metrics: Vec::new(),
        verdicts: Vec::new(),
        projects: Vec::new(),
        diagnostics: vec![
            Diagnostic::new("lockfile-malformed", Level::Error, "bad"),
            Diagnostic::new("license-expression-invalid", Level::Warning, "bad"),
            Diagnostic::new("plugin-timeout", Level::Error, "slow"),
        ],
    }
}

fn value(metrics: &[Metric], name: &str) -> Option<MetricValue> {
    metrics.iter().find(|m| m.name == name).map(|m| m.value.clone())
}

#[test]
fn counts_a_typical_scan() {
    let metrics = InventoryMetrics::collect(scan()).expect("collect").metrics;
    let names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "inventory.files-scanned",
            "inventory.packages",
            "inventory.packages-direct",
            "inventory.packages-with-license",
            "inventory.license-known-ratio",
            "licenses.findings",
            "licenses.distinct-expressions",
            "diagnostics.errors",
        ]
    );
    assert_eq!(value(&metrics, "inventory.files-scanned"), Some(MetricValue::Count(412)));
    assert_eq!(value(&metrics, "inventory.packages"), Some(MetricValue::Count(4)));
    assert_eq!(value(&metrics, "inventory.packages-direct"), Some(MetricValue::Count(2)));
    assert_eq!(
        value(&metrics, "inventory.packages-with-license"),
        Some(MetricValue::Count(2)),
        "blank is not a licence"
    );
    assert_eq!(value(&metrics, "inventory.license-known-ratio"), Some(MetricValue::Ratio(0.5)));
    assert_eq!(value(&metrics, "licenses.findings"), Some(MetricValue::Count(3)));
    assert_eq!(value(&metrics, "licenses.distinct-expressions"), Some(MetricValue::Count(2)));
    assert_eq!(value(&metrics, "diagnostics.errors"), Some(MetricValue::Count(2)));
    assert!(metrics.iter().all(|m| !m.description.is_empty()));
}

#[test]
fn ratio_is_left_out_without_packages() {
    let mut scan = scan();
    scan.packages.clear();
    let metrics = metrics(&scan);
    assert_eq!(value(&metrics, "inventory.packages"), Some(MetricValue::Count(0)));
    assert_eq!(value(&metrics, "inventory.license-known-ratio"), None);
}

#[test]
fn info_wants_no_files() {
    let info = InventoryMetrics::info();
    assert_eq!((info.name.as_str(), info.kind), ("inventory-metrics", PluginKind::Collector));
    assert!(info.files.globs.is_empty());
}
