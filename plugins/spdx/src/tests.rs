//! The three documents of a realistic scan: what lands where.

use ospo_plugin_sdk::{
    Completeness, Component, ConcludedLicense, Copyright, DeclaredLicense, DependencyEdge, DependencyScope,
    FindingKind, HashAlgorithm, LicenseFinding, LineRange, Manifest, Package, PackageSource, PluginKind,
    PluginRecord, ProjectLicense, ScanMetadata, ScanResult,
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
    let mut odd = pkg("odd", "0.1.0")
        .scope(DependencyScope::Development)
        .source(PackageSource::git("https://git.example/odd.git", Some("0123abcd")))
        .declared(DeclaredLicense::parse("MIT"));
    odd.concluded_license = Some(ConcludedLicense::new("LicenseRef-odd", "curated"));
    let mut ref_finding = LicenseFinding::new("vendor/odd/LICENSE", "LicenseRef-odd", FindingKind::Text)
        .lines(LineRange::new(1, 3))
        .text("You may do anything but sell it.");
    ref_finding.package_id = Some("pkg:cargo/odd@0.1.0".to_string());
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
        .package(pkg("weird", "1.0.0").declared(DeclaredLicense::new("Foo Public Licence", "LicenseRef-Foo")))
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
        .edge(DependencyEdge::new(
            "pkg:cargo/serde@1.0.200",
            "pkg:cargo/weird@1.0.0",
            DependencyScope::Runtime,
        ))
        .manifest(Manifest::new("Cargo.lock", "cargo", "Cargo.lock v4", Completeness::Complete))
        .license(
            LicenseFinding::new("LICENSE", "Apache-2.0", FindingKind::Text).lines(LineRange::new(1, 176)),
        )
        .license(ref_finding)
        .copyright(Copyright::new("LICENSE", "Copyright 2024 ACME Corp.").holders(["ACME Corp."]))
        .project(ProjectLicense::new(".", "Apache-2.0").evidence(["LICENSE"]))
}

fn json(format: &str) -> Value {
    serde_json::from_slice(&render(format, &scan(), &Config::default()).expect("renders")).expect("JSON")
}

fn package<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["packages"].as_array().expect("packages").iter().find(|p| p["name"] == name).expect(name)
}

#[test]
fn spdx_2_3_packages_and_licences() {
    let doc = json(FORMAT);
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    assert_eq!(doc["packages"].as_array().map(Vec::len), Some(4), "the root package is not doubled");
    let root = &doc["packages"][0];
    assert_eq!(root["name"], "acme");
    assert_eq!(root["primaryPackagePurpose"], "APPLICATION");
    assert_eq!(root["licenseConcluded"], "Apache-2.0", "the project licence concludes the root");
    assert_eq!(root["copyrightText"], "Copyright 2024 ACME Corp.");
    let serde = package(&doc, "serde");
    assert_eq!(serde["licenseDeclared"], "MIT OR Apache-2.0");
    assert_eq!(serde["checksums"][0]["algorithm"], "SHA256");
    assert_eq!(serde["externalRefs"][0]["referenceLocator"], "pkg:cargo/serde@1.0.200");
    assert_eq!(serde["downloadLocation"], "NOASSERTION");
    assert_eq!(package(&doc, "odd")["downloadLocation"], "git+https://git.example/odd.git@0123abcd");
    let extracted = doc["hasExtractedLicensingInfos"].as_array().expect("extracted");
    let ids: Vec<&str> = extracted.iter().filter_map(|e| e["licenseId"].as_str()).collect();
    assert_eq!(ids, ["LicenseRef-Foo", "LicenseRef-odd"]);
    assert_eq!(extracted[1]["extractedText"], "You may do anything but sell it.");
    assert!(extracted[0]["extractedText"].as_str().is_some_and(|t| t.contains("Foo Public Licence")));
}

#[test]
fn spdx_2_3_relationships_follow_scopes() {
    let doc = json(FORMAT_2_3);
    let rels: Vec<(String, String, String)> = doc["relationships"]
        .as_array()
        .expect("relationships")
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("spdxElementId"), s("relationshipType"), s("relatedSpdxElement"))
        })
        .collect();
    let id = |name: &str| package(&doc, name)["SPDXID"].as_str().expect("id").to_string();
    assert!(rels.contains(&("SPDXRef-DOCUMENT".into(), "DESCRIBES".into(), id("acme"))));
    assert!(rels.contains(&(id("acme"), "DEPENDS_ON".into(), id("serde"))));
    assert!(rels.contains(&(id("odd"), "DEV_DEPENDENCY_OF".into(), id("acme"))));
    assert!(rels.contains(&(id("serde"), "DEPENDS_ON".into(), id("weird"))));
    assert_eq!(rels.len(), 4);
}

#[test]
fn tag_value_carries_the_same_content() {
    let text = String::from_utf8(render(FORMAT_2_3_TV, &scan(), &Config::default()).expect("renders"))
        .expect("utf-8");
    assert!(text.starts_with("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"));
    assert_eq!(text.matches("PackageName: ").count(), 4);
    assert!(text.contains("ExternalRef: PACKAGE-MANAGER purl pkg:cargo/serde@1.0.200\n"));
    assert!(text.contains("ExtractedText: <text>You may do anything but sell it.</text>\n"));
    assert!(text.contains(" DEV_DEPENDENCY_OF "));
    let json = json(FORMAT);
    let namespace = json["documentNamespace"].as_str().expect("namespace");
    assert!(text.contains(&format!("DocumentNamespace: {namespace}\n")));
}

#[test]
fn spdx_3_graph() {
    let doc = json(FORMAT_3_0_1);
    assert_eq!(doc["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
    let graph = doc["@graph"].as_array().expect("graph");
    let of_type = |t: &str| graph.iter().filter(|e| e["type"] == t).count();
    assert_eq!(of_type("software_Package"), 4);
    assert_eq!(of_type("software_File"), 2);
    assert_eq!(of_type("software_Sbom"), 1);
    assert_eq!(of_type("simplelicensing_SimpleLicensingText"), 2);
    let expr = graph
        .iter()
        .find(|e| e["simplelicensing_licenseExpression"] == "LicenseRef-odd")
        .expect("the LicenseRef expression");
    assert_eq!(expr["simplelicensing_customIdToUri"][0]["key"], "LicenseRef-odd");
    let scoped = graph.iter().find(|e| e["type"] == "LifecycleScopedRelationship").expect("a dev dependency");
    assert_eq!(scoped["scope"], "development");
    let doc_element = graph.iter().find(|e| e["type"] == "SpdxDocument").expect("document");
    let members = doc_element["element"].as_array().expect("element").len();
    assert_eq!(members, graph.len() - 2, "every element but the creation info and the document itself");
}

#[test]
fn same_scan_same_bytes_and_namespace_from_content() {
    for format in [FORMAT, FORMAT_2_3_TV, FORMAT_3_0_1] {
        assert_eq!(render(format, &scan(), &Config::default()), render(format, &scan(), &Config::default()));
    }
    let mut other = scan();
    other.metadata.timestamp = "2026-02-01T00:00:00Z".into();
    let a = json(FORMAT);
    let b: Value =
        serde_json::from_slice(&render(FORMAT, &other, &Config::default()).expect("renders")).expect("json");
    assert_ne!(a["documentNamespace"], b["documentNamespace"]);
}

#[test]
fn configured_creators() {
    let config: Config = serde_json::from_str(
        r#"{"creator_organization":"ACME","supplier":"ACME","namespace_base":"https://sbom.acme.example/"}"#,
    )
    .expect("config");
    let doc: Value =
        serde_json::from_slice(&render(FORMAT, &scan(), &config).expect("renders")).expect("json");
    assert_eq!(doc["creationInfo"]["creators"][1], "Organization: ACME");
    assert_eq!(doc["packages"][0]["supplier"], "Organization: ACME");
    assert!(
        doc["documentNamespace"].as_str().is_some_and(|n| n.starts_with("https://sbom.acme.example/acme-"))
    );
}
