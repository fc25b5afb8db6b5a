//! CocoaPods' `Podfile.lock` (YAML).
//!
//! ```text
//! PODS:
//!   - Moya/Core (8.0.1):          # a pod (or subspec), its version, what it depends on
//!     - Alamofire (~> 4.2.0)
//!   - Alamofire (4.2.0)
//! DEPENDENCIES:                   # what the Podfile names
//!   - Moya/RxSwift
//!   - Keys (from `Pods/CocoaPodsKeys`)
//! EXTERNAL SOURCES:               # pods not from a spec repo
//!   Keys: {:path: Pods/CocoaPodsKeys}
//! CHECKOUT OPTIONS:               # what a git source resolved to
//!   DZNWebViewController: {:commit: 9121386…, :git: https://…}
//! SPEC REPOS:                     # CocoaPods 1.7+: which repo each pod came from
//! SPEC CHECKSUMS:                 # sha1 of each pod's podspec
//! COCOAPODS: 1.2.0
//! ```

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, HashAlgorithm, Level, Manifest, Package,
    PackageSource, ParseOutput, SourceKind, relpath,
};
use serde_yaml_ng::Value;

/// `Name (1.0)` or `Name (~> 1.0)` or `Name (from `url`)` → the name and what is in brackets.
fn split_spec(spec: &str) -> (&str, Option<&str>) {
    match spec.split_once(" (") {
        Some((name, rest)) => (name.trim(), Some(rest.trim_end().trim_end_matches(')'))),
        None => (spec.trim(), None),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The 1-based line of each `  - Name (` entry of the `PODS:` section, by name.
fn pod_lines(text: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut inside = false;
    for (index, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line.trim_end() == "PODS:";
            continue;
        }
        if inside && let Some(entry) = line.strip_prefix("  - ") {
            let (name, _) = split_spec(entry.trim_end_matches(':').trim_matches(['"', '\'']));
            lines.entry(name.to_string()).or_insert(u32::try_from(index + 1).unwrap_or(u32::MAX));
        }
    }
    lines
}

fn cocoapods_purl(name: &str, version: &str, vcs_url: Option<&str>) -> Result<String, String> {
    let (root, sub) = match name.split_once('/') {
        Some((root, sub)) => (root, Some(sub)),
        None => (name, None),
    };
    let mut purl = packageurl::PackageUrl::new("cocoapods", root).map_err(|e| e.to_string())?;
    purl.with_version(version).map_err(|e| e.to_string())?;
    if let Some(vcs) = vcs_url {
        purl.add_qualifier("vcs_url", vcs).map_err(|e| e.to_string())?;
    }
    if let Some(sub) = sub {
        purl.with_subpath(sub).map_err(|e| e.to_string())?;
    }
    Ok(purl.to_string())
}

pub fn parse(path: &str, text_in: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_yaml_ng::from_str(text_in) {
        Ok(doc) => doc,
        Err(error) => {
            let line = error.location().and_then(|l| u32::try_from(l.line()).ok());
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("Podfile.lock: {error}"))
                    .at(path, line),
            );
            return;
        }
    };
    let lines = pod_lines(text_in);
    let section = |name: &str| doc.get(name).and_then(Value::as_mapping);
    let root_of = |name: &str| name.split('/').next().unwrap_or(name).to_string();

    let direct: Vec<String> = doc
        .get("DEPENDENCIES")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|d| split_spec(d).0.to_string())
        .collect();
    let field = |section_name: &str, pod: &str, key: &str| {
        section(section_name).and_then(|m| m.get(pod)).and_then(|v| v.get(key)).and_then(text)
    };
    let mut repo_of: HashMap<String, String> = HashMap::new();
    for (repo, pods) in section("SPEC REPOS").into_iter().flatten() {
        let (Some(repo), Some(pods)) = (repo.as_str(), pods.as_sequence()) else { continue };
        for pod in pods.iter().filter_map(Value::as_str) {
            repo_of.insert(pod.to_string(), repo.to_string());
        }
    }

    // (full name, version, its dependency names, line)
    let mut pods: Vec<(String, String, Vec<String>, Option<u32>)> = Vec::new();
    for item in doc.get("PODS").and_then(Value::as_sequence).into_iter().flatten() {
        let (spec, deps) = match item {
            Value::String(spec) => (spec.clone(), Vec::new()),
            Value::Mapping(map) => match map.iter().next() {
                Some((Value::String(spec), deps)) => {
                    let deps = deps.as_sequence().into_iter().flatten().filter_map(Value::as_str);
                    (spec.clone(), deps.map(|d| split_spec(d).0.to_string()).collect())
                }
                _ => continue,
            },
            _ => continue,
        };
        let (name, version) = split_spec(&spec);
        let line = lines.get(name).copied();
        let Some(version) = version.filter(|v| !v.is_empty()) else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    format!("Podfile.lock: pod `{spec}` has no version"),
                )
                .at(path, line),
            );
            continue;
        };
        pods.push((name.to_string(), version.to_string(), deps, line));
    }

    let mut ids: HashMap<String, String> = HashMap::new();
    for (name, version, _, line) in &pods {
        let root = root_of(name);
        let git =
            field("CHECKOUT OPTIONS", &root, ":git").or_else(|| field("EXTERNAL SOURCES", &root, ":git"));
        let commit = field("CHECKOUT OPTIONS", &root, ":commit");
        let local = field("EXTERNAL SOURCES", &root, ":path");
        let podspec = field("EXTERNAL SOURCES", &root, ":podspec");
        let vcs = git.as_ref().map(|url| match &commit {
            Some(c) => format!("git+{url}@{c}"),
            None => format!("git+{url}"),
        });
        let id = match cocoapods_purl(name, version, vcs.as_deref()) {
            Ok(id) => id,
            Err(error) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("Podfile.lock: pod `{name}`: {error}"),
                    )
                    .at(path, *line),
                );
                continue;
            }
        };
        let source = if let Some(url) = &git {
            PackageSource::git(url, commit.as_deref())
        } else if let Some(local) = &local {
            let dir = relpath::parent(path);
            PackageSource::path(&relpath::join(dir, local).unwrap_or_else(|| local.clone()))
        } else if let Some(spec) = &podspec {
            PackageSource::url(spec)
        } else {
            match repo_of.get(&root) {
                Some(repo) => PackageSource::registry(repo),
                None => PackageSource::new(SourceKind::Registry, None),
            }
        };
        let mut package = Package::new("cocoapods", name, Some(version))
            .purl(&id)
            .direct(direct.contains(name))
            .scope(DependencyScope::Runtime)
            .source(source)
            .location(path, *line);
        let checksum = section("SPEC CHECKSUMS").and_then(|m| m.get(root.as_str())).and_then(text);
        if let Some(sha1) = checksum.filter(|c| c.len() == 40 && c.bytes().all(|b| b.is_ascii_hexdigit())) {
            package = package.hash(HashAlgorithm::Sha1, &sha1);
        }
        ids.insert(name.clone(), id);
        if !out.packages.iter().any(|p| p.id == package.id) {
            out.packages.push(package);
        }
    }

    for (name, _, deps, line) in &pods {
        let Some(from) = ids.get(name) else { continue };
        for dep in deps {
            match ids.get(dep) {
                Some(to) => out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime)),
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!("Podfile.lock: `{name}` depends on `{dep}`, which PODS does not list"),
                    )
                    .at(path, *line),
                ),
            }
        }
    }
    let format = match doc.get("COCOAPODS").and_then(text) {
        Some(version) => format!("Podfile.lock (CocoaPods {version})"),
        None => "Podfile.lock".to_string(),
    };
    out.manifests.push(Manifest::new(path, "cocoapods", &format, Completeness::Complete));
}
