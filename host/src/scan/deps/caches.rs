//! Package caches outside the tree (cargo's registry sources, Go's module cache), read-only:
//! only the folders of packages the inventory holds are walked, and their files are named with
//! a virtual prefix (`$CARGO_HOME/registry/src/...`) so a report never shows a host path and
//! never mistakes them for files of the tree.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::model::{Package, SourceKind};
use crate::scan::walk::WalkedFile;

pub const CARGO_PREFIX: &str = "$CARGO_HOME/registry/src/";
pub const GO_PREFIX: &str = "$GOMODCACHE/";

/// Most files read from one package folder: a crate is rarely above a few thousand; a folder
/// past this is not a package worth scanning whole.
const MAX_FILES_PER_PACKAGE: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheKind {
    /// `$CARGO_HOME/registry/src`: one folder per registry index, `name-version` inside.
    Cargo,
    /// `$GOMODCACHE`: `module/path@version`, upper case letters escaped as `!lower`.
    Go,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    pub kind: CacheKind,
    pub dir: PathBuf,
}

/// The caches of this machine that exist, for `--deps` when the configuration names none.
pub fn defaults() -> Vec<Cache> {
    let home = dirs::home_dir();
    let cargo_home =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(".cargo")));
    let go_cache = std::env::var_os("GOMODCACHE").map(PathBuf::from).or_else(|| {
        std::env::var_os("GOPATH")
            .map(|p| PathBuf::from(p).join("pkg/mod"))
            .or_else(|| home.as_ref().map(|h| h.join("go/pkg/mod")))
    });
    let mut caches = Vec::new();
    if let Some(dir) = cargo_home.map(|c| c.join("registry/src")).filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Cargo, dir });
    }
    if let Some(dir) = go_cache.filter(|d| d.is_dir()) {
        caches.push(Cache { kind: CacheKind::Go, dir });
    }
    caches
}

/// The files of every inventory package found in `caches`, under their virtual names.
pub fn files(packages: &[Package], caches: &[Cache]) -> Vec<WalkedFile> {
    let mut out = Vec::new();
    for cache in caches {
        match cache.kind {
            CacheKind::Cargo => cargo(packages, &cache.dir, &mut out),
            CacheKind::Go => go(packages, &cache.dir, &mut out),
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup_by(|a, b| a.rel == b.rel);
    out
}

fn cargo(packages: &[Package], cache: &Path, out: &mut Vec<WalkedFile>) {
    let Ok(indexes) = std::fs::read_dir(cache) else { return };
    let indexes: Vec<PathBuf> =
        indexes.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    for package in packages.iter().filter(|p| p.ecosystem == "cargo") {
        let from_registry = package.source.as_ref().is_some_and(|s| s.kind == SourceKind::Registry);
        let Some(version) = package.version.as_deref().filter(|_| from_registry) else { continue };
        let folder = format!("{}-{version}", package.name);
        // The first index that has it: a crate's sources are the same bytes in every mirror.
        if let Some(index) = indexes.iter().find(|i| i.join(&folder).join("Cargo.toml").is_file()) {
            let index_name = index.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            walk_folder(&index.join(&folder), &format!("{CARGO_PREFIX}{index_name}/{folder}"), out);
        }
    }
}

fn go(packages: &[Package], cache: &Path, out: &mut Vec<WalkedFile>) {
    for package in packages.iter().filter(|p| p.ecosystem == "golang") {
        let (Some(purl), Some(version)) = (package.purl.as_deref(), package.version.as_deref()) else {
            continue;
        };
        let Ok(parsed) = purl.parse::<packageurl::PackageUrl<'_>>() else { continue };
        let module = match parsed.namespace() {
            Some(ns) => format!("{ns}/{}", parsed.name()),
            None => parsed.name().to_string(),
        };
        let folder = format!("{}@{}", escape_go(&module), escape_go(version));
        // The module path comes from a lockfile: never let it climb out of the cache.
        if folder.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        let dir = cache.join(&folder);
        if dir.is_dir() {
            walk_folder(&dir, &format!("{GO_PREFIX}{folder}"), out);
        }
    }
}

/// Go's module cache escapes each upper-case letter as `!` and its lower case.
fn escape_go(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every regular file below `dir` (no symlinks followed, no ignore rules: a package's own
/// `.gitignore` says nothing about what was published), named `prefix/<relative path>`.
fn walk_folder(dir: &Path, prefix: &str, out: &mut Vec<WalkedFile>) {
    let walker = WalkBuilder::new(dir).standard_filters(false).follow_links(false).build();
    for entry in walker.filter_map(Result::ok).take(MAX_FILES_PER_PACKAGE) {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let Some(rel) = rel.to_str() else { continue };
        out.push(WalkedFile {
            rel: format!("{prefix}/{}", rel.replace('\\', "/")),
            abs: entry.path().to_path_buf(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_cache_paths_escape_upper_case() {
        assert_eq!(escape_go("github.com/BurntSushi/toml"), "github.com/!burnt!sushi/toml");
        assert_eq!(escape_go("v1.2.3"), "v1.2.3");
    }
}
