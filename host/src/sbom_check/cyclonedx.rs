//! CycloneDX JSON (1.4–1.7) into [`Sbom`] facts.

use std::collections::BTreeSet;

use serde_json::Value;

use super::facts::{Component, Document, Sbom, algorithm, asserted, is_contact};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// An organisational entity or contact has an email or URL.
fn entity_contact(entity: &Value) -> bool {
    str_of(entity, "email").is_some_and(is_contact)
        || array(entity, "url").iter().filter_map(Value::as_str).any(is_contact)
        || array(entity, "contact").iter().any(entity_contact)
}

fn property<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    array(c, "properties").iter().find(|p| str_of(p, "name") == Some(name)).and_then(|p| str_of(p, "value"))
}

fn component(c: &Value, graph: &BTreeSet<&str>) -> Component {
    let reference = str_of(c, "bom-ref").unwrap_or_default().to_string();
    let supplier = c.get("supplier").or_else(|| c.get("manufacturer"));
    let supplier_name = supplier
        .and_then(|s| str_of(s, "name"))
        .or_else(|| str_of(c, "publisher"))
        .or_else(|| str_of(c, "author"))
        .or_else(|| array(c, "authors").first().and_then(|a| str_of(a, "name")));
    let mut identifiers = Vec::new();
    for key in ["purl", "cpe", "omniborId", "swhid"] {
        if let Some(id) = str_of(c, key) {
            identifiers.push(id.to_string());
        }
    }
    if let Some(tag) = c.get("swid").and_then(|s| str_of(s, "tagId")) {
        identifiers.push(tag.to_string());
    }
    let mut hashes: Vec<String> =
        array(c, "hashes").iter().filter_map(|h| str_of(h, "alg")).map(algorithm).collect();
    // BSI: the deployable form's hash may sit on its distribution reference.
    for r in array(c, "externalReferences").iter().filter(|r| str_of(r, "type") == Some("distribution")) {
        hashes.extend(array(r, "hashes").iter().filter_map(|h| str_of(h, "alg")).map(algorithm));
    }
    let licenses = array(c, "licenses");
    let choice = |ack: &str| {
        licenses.iter().find_map(|l| {
            let acknowledged =
                l.get("acknowledgement").or_else(|| l.get("license").and_then(|x| x.get("acknowledgement")));
            if acknowledged.and_then(Value::as_str) != Some(ack) {
                return None;
            }
            str_of(l, "expression")
                .or_else(|| l.get("license").and_then(|x| str_of(x, "id").or_else(|| str_of(x, "name"))))
                .map(str::to_string)
        })
    };
    Component {
        name: str_of(c, "name").map(str::to_string),
        version: str_of(c, "version").map(str::to_string),
        supplier: supplier_name.map(str::to_string),
        supplier_contact: supplier.is_some_and(entity_contact)
            || array(c, "authors").iter().any(entity_contact),
        identifiers,
        hashes,
        declared_license: choice("declared"),
        concluded_license: choice("concluded"),
        any_license: !licenses.is_empty(),
        dependencies_stated: graph.contains(reference.as_str()),
        filename: property(c, "bsi:component:filename").map(str::to_string),
        executable: property(c, "bsi:component:executable").map(str::to_string),
        archive: property(c, "bsi:component:archive").map(str::to_string),
        structured: property(c, "bsi:component:structured").map(str::to_string),
        reference,
    }
}

fn walk<'a>(components: &'a [Value], out: &mut Vec<&'a Value>) {
    for c in components {
        out.push(c);
        walk(array(c, "components"), out);
    }
}

/// The facts of a CycloneDX JSON document.
pub fn read(bom: &Value) -> Sbom {
    let metadata = bom.get("metadata").cloned().unwrap_or(Value::Null);
    let graph: BTreeSet<&str> = array(bom, "dependencies").iter().filter_map(|d| str_of(d, "ref")).collect();
    let mut authors: Vec<String> = array(&metadata, "authors")
        .iter()
        .filter_map(|a| str_of(a, "name").or_else(|| str_of(a, "email")))
        .map(str::to_string)
        .collect();
    for key in ["manufacturer", "manufacture", "supplier"] {
        if let Some(name) = metadata.get(key).and_then(|m| str_of(m, "name")) {
            authors.push(name.to_string());
        }
    }
    let author_contact = array(&metadata, "authors").iter().any(entity_contact)
        || ["manufacturer", "manufacture", "supplier"]
            .iter()
            .any(|k| metadata.get(*k).is_some_and(entity_contact));
    // 1.4 lists tools as an array; 1.5+ as {components, services}.
    let tools_value = metadata.get("tools");
    let tool_list: Vec<&Value> = match tools_value {
        Some(Value::Array(tools)) => tools.iter().collect(),
        Some(t) => array(t, "components").iter().chain(array(t, "services")).collect(),
        None => Vec::new(),
    };
    let tools = tool_list.iter().filter_map(|t| str_of(t, "name")).map(str::to_string).collect();
    let generation_context = array(&metadata, "lifecycles")
        .iter()
        .filter_map(|l| str_of(l, "phase").or_else(|| str_of(l, "name")))
        .map(str::to_string)
        .collect();
    let mut all = Vec::new();
    if let Some(root) = metadata.get("component") {
        all.push(root);
    }
    walk(array(bom, "components"), &mut all);
    Sbom {
        document: Document {
            format: "CycloneDX".into(),
            spec_version: str_of(bom, "specVersion").unwrap_or_default().to_string(),
            authors,
            author_contact,
            timestamp: asserted(str_of(&metadata, "timestamp")),
            tools,
            generation_context,
            has_dependencies: !graph.is_empty(),
        },
        components: all.into_iter().map(|c| component(c, &graph)).collect(),
    }
}
