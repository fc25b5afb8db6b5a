//! SPDX 2.x (JSON, and tag-value read into the same shape) and SPDX 3.0 JSON-LD into [`Sbom`]
//! facts.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::facts::{Component, Document, Sbom, algorithm, asserted, is_contact};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// `Organization: ACME (sbom@acme.example)` → the name, and whether it has a contact.
fn agent(value: &str) -> Option<(String, bool)> {
    let value = asserted(Some(value))?;
    let (_, rest) = value.split_once(':').unwrap_or(("", &value));
    Some((rest.trim().to_string(), is_contact(rest)))
}

/// The facts of an SPDX 2.x JSON document.
pub fn read_v2(doc: &Value) -> Sbom {
    let info = doc.get("creationInfo").cloned().unwrap_or(Value::Null);
    let creators: Vec<&str> = array(&info, "creators").iter().filter_map(Value::as_str).collect();
    let people: Vec<&str> = creators.iter().copied().filter(|c| !c.starts_with("Tool:")).collect();
    let mut related: BTreeSet<&str> = BTreeSet::new();
    let dependency_kinds = [
        "DEPENDS_ON",
        "DEPENDENCY_OF",
        "DEV_DEPENDENCY_OF",
        "BUILD_DEPENDENCY_OF",
        "TEST_DEPENDENCY_OF",
        "RUNTIME_DEPENDENCY_OF",
        "OPTIONAL_DEPENDENCY_OF",
        "PROVIDED_DEPENDENCY_OF",
        "DEPENDENCY_MANIFEST_OF",
        "CONTAINS",
        "CONTAINED_BY",
        "STATIC_LINK",
        "DYNAMIC_LINK",
    ];
    for r in array(doc, "relationships") {
        if str_of(r, "relationshipType").is_some_and(|t| dependency_kinds.contains(&t)) {
            related.extend(str_of(r, "spdxElementId"));
            related.extend(str_of(r, "relatedSpdxElement"));
        }
    }
    let components = array(doc, "packages")
        .iter()
        .map(|p| {
            let reference = str_of(p, "SPDXID").unwrap_or_default().to_string();
            let supplier =
                str_of(p, "supplier").and_then(agent).or_else(|| str_of(p, "originator").and_then(agent));
            let identifiers = array(p, "externalRefs")
                .iter()
                .filter(|r| {
                    matches!(
                        str_of(r, "referenceType"),
                        Some("purl" | "cpe23Type" | "cpe22Type" | "swid" | "gitoid")
                    )
                })
                .filter_map(|r| str_of(r, "referenceLocator"))
                .map(str::to_string)
                .collect();
            let declared = asserted(str_of(p, "licenseDeclared"));
            let concluded = asserted(str_of(p, "licenseConcluded"));
            Component {
                name: str_of(p, "name").map(str::to_string),
                version: str_of(p, "versionInfo").map(str::to_string),
                supplier_contact: supplier.as_ref().is_some_and(|s| s.1),
                supplier: supplier.map(|s| s.0),
                identifiers,
                hashes: array(p, "checksums")
                    .iter()
                    .filter_map(|c| str_of(c, "algorithm"))
                    .map(algorithm)
                    .collect(),
                any_license: declared.is_some() || concluded.is_some(),
                declared_license: declared,
                concluded_license: concluded,
                dependencies_stated: related.contains(reference.as_str()),
                filename: str_of(p, "packageFileName").map(str::to_string),
                reference,
                ..Component::default()
            }
        })
        .collect();
    Sbom {
        document: Document {
            format: "SPDX".into(),
            spec_version: str_of(doc, "spdxVersion")
                .unwrap_or_default()
                .trim_start_matches("SPDX-")
                .to_string(),
            authors: people.iter().filter_map(|c| agent(c)).map(|a| a.0).collect(),
            author_contact: people.iter().filter_map(|c| agent(c)).any(|a| a.1),
            timestamp: asserted(str_of(&info, "created")),
            tools: creators
                .iter()
                .filter_map(|c| c.strip_prefix("Tool:"))
                .map(|t| t.trim().to_string())
                .collect(),
            // SPDX 2 has no lifecycle field.
            generation_context: Vec::new(),
            has_dependencies: !related.is_empty(),
        },
        components,
    }
}

/// SPDX 2.x tag-value, read into the JSON shape [`read_v2`] takes (only the fields it reads).
pub fn tag_value_to_json(text: &str) -> Value {
    let mut doc = Map::new();
    let mut creators = Vec::new();
    let mut created = None;
    let mut packages: Vec<Map<String, Value>> = Vec::new();
    let mut relationships = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some((tag, value)) = line.split_once(':') else { continue };
        let mut value = value.trim().to_string();
        // A `<text>` value runs to its `</text>`.
        if let Some(rest) = value.strip_prefix("<text>") {
            let mut full = rest.to_string();
            while !full.contains("</text>") {
                match lines.next() {
                    Some(next) => {
                        full.push('\n');
                        full.push_str(next);
                    }
                    None => break,
                }
            }
            value = full.split("</text>").next().unwrap_or_default().to_string();
        }
        let mut package_field = |key: &str, value: Value| {
            if let Some(p) = packages.last_mut() {
                p.insert(key.to_string(), value);
            }
        };
        match tag.trim() {
            "SPDXVersion" => {
                doc.insert("spdxVersion".into(), json!(value));
            }
            "Creator" => creators.push(json!(value)),
            "Created" => created = Some(value),
            "PackageName" => packages.push(Map::from_iter([("name".to_string(), json!(value))])),
            "SPDXID" => package_field("SPDXID", json!(value)),
            "PackageVersion" => package_field("versionInfo", json!(value)),
            "PackageSupplier" => package_field("supplier", json!(value)),
            "PackageOriginator" => package_field("originator", json!(value)),
            "PackageFileName" => package_field("packageFileName", json!(value)),
            "PackageLicenseDeclared" => package_field("licenseDeclared", json!(value)),
            "PackageLicenseConcluded" => package_field("licenseConcluded", json!(value)),
            "PackageChecksum" => {
                let (alg, sum) = value.split_once(':').unwrap_or((&value, ""));
                if let Some(p) = packages.last_mut() {
                    let sums = p.entry("checksums").or_insert_with(|| json!([]));
                    if let Some(list) = sums.as_array_mut() {
                        list.push(json!({ "algorithm": alg.trim(), "checksumValue": sum.trim() }));
                    }
                }
            }
            "ExternalRef" => {
                let mut parts = value.split_whitespace();
                let (category, kind, locator) = (parts.next(), parts.next(), parts.next());
                if let (Some(category), Some(kind), Some(locator), Some(p)) =
                    (category, kind, locator, packages.last_mut())
                {
                    let refs = p.entry("externalRefs").or_insert_with(|| json!([]));
                    if let Some(list) = refs.as_array_mut() {
                        list.push(json!({ "referenceCategory": category, "referenceType": kind, "referenceLocator": locator }));
                    }
                }
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                if let [from, kind, to] = parts.as_slice() {
                    relationships.push(
                        json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to }),
                    );
                }
            }
            "FileName" | "SnippetSPDXID" | "LicenseID" => {
                // A file, snippet or licence section starts: later SPDXIDs are not a package's.
                packages.push(Map::from_iter([("__not_a_package".to_string(), json!(true))]));
            }
            _ => {}
        }
    }
    let packages: Vec<Value> =
        packages.into_iter().filter(|p| !p.contains_key("__not_a_package")).map(Value::Object).collect();
    doc.insert("creationInfo".into(), json!({ "creators": creators, "created": created }));
    doc.insert("packages".into(), json!(packages));
    doc.insert("relationships".into(), json!(relationships));
    Value::Object(doc)
}

/// The facts of an SPDX 3.0 JSON-LD document.
pub fn read_v3(doc: &Value) -> Sbom {
    let graph = array(doc, "@graph");
    let by_id =
        |id: &str| graph.iter().find(|e| str_of(e, "spdxId") == Some(id) || str_of(e, "@id") == Some(id));
    let info =
        graph.iter().find(|e| str_of(e, "type") == Some("CreationInfo")).cloned().unwrap_or(Value::Null);
    let agent_name = |id: &str| by_id(id).and_then(|a| str_of(a, "name")).unwrap_or(id).to_string();
    let agent_contact = |id: &str| {
        by_id(id).is_some_and(|a| {
            array(a, "externalIdentifier").iter().any(|x| {
                matches!(str_of(x, "externalIdentifierType"), Some("email" | "urlScheme"))
                    || str_of(x, "identifier").is_some_and(is_contact)
            })
        })
    };
    let created_by: Vec<&str> = array(&info, "createdBy").iter().filter_map(Value::as_str).collect();
    let mut related: BTreeSet<&str> = BTreeSet::new();
    let mut licenses: Vec<(&str, &str, &str)> = Vec::new();
    for r in graph
        .iter()
        .filter(|e| matches!(str_of(e, "type"), Some("Relationship" | "LifecycleScopedRelationship")))
    {
        let kind = str_of(r, "relationshipType").unwrap_or_default();
        let from = str_of(r, "from").unwrap_or_default();
        let to: Vec<&str> = array(r, "to").iter().filter_map(Value::as_str).collect();
        match kind {
            "dependsOn"
            | "contains"
            | "hasDynamicLink"
            | "hasStaticLink"
            | "hasProvidedDependency"
            | "hasOptionalDependency" => {
                related.insert(from);
                related.extend(to);
            }
            "hasDeclaredLicense" | "hasConcludedLicense" => {
                for t in to {
                    let expr =
                        by_id(t).and_then(|l| str_of(l, "simplelicensing_licenseExpression")).unwrap_or(t);
                    licenses.push((from, kind, expr));
                }
            }
            _ => {}
        }
    }
    let license = |id: &str, kind: &str| {
        licenses.iter().find(|(f, k, _)| *f == id && *k == kind).map(|(_, _, e)| (*e).to_string())
    };
    let components = graph
        .iter()
        .filter(|e| str_of(e, "type") == Some("software_Package"))
        .map(|p| {
            let reference = str_of(p, "spdxId").unwrap_or_default().to_string();
            let supplier = str_of(p, "suppliedBy");
            let mut identifiers: Vec<String> =
                str_of(p, "software_packageUrl").map(str::to_string).into_iter().collect();
            identifiers.extend(
                array(p, "externalIdentifier")
                    .iter()
                    .filter(|x| {
                        matches!(
                            str_of(x, "externalIdentifierType"),
                            Some("packageUrl" | "cpe22" | "cpe23" | "swid" | "gitoid")
                        )
                    })
                    .filter_map(|x| str_of(x, "identifier"))
                    .map(str::to_string),
            );
            identifiers.dedup();
            let declared = license(&reference, "hasDeclaredLicense");
            let concluded = license(&reference, "hasConcludedLicense");
            Component {
                name: str_of(p, "name").map(str::to_string),
                version: str_of(p, "software_packageVersion").map(str::to_string),
                supplier: supplier.map(agent_name),
                supplier_contact: supplier.is_some_and(agent_contact),
                identifiers,
                hashes: array(p, "verifiedUsing")
                    .iter()
                    .filter_map(|h| str_of(h, "algorithm"))
                    .map(algorithm)
                    .collect(),
                any_license: declared.is_some() || concluded.is_some(),
                declared_license: declared,
                concluded_license: concluded,
                dependencies_stated: related.contains(reference.as_str()),
                filename: None,
                reference,
                ..Component::default()
            }
        })
        .collect();
    let sbom_types = graph
        .iter()
        .filter(|e| str_of(e, "type") == Some("software_Sbom"))
        .flat_map(|e| array(e, "software_sbomType").iter().filter_map(Value::as_str).map(str::to_string))
        .collect();
    Sbom {
        document: Document {
            format: "SPDX".into(),
            spec_version: str_of(&info, "specVersion").unwrap_or_default().to_string(),
            authors: created_by.iter().map(|id| agent_name(id)).collect(),
            author_contact: created_by.iter().any(|id| agent_contact(id)),
            timestamp: asserted(str_of(&info, "created")),
            tools: array(&info, "createdUsing").iter().filter_map(Value::as_str).map(agent_name).collect(),
            generation_context: sbom_types,
            has_dependencies: !related.is_empty(),
        },
        components,
    }
}
