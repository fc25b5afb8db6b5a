//! CycloneDX XML (1.4–1.7) into the JSON shape [`crate::cyclonedx`] reads, with each
//! component's line recorded under its JSON path. The XML and JSON encodings carry the same
//! model; only the spelling differs (`<hashes><hash alg="SHA-256">` is `hashes[{alg, content}]`,
//! `<dependency ref><dependency ref/></dependency>` is `{ref, dependsOn}`, the version is in the
//! namespace `http://cyclonedx.org/schema/bom/1.6`).

use std::collections::HashMap;

use ospo_plugin_sdk::json_lines::Segment;
use ospo_plugin_sdk::text::LineIndex;
use serde_json::{Map, Value, json};

use crate::lines::join;
use crate::xml::Element;

const NAMESPACE: &str = "http://cyclonedx.org/schema/bom/";

/// The spec version a `bom` element's namespace names, when it is CycloneDX's.
pub fn spec_version(root: &Element) -> Option<&str> {
    root.attributes.iter().find_map(|(_, v)| v.strip_prefix(NAMESPACE))
}

/// The document as CycloneDX JSON, and the line of every component by its JSON path.
pub fn to_json(root: &Element, text: &str) -> (Value, HashMap<Vec<Segment>, u32>) {
    let index = LineIndex::new(text.as_bytes());
    let mut builder = Builder { index, lines: HashMap::new() };
    let mut bom = Map::new();
    bom.insert("bomFormat".into(), json!("CycloneDX"));
    if let Some(version) = spec_version(root) {
        bom.insert("specVersion".into(), json!(version));
    }
    if let Some(component) = root.child("metadata").and_then(|m| m.child("component")) {
        let at = vec![Segment::key("metadata"), Segment::key("component")];
        bom.insert("metadata".into(), json!({ "component": builder.component(component, &at) }));
    }
    if let Some(list) = root.child("components") {
        let components: Vec<Value> = list
            .children("component")
            .enumerate()
            .map(|(i, c)| builder.component(c, &[Segment::key("components"), Segment::Index(i)]))
            .collect();
        bom.insert("components".into(), json!(components));
    }
    if let Some(list) = root.child("dependencies") {
        let entries: Vec<Value> = list
            .children("dependency")
            .filter_map(|d| {
                let depends: Vec<&str> =
                    d.children("dependency").filter_map(|c| c.attribute("ref")).collect();
                Some(json!({ "ref": d.attribute("ref")?, "dependsOn": depends }))
            })
            .collect();
        bom.insert("dependencies".into(), json!(entries));
    }
    if let Some(list) = root.child("compositions") {
        let compositions: Vec<Value> = list
            .children("composition")
            .map(|c| {
                let refs = |group: &str, each: &str| -> Vec<String> {
                    c.child(group)
                        .map(|g| {
                            g.children(each).filter_map(|e| e.attribute("ref")).map(str::to_string).collect()
                        })
                        .unwrap_or_default()
                };
                json!({
                    "aggregate": c.text_of("aggregate"),
                    "assemblies": refs("assemblies", "assembly"),
                    "dependencies": refs("dependencies", "dependency"),
                })
            })
            .collect();
        bom.insert("compositions".into(), json!(compositions));
    }
    (Value::Object(bom), builder.lines)
}

struct Builder {
    index: LineIndex,
    lines: HashMap<Vec<Segment>, u32>,
}

impl Builder {
    fn component(&mut self, c: &Element, at: &[Segment]) -> Value {
        self.lines.insert(at.to_vec(), self.index.line_of(c.offset));
        let mut v = Map::new();
        for (key, attribute) in [("bom-ref", "bom-ref"), ("type", "type")] {
            if let Some(value) = c.attribute(attribute) {
                v.insert(key.into(), json!(value));
            }
        }
        for key in ["name", "group", "version", "purl", "scope", "publisher"] {
            if let Some(value) = c.text_of(key) {
                v.insert(key.into(), json!(value));
            }
        }
        if let Some(name) = c.child("supplier").and_then(|s| s.text_of("name")) {
            v.insert("supplier".into(), json!({ "name": name }));
        }
        if let Some(hashes) = c.child("hashes") {
            let list: Vec<Value> = hashes
                .children("hash")
                .filter_map(|h| Some(json!({ "alg": h.attribute("alg")?, "content": h.text.trim() })))
                .collect();
            v.insert("hashes".into(), json!(list));
        }
        if let Some(licenses) = c.child("licenses") {
            let mut list = Vec::new();
            for entry in &licenses.children {
                let ack = entry.attribute("acknowledgement");
                match entry.name.as_str() {
                    "license" => {
                        let mut license = Map::new();
                        for key in ["id", "name"] {
                            if let Some(value) = entry.text_of(key) {
                                license.insert(key.into(), json!(value));
                            }
                        }
                        if let Some(ack) = ack {
                            license.insert("acknowledgement".into(), json!(ack));
                        }
                        list.push(json!({ "license": license }));
                    }
                    // 1.7 writes an expression with its licence texts as `expression-detailed`,
                    // the expression itself in an attribute.
                    "expression" | "expression-detailed" => {
                        let text = entry.attribute("expression").unwrap_or(entry.text.trim());
                        let mut e = json!({ "expression": text });
                        if let Some(ack) = ack {
                            e["acknowledgement"] = json!(ack);
                        }
                        list.push(e);
                    }
                    _ => {}
                }
            }
            v.insert("licenses".into(), json!(list));
        }
        if let Some(refs) = c.child("externalReferences") {
            let list: Vec<Value> = refs
                .children("reference")
                .map(|r| json!({ "type": r.attribute("type"), "url": r.text_of("url"), "comment": r.text_of("comment") }))
                .collect();
            v.insert("externalReferences".into(), json!(list));
        }
        if let Some(props) = c.child("properties") {
            let list: Vec<Value> = props
                .children("property")
                .map(|p| json!({ "name": p.attribute("name"), "value": p.text.trim() }))
                .collect();
            v.insert("properties".into(), json!(list));
        }
        if let Some(children) = c.child("components") {
            let list: Vec<Value> = children
                .children("component")
                .enumerate()
                .map(|(i, child)| {
                    self.component(child, &join(at, &[Segment::key("components"), Segment::Index(i)]))
                })
                .collect();
            v.insert("components".into(), json!(list));
        }
        Value::Object(v)
    }
}
