//! `pubspec.lock`: every package of the resolution under `packages:`, each with `dependency`
//! (`direct main`, `direct dev`, `direct overridden`, `transitive`), `source` (`hosted`, `git`,
//! `path`, `sdk`), its `description` and `version`. The file records no edges.

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, HashAlgorithm, Level, Manifest, Package, PackageSource,
    ParseOutput, relpath,
};
use serde_yaml_ng::Value;

use crate::{names, yaml_lines};

/// Adds the lockfile's packages to `out`.
pub fn read(path: &str, text: &str, root: &Value, out: &mut ParseOutput) {
    let lines = yaml_lines::child_key_lines(text, "packages");
    let dir = relpath::parent(path);
    let Some(packages) = root.get("packages").and_then(Value::as_mapping) else {
        if root.get("packages").is_some_and(|p| !p.is_null()) {
            out.diagnostics.push(crate::malformed(path, None, "`packages` is not a mapping"));
        }
        out.manifests.push(Manifest::new(path, "pub", "pubspec.lock", Completeness::Complete));
        return;
    };
    for (key, entry) in packages {
        let Some(name) = key.as_str() else { continue };
        let line = lines.get(name).copied();
        let version = entry.get("version").and_then(names::scalar);
        let (scope, direct) = match entry.get("dependency").and_then(Value::as_str) {
            Some("direct main") | Some("direct overridden") => (DependencyScope::Runtime, true),
            Some("direct dev") => (DependencyScope::Development, true),
            Some("transitive") | None => (DependencyScope::Runtime, false),
            Some(other) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-unsupported",
                        Level::Warning,
                        format!("`{name}` has dependency kind `{other}`, which this parser does not know; read as transitive"),
                    )
                    .at(path, line),
                );
                (DependencyScope::Runtime, false)
            }
        };
        let source = entry.get("source").and_then(Value::as_str).unwrap_or_default();
        let description = entry.get("description");
        let field = |key: &str| description.and_then(|d| d.get(key)).and_then(names::scalar);
        let (purl, package_source) = match source {
            "hosted" => {
                let url = field("url");
                (
                    names::purl(name, version.as_deref(), names::hosted_qualifier(url.as_deref())),
                    url.map(|u| PackageSource::registry(&u)),
                )
            }
            "git" => {
                let url = field("url");
                let commit = field("resolved-ref");
                let vcs = url.as_ref().map(|u| match &commit {
                    Some(c) => format!("git+{u}@{c}"),
                    None => format!("git+{u}"),
                });
                let qualifier = vcs.map(|v| ("vcs_url", v));
                (
                    names::purl(name, version.as_deref(), qualifier),
                    url.map(|u| PackageSource::git(&u, commit.as_deref())),
                )
            }
            "path" => {
                let local = field("path");
                let relative =
                    description.and_then(|d| d.get("relative")).and_then(Value::as_bool).unwrap_or(true);
                let shown = local.map(|p| if relative { relpath::join(dir, &p).unwrap_or(p) } else { p });
                (
                    names::purl(name, version.as_deref(), None),
                    shown.map(|p| PackageSource::path(relpath::shown(&p))),
                )
            }
            // `sdk`: shipped with Dart or Flutter, not fetched from anywhere.
            _ => (names::purl(name, version.as_deref(), None), None),
        };
        let mut package = Package::new("pub", name, version.as_deref())
            .purl(&purl)
            .scope(scope)
            .direct(direct)
            .location(path, line);
        if let Some(source) = package_source {
            package = package.source(source);
        }
        if let Some(sha) =
            field("sha256").filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            package = package.hash(HashAlgorithm::Sha256, &sha);
        }
        out.packages.push(package);
    }
    out.manifests.push(Manifest::new(path, "pub", "pubspec.lock", Completeness::Complete));
}
