//! `gradle/verification-metadata.xml` (Gradle dependency verification, schema 1.0 to 1.3):
//! one `<component group name version>` per module the build resolved, with a checksum per
//! artifact. Gradle writes every component any configuration resolved (plugins and
//! buildscript too), without saying which configuration: where lockfiles exist in the build,
//! their packages get the hashes and this file adds none of its own; where none does, every
//! component is a package of a complete set, scope unknown (runtime is assumed and the format
//! says so).

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, HashAlgorithm, Level, Manifest, ParseOutput,
};

use crate::coords::{self, ECOSYSTEM};
use crate::{gradle, paths, xml};

/// A verification metadata file handed to the parser.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let lines = LineIndex::new(text.as_bytes());
    let (root, error) = xml::parse(text);
    if let Some(e) = &error {
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-malformed",
                Level::Error,
                format!("verification-metadata.xml: {}", e.message),
            )
            .at(path, Some(lines.line_of(e.offset))),
        );
    }
    // The build root holds `gradle/`; its lockfiles (any project of the build) say the scopes.
    let root_dir = paths::parent(paths::parent(path));
    let locked = lockfile_scopes(root_dir);
    let format = if locked.is_empty() {
        "gradle/verification-metadata.xml (every component the build resolved, scopes unknown, no edges)"
    } else {
        "gradle/verification-metadata.xml (checksums of the components the build's lockfiles name)"
    };
    out.manifests.push(Manifest::new(path, ECOSYSTEM, format, Completeness::Complete));
    let Some(root) = root.filter(|r| r.name == "verification-metadata") else {
        if error.is_none() {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, "no <verification-metadata> element")
                    .at(path, Some(1)),
            );
        }
        return;
    };
    let mut unlocked = 0usize;
    for component in root.child("components").into_iter().flat_map(|c| c.children("component")) {
        let (Some(group), Some(name), Some(version)) =
            (component.attribute("group"), component.attribute("name"), component.attribute("version"))
        else {
            out.diagnostics.push(
                Diagnostic::new(
                    "manifest-malformed",
                    Level::Error,
                    "a <component> needs group, name and version",
                )
                .at(path, Some(lines.line_of(component.offset))),
            );
            continue;
        };
        let scope = if locked.is_empty() {
            DependencyScope::Runtime
        } else {
            match locked.get(&(group.to_string(), name.to_string(), version.to_string())) {
                Some(scope) => *scope,
                None => {
                    unlocked += 1;
                    continue;
                }
            }
        };
        let line = lines.line_of(component.offset);
        let Some(mut package) =
            coords::package(group, name, Some(version), &[], path, line, &mut out.diagnostics)
        else {
            continue;
        };
        // The module's own archive, not its .pom or .module metadata.
        let main = ["jar", "aar", "war"].map(|ext| format!("{name}-{version}.{ext}"));
        if let Some(artifact) = component
            .children("artifact")
            .find(|a| a.attribute("name").is_some_and(|n| main.iter().any(|m| m == n)))
        {
            for (tag, algorithm) in [("sha256", HashAlgorithm::Sha256), ("sha512", HashAlgorithm::Sha512)] {
                if let Some(value) = artifact.child(tag).and_then(|h| h.attribute("value")) {
                    package = package.hash(algorithm, value);
                }
            }
        }
        out.packages.push(package.scope(scope));
    }
    if unlocked > 0 {
        out.diagnostics.push(
            Diagnostic::new(
                "gradle-components-unlocked",
                Level::Info,
                format!(
                    "verification-metadata.xml: {unlocked} verified components are in no lockfile of the build \
                     (plugins, buildscript or unlocked configurations); they are not reported"
                ),
            )
            .at(path, None),
        );
    }
}

/// `(group, name, version)` to the widest scope the build's lockfiles give it.
fn lockfile_scopes(root: &str) -> BTreeMap<(String, String, String), DependencyScope> {
    let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
    let mut scopes = BTreeMap::new();
    for glob in ["**/gradle.lockfile", "**/buildscript-gradle.lockfile"] {
        for file in ospo_plugin_sdk::host::list_files(&format!("{prefix}{glob}")).unwrap_or_default() {
            let Ok(bytes) = ospo_plugin_sdk::host::read_file(&file) else { continue };
            let (entries, _) = gradle::read(&ospo_plugin_sdk::text::lossy(&bytes), None);
            for entry in &entries {
                let scope = gradle::scope(&file, entry);
                let key = (entry.group.clone(), entry.artifact.clone(), entry.version.clone());
                let rank = |s: &DependencyScope| match s {
                    DependencyScope::Runtime => 4,
                    DependencyScope::Provided => 3,
                    DependencyScope::Build => 2,
                    DependencyScope::Test => 1,
                    _ => 0,
                };
                let keep = scopes.get(&key).is_none_or(|old| rank(&scope) > rank(old));
                if keep {
                    scopes.insert(key, scope);
                }
            }
        }
    }
    scopes
}
