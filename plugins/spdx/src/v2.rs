//! SPDX 2.3 JSON.

use ospo_plugin_sdk::HashAlgorithm;
use serde_json::{Map, Value, json};

use crate::model::{Doc, Pkg, Purpose, Rel, ScopeKey, scope_name};

pub(crate) const NOASSERTION: &str = "NOASSERTION";

/// SPDX 2.3's checksum algorithm names.
pub(crate) fn algorithm(alg: HashAlgorithm) -> &'static str {
    match alg {
        HashAlgorithm::Md5 => "MD5",
        HashAlgorithm::Sha1 => "SHA1",
        HashAlgorithm::Sha256 => "SHA256",
        HashAlgorithm::Sha384 => "SHA384",
        HashAlgorithm::Sha512 => "SHA512",
        HashAlgorithm::Sha3256 => "SHA3-256",
        HashAlgorithm::Sha3512 => "SHA3-512",
        HashAlgorithm::Blake2b256 => "BLAKE2b-256",
        HashAlgorithm::Blake2b512 => "BLAKE2b-512",
        HashAlgorithm::Blake3 => "BLAKE3",
    }
}

pub(crate) fn spdx_id(local: &str) -> String {
    format!("SPDXRef-{local}")
}

/// The creators line by line (`Tool: ospo-0.1.0`).
pub(crate) fn creators(doc: &Doc) -> Vec<String> {
    let mut out = vec![format!("Tool: {}-{}", doc.tool, doc.tool_version)];
    if let Some(org) = &doc.creator_organization {
        out.push(format!("Organization: {org}"));
    }
    if let Some(person) = &doc.creator_person {
        out.push(format!("Person: {person}"));
    }
    out
}

/// The relationship as SPDX 2.3 types it: `(from, TYPE, to)`. Non-runtime dependencies are
/// written from the dependency's side (`B DEV_DEPENDENCY_OF A`), as 2.3 defines them.
pub(crate) fn relationship(rel: &Rel) -> (String, &'static str, String) {
    match rel {
        Rel::Contains { from, to } => (spdx_id(from), "CONTAINS", spdx_id(to)),
        Rel::DependsOn { from, to, scope, optional } => match (scope, optional) {
            (ScopeKey::Runtime, false) => (spdx_id(from), "DEPENDS_ON", spdx_id(to)),
            (ScopeKey::Runtime, true) => (spdx_id(to), "OPTIONAL_DEPENDENCY_OF", spdx_id(from)),
            (ScopeKey::Development, _) => (spdx_id(to), "DEV_DEPENDENCY_OF", spdx_id(from)),
            (ScopeKey::Build, _) => (spdx_id(to), "BUILD_DEPENDENCY_OF", spdx_id(from)),
            (ScopeKey::Test, _) => (spdx_id(to), "TEST_DEPENDENCY_OF", spdx_id(from)),
            (ScopeKey::Provided, _) => (spdx_id(to), "PROVIDED_DEPENDENCY_OF", spdx_id(from)),
        },
    }
}

/// What a 2.3 document cannot say in fields: licences found in files (no file checksums to list
/// the files themselves) and ospo's scope.
pub(crate) fn license_comments(p: &Pkg) -> Option<String> {
    let mut lines = Vec::new();
    if let Some(detected) = &p.detected {
        lines.push(format!("Detected in the package's files: {detected}."));
    }
    if !p.found.is_empty() {
        let found: Vec<String> = p.found.iter().map(|(path, expr)| format!("{path} ({expr})")).collect();
        lines.push(format!("Licences found in files: {}.", found.join(", ")));
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// The package comment: ospo's scope and whether it is a direct dependency, read back by
/// sbom-in.
pub(crate) fn comment(p: &Pkg) -> Option<String> {
    (p.purpose == Purpose::Library)
        .then(|| format!("ospo: scope={} direct={}", scope_name(p.scope), p.direct))
}

pub(crate) fn copyright_text(p: &Pkg) -> String {
    if p.copyrights.is_empty() { NOASSERTION.to_string() } else { p.copyrights.join("\n") }
}

fn package(p: &Pkg) -> Value {
    let mut v = Map::new();
    v.insert("SPDXID".into(), json!(spdx_id(&p.local)));
    v.insert("name".into(), json!(p.name));
    if let Some(version) = &p.version {
        v.insert("versionInfo".into(), json!(version));
    }
    v.insert(
        "supplier".into(),
        json!(p.supplier.as_ref().map_or(NOASSERTION.to_string(), |s| format!("Organization: {s}"))),
    );
    v.insert("downloadLocation".into(), json!(p.download.as_deref().unwrap_or(NOASSERTION)));
    v.insert("filesAnalyzed".into(), json!(false));
    if !p.checksums.is_empty() {
        let sums: Vec<Value> = p
            .checksums
            .iter()
            .map(|(alg, value)| json!({ "algorithm": algorithm(*alg), "checksumValue": value }))
            .collect();
        v.insert("checksums".into(), json!(sums));
    }
    if let Some(home) = &p.homepage {
        v.insert("homepage".into(), json!(home));
    }
    v.insert("licenseConcluded".into(), json!(p.concluded.as_deref().unwrap_or(NOASSERTION)));
    v.insert("licenseDeclared".into(), json!(p.declared.as_deref().unwrap_or(NOASSERTION)));
    if let Some(comments) = license_comments(p) {
        v.insert("licenseComments".into(), json!(comments));
    }
    v.insert("copyrightText".into(), json!(copyright_text(p)));
    if let Some(comment) = comment(p) {
        v.insert("comment".into(), json!(comment));
    }
    if let Some(purl) = &p.purl {
        v.insert(
            "externalRefs".into(),
            json!([{ "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl }]),
        );
    }
    v.insert(
        "primaryPackagePurpose".into(),
        json!(match p.purpose {
            Purpose::Application => "APPLICATION",
            Purpose::Library => "LIBRARY",
        }),
    );
    Value::Object(v)
}

/// The document.
pub fn document(doc: &Doc) -> Value {
    let mut relationships = vec![
        json!({ "spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": spdx_id(&doc.root) }),
    ];
    for rel in &doc.relationships {
        // Files cannot be listed without checksums (see the crate docs).
        if matches!(rel, Rel::Contains { .. }) {
            continue;
        }
        let (from, kind, to) = relationship(rel);
        relationships
            .push(json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to }));
    }
    let mut v = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": doc.name,
        "documentNamespace": doc.namespace,
        "creationInfo": {
            "created": doc.created,
            "creators": creators(doc),
            "licenseListVersion": doc.license_list_version,
        },
        "documentDescribes": [spdx_id(&doc.root)],
        "packages": doc.packages.iter().map(package).collect::<Vec<_>>(),
        "relationships": relationships,
    });
    if !doc.extracted.is_empty() {
        v["hasExtractedLicensingInfos"] = json!(
            doc.extracted
                .iter()
                .map(|(id, text)| json!({ "licenseId": id, "name": id.trim_start_matches("LicenseRef-"), "extractedText": text }))
                .collect::<Vec<_>>()
        );
    }
    v
}
