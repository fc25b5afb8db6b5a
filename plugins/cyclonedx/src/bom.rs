//! The BOM: metadata, components, dependencies, compositions and (embedded) vulnerabilities.

use std::collections::{BTreeMap, BTreeSet};

use ospo_plugin_sdk::{Completeness, DependencyScope, Package, PluginKind, ScanResult, SourceKind};
use serde_json::{Map, Value, json};

use crate::config::{Config, Vex};
use crate::licenses::{self, Texts};
use crate::{Spec, serial, vulns};

/// A licence finding's file, first line and expression.
type Found<'a> = (&'a str, Option<u32>, &'a str);

/// What every component needs from the whole result, gathered once.
pub(crate) struct Context<'a> {
    pub texts: Texts,
    /// Per package id: (path, line, expression) of the licence findings in its files.
    findings: BTreeMap<&'a str, Vec<Found<'a>>>,
    /// Per package id: copyright statements in its files.
    copyrights: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// The bom-ref of the root component.
    pub root_ref: String,
    /// The package that is the root component, when the root is one of the packages.
    root_package: Option<&'a Package>,
}

const ROOT: &str = "";

impl<'a> Context<'a> {
    pub(crate) fn new(scan: &'a ScanResult) -> Self {
        let mut texts = Texts::new();
        let mut findings: BTreeMap<&str, Vec<_>> = BTreeMap::new();
        for f in &scan.licenses {
            if let Some(text) = &f.text
                && f.expression.starts_with("LicenseRef-")
            {
                texts.entry(f.expression.clone()).or_insert_with(|| text.clone());
            }
            if f.strength == ospo_plugin_sdk::Strength::Clue {
                continue;
            }
            let owner = f.package_id.as_deref().unwrap_or(ROOT);
            findings.entry(owner).or_default().push((
                f.path.as_str(),
                f.lines.map(|l| l.start),
                f.expression.as_str(),
            ));
        }
        let mut copyrights: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for c in &scan.copyrights {
            copyrights
                .entry(c.package_id.as_deref().unwrap_or(ROOT))
                .or_default()
                .insert(c.statement.as_str());
        }
        let root = scan.metadata.root_component.as_ref();
        let root_package = root
            .and_then(|r| r.purl.as_deref())
            .and_then(|purl| scan.packages.iter().find(|p| p.id == purl || p.purl.as_deref() == Some(purl)));
        let root_ref = match (root_package, root) {
            (Some(p), _) => p.id.clone(),
            (None, Some(r)) => r.purl.clone().unwrap_or_else(|| format!("root:{}", r.name)),
            (None, None) => "root".to_string(),
        };
        Context { texts, findings, copyrights, root_ref, root_package }
    }
}

/// The whole BOM document.
pub fn document(scan: &ScanResult, config: &Config, spec: Spec) -> Value {
    let ctx = Context::new(scan);
    let serial = serial::serial_number(scan);
    let mut bom = Map::new();
    bom.insert(
        "$schema".into(),
        json!(format!("http://cyclonedx.org/schema/bom-{}.schema.json", spec.version())),
    );
    bom.insert("bomFormat".into(), json!("CycloneDX"));
    bom.insert("specVersion".into(), json!(spec.version()));
    bom.insert("serialNumber".into(), json!(serial));
    bom.insert("version".into(), json!(1));
    bom.insert("metadata".into(), metadata(scan, config, &ctx, spec));
    let components: Vec<Value> = scan
        .packages
        .iter()
        .filter(|p| ctx.root_package.is_none_or(|root| root.id != p.id))
        .map(|p| component(p, &ctx, spec))
        .collect();
    bom.insert("components".into(), json!(components));
    bom.insert("dependencies".into(), json!(dependencies(scan, &ctx)));
    let compositions = compositions(scan, &ctx);
    if !compositions.is_empty() {
        bom.insert("compositions".into(), json!(compositions));
    }
    if config.vex == Vex::Embed {
        let vulnerabilities = vulns::vulnerabilities(scan, None);
        if !vulnerabilities.is_empty() {
            bom.insert("vulnerabilities".into(), json!(vulnerabilities));
        }
    }
    Value::Object(bom)
}

/// `metadata`: when, with what, about what, by whom.
pub(crate) fn metadata(scan: &ScanResult, config: &Config, ctx: &Context<'_>, spec: Spec) -> Value {
    let m = &scan.metadata;
    let mut tools = vec![json!({
        "type": "application",
        "name": m.tool_name,
        "version": m.tool_version,
    })];
    for plugin in &m.plugins {
        let kind = match plugin.kind {
            PluginKind::Detector => "detector",
            PluginKind::Parser => "parser",
            PluginKind::Advisor => "advisor",
            PluginKind::Collector => "collector",
            PluginKind::Reporter => "reporter",
        };
        let mut tool = json!({
            "type": "application",
            "group": m.tool_name,
            "name": plugin.name,
            "version": plugin.version,
            "properties": [
                { "name": "ospo:plugin-kind", "value": kind },
                { "name": "ospo:wit-version", "value": plugin.wit_version },
                { "name": "ospo:source", "value": plugin.source },
            ],
        });
        if is_hex(&plugin.sha256, 64) {
            tool["hashes"] = json!([{ "alg": "SHA-256", "content": plugin.sha256 }]);
        }
        tools.push(tool);
    }
    let mut metadata = json!({
        "timestamp": m.timestamp,
        // A scan reads manifests and lockfiles of a source tree, before anything is built.
        "lifecycles": [{ "phase": "pre-build" }],
        "tools": { "components": tools },
        "component": root_component(scan, ctx, spec),
    });
    if let Some(supplier) = &config.supplier {
        metadata["supplier"] = supplier.organization();
    }
    if let Some(manufacturer) = &config.manufacturer {
        metadata["manufacturer"] = manufacturer.organization();
    }
    if !config.authors.is_empty() {
        metadata["authors"] = json!(config.authors.iter().map(|a| a.contact()).collect::<Vec<_>>());
    }
    if let Some(vcs) = &m.vcs {
        let mut props = Vec::new();
        if let Some(commit) = &vcs.commit {
            props.push(json!({ "name": "ospo:vcs-commit", "value": commit }));
        }
        if let Some(branch) = &vcs.branch {
            props.push(json!({ "name": "ospo:vcs-branch", "value": branch }));
        }
        if !props.is_empty() {
            metadata["properties"] = json!(props);
        }
    }
    metadata
}

/// The scanned project: the root package when the root manifest names one, with the project
/// licence concluded for `.` and the findings and copyrights outside any dependency as evidence.
fn root_component(scan: &ScanResult, ctx: &Context<'_>, spec: Spec) -> Value {
    let mut c = match ctx.root_package {
        Some(p) => component(p, ctx, spec),
        None => {
            let root = scan.metadata.root_component.as_ref();
            let name = root.map(|r| r.name.clone()).unwrap_or_else(|| base_name(&scan.root));
            let mut c = json!({ "type": "application", "bom-ref": ctx.root_ref, "name": name });
            if let Some(version) = root.and_then(|r| r.version.as_ref()) {
                c["version"] = json!(version);
            }
            if let Some(purl) = root.and_then(|r| r.purl.as_ref()) {
                c["purl"] = json!(purl);
            }
            if let Some(evidence) = evidence(&[ROOT], None, ctx, spec) {
                c["evidence"] = evidence;
            }
            c
        }
    };
    c["type"] = json!("application");
    let project = scan.projects.iter().find(|p| p.root == ".").map(|p| p.expression.as_str());
    if c.get("licenses").is_none()
        && let Some(expr) = project
    {
        let (list, _) = licenses::component(None, Some(expr), &ctx.texts, spec);
        if !list.is_empty() {
            c["licenses"] = json!(list);
        }
    }
    if let Some(vcs) = scan.metadata.vcs.as_ref().and_then(|v| v.remote.as_ref()) {
        let refs = c.get_mut("externalReferences").and_then(Value::as_array_mut);
        let vcs_ref = json!({ "type": "vcs", "url": vcs });
        match refs {
            Some(refs) => refs.push(vcs_ref),
            None => c["externalReferences"] = json!([vcs_ref]),
        }
    }
    c
}

fn base_name(root: &str) -> String {
    root.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && *s != ".")
        .unwrap_or("scanned-tree")
        .to_string()
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Our scope's name (the `ospo:scope` property, read back by sbom-in).
pub(crate) fn scope_name(scope: DependencyScope) -> &'static str {
    match scope {
        DependencyScope::Runtime => "runtime",
        DependencyScope::Development => "development",
        DependencyScope::Build => "build",
        DependencyScope::Test => "test",
        DependencyScope::Provided => "provided",
    }
}

/// One package as a component.
fn component(p: &Package, ctx: &Context<'_>, spec: Spec) -> Value {
    let mut c = Map::new();
    c.insert("type".into(), json!("library"));
    c.insert("bom-ref".into(), json!(p.id));
    if let Some(supplier) = &p.supplier {
        c.insert("supplier".into(), json!({ "name": supplier }));
    }
    c.insert("name".into(), json!(p.name));
    if let Some(version) = &p.version {
        c.insert("version".into(), json!(version));
    }
    // CycloneDX has no development scope: what the product does not ship is `excluded`.
    let scope = match (p.scope, p.optional) {
        (DependencyScope::Runtime | DependencyScope::Provided, false) => "required",
        (DependencyScope::Runtime | DependencyScope::Provided, true) => "optional",
        _ => "excluded",
    };
    c.insert("scope".into(), json!(scope));
    let hashes: Vec<Value> = p
        .hashes
        .iter()
        .filter(|h| !h.value.is_empty() && h.value.bytes().all(|b| b.is_ascii_hexdigit()))
        // CycloneDX's `hashAlg` names are the SDK's display names.
        .map(|h| json!({ "alg": h.algorithm.display_name(), "content": h.value }))
        .collect();
    if !hashes.is_empty() {
        c.insert("hashes".into(), json!(hashes));
    }
    let declared = p.declared_license.as_ref().map(|d| d.expression.as_str());
    let concluded = p.concluded_license.as_ref().map(|c| c.expression.as_str());
    let (list, moved) = licenses::component(declared, concluded, &ctx.texts, spec);
    if !list.is_empty() {
        c.insert("licenses".into(), json!(list));
    }
    if let Some(purl) = &p.purl {
        c.insert("purl".into(), json!(purl));
    }
    let mut refs = Vec::new();
    if let Some(home) = &p.homepage {
        refs.push(json!({ "type": "website", "url": home }));
    }
    let mut props = vec![
        json!({ "name": "ospo:ecosystem", "value": p.ecosystem }),
        json!({ "name": "ospo:scope", "value": scope_name(p.scope) }),
        json!({ "name": "ospo:direct", "value": p.direct.to_string() }),
    ];
    if p.optional {
        props.push(json!({ "name": "ospo:optional", "value": "true" }));
    }
    if let Some(source) = &p.source {
        let (kind, ref_type) = match source.kind {
            SourceKind::Registry => ("registry", Some("distribution")),
            SourceKind::Git => ("git", Some("vcs")),
            SourceKind::Path => ("path", None),
            SourceKind::Url => ("url", Some("distribution")),
        };
        props.push(json!({ "name": "ospo:source-kind", "value": kind }));
        if let Some(url) = &source.url {
            props.push(json!({ "name": "ospo:source-url", "value": url }));
            if let Some(ref_type) = ref_type {
                let mut r = json!({ "type": ref_type, "url": url });
                if let Some(commit) = &source.commit {
                    r["comment"] = json!(format!("commit {commit}"));
                }
                refs.push(r);
            }
        }
        if let Some(commit) = &source.commit {
            props.push(json!({ "name": "ospo:source-commit", "value": commit }));
        }
    }
    if let Some(moved) = moved {
        props.push(json!({ "name": "ospo:declared-license", "value": moved }));
    }
    if let Some(reason) = p.concluded_license.as_ref().map(|c| c.reason.as_str()).filter(|r| !r.is_empty()) {
        props.push(json!({ "name": "ospo:concluded-reason", "value": reason }));
    }
    if let Some(path) = &p.files_path {
        props.push(json!({ "name": "ospo:files-path", "value": path }));
    }
    if !refs.is_empty() {
        c.insert("externalReferences".into(), json!(refs));
    }
    // The root package also owns what was found outside every dependency (the project's files).
    let is_root = ctx.root_package.is_some_and(|root| root.id == p.id);
    let owners: &[&str] = if is_root { &[p.id.as_str(), ROOT] } else { &[p.id.as_str()] };
    if let Some(evidence) = evidence(owners, Some(p), ctx, spec) {
        c.insert("evidence".into(), evidence);
    }
    c.insert("properties".into(), json!(props));
    Value::Object(c)
}

/// `evidence`: licences detected in the package's files (or the detected licence the host
/// concluded from them), where they and the package's manifest entries are, and copyrights.
fn evidence(owners: &[&str], p: Option<&Package>, ctx: &Context<'_>, spec: Spec) -> Option<Value> {
    let mut e = Map::new();
    let found: Vec<_> = owners.iter().filter_map(|o| ctx.findings.get(o)).flatten().collect();
    let mut detected: Vec<String> = Vec::new();
    if let Some(d) = p.and_then(|p| p.detected_license.as_ref()) {
        detected.push(d.clone());
    } else {
        for (_, _, expr) in &found {
            if !detected.iter().any(|d| d == expr) {
                detected.push((*expr).to_string());
            }
        }
        detected.sort();
    }
    let list = licenses::evidence(&detected, &ctx.texts, spec);
    if !list.is_empty() {
        e.insert("licenses".into(), json!(list));
    }
    let mut occurrences = Vec::new();
    for location in p.map(|p| p.locations.as_slice()).unwrap_or_default() {
        let mut o = json!({ "location": location.path, "additionalContext": "listed in this manifest" });
        if let Some(line) = location.line {
            o["line"] = json!(line);
        }
        occurrences.push(o);
    }
    for (path, line, expr) in found {
        let mut o = json!({ "location": path, "additionalContext": format!("licence: {expr}") });
        if let Some(line) = line {
            o["line"] = json!(line);
        }
        occurrences.push(o);
    }
    if !occurrences.is_empty() {
        e.insert("occurrences".into(), json!(occurrences));
    }
    let statements: BTreeSet<&str> =
        owners.iter().filter_map(|o| ctx.copyrights.get(o)).flatten().copied().collect();
    if !statements.is_empty() {
        e.insert(
            "copyright".into(),
            json!(statements.iter().map(|s| json!({ "text": s })).collect::<Vec<_>>()),
        );
    }
    (!e.is_empty()).then_some(Value::Object(e))
}

/// `dependencies`: one entry per component, its direct dependencies sorted. The root depends on
/// the direct packages and on every package nothing else depends on (workspace members).
fn dependencies(scan: &ScanResult, ctx: &Context<'_>) -> Vec<Value> {
    let ids: BTreeSet<&str> = scan.packages.iter().map(|p| p.id.as_str()).collect();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let root = ctx.root_ref.as_str();
    graph.insert(root, BTreeSet::new());
    for id in &ids {
        graph.entry(id).or_default();
    }
    let mut targets = BTreeSet::new();
    for e in &scan.edges {
        if ids.contains(e.from.as_str()) && ids.contains(e.to.as_str()) && e.from != e.to {
            graph.entry(e.from.as_str()).or_default().insert(e.to.as_str());
            targets.insert(e.to.as_str());
        }
    }
    let direct: Vec<&str> = scan
        .packages
        .iter()
        .filter(|p| p.id != root && (p.direct || !targets.contains(p.id.as_str())))
        .map(|p| p.id.as_str())
        .collect();
    graph.entry(root).or_default().extend(direct);
    graph
        .into_iter()
        .map(
            |(r, deps)| {
                if deps.is_empty() { json!({ "ref": r }) } else { json!({ "ref": r, "dependsOn": deps }) }
            },
        )
        .collect()
}

/// `compositions`: the packages a complete lockfile lists have a complete graph; those only a
/// manifest read alone lists do not (their transitive dependencies are unknown).
fn compositions(scan: &ScanResult, ctx: &Context<'_>) -> Vec<Value> {
    let complete_paths: BTreeSet<&str> = scan
        .manifests
        .iter()
        .filter(|m| m.completeness == Completeness::Complete)
        .map(|m| m.path.as_str())
        .collect();
    let partial_paths: BTreeSet<&str> = scan
        .manifests
        .iter()
        .filter(|m| m.completeness == Completeness::DirectOnly)
        .map(|m| m.path.as_str())
        .collect();
    let mut complete = BTreeSet::new();
    let mut incomplete = BTreeSet::new();
    for p in &scan.packages {
        if p.locations.iter().any(|l| complete_paths.contains(l.path.as_str())) {
            complete.insert(p.id.as_str());
        } else if p.locations.iter().any(|l| partial_paths.contains(l.path.as_str())) {
            incomplete.insert(p.id.as_str());
        }
    }
    let mut out = Vec::new();
    // The root's own list is complete only when every manifest read was a full lockfile.
    if !scan.manifests.is_empty() && partial_paths.is_empty() {
        complete.insert(ctx.root_ref.as_str());
    } else if !scan.manifests.is_empty() {
        incomplete.insert(ctx.root_ref.as_str());
    }
    if !complete.is_empty() {
        out.push(json!({ "aggregate": "complete", "dependencies": complete }));
    }
    if !incomplete.is_empty() {
        out.push(json!({ "aggregate": "incomplete", "dependencies": incomplete }));
    }
    out
}
