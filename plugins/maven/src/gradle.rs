//! Gradle dependency locking: `gradle.lockfile` and `buildscript-gradle.lockfile` (Gradle 6.8+,
//! `group:name:version=conf1,conf2` lines and an `empty=` line), and the per-configuration
//! `gradle/dependency-locks/<configuration>.lockfile` files of Gradle 4.8 to 6.7.

use ospo_plugin_sdk::{Completeness, DependencyScope, Diagnostic, Level, Manifest, Package, ParseOutput};

use crate::coords::{self, ECOSYSTEM};

/// One locked module: coordinates, configurations and line.
#[derive(Debug, Clone)]
pub struct Locked {
    pub group: String,
    pub artifact: String,
    pub version: String,
    pub configurations: Vec<String>,
    pub line: u32,
}

/// The entries of a lockfile; lines that do not parse as (line, text).
pub fn read(text: &str, legacy_configuration: Option<&str>) -> (Vec<Locked>, Vec<(u32, String)>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') || raw.starts_with("empty=") {
            continue;
        }
        let (coordinates, configurations) = match (raw.split_once('='), legacy_configuration) {
            (Some((c, confs)), _) => {
                (c, confs.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
            }
            (None, Some(conf)) => (raw, vec![conf.to_string()]),
            (None, None) => {
                errors.push((line, raw.to_string()));
                continue;
            }
        };
        match coordinates.split(':').collect::<Vec<_>>().as_slice() {
            [group, artifact, version]
                if !group.is_empty() && !artifact.is_empty() && !version.is_empty() =>
            {
                entries.push(Locked {
                    group: group.to_string(),
                    artifact: artifact.to_string(),
                    version: version.to_string(),
                    configurations,
                    line,
                });
            }
            _ => errors.push((line, raw.to_string())),
        }
    }
    (entries, errors)
}

/// The scope a lockfile gives an entry: buildscript classpaths are build.
pub fn scope(path: &str, entry: &Locked) -> DependencyScope {
    if path.ends_with("buildscript-gradle.lockfile") {
        DependencyScope::Build
    } else {
        coords::gradle_scope(entry.configurations.iter().map(String::as_str))
    }
}

/// A lockfile handed to the parser.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let legacy = path.contains("gradle/dependency-locks/").then(|| name.strip_suffix(".lockfile")).flatten();
    let (entries, errors) = read(text, legacy);
    for (line, raw) in errors {
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-malformed",
                Level::Error,
                format!("{name}: `{raw}` is not `group:name:version=configurations`"),
            )
            .at(path, Some(line)),
        );
    }
    let mut packages: Vec<Package> = Vec::new();
    for entry in &entries {
        let Some(p) = coords::package(
            &entry.group,
            &entry.artifact,
            Some(&entry.version),
            &[],
            path,
            entry.line,
            &mut out.diagnostics,
        ) else {
            continue;
        };
        packages.push(p.scope(scope(path, entry)));
    }
    out.packages.extend(packages);
    let format = match legacy {
        Some(conf) => format!("{name} (Gradle dependency locking before 6.8, configuration {conf})"),
        None => format!("{name} (Gradle dependency locking)"),
    };
    out.manifests.push(Manifest::new(path, ECOSYSTEM, &format, Completeness::Complete));
}
