//! `pubspec.yaml` without a lockfile: its `dependencies` (runtime), `dev_dependencies`
//! (development) and `dependency_overrides` (runtime) as direct packages without versions (a
//! constraint such as `^1.2.0` names no version; the contract has no field for a range).

use std::collections::BTreeSet;

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Manifest, Package, PackageSource, ParseOutput, relpath,
};
use serde_yaml_ng::Value;

use crate::{names, yaml_lines};

/// Adds the manifest's direct dependencies to `out`.
pub fn read(path: &str, text: &str, root: &Value, out: &mut ParseOutput) {
    let dir = relpath::parent(path);
    let mut seen = BTreeSet::new();
    for (section, scope) in [
        ("dependencies", DependencyScope::Runtime),
        ("dev_dependencies", DependencyScope::Development),
        ("dependency_overrides", DependencyScope::Runtime),
    ] {
        let lines = yaml_lines::child_key_lines(text, section);
        for (key, spec) in root.get(section).and_then(Value::as_mapping).into_iter().flatten() {
            let Some(name) = key.as_str() else { continue };
            // An override of a dependency already listed is the same package.
            if !seen.insert(name.to_string()) {
                continue;
            }
            let (qualifier, source) = source_of(dir, spec);
            let mut package = Package::new("pub", name, None)
                .purl(&names::purl(name, None, qualifier))
                .scope(scope)
                .direct(true)
                .location(path, lines.get(name).copied());
            if let Some(source) = source {
                package = package.source(source);
            }
            out.packages.push(package);
        }
    }
    out.manifests.push(Manifest::new(path, "pub", "pubspec.yaml", Completeness::DirectOnly));
}

/// The purl qualifier and source a dependency's spec gives: `git:` (a URL or a map with
/// `url`), `path:`, `hosted:` (a URL or a map with `url`); `sdk:` and plain constraints
/// give none.
fn source_of(dir: &str, spec: &Value) -> (Option<(&'static str, String)>, Option<PackageSource>) {
    let url_of = |v: &Value| names::scalar(v).or_else(|| v.get("url").and_then(names::scalar));
    if let Some(url) = spec.get("git").and_then(url_of) {
        return (Some(("vcs_url", format!("git+{url}"))), Some(PackageSource::git(&url, None)));
    }
    if let Some(local) = spec.get("path").and_then(names::scalar) {
        let joined = relpath::join(dir, &local).unwrap_or(local);
        return (None, Some(PackageSource::path(relpath::shown(&joined))));
    }
    if let Some(url) = spec.get("hosted").and_then(url_of) {
        return (names::hosted_qualifier(Some(&url)), Some(PackageSource::registry(&url)));
    }
    (None, None)
}
