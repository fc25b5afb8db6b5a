//! `renv.lock` (JSON).
//!
//! ```text
//! {"R": {"Version": "4.3.2", "Repositories": [{"Name": "CRAN", "URL": "…"}]},
//!  "Bioconductor": {"Version": "3.18"},
//!  "Packages": {
//!    "Biobase": {"Package": "Biobase", "Version": "2.62.0", "Source": "Bioconductor",
//!                "Requirements": ["BiocGenerics", "R", "methods"], "Hash": "3825…"},
//!    "Chord": {"Package": "Chord", "Version": "2.0.1", "Source": "GitHub", "RemoteUsername": "…",
//!              "RemoteRepo": "Chord", "RemoteSha": "00ac…", …}}}
//! ```

use std::collections::HashMap;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{
    Completeness, DeclaredLicense, DependencyEdge, DependencyScope, Diagnostic, HashAlgorithm, Level,
    Manifest, Package, PackageSource, ParseOutput, SourceKind, host, purl, relpath,
};
use serde_json::Value;

use crate::description;

/// Packages that ship with R itself and are never locked.
const BASE: &[&str] = &[
    "R",
    "base",
    "compiler",
    "datasets",
    "graphics",
    "grDevices",
    "grid",
    "methods",
    "parallel",
    "splines",
    "stats",
    "stats4",
    "tcltk",
    "tools",
    "utils",
];

fn field<'v>(entry: &'v Value, key: &str) -> Option<&'v str> {
    entry.get(key).and_then(Value::as_str)
}

/// What an entry requires: `Requirements`, else DESCRIPTION's `Depends`, `Imports`, `LinkingTo`.
fn requirements(entry: &Value) -> Vec<String> {
    let list = |key: &str| -> Vec<String> {
        match entry.get(key) {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).flat_map(description::names).collect()
            }
            Some(Value::String(text)) => description::names(text),
            _ => Vec::new(),
        }
    };
    if entry.get("Requirements").is_some() {
        return list("Requirements");
    }
    ["Depends", "Imports", "LinkingTo"].iter().flat_map(|k| list(k)).collect()
}

fn package(
    entry: &Value,
    name: &str,
    repositories: &HashMap<String, String>,
) -> Result<Option<Package>, String> {
    let version = field(entry, "Version").ok_or_else(|| format!("`{name}` has no Version"))?;
    let source = field(entry, "Source").unwrap_or("Repository");
    let sha = field(entry, "RemoteSha");
    let package = match source {
        "Repository" => {
            let id = purl::purl("cran", None, name, Some(version))?;
            let registry = field(entry, "Repository").and_then(|r| repositories.get(r)).map_or_else(
                || PackageSource::new(SourceKind::Registry, None),
                |url| PackageSource::registry(url),
            );
            Package::new("cran", name, Some(version)).purl(&id).source(registry)
        }
        "Bioconductor" => {
            let id = purl::purl("generic", Some("bioconductor"), name, Some(version))?;
            Package::new("generic", name, Some(version))
                .purl(&id)
                .source(PackageSource::new(SourceKind::Registry, None))
        }
        "GitHub" => {
            let user =
                field(entry, "RemoteUsername").ok_or_else(|| format!("`{name}` has no RemoteUsername"))?;
            let repo = field(entry, "RemoteRepo").unwrap_or(name);
            let id = purl::purl("github", Some(user), repo, Some(sha.unwrap_or(version)))?;
            let url = format!("https://github.com/{user}/{repo}");
            Package::new("github", name, Some(version)).purl(&id).source(PackageSource::git(&url, sha))
        }
        "GitLab" | "Bitbucket" | "git" => {
            let url = field(entry, "RemoteUrl").map(str::to_string).or_else(|| {
                let host = field(entry, "RemoteHost")?;
                Some(format!(
                    "https://{host}/{}/{}",
                    field(entry, "RemoteUsername")?,
                    field(entry, "RemoteRepo")?
                ))
            });
            let qualifier =
                url.as_ref().map(|u| format!("git+{u}{}", sha.map(|s| format!("@{s}")).unwrap_or_default()));
            let qualifiers: Vec<(&str, &str)> = qualifier.iter().map(|q| ("vcs_url", q.as_str())).collect();
            let id = purl::with_qualifiers("generic", None, name, Some(version), &qualifiers)?;
            let package = Package::new("generic", name, Some(version)).purl(&id);
            match url {
                Some(url) => package.source(PackageSource::git(&url, sha)),
                None => package,
            }
        }
        "Local" => {
            let id = purl::purl("generic", None, name, Some(version))?;
            let package = Package::new("generic", name, Some(version)).purl(&id);
            match field(entry, "RemoteUrl") {
                Some(path) => package.source(PackageSource::path(path)),
                None => package,
            }
        }
        _ => return Ok(None),
    };
    let package =
        match field(entry, "Hash").filter(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit())) {
            Some(md5) => package.hash(HashAlgorithm::Md5, md5),
            None => package,
        };
    Ok(Some(match field(entry, "License") {
        Some(license) => package.declared(declared_license(license)),
        None => package,
    }))
}

/// R's licence field: alternatives separated by `|`, each possibly with `+ file LICENSE` (a
/// pointer to extra terms, kept in `raw` only), normalised one by one and joined with `OR`.
pub fn declared_license(raw: &str) -> DeclaredLicense {
    let parts: Vec<String> = raw
        .split('|')
        .map(|part| {
            let part = part.trim();
            let part = part.split("+ file").next().unwrap_or(part).trim();
            part.to_string()
        })
        .filter(|part| !part.is_empty() && !part.starts_with("file "))
        .collect();
    if parts.len() < 2 {
        return DeclaredLicense::parse(parts.first().map_or(raw, String::as_str));
    }
    let alternatives: Vec<String> = parts
        .iter()
        .map(|p| {
            let expression = ospo_plugin_sdk::expression::normalize(p).expression;
            if expression.contains(' ') { format!("({expression})") } else { expression }
        })
        .collect();
    DeclaredLicense::new(raw, &alternatives.join(" OR "))
}

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("renv.lock: {error}"))
                    .at(path, u32::try_from(error.line()).ok()),
            );
            return;
        }
    };
    let Some(packages) = doc.get("Packages").and_then(Value::as_object) else {
        out.diagnostics.push(
            Diagnostic::new("manifest-malformed", Level::Error, "renv.lock: there is no `Packages` object")
                .at(path, Some(1)),
        );
        return;
    };
    let lines = KeyLines::new(text, 2);
    let repositories: HashMap<String, String> = doc
        .pointer("/R/Repositories")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| Some((field(r, "Name")?.to_string(), field(r, "URL")?.to_string())))
        .collect();
    let (runtime, development) = host::read_file(&relpath::file_in(relpath::parent(path), "DESCRIPTION"))
        .map(|bytes| description::dependencies(&String::from_utf8_lossy(&bytes)))
        .unwrap_or_default();

    let mut ids: HashMap<&str, String> = HashMap::new();
    for (key, entry) in packages {
        let line = lines.key_line(&["Packages", key]);
        let name = field(entry, "Package").unwrap_or(key);
        match package(entry, name, &repositories) {
            Ok(Some(package)) => {
                let package = if runtime.iter().any(|r| r == name) {
                    package.direct(true)
                } else if development.iter().any(|d| d == name) {
                    package.direct(true).scope(DependencyScope::Development)
                } else {
                    package
                };
                ids.insert(key.as_str(), package.id.clone());
                out.packages.push(package.location(path, line));
            }
            Ok(None) => out.diagnostics.push(
                Diagnostic::new(
                    "manifest-unsupported",
                    Level::Warning,
                    format!(
                        "renv.lock: `{key}` comes from Source {:?}, which this parser does not read",
                        field(entry, "Source")
                    ),
                )
                .at(path, line),
            ),
            Err(message) => out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("renv.lock: {message}"))
                    .at(path, line),
            ),
        }
    }
    for (key, entry) in packages {
        let Some(from) = ids.get(key.as_str()) else { continue };
        for required in requirements(entry) {
            if BASE.contains(&required.as_str()) {
                continue;
            }
            match ids.get(required.as_str()) {
                Some(to) => out.edges.push(DependencyEdge::new(from, to, DependencyScope::Runtime)),
                None => out.diagnostics.push(
                    Diagnostic::new(
                        "dependency-unresolved",
                        Level::Warning,
                        format!("renv.lock: `{key}` requires `{required}`, which the lockfile does not lock"),
                    )
                    .at(path, lines.key_line(&["Packages", key])),
                ),
            }
        }
    }
    let format = match doc.pointer("/R/Version").and_then(Value::as_str) {
        Some(r) => format!("renv.lock (R {r})"),
        None => "renv.lock".to_string(),
    };
    out.manifests.push(Manifest::new(path, "cran", &format, Completeness::Complete));
}
