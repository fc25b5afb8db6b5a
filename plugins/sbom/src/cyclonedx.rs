//! CycloneDX (1.4–1.7) in its JSON shape: the JSON document itself, or what [`crate::cyclonedx_xml`]
//! builds from an XML one.
//!
//! `metadata.component` is the root; `components` are read with their nested `components`
//! (an assembly: the parent contains the child, an edge unless `dependencies` says otherwise);
//! `dependencies` gives the edges. Licences without an `acknowledgement` (before 1.6) are the
//! declared ones. ospo's own properties (`ospo:scope`, `ospo:direct`, `ospo:source-*`, ...)
//! carry what CycloneDX has no field for, so ospo's SBOM reads back as the scan it came from.

use std::collections::BTreeSet;

use ospo_plugin_sdk::json_lines::Segment;
use ospo_plugin_sdk::{DependencyScope, Diagnostic, Hash, HashAlgorithm, Level, PackageSource, SourceKind};
use serde_json::Value;

use crate::bom::{Bom, Item, Link, ScopeKey};
use crate::lines::{Lines, join};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// A hash algorithm by its CycloneDX name (`SHA-256`, `SHA3-512`, `BLAKE2b-256`, `BLAKE3`).
fn algorithm(name: &str) -> Option<HashAlgorithm> {
    HashAlgorithm::parse(name)
}

/// The keys whose line is the component's line, in order of preference.
const LINE_KEYS: &[&str] = &["bom-ref", "name", "purl", "type"];

/// Reads a CycloneDX document; `encoding` is `JSON` or `XML`.
pub fn read(bom: &Value, lines: &Lines, encoding: &str, path: &str) -> Bom {
    let spec = str_of(bom, "specVersion").unwrap_or("(no specVersion)");
    let mut out = Bom { format: format!("CycloneDX {spec} {encoding}"), ..Bom::default() };
    let mut reader = Reader { lines, path, out: &mut out, synthetic: 0 };
    if let Some(root) = bom.get("metadata").and_then(|m| m.get("component")) {
        let at = vec![Segment::key("metadata"), Segment::key("component")];
        let reference = reader.component(root, &at, None);
        reader.out.root = Some(reference);
    }
    for (i, c) in array(bom, "components").iter().enumerate() {
        reader.component(c, &[Segment::key("components"), Segment::Index(i)], None);
    }
    let known: BTreeSet<String> = out.items.iter().map(|i| i.reference.clone()).collect();
    let mut unresolved = BTreeSet::new();
    for entry in array(bom, "dependencies") {
        let Some(from) = str_of(entry, "ref") else { continue };
        // 1.4 onwards: `dependsOn` is a list of refs (1.2/1.3 wrote `{"ref": ..}` objects).
        for to in array(entry, "dependsOn") {
            let Some(to) = to.as_str().or_else(|| str_of(to, "ref")) else { continue };
            for end in [from, to] {
                if !known.contains(end) {
                    unresolved.insert(end.to_string());
                }
            }
            out.links.push(Link { from: from.to_string(), to: to.to_string(), scope: None, optional: None });
        }
    }
    if !unresolved.is_empty() {
        let shown: Vec<&str> = unresolved.iter().take(5).map(String::as_str).collect();
        out.diagnostics.push(
            Diagnostic::new(
                "sbom-reference-unresolved",
                Level::Warning,
                format!(
                    "{}: `dependencies` names {} reference(s) no component has ({}); those edges are missing",
                    out.format,
                    unresolved.len(),
                    shown.join(", ")
                ),
            )
            .at(path, None),
        );
    }
    out.complete = complete(bom, out.root.as_deref());
    out
}

/// Whether the graph is complete: what `compositions` says of the root (or of the whole BOM),
/// else whether there is a dependency graph at all.
fn complete(bom: &Value, root: Option<&str>) -> bool {
    let compositions = array(bom, "compositions");
    if compositions.is_empty() {
        return !array(bom, "dependencies").is_empty();
    }
    let covers = |c: &Value| {
        root.is_some_and(|r| {
            array(c, "dependencies").iter().chain(array(c, "assemblies")).any(|d| d.as_str() == Some(r))
        })
    };
    match compositions.iter().find(|c| covers(c)) {
        Some(c) => str_of(c, "aggregate") == Some("complete"),
        // No composition names the root: complete only if every one says so.
        None => compositions.iter().all(|c| str_of(c, "aggregate") == Some("complete")),
    }
}

struct Reader<'a> {
    lines: &'a Lines,
    path: &'a str,
    out: &'a mut Bom,
    /// Components without a `bom-ref` get a local one (nothing can point at them).
    synthetic: usize,
}

fn property<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    array(c, "properties").iter().find(|p| str_of(p, "name") == Some(name)).and_then(|p| str_of(p, "value"))
}

impl Reader<'_> {
    /// Reads the component at `at` and its nested ones; returns its reference.
    fn component(&mut self, c: &Value, at: &[Segment], parent: Option<&str>) -> String {
        let reference = match str_of(c, "bom-ref") {
            Some(r) => r.to_string(),
            None => {
                self.synthetic += 1;
                format!("#component-{}", self.synthetic)
            }
        };
        let item = self.item(c, at, &reference);
        self.out.items.push(item);
        if let Some(parent) = parent {
            self.out.links.push(Link {
                from: parent.to_string(),
                to: reference.clone(),
                scope: None,
                optional: None,
            });
        }
        for (i, child) in array(c, "components").iter().enumerate() {
            let child_at = join(at, &[Segment::key("components"), Segment::Index(i)]);
            self.component(child, &child_at, Some(&reference));
        }
        reference
    }

    fn item(&mut self, c: &Value, at: &[Segment], reference: &str) -> Item {
        let line = self.lines.of(at, LINE_KEYS);
        let mut item = Item {
            reference: reference.to_string(),
            line,
            name: str_of(c, "name").unwrap_or_default().to_string(),
            group: str_of(c, "group").map(str::to_string),
            version: str_of(c, "version").map(str::to_string),
            purl: str_of(c, "purl").map(str::to_string),
            ecosystem: property(c, "ospo:ecosystem").map(str::to_string),
            ..Item::default()
        };
        for h in array(c, "hashes") {
            let (Some(alg), Some(content)) = (str_of(h, "alg"), str_of(h, "content")) else { continue };
            match algorithm(alg) {
                Some(alg) if content.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    item.hashes.push(Hash::new(alg, content));
                }
                // An algorithm the contract has no name for (STREEBOG, BLAKE2b-384) says
                // nothing the inventory can hold; a non-hex value is damage.
                Some(_) => self.out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Warning,
                        format!(
                            "{}: a {alg} hash of {} is not hex; it is not read",
                            self.out.format, item.name
                        ),
                    )
                    .at(self.path, line),
                ),
                None => {}
            }
        }
        // CycloneDX has no development scope: `excluded` is what the product does not ship.
        match str_of(c, "scope") {
            Some("optional") => item.optional = true,
            Some("excluded") => item.scope = Some(DependencyScope::Development),
            _ => {}
        }
        if let Some(scope) = property(c, "ospo:scope").and_then(ScopeKey::parse) {
            item.scope = Some(scope.scope());
        }
        if let Some(optional) = property(c, "ospo:optional") {
            item.optional = optional == "true";
        }
        item.direct = property(c, "ospo:direct").map(|d| d == "true");
        for entry in array(c, "licenses") {
            let license = entry.get("license");
            let acknowledgement = str_of(entry, "acknowledgement")
                .or_else(|| license.and_then(|l| str_of(l, "acknowledgement")));
            let text = str_of(entry, "expression")
                .or_else(|| license.and_then(|l| str_of(l, "id").or_else(|| str_of(l, "name"))));
            let Some(text) = text else { continue };
            match acknowledgement {
                Some("concluded") => item.concluded.push(text.to_string()),
                _ => item.declared.push(text.to_string()),
            }
        }
        // ospo's 1.6 SBOM keeps the declared licence here when both cannot be licence objects.
        if let Some(declared) = property(c, "ospo:declared-license") {
            item.declared.push(declared.to_string());
        }
        item.concluded_reason = property(c, "ospo:concluded-reason").map(str::to_string);
        item.supplier = c
            .get("supplier")
            .and_then(|s| str_of(s, "name"))
            .or_else(|| str_of(c, "publisher"))
            .map(str::to_string);
        for r in array(c, "externalReferences") {
            let url = str_of(r, "url");
            match (str_of(r, "type"), url) {
                (Some("website"), Some(url)) if item.homepage.is_none() => {
                    item.homepage = Some(url.to_string())
                }
                (Some("vcs"), Some(url)) if item.source.is_none() => {
                    item.source = Some(PackageSource::git(url, commit_of(r)));
                }
                (Some("distribution"), Some(url)) if item.source.is_none() => {
                    item.source = Some(PackageSource::url(url));
                }
                _ => {}
            }
        }
        if let Some(kind) = property(c, "ospo:source-kind") {
            let url = property(c, "ospo:source-url");
            let kind = match kind {
                "registry" => Some(SourceKind::Registry),
                "git" => Some(SourceKind::Git),
                "path" => Some(SourceKind::Path),
                "url" => Some(SourceKind::Url),
                _ => None,
            };
            if let Some(kind) = kind {
                let mut source = PackageSource::new(kind, url);
                source.commit = property(c, "ospo:source-commit").map(str::to_string);
                item.source = Some(source);
            }
        }
        item
    }
}

/// The commit ospo writes in a vcs reference's comment (`commit 3f2c1a9`).
fn commit_of(reference: &Value) -> Option<&str> {
    str_of(reference, "comment").and_then(|c| c.strip_prefix("commit ")).map(str::trim)
}
