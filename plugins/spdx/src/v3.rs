//! SPDX 3.0.1 JSON-LD (Core, Software and SimpleLicensing profiles).
//!
//! Every element's `spdxId` is the document namespace plus `#` and the local id the 2.3
//! document uses (without `SPDXRef-`). Licences are `simplelicensing_LicenseExpression`
//! elements, one per distinct expression, tied to packages by `hasDeclaredLicense` and
//! `hasConcludedLicense` and to files by `hasDeclaredLicense` (what 2.3 calls
//! `licenseInfoInFiles`); a `LicenseRef-`'s text is a `simplelicensing_SimpleLicensingText`
//! the expression maps it to with `customIdToUri`. Dependencies are `dependsOn` relationships,
//! lifecycle-scoped when not runtime.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{HashAlgorithm, expression};
use serde_json::{Value, json};

use crate::model::{Doc, Purpose, Rel, ScopeKey, scope_name};

const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";
const CREATION: &str = "_:creationinfo";
const NONE_LICENSE: &str = "https://spdx.org/rdf/3.0.1/terms/Licensing/NoneLicense";

fn algorithm(alg: HashAlgorithm) -> &'static str {
    match alg {
        HashAlgorithm::Md5 => "md5",
        HashAlgorithm::Sha1 => "sha1",
        HashAlgorithm::Sha256 => "sha256",
        HashAlgorithm::Sha384 => "sha384",
        HashAlgorithm::Sha512 => "sha512",
        HashAlgorithm::Sha3256 => "sha3_256",
        HashAlgorithm::Sha3512 => "sha3_512",
        HashAlgorithm::Blake2b256 => "blake2b256",
        HashAlgorithm::Blake2b512 => "blake2b512",
        HashAlgorithm::Blake3 => "blake3",
    }
}

struct Graph<'a> {
    doc: &'a Doc,
    elements: Vec<Value>,
    /// Expression text → its element's IRI.
    expressions: BTreeMap<String, String>,
    relationship_count: usize,
}

impl<'a> Graph<'a> {
    fn iri(&self, local: &str) -> String {
        format!("{}#{local}", self.doc.namespace)
    }

    fn element(&mut self, mut value: Value) {
        value["creationInfo"] = json!(CREATION);
        self.elements.push(value);
    }

    /// The IRI of the element for `expr`, created on first use.
    fn expression(&mut self, expr: &str) -> String {
        if expr == "NONE" {
            return NONE_LICENSE.to_string();
        }
        if let Some(iri) = self.expressions.get(expr) {
            return iri.clone();
        }
        let iri = self.iri(&format!("LicenseExpression-{}", self.expressions.len() + 1));
        let mut e = json!({
            "type": "simplelicensing_LicenseExpression",
            "spdxId": iri,
            "simplelicensing_licenseExpression": expr,
            "simplelicensing_licenseListVersion": self.doc.license_list_version,
        });
        let custom: Vec<Value> = expression::licenses(expr)
            .into_iter()
            .filter(|id| self.doc.extracted.contains_key(id))
            .map(|id| json!({ "type": "DictionaryEntry", "key": id, "value": self.iri(&format!("LicenseText-{id}")) }))
            .collect();
        if !custom.is_empty() {
            e["simplelicensing_customIdToUri"] = json!(custom);
        }
        self.expressions.insert(expr.to_string(), iri.clone());
        self.element(e);
        iri
    }

    fn relationship(&mut self, kind: &str, from: &str, to: &[String], scope: Option<ScopeKey>) {
        self.relationship_count += 1;
        let local = format!("Relationship-{}", self.relationship_count);
        let mut r = json!({
            "type": "Relationship",
            "spdxId": self.iri(&local),
            "from": from,
            "relationshipType": kind,
            "to": to,
        });
        if let Some(scope) = scope {
            r["type"] = json!("LifecycleScopedRelationship");
            r["scope"] = json!(match scope {
                ScopeKey::Runtime | ScopeKey::Provided => "runtime",
                ScopeKey::Development => "development",
                ScopeKey::Build => "build",
                ScopeKey::Test => "test",
            });
        }
        self.element(r);
    }

    fn license(&mut self, kind: &str, from: &str, expr: Option<&str>) {
        if let Some(expr) = expr {
            let to = self.expression(expr);
            self.relationship(kind, from, &[to], None);
        }
    }
}

/// The document.
pub fn document(doc: &Doc) -> Value {
    let mut g = Graph { doc, elements: Vec::new(), expressions: BTreeMap::new(), relationship_count: 0 };
    let tool = g.iri("Tool-ospo");
    let agent = g.iri("Agent-ospo");
    let mut created_by = vec![agent.clone()];
    // The tool made the document; an organisation or person the config names is credited too.
    g.element(json!({ "type": "SoftwareAgent", "spdxId": agent, "name": doc.tool }));
    if let Some(org) = &doc.creator_organization {
        let iri = g.iri("Agent-organization");
        g.element(json!({ "type": "Organization", "spdxId": iri, "name": org }));
        created_by.push(iri);
    }
    if let Some(person) = &doc.creator_person {
        let iri = g.iri("Agent-person");
        g.element(json!({ "type": "Person", "spdxId": iri, "name": person }));
        created_by.push(iri);
    }
    g.element(
        json!({ "type": "Tool", "spdxId": tool, "name": format!("{}-{}", doc.tool, doc.tool_version) }),
    );
    let mut created_using = vec![tool];
    for (name, version, sha256) in &doc.plugins {
        let iri = g.iri(&format!(
            "Tool-plugin-{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-")
        ));
        let mut t =
            json!({ "type": "Tool", "spdxId": iri, "name": format!("{}-plugin-{name}-{version}", doc.tool) });
        if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            t["verifiedUsing"] = json!([{ "type": "Hash", "algorithm": "sha256", "hashValue": sha256 }]);
        }
        g.element(t);
        created_using.push(iri);
    }
    let mut suppliers: BTreeMap<String, String> = BTreeMap::new();
    for p in &doc.packages {
        let iri = g.iri(&p.local);
        let mut v = json!({
            "type": "software_Package",
            "spdxId": iri,
            "name": p.name,
            "software_primaryPurpose": match p.purpose {
                Purpose::Application => "application",
                Purpose::Library => "library",
            },
        });
        if let Some(version) = &p.version {
            v["software_packageVersion"] = json!(version);
        }
        if let Some(download) = &p.download {
            v["software_downloadLocation"] = json!(download);
        }
        if let Some(home) = &p.homepage {
            v["software_homePage"] = json!(home);
        }
        if let Some(purl) = &p.purl {
            v["software_packageUrl"] = json!(purl);
            v["externalIdentifier"] = json!([{ "type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": purl }]);
        }
        if !p.checksums.is_empty() {
            v["verifiedUsing"] = json!(
                p.checksums
                    .iter()
                    .map(|(alg, value)| json!({ "type": "Hash", "algorithm": algorithm(*alg), "hashValue": value }))
                    .collect::<Vec<_>>()
            );
        }
        if !p.copyrights.is_empty() {
            v["software_copyrightText"] = json!(p.copyrights.join("\n"));
        }
        if let Some(supplier) = &p.supplier {
            let next = suppliers.len() + 1;
            let agent = suppliers
                .entry(supplier.clone())
                .or_insert_with(|| g.iri(&format!("Agent-supplier-{next}")))
                .clone();
            v["suppliedBy"] = json!(agent);
        }
        if p.purpose == Purpose::Library {
            v["comment"] = json!(format!("ospo: scope={} direct={}", scope_name(p.scope), p.direct));
        }
        g.element(v);
        g.license("hasDeclaredLicense", &iri, p.declared.as_deref());
        g.license("hasConcludedLicense", &iri, p.concluded.as_deref());
    }
    for (name, iri) in suppliers {
        g.element(json!({ "type": "Organization", "spdxId": iri, "name": name }));
    }
    for f in &doc.files {
        let iri = g.iri(&f.local);
        let mut v =
            json!({ "type": "software_File", "spdxId": iri, "name": f.path, "software_fileKind": "file" });
        if !f.copyrights.is_empty() {
            v["software_copyrightText"] = json!(f.copyrights.join("\n"));
        }
        g.element(v);
        for expr in &f.licenses {
            g.license("hasDeclaredLicense", &iri, Some(expr));
        }
    }
    for (id, text) in &doc.extracted {
        let iri = g.iri(&format!("LicenseText-{id}"));
        g.element(json!({
            "type": "simplelicensing_SimpleLicensingText",
            "spdxId": iri,
            "name": id,
            "simplelicensing_licenseText": text,
        }));
    }
    // Relationships grouped by source: one element per (from, type, scope) with every target.
    let mut grouped: BTreeMap<(String, &str, Option<ScopeKey>), Vec<String>> = BTreeMap::new();
    for rel in &doc.relationships {
        let (from, kind, to, scope) = match rel {
            Rel::Contains { from, to } => (from, "contains", to, None),
            Rel::DependsOn { from, to, scope: ScopeKey::Runtime, optional: false } => {
                (from, "dependsOn", to, None)
            }
            Rel::DependsOn { from, to, scope, .. } => (from, "dependsOn", to, Some(*scope)),
        };
        grouped.entry((g.iri(from), kind, scope)).or_default().push(g.iri(to));
    }
    for ((from, kind, scope), to) in grouped {
        g.relationship(kind, &from, &to, scope);
    }
    let root = g.iri(&doc.root);
    let sbom = g.iri("SBOM");
    let members: Vec<String> =
        g.elements.iter().filter_map(|e| e["spdxId"].as_str().map(str::to_string)).collect();
    let mut graph = vec![json!({
        "type": "CreationInfo",
        "@id": CREATION,
        "specVersion": "3.0.1",
        "created": doc.created,
        "createdBy": created_by,
        "createdUsing": created_using,
    })];
    graph.push(json!({
        "type": "SpdxDocument",
        "spdxId": g.iri("Document"),
        "creationInfo": CREATION,
        "name": doc.name,
        "profileConformance": ["core", "software", "simpleLicensing"],
        "rootElement": [sbom],
        "element": members.iter().cloned().chain([sbom.clone()]).collect::<Vec<_>>(),
    }));
    graph.push(json!({
        "type": "software_Sbom",
        "spdxId": sbom,
        "creationInfo": CREATION,
        "software_sbomType": ["source"],
        "rootElement": [root],
        "element": members,
    }));
    graph.extend(g.elements);
    json!({ "@context": CONTEXT, "@graph": graph })
}
