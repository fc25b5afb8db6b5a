//! What every SBOM format is read into before it becomes inventory: components with the fields
//! the formats share, links between them, and the document's root. One conversion
//! ([`Bom::into_output`]) decides ids, `direct`, edge scopes and the manifest record for all of
//! them, so CycloneDX and SPDX read alike.

use std::collections::{BTreeSet, HashMap};

use ospo_plugin_sdk::expression;
use ospo_plugin_sdk::purl;
use ospo_plugin_sdk::{
    Completeness, ConcludedLicense, DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, Hash,
    Level, Manifest, Package, PackageSource, ParseOutput,
};

/// The ecosystem of the manifest record (the packages keep their own).
pub const ECOSYSTEM: &str = "sbom";

/// One component / package element of the document.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// The document's own reference: `bom-ref`, `SPDXID`, `spdxId`.
    pub reference: String,
    pub line: Option<u32>,
    pub name: String,
    /// CycloneDX `group` (a Maven group id, an npm scope), when the name lacks it.
    pub group: Option<String>,
    pub version: Option<String>,
    pub purl: Option<String>,
    /// The ecosystem ospo wrote (`ospo:ecosystem`), for a component without a purl.
    pub ecosystem: Option<String>,
    pub hashes: Vec<Hash>,
    pub scope: Option<DependencyScope>,
    pub optional: bool,
    /// Stated by ospo's own property or comment; otherwise the root's links decide.
    pub direct: Option<bool>,
    /// Expressions (or licence names) as written, all of which apply.
    pub declared: Vec<String>,
    pub concluded: Vec<String>,
    /// Why it was concluded, when the document says (`ospo:concluded-reason`).
    pub concluded_reason: Option<String>,
    pub supplier: Option<String>,
    pub homepage: Option<String>,
    pub source: Option<PackageSource>,
}

/// `from` needs `to` (document references). Scope and optional default to the target's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub scope: Option<ScopeKey>,
    pub optional: Option<bool>,
}

/// [`DependencyScope`] in a sortable form (the WIT enum has no `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScopeKey {
    Runtime,
    Development,
    Build,
    Test,
    Provided,
}

impl ScopeKey {
    pub fn scope(self) -> DependencyScope {
        match self {
            ScopeKey::Runtime => DependencyScope::Runtime,
            ScopeKey::Development => DependencyScope::Development,
            ScopeKey::Build => DependencyScope::Build,
            ScopeKey::Test => DependencyScope::Test,
            ScopeKey::Provided => DependencyScope::Provided,
        }
    }

    /// ospo's own scope names (the `ospo:scope` property, the `ospo: scope=` comment).
    pub fn parse(name: &str) -> Option<ScopeKey> {
        Some(match name {
            "runtime" => ScopeKey::Runtime,
            "development" => ScopeKey::Development,
            "build" => ScopeKey::Build,
            "test" => ScopeKey::Test,
            "provided" => ScopeKey::Provided,
            _ => return None,
        })
    }
}

/// A document read.
#[derive(Debug, Default)]
pub struct Bom {
    /// As users name it: `CycloneDX 1.6 JSON`, `SPDX 2.3 tag-value`.
    pub format: String,
    /// The reference of the component the document describes.
    pub root: Option<String>,
    pub items: Vec<Item>,
    pub links: Vec<Link>,
    /// Whether the document states the whole dependency graph.
    pub complete: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// `NOASSERTION` and `NONE` state no licence the inventory can hold; an empty text neither.
pub fn asserted(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && !text.eq_ignore_ascii_case("NOASSERTION") && !text.eq_ignore_ascii_case("NONE"))
        .then_some(text)
}

/// The canonical expression of what a document wrote: strict SPDX where it is (SBOMs write
/// expressions), else the SDK's lax normalisation (a CycloneDX licence `name`).
fn canonical(raw: &str) -> String {
    expression::canonical(raw).unwrap_or_else(|_| expression::normalize(raw).expression)
}

/// The expression all of `parts` make, and the text as written.
fn combined(parts: &[String]) -> Option<(String, String)> {
    let mut parts: Vec<&str> = parts.iter().filter_map(|p| asserted(p)).collect();
    parts.dedup();
    if parts.is_empty() {
        return None;
    }
    let canonical: Vec<String> = parts.iter().map(|p| canonical(p)).collect();
    let expression = match canonical.as_slice() {
        // The common case, already canonical: no second parse.
        [one] => one.clone(),
        _ => expression::and(&canonical.iter().map(String::as_str).collect::<Vec<_>>()),
    };
    Some((parts.join(" AND "), expression))
}

impl Item {
    /// The package's name as its ecosystem writes it: a CycloneDX `group` joined on.
    fn full_name(&self, ty: Option<&str>) -> String {
        match self.group.as_deref().filter(|g| !g.is_empty() && !self.name.starts_with(*g)) {
            Some(group) if ty == Some("maven") => format!("{group}:{}", self.name),
            Some(group) => format!("{group}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl Bom {
    /// The inventory of the document at `path`.
    pub fn into_output(mut self, path: &str) -> ParseOutput {
        let mut out = ParseOutput::default();
        out.diagnostics.append(&mut self.diagnostics);
        let root = self.root.as_deref();
        // The root is a package when it is identifiable (a purl, or ospo's ecosystem); a tool's
        // description of the scanned directory or image is only the graph's starting point.
        let is_package = |item: &Item| {
            Some(item.reference.as_str()) != root || item.purl.is_some() || item.ecosystem.is_some()
        };
        let from_root: BTreeSet<&str> =
            self.links.iter().filter(|l| Some(l.from.as_str()) == root).map(|l| l.to.as_str()).collect();
        // SPDX states optionality on the dependency, not the package: a package every dependency
        // on which is optional is itself optional.
        let mut optional_only: HashMap<&str, bool> = HashMap::new();
        for link in &self.links {
            let all = optional_only.entry(link.to.as_str()).or_insert(true);
            *all &= link.optional == Some(true);
        }
        let mut ids: HashMap<&str, (String, &Item)> = HashMap::new();
        for item in &self.items {
            if ids.contains_key(item.reference.as_str()) && !item.reference.is_empty() {
                out.diagnostics.push(
                    Diagnostic::new(
                        "sbom-reference-duplicate",
                        Level::Warning,
                        format!(
                            "{}: the reference {} names two components; the first is kept",
                            self.format, item.reference
                        ),
                    )
                    .at(path, item.line),
                );
                continue;
            }
            if !is_package(item) {
                continue;
            }
            let Some(mut package) = self.package(item, path, root, &from_root, &mut out.diagnostics) else {
                continue;
            };
            if optional_only.get(item.reference.as_str()) == Some(&true) {
                package = package.optional(true);
            }
            ids.insert(item.reference.as_str(), (package.id.clone(), item));
            out.packages.push(package);
        }
        let mut seen = BTreeSet::new();
        for link in &self.links {
            let (Some((from, _)), Some((to, target))) =
                (ids.get(link.from.as_str()), ids.get(link.to.as_str()))
            else {
                continue;
            };
            if from == to {
                continue;
            }
            let scope = link.scope.map(ScopeKey::scope).or(target.scope).unwrap_or(DependencyScope::Runtime);
            let optional = link.optional.unwrap_or(target.optional);
            if seen.insert((from.clone(), to.clone())) {
                out.edges.push(DependencyEdge::new(from, to, scope).optional(optional));
            }
        }
        let completeness = if self.complete { Completeness::Complete } else { Completeness::DirectOnly };
        out.manifests.push(Manifest::new(path, ECOSYSTEM, &self.format, completeness));
        out
    }

    fn package(
        &self,
        item: &Item,
        path: &str,
        root: Option<&str>,
        from_root: &BTreeSet<&str>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Package> {
        let parsed = item.purl.as_deref().and_then(|p| purl::parse(p).map(|parts| (p, parts)));
        if let (Some(written), None) = (&item.purl, &parsed) {
            diags.push(
                Diagnostic::new(
                    "sbom-purl-invalid",
                    Level::Warning,
                    format!(
                        "{}: component {} has the purl {written}, which does not parse; it is read with a \
                         pkg:generic purl",
                        self.format, item.name
                    ),
                )
                .at(path, item.line),
            );
        }
        let ty = parsed.as_ref().map(|(_, parts)| parts.ty.as_str());
        let name = item.full_name(ty);
        if name.is_empty() {
            diags.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Warning,
                    format!("{}: a component without a name ({}) is not read", self.format, item.reference),
                )
                .at(path, item.line),
            );
            return None;
        }
        let version = item.version.as_deref().filter(|v| !v.is_empty());
        let mut package = match (&parsed, &item.ecosystem) {
            // The purl's type is the ecosystem (the host checks that they agree).
            (Some((written, parts)), _) => Package::new(&parts.ty, &name, version).purl(written),
            // ospo wrote a package it had no purl for: the same id as the scan that wrote it.
            (None, Some(ecosystem)) if item.purl.is_none() => Package::new(ecosystem, &name, version),
            // Nothing says where it comes from.
            _ => match purl::purl("generic", None, &name, version) {
                Ok(generic) => Package::new("generic", &name, version).purl(&generic),
                Err(_) => Package::new("generic", &name, version),
            },
        };
        let direct = item.direct.unwrap_or_else(|| {
            from_root.contains(item.reference.as_str()) && root != Some(item.reference.as_str())
        });
        package = package
            .direct(direct)
            .scope(item.scope.unwrap_or(DependencyScope::Runtime))
            .optional(item.optional)
            .location(path, item.line);
        for hash in &item.hashes {
            package = package.add_hash(hash.clone());
        }
        if let Some(source) = &item.source {
            package = package.source(source.clone());
        }
        if let Some((raw, expression)) = combined(&item.declared) {
            package = package.declared(DeclaredLicense::new(&raw, &expression));
        }
        if let Some((_, expression)) = combined(&item.concluded) {
            let reason = match &item.concluded_reason {
                Some(why) => format!("concluded in the SBOM {path}: {why}"),
                None => format!("concluded in the SBOM {path}"),
            };
            package = package.concluded(ConcludedLicense::new(&expression, &reason));
        }
        if let Some(supplier) = &item.supplier {
            package = package.supplier(supplier);
        }
        if let Some(home) = &item.homepage {
            package = package.homepage(home);
        }
        Some(package)
    }
}
