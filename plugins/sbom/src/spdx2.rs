//! SPDX 2.x in its JSON shape: the JSON document, or what [`crate::tagvalue`] builds from a
//! tag-value one.
//!
//! Packages are components; files and snippets are not inventory. The purl is the
//! `PACKAGE-MANAGER purl` external reference; `licenseDeclared` and `licenseConcluded` are read
//! as written (`NOASSERTION` and `NONE` state none). Dependencies are the `DEPENDS_ON` family
//! (`X_DEPENDENCY_OF` written from the dependency's side, with its scope), `CONTAINS` /
//! `CONTAINED_BY` and the link relationships; the root is what the document `DESCRIBES`.
//! ospo's package comment (`ospo: scope=development direct=true`) gives the scope and `direct`.

use ospo_plugin_sdk::json_lines::Segment;
use ospo_plugin_sdk::{Hash, HashAlgorithm, PackageSource};
use serde_json::Value;

use crate::bom::{Bom, Item, Link, ScopeKey, asserted};
use crate::lines::Lines;

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// `Organization: ACME Corp (sbom@acme.example)` → `ACME Corp`.
pub fn agent(value: &str) -> Option<String> {
    let value = asserted(value)?;
    let name = value.split_once(':').map_or(value, |(_, rest)| rest).trim();
    let name = match name.rsplit_once(" (") {
        Some((before, contact)) if contact.contains('@') && contact.ends_with(')') => before.trim(),
        _ => name,
    };
    (!name.is_empty()).then(|| name.to_string())
}

/// A download location as a package source: `git+URL@COMMIT` is git, anything else a URL.
pub fn download_source(location: &str) -> Option<PackageSource> {
    let location = asserted(location)?;
    let Some(git) = location.strip_prefix("git+") else {
        return Some(PackageSource::url(location));
    };
    // ospo and most tools pin the commit after the last `@`, which a URL path does not hold.
    match git.rsplit_once('@') {
        Some((url, commit))
            if commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit()) && url.contains("://") =>
        {
            Some(PackageSource::git(url, Some(commit)))
        }
        _ => Some(PackageSource::git(git, None)),
    }
}

/// ospo's comment: `ospo: scope=runtime direct=true`.
pub fn ospo_comment(comment: &str, item: &mut Item) {
    let Some(rest) = comment.trim().strip_prefix("ospo:") else { return };
    for word in rest.split_whitespace() {
        match word.split_once('=') {
            Some(("scope", scope)) => item.scope = ScopeKey::parse(scope).map(ScopeKey::scope),
            Some(("direct", direct)) => item.direct = Some(direct == "true"),
            _ => {}
        }
    }
}

/// A relationship type as a link from the dependent to its dependency: the link, and whether
/// the type is written from the dependency's side. `None` for types that are not dependencies.
fn dependency(kind: &str) -> Option<(bool, Option<ScopeKey>, Option<bool>)> {
    use ScopeKey::*;
    Some(match kind {
        "DEPENDS_ON" | "STATIC_LINK" | "DYNAMIC_LINK" => (false, Some(Runtime), Some(false)),
        "CONTAINS" => (false, None, None),
        "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" => (true, Some(Runtime), Some(false)),
        "CONTAINED_BY" => (true, None, None),
        "OPTIONAL_DEPENDENCY_OF" => (true, Some(Runtime), Some(true)),
        "DEV_DEPENDENCY_OF" => (true, Some(Development), None),
        "BUILD_DEPENDENCY_OF" => (true, Some(Build), None),
        "TEST_DEPENDENCY_OF" => (true, Some(Test), None),
        "PROVIDED_DEPENDENCY_OF" => (true, Some(Provided), None),
        _ => return None,
    })
}

/// Reads an SPDX 2.x document; `encoding` is `JSON` or `tag-value`.
pub fn read(doc: &Value, lines: &Lines, encoding: &str) -> Bom {
    let version = str_of(doc, "spdxVersion").unwrap_or("SPDX-2");
    let version = version.strip_prefix("SPDX-").unwrap_or(version);
    let mut out = Bom { format: format!("SPDX {version} {encoding}"), ..Bom::default() };
    for (i, p) in array(doc, "packages").iter().enumerate() {
        let at = [Segment::key("packages"), Segment::Index(i)];
        let mut item = Item {
            reference: str_of(p, "SPDXID").unwrap_or_default().to_string(),
            line: lines.of(&at, &["SPDXID", "name"]),
            name: str_of(p, "name").unwrap_or_default().to_string(),
            version: str_of(p, "versionInfo").map(str::to_string),
            supplier: str_of(p, "supplier").and_then(agent),
            homepage: str_of(p, "homepage").and_then(asserted).map(str::to_string),
            source: str_of(p, "downloadLocation").and_then(download_source),
            ..Item::default()
        };
        item.purl = array(p, "externalRefs")
            .iter()
            .find(|r| str_of(r, "referenceType") == Some("purl"))
            .and_then(|r| str_of(r, "referenceLocator"))
            .map(str::to_string);
        for sum in array(p, "checksums") {
            let (Some(alg), Some(value)) = (str_of(sum, "algorithm"), str_of(sum, "checksumValue")) else {
                continue;
            };
            if let Some(alg) = HashAlgorithm::parse(alg)
                && value.bytes().all(|b| b.is_ascii_hexdigit())
            {
                item.hashes.push(Hash::new(alg, value));
            }
        }
        item.declared.extend(str_of(p, "licenseDeclared").map(str::to_string));
        item.concluded.extend(str_of(p, "licenseConcluded").map(str::to_string));
        if let Some(comment) = str_of(p, "comment") {
            ospo_comment(comment, &mut item);
        }
        out.items.push(item);
    }
    out.root = array(doc, "documentDescribes").iter().find_map(Value::as_str).map(str::to_string);
    for r in array(doc, "relationships") {
        let (Some(a), Some(kind), Some(b)) =
            (str_of(r, "spdxElementId"), str_of(r, "relationshipType"), str_of(r, "relatedSpdxElement"))
        else {
            continue;
        };
        if kind == "DESCRIBES" && a == "SPDXRef-DOCUMENT" {
            out.root.get_or_insert_with(|| b.to_string());
            continue;
        }
        let Some((reversed, scope, optional)) = dependency(kind) else { continue };
        let (from, to) = if reversed { (b, a) } else { (a, b) };
        out.links.push(Link { from: from.to_string(), to: to.to_string(), scope, optional });
    }
    // A graph is stated when packages are related, not only a package to its files.
    let packages: std::collections::BTreeSet<&str> = out.items.iter().map(|i| i.reference.as_str()).collect();
    out.complete =
        out.links.iter().any(|l| packages.contains(l.from.as_str()) && packages.contains(l.to.as_str()));
    out
}
