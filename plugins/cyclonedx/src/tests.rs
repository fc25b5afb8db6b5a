//! The BOM of a realistic scan: what lands where, per spec version.

use ospo_plugin_sdk::{
    Advisory, AdvisoryMatch, Completeness, Component, ConcludedLicense, Copyright, DeclaredLicense,
    DependencyEdge, DependencyScope, FindingKind, HashAlgorithm, LicenseFinding, LineRange, Manifest,
    Package, PackageSource, PluginKind, PluginRecord, ProjectLicense, ScanMetadata, ScanResult, Severity,
};
use serde_json::Value;

use super::*;

fn pkg(name: &str, version: &str) -> Package {
    let purl = format!("pkg:cargo/{name}@{version}");
    Package::new("cargo", name, Some(version)).purl(&purl).location("Cargo.lock", Some(3))
}

pub(crate) fn scan() -> ScanResult {
    let mut serde = pkg("serde", "1.0.200")
        .direct(true)
        .hash(HashAlgorithm::Sha256, "2cb931c189b85683d69a5cfad41d4d418671e1ac413dd209f3f2fc31e3cfd902")
        .source(PackageSource::registry("sparse+https://index.example/"))
        .declared(DeclaredLicense::parse("MIT OR Apache-2.0"));
    serde.concluded_license = Some(ConcludedLicense::new("MIT OR Apache-2.0", "declared and detected agree"));
    serde.detected_license = Some("MIT OR Apache-2.0".to_string());
    let mut odd =
        pkg("odd", "0.1.0").scope(DependencyScope::Development).declared(DeclaredLicense::parse("MIT"));
    odd.concluded_license = Some(ConcludedLicense::new("LicenseRef-odd", "curated"));
    let mut ref_finding = LicenseFinding::new("vendor/odd/LICENSE", "LicenseRef-odd", FindingKind::Text)
        .lines(LineRange::new(1, 3))
        .text("You may do anything but sell it.");
    ref_finding.package_id = Some("pkg:cargo/odd@0.1.0".to_string());
    let mut advisory = Advisory::new("RUSTSEC-2099-0001", "pkg:cargo/serde@1.0.200", "a bug")
        .matched(AdvisoryMatch::new("1.0.200", "< 1.0.201", "semver").upgrade_to("1.0.201"));
    advisory.severities.push(Severity::cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    advisory.aliases.push("CVE-2099-1234".to_string());
    ScanResult::new("/home/ci/acme")
        .metadata(
            ScanMetadata::new("ospo", "0.1.0", "2026-01-01T00:00:00Z")
                .plugin(PluginRecord::new(
                    "cargo",
                    "0.1.0",
                    PluginKind::Parser,
                    &"ab".repeat(32),
                    "embedded:cargo",
                ))
                .root_component(Component::new("acme").version("0.4.2").purl("pkg:cargo/acme@0.4.2")),
        )
        .package(pkg("acme", "0.4.2").declared(DeclaredLicense::parse("Apache-2.0")))
        .package(serde)
        .package(odd)
        .edge(DependencyEdge::new(
            "pkg:cargo/acme@0.4.2",
            "pkg:cargo/serde@1.0.200",
            DependencyScope::Runtime,
        ))
        .edge(DependencyEdge::new(
            "pkg:cargo/acme@0.4.2",
            "pkg:cargo/odd@0.1.0",
            DependencyScope::Development,
        ))
        .manifest(Manifest::new("Cargo.lock", "cargo", "Cargo.lock v4", Completeness::Complete))
        .license(
            LicenseFinding::new("LICENSE", "Apache-2.0", FindingKind::Text).lines(LineRange::new(1, 176)),
        )
        .license(ref_finding)
        .copyright(Copyright::new("LICENSE", "Copyright 2024 ACME Corp.").holders(["ACME Corp."]))
        .project(ProjectLicense::new(".", "Apache-2.0").evidence(["LICENSE"]))
        .advisory(advisory)
}

fn bom(format: &str, config: &Config) -> Value {
    let bytes = render(format, &scan(), config).expect("renders");
    serde_json::from_slice(&bytes).expect("JSON")
}

fn component<'a>(bom: &'a Value, name: &str) -> &'a Value {
    bom["components"].as_array().expect("components").iter().find(|c| c["name"] == name).expect(name)
}

#[test]
fn the_root_package_is_the_metadata_component_not_a_component() {
    let bom = bom(FORMAT, &Config::default());
    assert_eq!(bom["specVersion"], "1.7");
    assert_eq!(bom["metadata"]["component"]["bom-ref"], "pkg:cargo/acme@0.4.2");
    assert_eq!(bom["metadata"]["component"]["type"], "application");
    assert_eq!(bom["metadata"]["lifecycles"][0]["phase"], "pre-build");
    assert_eq!(bom["components"].as_array().map(Vec::len), Some(2));
    // Project files' findings and copyrights are the root's evidence.
    let evidence = &bom["metadata"]["component"]["evidence"];
    assert_eq!(evidence["copyright"][0]["text"], "Copyright 2024 ACME Corp.");
    assert_eq!(evidence["occurrences"][1]["location"], "LICENSE");
    let tools = bom["metadata"]["tools"]["components"].as_array().expect("tools");
    assert_eq!(tools[1]["hashes"][0]["content"], "ab".repeat(32));
}

#[test]
fn licences_by_version() {
    let v17 = bom(FORMAT_1_7, &Config::default());
    let serde = component(&v17, "serde");
    assert_eq!(serde["licenses"][0]["expression"], "MIT OR Apache-2.0");
    assert_eq!(serde["licenses"][0]["acknowledgement"], "declared");
    assert_eq!(serde["licenses"][1]["acknowledgement"], "concluded");
    assert_eq!(serde["evidence"]["licenses"][0]["expression"], "MIT OR Apache-2.0");
    let odd = component(&v17, "odd");
    assert_eq!(odd["licenses"][0]["license"]["id"], "MIT");
    assert_eq!(odd["licenses"][1]["license"]["name"], "LicenseRef-odd");
    assert_eq!(odd["licenses"][1]["license"]["text"]["content"], "You may do anything but sell it.");
    assert_eq!(odd["scope"], "excluded");

    // 1.6: one expression only, the declared one moves to a property.
    let v16 = bom(FORMAT_1_6, &Config::default());
    let serde = component(&v16, "serde");
    assert_eq!(serde["licenses"].as_array().map(Vec::len), Some(1));
    assert_eq!(serde["licenses"][0]["acknowledgement"], "concluded");
    let props = serde["properties"].as_array().expect("properties");
    assert!(props.iter().any(|p| p["name"] == "ospo:declared-license" && p["value"] == "MIT OR Apache-2.0"));
    // Two single licences stay two entries.
    assert_eq!(component(&v16, "odd")["licenses"].as_array().map(Vec::len), Some(2));
}

#[test]
fn graph_and_completeness() {
    let bom = bom(FORMAT, &Config::default());
    let deps = bom["dependencies"].as_array().expect("dependencies");
    assert_eq!(deps.len(), 3);
    let root = deps.iter().find(|d| d["ref"] == "pkg:cargo/acme@0.4.2").expect("root entry");
    assert_eq!(root["dependsOn"], serde_json::json!(["pkg:cargo/odd@0.1.0", "pkg:cargo/serde@1.0.200"]));
    assert_eq!(bom["compositions"][0]["aggregate"], "complete");
    assert_eq!(bom["compositions"][0]["dependencies"].as_array().map(Vec::len), Some(3));
}

#[test]
fn vulnerabilities_embedded_or_separate() {
    let bom_embedded = bom(FORMAT, &Config::default());
    let v = &bom_embedded["vulnerabilities"][0];
    assert_eq!(v["id"], "RUSTSEC-2099-0001");
    assert_eq!(v["affects"][0]["ref"], "pkg:cargo/serde@1.0.200");
    assert_eq!(v["ratings"][0]["method"], "CVSSv31");
    assert_eq!(v["references"][0]["id"], "CVE-2099-1234");
    assert_eq!(v["recommendation"], "upgrade to 1.0.201");

    let separate = Config { vex: config::Vex::Separate, ..Config::default() };
    let bom = bom(FORMAT, &separate);
    assert!(bom.get("vulnerabilities").is_none());
    let vex = self::bom(FORMAT_VEX, &separate);
    let serial = bom["serialNumber"].as_str().expect("serial").trim_start_matches("urn:uuid:");
    assert_eq!(
        vex["vulnerabilities"][0]["affects"][0]["ref"],
        format!("urn:cdx:{serial}/1#pkg:cargo/serde@1.0.200")
    );
    assert_ne!(vex["serialNumber"], bom["serialNumber"]);
}

#[test]
fn serial_is_derived_from_the_scan() {
    let a = render(FORMAT, &scan(), &Config::default()).expect("renders");
    let b = render(FORMAT, &scan(), &Config::default()).expect("renders");
    assert_eq!(a, b);
    let mut later = scan();
    later.metadata.timestamp = "2026-01-02T00:00:00Z".to_string();
    let c: Value =
        serde_json::from_slice(&render(FORMAT, &later, &Config::default()).expect("renders")).expect("json");
    let a: Value = serde_json::from_slice(&a).expect("json");
    assert_ne!(a["serialNumber"], c["serialNumber"]);
    let serial = a["serialNumber"].as_str().expect("serial");
    assert_eq!(serial.len(), "urn:uuid:".len() + 36);
    assert_eq!(&serial[23..24], "8", "version 8 UUID: {serial}");
}

#[test]
fn configured_supplier_and_authors() {
    let config: Config = serde_json::from_str(
        r#"{"supplier":{"name":"ACME","url":["https://acme.example"]},"authors":["Mara"]}"#,
    )
    .expect("config");
    let bom = bom(FORMAT, &config);
    assert_eq!(bom["metadata"]["supplier"]["name"], "ACME");
    assert_eq!(bom["metadata"]["authors"][0]["name"], "Mara");
    assert!(serde_json::from_str::<Config>(r#"{"suplier":"x"}"#).is_err(), "unknown keys are refused");
}

#[test]
fn unknown_format_is_an_error() {
    assert!(render("cyclonedx-1.2", &scan(), &Config::default()).is_err());
}
