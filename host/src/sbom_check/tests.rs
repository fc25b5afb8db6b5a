//! The check on small documents of every format, written the way other tools write them.

use super::*;

/// A CycloneDX 1.4 BOM as older tools write it: tools as an array, no supplier, no hashes.
const CDX_14: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
  "metadata": { "timestamp": "2024-05-01T10:00:00Z", "tools": [ { "vendor": "x", "name": "old-tool", "version": "1" } ] },
  "components": [
    { "type": "library", "bom-ref": "pkg:npm/a@1.0.0", "name": "a", "version": "1.0.0", "purl": "pkg:npm/a@1.0.0",
      "licenses": [ { "license": { "id": "MIT" } } ],
      "components": [ { "type": "library", "bom-ref": "nested", "name": "nested" } ] }
  ],
  "dependencies": [ { "ref": "pkg:npm/a@1.0.0", "dependsOn": [] } ]
}"#;

const SPDX_TV: &str = "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
Creator: Tool: scancode\nCreator: Organization: ACME (sbom@acme.example)\nCreated: 2024-01-01T00:00:00Z\n\n\
PackageName: zlib\nSPDXID: SPDXRef-zlib\nPackageVersion: 1.3\nPackageSupplier: Organization: zlib\n\
PackageDownloadLocation: NOASSERTION\nPackageChecksum: SHA1: 0123\nPackageLicenseConcluded: Zlib\n\
PackageLicenseDeclared: NOASSERTION\nPackageCopyrightText: <text>Copyright\n(C) Jean-loup</text>\n\
ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib@1.3\n\n\
FileName: ./zlib.h\nSPDXID: SPDXRef-file\n\n\
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-zlib\n";

#[test]
fn a_cyclonedx_1_4_bom_lacks_supplier_and_hashes() {
    let sbom = read(CDX_14.as_bytes()).expect("reads");
    assert_eq!(sbom.document.tools, ["old-tool"]);
    assert_eq!(sbom.components.len(), 2, "nested components count");
    let ntia = check(&sbom, Profile::Ntia);
    assert!(!ntia.passes());
    assert_eq!(ntia.document_missing.iter().map(|m| m.element).collect::<Vec<_>>(), ["SBOM author"]);
    let a = &ntia.component_gaps[0];
    assert_eq!((a.reference.as_str(), a.missing.as_slice()), ("pkg:npm/a@1.0.0", &["supplier"][..]));
    let nested = &ntia.component_gaps[1];
    assert_eq!(
        nested.missing,
        ["supplier", "version", "unique identifier (purl, CPE or SWID)", "dependency relationship"]
    );
    let bsi = check(&sbom, Profile::BsiTr031832);
    assert!(bsi.document_missing.iter().any(|m| m.element.starts_with("format CycloneDX >= 1.6")));
    let text = text("bom.json", &bsi);
    assert!(text.contains("lacks required elements"), "{text}");
    assert!(text.contains("SHA-512 of the deployable component: 2 of 2 (only the build"), "{text}");
}

#[test]
fn spdx_tag_value() {
    let sbom = read(SPDX_TV.as_bytes()).expect("reads");
    assert_eq!(sbom.document.spec_version, "2.2");
    assert_eq!(sbom.components.len(), 1, "the file section is not a package");
    let zlib = &sbom.components[0];
    assert_eq!(zlib.supplier.as_deref(), Some("zlib"));
    assert_eq!(zlib.hashes, ["SHA1"]);
    assert_eq!(zlib.identifiers, ["pkg:generic/zlib@1.3"]);
    assert!(sbom.document.author_contact);
    let cisa = check(&sbom, Profile::Cisa2025);
    // DESCRIBES is not a dependency; SPDX 2 has no lifecycle.
    assert_eq!(cisa.component_gaps[0].missing, ["dependency relationship"]);
    assert_eq!(
        cisa.document_missing.iter().map(|m| m.element).collect::<Vec<_>>(),
        ["generation context (lifecycle phase or SBOM type)"]
    );
}

#[test]
fn spdx_3_example_of_the_specification() {
    let example = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sbom-third-party/package_sbom.json"
    ))
    .expect("the SPDX 3.0.1 specification's example");
    let sbom = read(&example).expect("reads");
    assert_eq!(sbom.document.spec_version, "3.0.1");
    assert_eq!(sbom.document.authors, ["Joshua Watt"]);
    assert!(sbom.document.author_contact, "the Person has an email identifier");
    assert_eq!(sbom.document.generation_context, ["build"]);
    let ntia = check(&sbom, Profile::Ntia);
    assert_eq!(ntia.components, 1);
    assert_eq!(ntia.component_gaps[0].missing, ["supplier", "unique identifier (purl, CPE or SWID)"]);
}

#[test]
fn unreadable_input_is_an_error_not_a_pass() {
    assert!(matches!(
        read(b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>"),
        Err(ReadError::CycloneDxXml)
    ));
    assert!(matches!(read(b"{\"hello\": 1}"), Err(ReadError::Unknown)));
    assert!(matches!(read(b"{"), Err(ReadError::Json(_))));
    assert!(matches!(read(&[0xff, 0xfe]), Err(ReadError::NotText)));
}
