//! SPDX 3.0 JSON-LD (the compact form the 3.0.1 context defines).
//!
//! `software_Package` elements are components: the purl is `software_packageUrl` or a
//! `packageUrl` external identifier, hashes are `verifiedUsing`, the supplier the name of the
//! `suppliedBy` agent. Licences are relationships: `hasDeclaredLicense` / `hasConcludedLicense`
//! to a `simplelicensing_LicenseExpression` (or a listed licence's IRI). Dependencies are
//! `dependsOn` (lifecycle-scoped when a scope is given), `hasOptionalDependency`,
//! `hasProvidedDependency`, the link types and `contains`; the root is the `software_Sbom`'s
//! root element.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::json_lines::Segment;
use ospo_plugin_sdk::{Hash, HashAlgorithm};
use serde_json::Value;

use crate::bom::{Bom, Item, Link, ScopeKey};
use crate::lines::Lines;
use crate::spdx2::{download_source, ospo_comment};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// An element's id: `spdxId`, or `@id` for blank nodes.
fn id_of(e: &Value) -> Option<&str> {
    str_of(e, "spdxId").or_else(|| str_of(e, "@id"))
}

/// SPDX 3's `HashAlgorithm` vocabulary.
fn algorithm(name: &str) -> Option<HashAlgorithm> {
    Some(match name {
        "md5" => HashAlgorithm::Md5,
        "sha1" => HashAlgorithm::Sha1,
        "sha256" => HashAlgorithm::Sha256,
        "sha384" => HashAlgorithm::Sha384,
        "sha512" => HashAlgorithm::Sha512,
        "sha3_256" => HashAlgorithm::Sha3256,
        "sha3_512" => HashAlgorithm::Sha3512,
        "blake2b256" => HashAlgorithm::Blake2b256,
        "blake2b512" => HashAlgorithm::Blake2b512,
        "blake3" => HashAlgorithm::Blake3,
        _ => return None,
    })
}

/// The listed licences' IRI prefix (`https://spdx.org/licenses/MIT`).
const LISTED: &str = "https://spdx.org/licenses/";

pub fn read(doc: &Value, lines: &Lines) -> Bom {
    let graph = array(doc, "@graph");
    let by_id: HashMap<&str, &Value> = graph.iter().filter_map(|e| Some((id_of(e)?, e))).collect();
    let version = graph
        .iter()
        .find(|e| str_of(e, "type") == Some("CreationInfo"))
        .and_then(|e| str_of(e, "specVersion"))
        .unwrap_or("3");
    let mut out = Bom { format: format!("SPDX {version} JSON-LD"), ..Bom::default() };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, e) in graph.iter().enumerate() {
        if str_of(e, "type") != Some("software_Package") {
            continue;
        }
        let Some(reference) = id_of(e) else { continue };
        let at = [Segment::key("@graph"), Segment::Index(i)];
        let mut item = Item {
            reference: reference.to_string(),
            line: lines.of(&at, &["spdxId", "type"]),
            name: str_of(e, "name").unwrap_or_default().to_string(),
            version: str_of(e, "software_packageVersion").map(str::to_string),
            homepage: str_of(e, "software_homePage").map(str::to_string),
            source: str_of(e, "software_downloadLocation").and_then(download_source),
            supplier: str_of(e, "suppliedBy")
                .and_then(|agent| by_id.get(agent))
                .and_then(|agent| str_of(agent, "name"))
                .map(str::to_string),
            ..Item::default()
        };
        item.purl = str_of(e, "software_packageUrl")
            .or_else(|| {
                array(e, "externalIdentifier")
                    .iter()
                    .find(|x| str_of(x, "externalIdentifierType") == Some("packageUrl"))
                    .and_then(|x| str_of(x, "identifier"))
            })
            .map(str::to_string);
        for h in array(e, "verifiedUsing") {
            if let (Some(alg), Some(value)) =
                (str_of(h, "algorithm").and_then(algorithm), str_of(h, "hashValue"))
                && value.bytes().all(|b| b.is_ascii_hexdigit())
            {
                item.hashes.push(Hash::new(alg, value));
            }
        }
        if let Some(comment) = str_of(e, "comment") {
            ospo_comment(comment, &mut item);
        }
        index.insert(reference, out.items.len());
        out.items.push(item);
    }
    out.root = graph
        .iter()
        .filter(|e| str_of(e, "type") == Some("software_Sbom"))
        .flat_map(|e| array(e, "rootElement"))
        .filter_map(Value::as_str)
        .find(|r| index.contains_key(r))
        .map(str::to_string);
    for r in graph
        .iter()
        .filter(|e| matches!(str_of(e, "type"), Some("Relationship" | "LifecycleScopedRelationship")))
    {
        let (Some(from), Some(kind)) = (str_of(r, "from"), str_of(r, "relationshipType")) else { continue };
        let targets = array(r, "to").iter().filter_map(Value::as_str);
        match kind {
            "hasDeclaredLicense" | "hasConcludedLicense" => {
                let Some(&at) = index.get(from) else { continue };
                for to in targets {
                    let Some(expression) = license(to, &by_id) else { continue };
                    let item = &mut out.items[at];
                    if kind == "hasDeclaredLicense" {
                        item.declared.push(expression);
                    } else {
                        item.concluded.push(expression);
                    }
                }
            }
            _ => {
                let Some((scope, optional)) = dependency(kind, str_of(r, "scope")) else { continue };
                for to in targets {
                    out.links.push(Link { from: from.to_string(), to: to.to_string(), scope, optional });
                }
            }
        }
    }
    let packages: BTreeSet<&str> = index.keys().copied().collect();
    out.complete =
        out.links.iter().any(|l| packages.contains(l.from.as_str()) && packages.contains(l.to.as_str()));
    out
}

/// A dependency relationship's scope and optionality; `None` for other relationship types.
fn dependency(kind: &str, scope: Option<&str>) -> Option<(Option<ScopeKey>, Option<bool>)> {
    let lifecycle = match scope {
        Some("development") => ScopeKey::Development,
        Some("build") => ScopeKey::Build,
        Some("test") => ScopeKey::Test,
        _ => ScopeKey::Runtime,
    };
    Some(match kind {
        "dependsOn" | "hasStaticLink" | "hasDynamicLink" => (Some(lifecycle), None),
        "hasOptionalDependency" => (Some(lifecycle), Some(true)),
        "hasProvidedDependency" => (Some(ScopeKey::Provided), None),
        "contains" => (None, None),
        _ => return None,
    })
}

/// The expression of a licence element: a `simplelicensing_LicenseExpression`, a listed licence
/// by IRI or as an element, a custom licence by its name. `NoneLicense` and `NoAssertionLicense`
/// state none.
fn license(iri: &str, by_id: &HashMap<&str, &Value>) -> Option<String> {
    if iri.ends_with("/NoneLicense") || iri.ends_with("/NoAssertionLicense") {
        return None;
    }
    if let Some(element) = by_id.get(iri) {
        if let Some(expression) = str_of(element, "simplelicensing_licenseExpression") {
            return Some(expression.to_string());
        }
        if let Some(name) = str_of(element, "name") {
            return Some(name.to_string());
        }
    }
    iri.strip_prefix(LISTED).map(str::to_string)
}
