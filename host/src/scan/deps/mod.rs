//! Dependency sources: the licence of every dependency, from its own files.
//!
//! `--deps` (or `[scan] dependency-sources = true`) adds the dependency folders a project
//! already has on disk even where ignore rules hide them (`node_modules`, `.venv`, `vendor`,
//! `Pods`), and the folders of inventory packages in the package caches granted to the scan
//! (cargo's registry sources, Go's module cache, the Maven local repository, NuGet's global
//! packages folder). Whatever is walked, a package's folder is
//! found from its own metadata ([`locate`]), findings inside it are attributed to it, and each
//! package gets declared, detected and concluded licences ([`licences`]), with `[[curations]]`
//! from `ospo.toml` taking precedence ([`curations`]).

pub mod caches;
pub mod curations;
pub mod licences;
pub mod locate;
pub mod manifests;

use std::collections::HashSet;
use std::path::Path;

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

use super::walk::WalkedFile;

pub use caches::Cache;
pub use curations::{Curation, RawCuration};

/// What the plan says about dependency sources.
#[derive(Debug, Clone, Default)]
pub struct DepsPlan {
    /// Walk dependency folders that ignore rules hide, and the caches.
    pub enabled: bool,
    pub caches: Vec<Cache>,
    pub curations: Vec<Curation>,
}

/// Folder names that hold installed packages rather than the project's own files.
const DEPENDENCY_DIRS: &[&str] = &["node_modules", ".venv", "venv", "vendor", "Pods", "__pypackages__"];

/// Installed-package databases that live inside dependency folders and are parser input.
const INSTALLED_DATABASES: &[&str] = &[".package-lock.json", "METADATA", "modules.txt", "installed.json"];

/// Whether a parser may read `rel`: a manifest inside an installed package (`node_modules/x/
/// package.json`, `vendor/acme/lib/composer.json`) describes that package, not a project, so
/// only the installed-package databases are read there. The package's licence comes from its
/// folder instead ([`licences`]).
pub fn parser_may_read(rel: &str) -> bool {
    let Some((dir, name)) = rel.rsplit_once('/') else { return true };
    let inside = dir.split('/').any(|part| DEPENDENCY_DIRS.contains(&part));
    !inside || INSTALLED_DATABASES.contains(&name) || name.ends_with(".dist-info")
}

/// Dependency folders beside the project's manifests that the walk did not enter (ignore rules
/// hid them), walked whole: no ignore rules (a package's own `.gitignore` says nothing about
/// what was installed), `[scan] exclude` still applied, symlinks not followed.
pub fn in_tree(root: &Path, walked: &[WalkedFile], exclude: &[String]) -> Vec<WalkedFile> {
    let seen: HashSet<&str> = walked.iter().map(|f| f.rel.as_str()).collect();
    let mut candidates: Vec<String> = Vec::new();
    for file in walked {
        let (dir, name) = file.rel.rsplit_once('/').unwrap_or(("", file.rel.as_str()));
        let beside: &[&str] = match name {
            "package.json" | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml" | "bun.lock" => {
                &["node_modules"]
            }
            "pyproject.toml" | "uv.lock" | "poetry.lock" | "Pipfile.lock" | "pdm.lock"
            | "requirements.txt" => &[".venv", "venv", "__pypackages__"],
            "go.mod" | "composer.json" | "composer.lock" | "Gemfile.lock" => &["vendor"],
            "Podfile.lock" => &["Pods"],
            _ => continue,
        };
        for folder in beside {
            let rel = if dir.is_empty() { (*folder).to_string() } else { format!("{dir}/{folder}") };
            if root.join(&rel).is_dir() && !candidates.contains(&rel) {
                candidates.push(rel);
            }
        }
    }
    let mut overrides = OverrideBuilder::new(root);
    for pattern in exclude {
        // Patterns were checked when the first walk built them.
        let _ = overrides.add(&format!("!{pattern}"));
    }
    let Ok(overrides) = overrides.build() else { return Vec::new() };
    let mut out = Vec::new();
    for rel_dir in candidates {
        let walker = WalkBuilder::new(root.join(&rel_dir))
            .standard_filters(false)
            .follow_links(false)
            .overrides(overrides.clone())
            .build();
        for entry in walker.filter_map(Result::ok) {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else { continue };
            let Some(rel) = rel.to_str() else { continue };
            let rel = rel.replace('\\', "/");
            if !seen.contains(rel.as_str()) {
                out.push(WalkedFile { rel, abs: entry.path().to_path_buf() });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_read_installed_databases_but_not_installed_manifests() {
        assert!(parser_may_read("package.json"));
        assert!(parser_may_read("web/package-lock.json"));
        assert!(!parser_may_read("node_modules/react/package.json"));
        assert!(parser_may_read("node_modules/.package-lock.json"));
        assert!(parser_may_read(".venv/lib/python3.12/site-packages/flask-3.1.0.dist-info/METADATA"));
        assert!(parser_may_read("vendor/modules.txt"));
        assert!(!parser_may_read("vendor/github.com/pkg/errors/go.mod"));
    }
}
