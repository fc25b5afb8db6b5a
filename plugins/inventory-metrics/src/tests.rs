use ospo_plugin_sdk::{
    DeclaredLicense, Diagnostic, FindingKind, Label, LicenseFinding, MetricValue, Package, PluginKind,
};

use super::*;

fn package(ecosystem: &str, name: &str, direct: bool, license: Option<&str>) -> Package {
    let mut package = Package::new(ecosystem, name, Some("1.0.0"))
        .purl(&format!("pkg:{ecosystem}/{name}@1.0.0"))
        .direct(direct);
    if let Some(license) = license {
        package = package.declared(DeclaredLicense::new(license, license));
    }
    package
}

fn finding(path: &str, expression: &str) -> LicenseFinding {
    LicenseFinding::new(path, expression, FindingKind::Tag).rule("spdx-license-identifier")
}

fn scan() -> ScanResult {
    ScanResult::new(".")
        .schema_version("2")
        .files_scanned(412)
        .package(package("cargo", "acme-cli", false, Some("MIT OR Apache-2.0")))
        .package(package("cargo", "anyhow", true, Some("MIT OR Apache-2.0")))
        .package(package("cargo", "serde", true, None))
        .package(package("npm", "left-pad", false, Some("  ")))
        .license(finding("src/main.rs", "MIT OR Apache-2.0"))
        .license(finding("src/lib.rs", "MIT OR Apache-2.0"))
        .license(finding("vendor/zlib/inflate.c", "Zlib"))
        .diagnostic(Diagnostic::new("lockfile-malformed", Level::Error, "bad"))
        .diagnostic(Diagnostic::new("license-expression-invalid", Level::Warning, "bad"))
        .diagnostic(Diagnostic::new("plugin-timeout", Level::Error, "slow"))
}

/// The unlabelled (total) series called `name`.
fn value(metrics: &[Metric], name: &str) -> Option<MetricValue> {
    metrics.iter().find(|m| m.name == name && m.labels.is_empty()).map(|m| m.value.clone())
}

/// The series called `name` with the one label `key = value`.
fn labelled(metrics: &[Metric], name: &str, key: &str, value: &str) -> Option<MetricValue> {
    let label = [Label::new(key, value)];
    metrics.iter().find(|m| m.name == name && m.labels == label).map(|m| m.value.clone())
}

#[test]
fn counts_a_typical_scan() {
    let metrics = InventoryMetrics::collect(scan()).expect("collect").metrics;
    let names: Vec<&str> = metrics.iter().filter(|m| m.labels.is_empty()).map(|m| m.name.as_str()).collect();
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
            "licenses.dependencies",
            "licenses.dependencies-known",
            "licenses.dependencies-known-ratio",
            "licenses.declared-detected-mismatches",
            "licenses.packages-without-license-file",
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
fn package_counts_per_ecosystem() {
    let metrics = metrics(&scan());
    let packages = |ecosystem| labelled(&metrics, "inventory.packages", "ecosystem", ecosystem);
    assert_eq!(packages("cargo"), Some(MetricValue::Count(3)));
    assert_eq!(packages("npm"), Some(MetricValue::Count(1)));
    assert_eq!(
        labelled(&metrics, "inventory.packages-direct", "ecosystem", "cargo"),
        Some(MetricValue::Count(2))
    );
    assert_eq!(labelled(&metrics, "inventory.packages-direct", "ecosystem", "npm"), None, "no zero series");
    assert_eq!(
        labelled(&metrics, "inventory.packages-with-license", "ecosystem", "cargo"),
        Some(MetricValue::Count(2))
    );
    // Each labelled series follows its total.
    let order: Vec<(&str, usize)> = metrics.iter().map(|m| (m.name.as_str(), m.labels.len())).collect();
    assert_eq!(
        &order[1..4],
        [("inventory.packages", 0), ("inventory.packages", 1), ("inventory.packages", 1)]
    );
}

#[test]
fn clues_are_findings_but_not_known_licences() {
    let scan = scan()
        .license(finding("README.md", "LicenseRef-BSD").clue())
        .license(LicenseFinding::normalized("setup.cfg", "BSD", FindingKind::Manifest));
    let metrics = metrics(&scan);
    assert_eq!(value(&metrics, "licenses.findings"), Some(MetricValue::Count(5)));
    assert_eq!(labelled(&metrics, "licenses.findings", "strength", "clue"), Some(MetricValue::Count(2)));
    assert_eq!(labelled(&metrics, "licenses.findings", "strength", "detection"), Some(MetricValue::Count(3)));
    assert_eq!(value(&metrics, "licenses.distinct-expressions"), Some(MetricValue::Count(2)));
}

#[test]
fn ratio_is_left_out_without_packages() {
    let mut scan = scan();
    scan.packages.clear();
    let metrics = metrics(&scan);
    assert_eq!(value(&metrics, "inventory.packages"), Some(MetricValue::Count(0)));
    assert!(metrics.iter().all(|m| m.name != "inventory.packages" || m.labels.is_empty()));
    assert_eq!(value(&metrics, "inventory.license-known-ratio"), None);
}

#[test]
fn info_wants_no_files() {
    let info = InventoryMetrics::plugin_info();
    assert_eq!((info.name.as_str(), info.kind), ("inventory-metrics", PluginKind::Collector));
    assert!(info.files.globs.is_empty());
}

#[test]
fn dependency_licences_count_concluded_mismatched_and_missing_files() {
    let concluded = |mut p: Package, expression: &str| {
        p.concluded_license = Some(ospo_plugin_sdk::ConcludedLicense::new(expression, "test"));
        p
    };
    let mut serde =
        concluded(package("cargo", "serde", true, Some("MIT OR Apache-2.0")), "MIT OR Apache-2.0");
    serde.detected_license = Some("MIT AND Apache-2.0".into());
    serde.files_path = Some("vendor/serde".into());
    let mut zlib = concluded(package("cargo", "libz-sys", false, Some("MIT")), "MIT AND Zlib");
    zlib.detected_license = Some("Zlib".into());
    zlib.files_path = Some("vendor/libz-sys".into());
    let unknown = concluded(package("npm", "left-pad", false, None), "NOASSERTION");
    let mut license_file = finding("vendor/serde/LICENSE-MIT", "MIT");
    license_file.package_id = Some("pkg:cargo/serde@1.0.0".into());
    let scan = ScanResult::new(".").package(serde).package(zlib).package(unknown).license(license_file);
    let metrics = metrics(&scan);
    assert_eq!(value(&metrics, "licenses.dependencies"), Some(MetricValue::Count(3)));
    assert_eq!(value(&metrics, "licenses.dependencies-known"), Some(MetricValue::Count(2)));
    assert_eq!(
        labelled(&metrics, "licenses.dependencies-known", "dependency", "direct"),
        Some(MetricValue::Count(1))
    );
    assert_eq!(value(&metrics, "licenses.declared-detected-mismatches"), Some(MetricValue::Count(1)));
    assert_eq!(value(&metrics, "licenses.packages-without-license-file"), Some(MetricValue::Count(1)));
}
