//! Where each package of the inventory has its files on disk: the folder a package manager
//! installed it into (`node_modules/<name>`, a wheel's `*.dist-info`, `vendor/<module>`, a
//! crate in cargo's registry cache). Only folders whose own metadata names the package's
//! version are taken, so a stale copy is never mistaken for the locked one.

use std::collections::HashMap;

use crate::files;
use crate::model::{DeclaredLicense, Package};
use crate::scan::walk::WalkedFile;

/// Manifests read here are small; a larger one is not a package manifest worth believing.
const MANIFEST_CAP: u64 = 1 << 20;

/// A package's folder: a path prefix (relative to the root, or a cache's virtual prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFolder {
    pub package_id: String,
    /// `/`-terminated prefix of every file that belongs to the package.
    pub prefix: String,
    /// Extra files outside the prefix that belong to it (a wheel's modules listed in RECORD).
    pub files: Vec<String>,
    /// The licence its own manifest declares, where the host read that manifest (a pom, a
    /// nuspec); `None` leaves it to license-text's reading of the folder's manifest.
    pub declared: Option<Declared>,
}

impl PackageFolder {
    /// The folder `dir` (no trailing `/`) of a package.
    pub fn new(package_id: String, dir: &str) -> Self {
        PackageFolder { package_id, prefix: format!("{dir}/"), files: Vec::new(), declared: None }
    }
}

/// What a package's manifest declares about its licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    /// A licence, as written and normalised.
    Licence(DeclaredLicense),
    /// NuGet's `<license type="file">`: the licence is what the file `file` (relative to the
    /// package's folder) holds, stated in `manifest`.
    File { manifest: String, file: String },
}

/// Finds the folder of every package it can, from the walked files (tree and caches alike), with
/// the folders the caches established themselves (`cached`).
pub fn locate(packages: &[Package], files: &[WalkedFile], cached: Vec<PackageFolder>) -> Vec<PackageFolder> {
    let by_name_version: HashMap<(&str, &str, &str), &Package> = packages
        .iter()
        .filter_map(|p| Some(((p.ecosystem.as_str(), p.name.as_str(), p.version.as_deref()?), p)))
        .collect();
    let lookup = |ecosystem: &str, name: &str, version: &str| {
        by_name_version.get(&(ecosystem, name, version)).map(|p| p.id.clone())
    };
    let pypi: HashMap<(String, &str), &Package> = packages
        .iter()
        .filter(|p| p.ecosystem == "pypi")
        .filter_map(|p| Some(((pep503(&p.name), p.version.as_deref()?), p)))
        .collect();
    let mut folders = Vec::new();
    for file in files {
        let rel = file.rel.as_str();
        let Some((dir, name)) = rel.rsplit_once('/') else { continue };
        match name {
            "package.json" if in_node_modules(dir) => {
                if let Some((pkg_name, version)) = npm_identity(file)
                    && let Some(id) = lookup("npm", &pkg_name, &version)
                {
                    folders.push(folder(id, dir));
                }
            }
            "METADATA" | "PKG-INFO" if dir.ends_with(".dist-info") || dir.ends_with(".egg-info") => {
                if let Some((pkg_name, version)) = python_identity(file)
                    && let Some(package) = pypi.get(&(pep503(&pkg_name), version.as_str()))
                {
                    let site = dir.rsplit_once('/').map_or("", |(site, _)| site);
                    let mut found = folder(package.id.clone(), dir);
                    found.files = record_files(files, dir, site);
                    folders.push(found);
                }
            }
            "Cargo.toml" if is_crate_dir(dir) => {
                if let Some((crate_name, version)) = cargo_identity(file)
                    && let Some(id) = lookup("cargo", &crate_name, &version)
                {
                    folders.push(folder(id, dir));
                }
            }
            _ => {}
        }
    }
    folders.extend(go_vendor(packages, files));
    folders.extend(cached);
    // Every copy of a package owns its files (npm nests one version under each dependent that
    // cannot share the hoisted one: were only the first kept, the others' files would be their
    // parents'); in path order, so the first of a package's folders is the one it is shown with.
    folders.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    folders.dedup_by(|later, kept| later.prefix == kept.prefix && later.package_id == kept.package_id);
    folders
}

fn folder(package_id: String, dir: &str) -> PackageFolder {
    PackageFolder::new(package_id, dir)
}

/// `node_modules/x` or `node_modules/@scope/x`, at any depth.
fn in_node_modules(dir: &str) -> bool {
    let parts: Vec<&str> = dir.split('/').collect();
    match parts.as_slice() {
        [.., "node_modules", name] => !name.starts_with('@') && !name.starts_with('.'),
        [.., "node_modules", scope, _] => scope.starts_with('@'),
        _ => false,
    }
}

/// A crate folder in a registry cache (`name-1.2.3`) or in `cargo vendor` output
/// (`vendor/name` or `vendor/name-1.2.3`, which hold `.cargo-checksum.json`).
fn is_crate_dir(dir: &str) -> bool {
    dir.starts_with(super::caches::CARGO_PREFIX) || dir.split('/').rev().nth(1) == Some("vendor")
}

fn read_small(file: &WalkedFile) -> Option<String> {
    String::from_utf8(files::read_capped(&file.abs, MANIFEST_CAP).ok()?).ok()
}

fn npm_identity(file: &WalkedFile) -> Option<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&read_small(file)?).ok()?;
    Some((json.get("name")?.as_str()?.to_string(), json.get("version")?.as_str()?.to_string()))
}

/// `Name:` and `Version:` from the RFC 822 header block of a wheel's METADATA.
fn python_identity(file: &WalkedFile) -> Option<(String, String)> {
    let text = read_small(file)?;
    let mut name = None;
    let mut version = None;
    for line in text.lines().take_while(|l| !l.is_empty()) {
        if let Some(v) = line.strip_prefix("Name:") {
            name = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("Version:") {
            version = Some(v.trim().to_string());
        }
    }
    Some((name?, version?))
}

fn cargo_identity(file: &WalkedFile) -> Option<(String, String)> {
    let table: toml::Table = toml::from_str(&read_small(file)?).ok()?;
    let package = table.get("package")?.as_table()?;
    Some((package.get("name")?.as_str()?.to_string(), package.get("version")?.as_str()?.to_string()))
}

/// PEP 503: lower case, runs of `-`, `_` and `.` as one `-`.
fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            dash = true;
            continue;
        }
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The files a wheel's RECORD lists (relative to its site-packages), that the walk found.
fn record_files(files: &[WalkedFile], dist_info: &str, site: &str) -> Vec<String> {
    let record = format!("{dist_info}/RECORD");
    let Some(file) = files.iter().find(|f| f.rel == record) else { return Vec::new() };
    let Some(text) = read_small(file) else { return Vec::new() };
    let prefix = if site.is_empty() { String::new() } else { format!("{site}/") };
    text.lines()
        .filter_map(|line| line.split(',').next())
        .filter(|path| !path.is_empty() && !path.starts_with("..") && !path.starts_with('/'))
        .map(|path| format!("{prefix}{path}"))
        .filter(|path| !path.starts_with(&format!("{dist_info}/")))
        .collect()
}

/// Go modules under `vendor/<module path>/` of a module whose `vendor/modules.txt` was read:
/// the module path is the package's namespace and name joined.
fn go_vendor(packages: &[Package], files: &[WalkedFile]) -> Vec<PackageFolder> {
    let vendors: Vec<&str> = files
        .iter()
        .filter_map(|f| f.rel.strip_suffix("vendor/modules.txt"))
        .map(|dir| dir.trim_end_matches('/'))
        .collect();
    let mut out = Vec::new();
    for vendor in vendors {
        let base = if vendor.is_empty() { "vendor".to_string() } else { format!("{vendor}/vendor") };
        for package in packages.iter().filter(|p| p.ecosystem == "golang") {
            let Some(module) = go_module_path(package) else { continue };
            let prefix = format!("{base}/{module}/");
            if files.iter().any(|f| f.rel.starts_with(&prefix)) {
                out.push(PackageFolder::new(package.id.clone(), prefix.trim_end_matches('/')));
            }
        }
    }
    out
}

/// The module path of a golang purl (`pkg:golang/github.com/pkg/errors@v0.9.1`).
fn go_module_path(package: &Package) -> Option<String> {
    let purl = package.purl.as_deref()?;
    let parsed: packageurl::PackageUrl<'_> = purl.parse().ok()?;
    Some(match parsed.namespace() {
        Some(ns) => format!("{ns}/{}", parsed.name()),
        None => parsed.name().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_modules_folders_at_any_depth() {
        assert!(in_node_modules("node_modules/react"));
        assert!(in_node_modules("web/node_modules/@tanstack/query-core"));
        assert!(in_node_modules("node_modules/a/node_modules/b"));
        assert!(!in_node_modules("node_modules/@tanstack"));
        assert!(!in_node_modules("node_modules/.bin"));
        assert!(!in_node_modules("src/components"));
    }

    #[test]
    fn python_names_compare_as_pep_503_says() {
        assert_eq!(pep503("Jinja2"), "jinja2");
        assert_eq!(pep503("zope.interface"), "zope-interface");
        assert_eq!(pep503("typing__extensions"), "typing-extensions");
    }
}
