//! SPDX 2.x tag-value into the JSON shape [`crate::spdx2`] reads, with each package's line.
//!
//! A document is `Tag: value` lines; a value that spans lines is wrapped in `<text>...</text>`.
//! `PackageName` starts a package and the package tags after it are its fields until a file,
//! snippet or licence section starts (their `SPDXID`s are not packages'). `#` lines are comments.
//! A line that is none of these is damage: it is reported with its number and skipped.

use std::collections::HashMap;

use ospo_plugin_sdk::json_lines::Segment;
use serde_json::{Map, Value, json};

/// A line that does not read, with its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub line: u32,
    pub message: String,
}

/// What a tag-value document reads as.
pub struct Read {
    pub doc: Value,
    pub lines: HashMap<Vec<Segment>, u32>,
    pub damage: Vec<Damage>,
}

/// Whether `text` is a tag-value document (its version tag is on a line of its own).
pub fn sniff(text: &str) -> bool {
    text.lines().take(64).any(|l| l.trim_start().starts_with("SPDXVersion:"))
}

/// Where a tag's value goes.
enum Section {
    /// Before the first package: document fields.
    Document,
    /// Inside the package at this index.
    Package(usize),
    /// A file, snippet or licence section: nothing read.
    Other,
}

pub fn read(text: &str) -> Read {
    let mut doc = Map::new();
    let mut packages: Vec<Map<String, Value>> = Vec::new();
    let mut relationships = Vec::new();
    let mut lines = HashMap::new();
    let mut damage = Vec::new();
    let mut section = Section::Document;
    let mut numbered = text.lines().enumerate().map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l));
    while let Some((number, line)) = numbered.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, value)) = trimmed.split_once(':') else {
            damage.push(Damage {
                line: number,
                message: format!("`{}` is not a `Tag: value` line", clip(trimmed)),
            });
            continue;
        };
        let tag = tag.trim();
        let mut value = value.trim().to_string();
        if let Some(rest) = value.strip_prefix("<text>") {
            // A `<text>` value runs to its `</text>`, on this line or a later one.
            let mut full = rest.to_string();
            while !full.contains("</text>") {
                match numbered.next() {
                    Some((_, next)) => {
                        full.push('\n');
                        full.push_str(next);
                    }
                    None => {
                        damage.push(Damage {
                            line: number,
                            message: format!("the <text> value of {tag} is never closed with </text>"),
                        });
                        break;
                    }
                }
            }
            value = full.split("</text>").next().unwrap_or_default().to_string();
        }
        if tag.is_empty() || tag.contains(char::is_whitespace) {
            damage.push(Damage {
                line: number,
                message: format!("`{}` is not a `Tag: value` line", clip(trimmed)),
            });
            continue;
        }
        match tag {
            "SPDXVersion" => {
                doc.insert("spdxVersion".into(), json!(value));
            }
            "PackageName" => {
                lines.insert(vec![Segment::key("packages"), Segment::Index(packages.len())], number);
                section = Section::Package(packages.len());
                packages.push(Map::from_iter([("name".to_string(), json!(value))]));
            }
            "FileName" | "SnippetSPDXID" | "LicenseID" => section = Section::Other,
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                match parts.as_slice() {
                    [from, kind, to, ..] => relationships.push(
                        json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to }),
                    ),
                    _ => damage.push(Damage {
                        line: number,
                        message: format!("Relationship `{}` is not `ELEMENT TYPE ELEMENT`", clip(&value)),
                    }),
                }
            }
            _ => {
                if let Section::Package(index) = section
                    && let Some(package) = packages.get_mut(index)
                {
                    package_tag(package, tag, &value, number, &mut damage);
                }
            }
        }
    }
    doc.insert("packages".into(), Value::Array(packages.into_iter().map(Value::Object).collect()));
    doc.insert("relationships".into(), json!(relationships));
    Read { doc: Value::Object(doc), lines, damage }
}

fn package_tag(
    package: &mut Map<String, Value>,
    tag: &str,
    value: &str,
    line: u32,
    damage: &mut Vec<Damage>,
) {
    let field = match tag {
        "SPDXID" => "SPDXID",
        "PackageVersion" => "versionInfo",
        "PackageSupplier" => "supplier",
        "PackageDownloadLocation" => "downloadLocation",
        "PackageHomePage" => "homepage",
        "PackageLicenseDeclared" => "licenseDeclared",
        "PackageLicenseConcluded" => "licenseConcluded",
        "PackageComment" => "comment",
        "PackageChecksum" => {
            let Some((algorithm, sum)) = value.split_once(':') else {
                damage.push(Damage {
                    line,
                    message: format!("PackageChecksum `{}` is not `ALGORITHM: VALUE`", clip(value)),
                });
                return;
            };
            push(package, "checksums", json!({ "algorithm": algorithm.trim(), "checksumValue": sum.trim() }));
            return;
        }
        "ExternalRef" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            match parts.as_slice() {
                [category, kind, locator] => push(
                    package,
                    "externalRefs",
                    json!({ "referenceCategory": category, "referenceType": kind, "referenceLocator": locator }),
                ),
                _ => damage.push(Damage {
                    line,
                    message: format!("ExternalRef `{}` is not `CATEGORY TYPE LOCATOR`", clip(value)),
                }),
            }
            return;
        }
        _ => return,
    };
    package.insert(field.to_string(), json!(value));
}

fn push(package: &mut Map<String, Value>, key: &str, value: Value) {
    if let Some(list) = package.entry(key).or_insert_with(|| json!([])).as_array_mut() {
        list.push(value);
    }
}

/// A line shown in a message: at most 80 characters of it.
fn clip(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}
