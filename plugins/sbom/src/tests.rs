//! The parser over SBOMs under `src/testdata/` (see its `SOURCE.md`): third-party documents
//! shaped as the tools that write them do, ospo's own outputs for a polyglot fixture, and
//! damaged input.

use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PluginKind};
use serde_json::Value;

use super::*;

fn testdata(path: &str) -> String {
    let full = format!("{}/src/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn parse(path: &str, text: &str) -> ParseOutput {
    Sbom::parse(FileInput::new(path, text)).expect("the parser reports problems as diagnostics")
}

fn parse_fixture(path: &str) -> ParseOutput {
    parse(path, &testdata(path))
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

fn declared(p: &Package) -> Option<&str> {
    p.declared_license.as_ref().map(|d| d.expression.as_str())
}

fn concluded(p: &Package) -> Option<&str> {
    p.concluded_license.as_ref().map(|c| c.expression.as_str())
}

fn edges(out: &ParseOutput) -> Vec<(&str, &str)> {
    let mut edges: Vec<_> = out.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    edges.sort_unstable();
    edges
}

fn codes(out: &ParseOutput) -> Vec<(&str, Option<u32>)> {
    out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect()
}

#[test]
fn info_is_a_parser_of_sbom_names_with_its_codes() {
    let info = Sbom::plugin_info();
    assert_eq!(info.kind, PluginKind::Parser);
    assert!(info.files.globs.iter().any(|g| g == "**/*.cdx.json"));
    assert!(info.files.globs.iter().any(|g| g == "**/*.spdx"));
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for code in ["manifest-malformed", "sbom-unrecognised", "sbom-purl-invalid", "sbom-reference-unresolved"]
    {
        assert!(declared.contains(&code), "{code} is not declared");
    }
}

const DATABIND: &str = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.0?type=jar";
const CORE: &str = "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.0?type=jar";
const ROOT: &str = "pkg:maven/com.example.billing/invoice-service@1.4.0?type=jar";
const GRPC: &str = "pkg:maven/io.grpc/grpc-netty-shaded@1.56.1?type=jar";
const NETTY: &str = "pkg:maven/io.netty/netty-codec-http2@4.1.93.Final?type=jar";
const JUNIT: &str = "pkg:maven/junit/junit@4.13.2?type=jar";

#[test]
fn cyclonedx_xml_1_4_from_the_maven_plugin() {
    let path = "vendor/invoice-service.cdx.xml";
    let out = parse(path, &testdata("invoice-service.cdx.xml"));
    assert_eq!(out.manifests.len(), 1);
    let m = &out.manifests[0];
    assert_eq!((m.format.as_str(), m.ecosystem.as_str()), ("CycloneDX 1.4 XML", "sbom"));
    // `dependencies` and no `compositions`: the graph is stated.
    assert_eq!(m.completeness, Completeness::Complete);
    // The root has a purl, so it is a package; the nested netty component is one too.
    assert_eq!(out.packages.len(), 8);

    let databind = package(&out, DATABIND);
    assert_eq!(databind.ecosystem, "maven");
    // The group is joined on as the maven parser names packages.
    assert_eq!(databind.name, "com.fasterxml.jackson.core:jackson-databind");
    assert_eq!(databind.version.as_deref(), Some("2.15.0"));
    assert_eq!(databind.locations, [Location::new(path, Some(34))]);
    assert_eq!(databind.hashes.len(), 3);
    assert!(databind.hashes.contains(&Hash::new(
        HashAlgorithm::Sha256,
        "0935b66fb49ca6624c146100b2815189cd6f3b6e130499b4ccb019b2bca737de"
    )));
    assert_eq!(declared(databind), Some("Apache-2.0"));
    // 1.4 has no acknowledgement: the licences are what the component declares.
    assert_eq!(concluded(databind), None);
    assert_eq!(databind.supplier.as_deref(), Some("FasterXML"));
    assert_eq!(databind.homepage.as_deref(), Some("https://github.com/FasterXML/jackson"));
    assert_eq!(
        databind.source.as_ref().and_then(|s| s.url.as_deref()),
        Some("https://github.com/FasterXML/jackson-databind")
    );
    assert!(databind.direct, "the root depends on it");
    assert!(!package(&out, CORE).direct, "only jackson-databind depends on it");

    // A licence name is normalised; two licence entries all apply (CycloneDX says no more).
    let snakeyaml = package(&out, "pkg:maven/org.yaml/snakeyaml@1.33?type=jar");
    assert_eq!(declared(snakeyaml), Some("Apache-2.0"));
    let logback = package(&out, "pkg:maven/ch.qos.logback/logback-classic@1.2.12?type=jar");
    let logback_declared = logback.declared_license.as_ref().expect("declared");
    assert_eq!(logback_declared.raw, "Eclipse Public License - v 1.0 AND GNU Lesser General Public License");
    assert!(logback_declared.expression.starts_with("EPL-1.0 AND "), "{}", logback_declared.expression);

    // Test scope is `excluded`: not shipped, so development.
    assert_eq!(package(&out, JUNIT).scope, DependencyScope::Development);
    assert_eq!(package(&out, DATABIND).scope, DependencyScope::Runtime);

    assert_eq!(
        edges(&out),
        [
            (ROOT, "pkg:maven/ch.qos.logback/logback-classic@1.2.12?type=jar"),
            (ROOT, DATABIND),
            (ROOT, GRPC),
            (ROOT, JUNIT),
            (ROOT, "pkg:maven/org.yaml/snakeyaml@1.33?type=jar"),
            (DATABIND, CORE),
            // The shaded jar contains netty: the nesting is an edge.
            (GRPC, NETTY),
        ]
    );
    let junit_edge = out.edges.iter().find(|e| e.to == JUNIT).expect("edge to junit");
    assert_eq!(junit_edge.scope, DependencyScope::Development, "an edge takes its target's scope");
    // hamcrest-core is depended on but not listed.
    assert_eq!(codes(&out), [("sbom-reference-unresolved", None)]);
    assert!(out.diagnostics[0].message.contains("pkg:maven/org.hamcrest/hamcrest-core@1.3?type=jar"));
}

const MUSL: &str = "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4";
const BUSYBOX: &str = "pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64&distro=alpine-3.18.4";
const ZLIB: &str = "pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=alpine-3.18.4";
const IMAGE: &str = "pkg:oci/alpine@sha256%3A7d0d35a084dbb203966802c86d98162deaeda49d82494afde6d7a75fda6da3c5?arch=amd64&tag=3.18";

#[test]
fn spdx_2_3_tag_value_from_syft() {
    let path = "images/alpine-3.18.spdx";
    let out = parse(path, &testdata("alpine-3.18.spdx"));
    assert_eq!(out.manifests[0].format, "SPDX 2.3 tag-value");
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    // The image (described, with a pkg:oci purl) and five apk packages; the file is not one.
    assert_eq!(out.packages.len(), 6);
    let image = package(&out, IMAGE);
    assert_eq!((image.ecosystem.as_str(), image.direct), ("oci", false));
    let musl = package(&out, MUSL);
    assert_eq!(musl.ecosystem, "apk");
    assert_eq!(musl.name, "musl");
    assert_eq!(musl.version.as_deref(), Some("1.2.4-r2"));
    assert_eq!(musl.locations, [Location::new(path, Some(58))]);
    assert_eq!(musl.hashes, [Hash::new(HashAlgorithm::Sha1, "a675e60467e7230c6556edcc1be48c789469f5a3")]);
    assert_eq!((declared(musl), concluded(musl)), (Some("MIT"), Some("MIT")));
    // NOASSERTION concludes nothing: the host concludes from the declared licence.
    let busybox = package(&out, BUSYBOX);
    assert_eq!((declared(busybox), concluded(busybox)), (Some("GPL-2.0-only"), None));
    assert_eq!(busybox.supplier.as_deref(), Some("Sören Tempel"));
    assert_eq!(busybox.source.as_ref().and_then(|s| s.url.as_deref()), Some("https://busybox.net/"));
    assert!(busybox.direct, "the image contains it");
    assert!(musl.direct);
    let libcrypto = out.packages.iter().find(|p| p.name == "libcrypto3").expect("libcrypto3");
    assert!(
        libcrypto.purl.as_deref().is_some_and(|p| p.ends_with("&upstream=openssl")),
        "a multi-line comment is skipped whole"
    );
    let from_busybox: Vec<_> = edges(&out).into_iter().filter(|(from, _)| *from == BUSYBOX).collect();
    assert_eq!(from_busybox, [(BUSYBOX, MUSL)]);
    assert!(edges(&out).contains(&(IMAGE, ZLIB)));
    assert_eq!(out.edges.len(), 5 + 3, "contains and depends-on edges; the file is no package");
}

#[test]
fn spdx_3_0_1_specification_example() {
    let out = parse_fixture("spdx3-spec-example.spdx3.json");
    assert_eq!(out.manifests[0].format, "SPDX 3.0.1 JSON-LD");
    // No dependency between packages: the graph is not stated.
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    // The package has no purl but is the SBOM's root: a description of what was built, not an
    // identifiable package.
    assert!(out.packages.is_empty(), "{:?}", out.packages);
    assert!(out.diagnostics.is_empty());
}

#[test]
fn spdx_3_packages_purls_hashes_licences_and_scoped_dependencies() {
    let doc = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    { "type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2025-01-01T00:00:00Z", "createdBy": ["urn:a"] },
    { "type": "Organization", "spdxId": "urn:acme", "name": "ACME GmbH", "creationInfo": "_:c" },
    { "type": "software_Sbom", "spdxId": "urn:sbom", "rootElement": ["urn:app"], "creationInfo": "_:c" },
    { "type": "software_Package", "spdxId": "urn:app", "name": "gateway", "software_packageVersion": "2.1.0",
      "software_packageUrl": "pkg:golang/example.com/gateway@v2.1.0", "creationInfo": "_:c" },
    { "type": "software_Package", "spdxId": "urn:jwt", "name": "github.com/golang-jwt/jwt/v5",
      "software_packageVersion": "v5.2.1", "suppliedBy": "urn:acme", "creationInfo": "_:c",
      "externalIdentifier": [{ "type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
        "identifier": "pkg:golang/github.com/golang-jwt/jwt/v5@v5.2.1" }],
      "verifiedUsing": [{ "type": "Hash", "algorithm": "sha256", "hashValue": "AB12CD34" }] },
    { "type": "software_Package", "spdxId": "urn:mock", "name": "mock", "software_packageVersion": "1.0.0", "creationInfo": "_:c" },
    { "type": "simplelicensing_LicenseExpression", "spdxId": "urn:l1", "simplelicensing_licenseExpression": "MIT", "creationInfo": "_:c" },
    { "type": "Relationship", "spdxId": "urn:r1", "from": "urn:jwt", "relationshipType": "hasDeclaredLicense", "to": ["urn:l1"], "creationInfo": "_:c" },
    { "type": "Relationship", "spdxId": "urn:r2", "from": "urn:jwt", "relationshipType": "hasConcludedLicense", "to": ["https://spdx.org/licenses/Apache-2.0"], "creationInfo": "_:c" },
    { "type": "Relationship", "spdxId": "urn:r3", "from": "urn:app", "relationshipType": "dependsOn", "to": ["urn:jwt"], "creationInfo": "_:c" },
    { "type": "LifecycleScopedRelationship", "spdxId": "urn:r4", "from": "urn:app", "relationshipType": "dependsOn", "scope": "test", "to": ["urn:mock"], "creationInfo": "_:c" }
  ]
}"#;
    let out = parse("bom.spdx3.json", doc);
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    let jwt = package(&out, "pkg:golang/github.com/golang-jwt/jwt/v5@v5.2.1");
    assert_eq!(jwt.ecosystem, "golang");
    assert_eq!(jwt.supplier.as_deref(), Some("ACME GmbH"));
    assert_eq!(jwt.hashes, [Hash::new(HashAlgorithm::Sha256, "ab12cd34")]);
    assert_eq!((declared(jwt), concluded(jwt)), (Some("MIT"), Some("Apache-2.0")));
    let reason = jwt.concluded_license.as_ref().map(|c| c.reason.as_str());
    assert_eq!(reason, Some("concluded in the SBOM bom.spdx3.json"));
    assert!(jwt.direct);
    assert_eq!(jwt.locations[0].line, Some(9));
    // No purl and not the root: a pkg:generic purl.
    let mock = package(&out, "pkg:generic/mock@1.0.0");
    assert_eq!(mock.ecosystem, "generic");
    let test_edge = out.edges.iter().find(|e| e.to == mock.id).expect("edge");
    assert_eq!(test_edge.scope, DependencyScope::Test);
}

#[test]
fn cyclonedx_1_6_json_acknowledgement_compositions_and_an_invalid_purl() {
    let doc = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": { "component": { "type": "application", "bom-ref": "app", "name": "portal" } },
  "components": [
    { "type": "library", "bom-ref": "lodash", "name": "lodash", "version": "4.17.21",
      "purl": "pkg:npm/lodash@4.17.21", "scope": "optional",
      "licenses": [
        { "license": { "id": "MIT", "acknowledgement": "declared" } },
        { "expression": "MIT OR Apache-2.0", "acknowledgement": "concluded" }
      ] },
    { "type": "library", "bom-ref": "broken", "name": "left-pad", "version": "1.3.0", "purl": "npm:left-pad" },
    { "type": "library", "bom-ref": "types", "group": "@types", "name": "node", "version": "20.11.0",
      "purl": "pkg:npm/%40types/node@20.11.0" }
  ],
  "dependencies": [ { "ref": "app", "dependsOn": ["lodash", "broken"] } ],
  "compositions": [ { "aggregate": "incomplete", "dependencies": ["app"] } ]
}"#;
    let out = parse("web/sbom.json", doc);
    assert_eq!(out.manifests[0].format, "CycloneDX 1.6 JSON");
    assert_eq!(
        out.manifests[0].completeness,
        Completeness::DirectOnly,
        "the root's composition is incomplete"
    );
    // The root has no purl: a description, not a package.
    assert_eq!(out.packages.len(), 3);
    let lodash = package(&out, "pkg:npm/lodash@4.17.21");
    assert_eq!((declared(lodash), concluded(lodash)), (Some("MIT"), Some("MIT OR Apache-2.0")));
    assert!(lodash.optional && lodash.direct);
    assert_eq!(lodash.locations[0].line, Some(6));
    assert_eq!(package(&out, "pkg:npm/%40types/node@20.11.0").name, "@types/node");
    let left_pad = package(&out, "pkg:generic/left-pad@1.3.0");
    assert!(left_pad.direct);
    assert_eq!(codes(&out), [("sbom-purl-invalid", Some(12))]);
    assert!(out.edges.is_empty(), "edges from a root that is no package only make packages direct");
}

#[test]
fn malformed_json_says_where() {
    let text = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n  \"components\": [\n    { \"name\": \"a\" \n  ]\n}\n";
    let out = parse("bom.json", text);
    assert!(out.packages.is_empty());
    assert_eq!(codes(&out), [("manifest-malformed", Some(6))]);
    assert_eq!(out.diagnostics[0].path.as_deref(), Some("bom.json"));
}

#[test]
fn truncated_xml_keeps_what_came_before_and_says_where() {
    let full = testdata("invoice-service.cdx.xml");
    // Cut inside jackson-core's entry (line 62 onwards is lost).
    let cut: String = full.lines().take(66).collect::<Vec<_>>().join("\n");
    let out = parse("bom.xml", &cut);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert!(ids.contains(&ROOT) && ids.contains(&DATABIND), "{ids:?}");
    let malformed: Vec<_> = codes(&out).into_iter().filter(|(c, _)| *c == "manifest-malformed").collect();
    assert_eq!(malformed.len(), 1, "{:?}", out.diagnostics);
    assert!(malformed[0].1.is_some_and(|line| line >= 60), "{malformed:?}");
}

#[test]
fn tag_value_damage_is_reported_by_line_and_skipped() {
    let text = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n\nPackageName: zlib\nSPDXID: SPDXRef-zlib\n\
                PackageVersion: 1.3.1\nthis line lost its tag\nExternalRef: PACKAGE-MANAGER purl\n\
                PackageLicenseDeclared: Zlib\nPackageComment: <text>never closed\n";
    let out = parse("third_party/zlib.spdx", text);
    assert_eq!(
        codes(&out),
        [("manifest-malformed", Some(7)), ("manifest-malformed", Some(8)), ("manifest-malformed", Some(10))]
    );
    let zlib = package(&out, "pkg:generic/zlib@1.3.1");
    assert_eq!(declared(zlib), Some("Zlib"));
    assert_eq!(zlib.locations[0].line, Some(4));
}

#[test]
fn other_files_with_sbom_names_are_only_noted() {
    for (path, text) in [
        ("bom.json", "{\"name\": \"shop-bom\", \"dependencies\": {}}"),
        ("bom.xml", "<project><modelVersion>4.0.0</modelVersion></project>"),
        ("notes.spdx", "This folder holds our licence notes.\n"),
        (
            "doc.spdx.xml.bom.xml",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\"></rdf:RDF>",
        ),
    ] {
        let out = parse(path, text);
        assert!(out.packages.is_empty() && out.manifests.is_empty(), "{path}");
        assert_eq!(codes(&out), [("sbom-unrecognised", None)], "{path}");
    }
}

#[test]
fn a_ten_thousand_component_sbom_reads_whole() {
    let n = 10_000;
    let mut components = Vec::with_capacity(n);
    let mut dependencies = Vec::with_capacity(n);
    for i in 0..n {
        let purl = format!("pkg:npm/pkg-{i}@1.0.{i}");
        components.push(serde_json::json!({
            "type": "library", "bom-ref": purl, "name": format!("pkg-{i}"), "version": format!("1.0.{i}"),
            "purl": purl, "hashes": [{ "alg": "SHA-512", "content": format!("{i:0128x}") }],
            "licenses": [{ "license": { "id": "MIT" } }],
        }));
        let next: Vec<String> = (i + 1..n.min(i + 3)).map(|j| format!("pkg:npm/pkg-{j}@1.0.{j}")).collect();
        dependencies.push(serde_json::json!({ "ref": purl, "dependsOn": next }));
    }
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5", "components": components, "dependencies": dependencies,
    });
    let text = serde_json::to_string_pretty(&doc).expect("serialises");
    let start = std::time::Instant::now();
    let out = parse("bom.json", &text);
    let elapsed = start.elapsed();
    assert_eq!(out.packages.len(), n);
    assert_eq!(out.edges.len(), 2 * n - 3);
    let last = package(&out, "pkg:npm/pkg-9999@1.0.9999");
    assert!(last.locations[0].line.is_some_and(|l| l > 100_000), "{:?}", last.locations);
    assert!(out.diagnostics.is_empty());
    eprintln!("{n} components, {} KiB: {elapsed:?}", text.len() / 1024);
}

/// ospo's own SBOMs of `tests/fixtures/sbom-polyglot` (see `testdata/SOURCE.md`) against the
/// inventory of the scan that wrote them. The integration test `tests/sbom.rs` does the same
/// through the host; this pins what the parser alone returns.
#[test]
fn ospo_sboms_of_the_polyglot_fixture_read_as_its_scan() {
    let scan: Value = serde_json::from_str(&testdata("polyglot/scan-inventory.json")).expect("JSON");
    let want: Vec<&Value> = scan["packages"].as_array().expect("packages").iter().collect();
    let str_at = |v: &Value, key: &str| v[key].as_str().map(str::to_string);
    for (file, format) in [
        ("bom-1.6.cdx.json", "CycloneDX 1.6 JSON"),
        ("bom-1.7.cdx.json", "CycloneDX 1.7 JSON"),
        ("bom.spdx.json", "SPDX 2.3 JSON"),
        ("bom.spdx", "SPDX 2.3 tag-value"),
        ("bom.spdx3.jsonld", "SPDX 3.0.1 JSON-LD"),
    ] {
        let out = parse(file, &testdata(&format!("polyglot/{file}")));
        assert_eq!(
            (out.manifests[0].format.as_str(), out.manifests[0].completeness),
            (format, Completeness::Complete)
        );
        assert!(out.diagnostics.is_empty(), "{file}: {:?}", out.diagnostics);
        assert_eq!(out.packages.len(), want.len(), "{file}");
        let cyclonedx = file.contains("cdx");
        for w in &want {
            let id = w["id"].as_str().expect("id");
            let got = package(&out, id);
            assert_eq!(got.version, str_at(w, "version"), "{file} {id}");
            assert_eq!(Some(got.ecosystem.clone()), str_at(w, "ecosystem"), "{file} {id}");
            assert_eq!(got.direct, w["direct"] == true, "{file} {id}");
            let scope = match got.scope {
                DependencyScope::Runtime => "runtime",
                DependencyScope::Development => "development",
                DependencyScope::Build => "build",
                DependencyScope::Test => "test",
                DependencyScope::Provided => "provided",
            }
            .to_string();
            assert_eq!(Some(scope), str_at(w, "scope"), "{file} {id}");
            let mut hashes: Vec<String> = got.hashes.iter().map(|h| h.value.clone()).collect();
            let mut want_hashes: Vec<String> =
                w["hashes"].as_array().expect("hashes").iter().filter_map(|h| str_at(h, "value")).collect();
            hashes.sort();
            want_hashes.sort();
            assert_eq!(hashes, want_hashes, "{file} {id}");
            assert_eq!(
                declared(got).map(str::to_string),
                str_at(&w["declared_license"], "expression"),
                "{file} {id}"
            );
            let want_concluded = str_at(&w["concluded_license"], "expression").filter(|e| e != "NOASSERTION");
            assert_eq!(concluded(got).map(str::to_string), want_concluded, "{file} {id}");
            if cyclonedx {
                assert_eq!(got.optional, w["optional"] == true, "{file} {id}");
                let kind = got.source.as_ref().map(|s| {
                    let debug = format!("{:?}", s.kind).to_lowercase();
                    debug.rsplit(':').next().unwrap_or_default().to_string()
                });
                assert_eq!(kind, str_at(&w["source"], "kind"), "{file} {id}");
                assert_eq!(got.source.as_ref().and_then(|s| s.url.clone()), str_at(&w["source"], "url"));
            }
            assert_eq!(got.locations.len(), 1);
            assert!(got.locations[0].line.is_some(), "{file} {id}: every entry has its line");
        }
        // Every edge of the scan is in the SBOM.
        for e in scan["edges"].as_array().expect("edges") {
            let (from, to) = (e["from"].as_str().expect("from"), e["to"].as_str().expect("to"));
            assert!(out.edges.iter().any(|g| g.from == from && g.to == to), "{file}: {from} -> {to}");
        }
    }
    // A line is the component's own: the root's entry in the tag-value document.
    let tv = testdata("polyglot/bom.spdx");
    let out = parse("bom.spdx", &tv);
    let root = package(&out, "pkg:cargo/ledgerline@0.4.2");
    let line = root.locations[0].line.expect("line") as usize;
    assert_eq!(tv.lines().nth(line - 1), Some("PackageName: ledgerline"));
}

#[test]
fn cyclonedx_1_7_xml_acknowledgements_and_detailed_expressions() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.7" version="1">
  <components>
    <component type="library" bom-ref="openssl">
      <name>openssl</name>
      <version>3.0.13</version>
      <licenses>
        <license acknowledgement="declared"><id>Apache-2.0</id></license>
        <expression-detailed expression="Apache-2.0 AND LicenseRef-openssl-exception" acknowledgement="concluded">
          <details license-identifier="LicenseRef-openssl-exception"><text>Exception text</text></details>
        </expression-detailed>
      </licenses>
      <purl>pkg:generic/openssl@3.0.13</purl>
    </component>
  </components>
</bom>"#;
    let out = parse("third_party/bom.xml", xml);
    assert_eq!(out.manifests[0].format, "CycloneDX 1.7 XML");
    // No dependencies: nothing says the graph is complete.
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    let openssl = package(&out, "pkg:generic/openssl@3.0.13");
    assert_eq!(declared(openssl), Some("Apache-2.0"));
    assert_eq!(concluded(openssl), Some("Apache-2.0 AND LicenseRef-openssl-exception"));
    assert_eq!(openssl.locations[0].line, Some(4));
}
