//! `*.sbt.lock` written by the sbt-dependency-lock plugin: JSON with `lockVersion` 1 and one
//! entry per resolved module (`org`, `name`, `version`, artifacts with `sha1:` hashes, and
//! the sbt configurations it is in).

use ospo_plugin_sdk::json_lines::{KeyLines, Segment};
use ospo_plugin_sdk::{Completeness, DependencyScope, Diagnostic, Hash, Level, Manifest, ParseOutput};
use serde::Deserialize;

use crate::coords::{self, ECOSYSTEM};

#[derive(Deserialize)]
struct Lock {
    #[serde(rename = "lockVersion")]
    lock_version: Option<u64>,
    #[serde(default)]
    dependencies: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Entry {
    org: String,
    name: String,
    version: String,
    #[serde(default)]
    artifacts: Vec<Artifact>,
    #[serde(default)]
    configurations: Vec<String>,
}

#[derive(Deserialize)]
struct Artifact {
    #[serde(default)]
    hash: Option<String>,
}

/// sbt configurations to one scope: compile or runtime ship; provided comes from the
/// environment; test only tests; anything else (scalafix, plugins) is build.
fn scope(configurations: &[String]) -> DependencyScope {
    let has = |c: &str| configurations.iter().any(|x| x == c);
    if has("compile") || has("runtime") {
        DependencyScope::Runtime
    } else if has("provided") {
        DependencyScope::Provided
    } else if has("test") {
        DependencyScope::Test
    } else {
        DependencyScope::Build
    }
}

/// A lock handed to the parser.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lock: Lock = match serde_json::from_str(text) {
        Ok(lock) => lock,
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("{name}: {e}"))
                    .at(path, u32::try_from(e.line()).ok()),
            );
            out.manifests.push(Manifest::new(path, ECOSYSTEM, "sbt-dependency-lock", Completeness::Complete));
            return;
        }
    };
    let version = lock.lock_version.unwrap_or(0);
    out.manifests.push(Manifest::new(
        path,
        ECOSYSTEM,
        &format!("sbt-dependency-lock (lockVersion {version})"),
        Completeness::Complete,
    ));
    if version != 1 {
        out.diagnostics.push(
            Diagnostic::new(
                "manifest-unsupported",
                Level::Warning,
                format!("{name}: lockVersion {version} (1 is known)"),
            )
            .at(path, Some(1)),
        );
        return;
    }
    let lines = KeyLines::new(text, 3);
    for (index, value) in lock.dependencies.into_iter().enumerate() {
        let line = lines.line(&[Segment::key("dependencies"), Segment::Index(index), Segment::key("org")]);
        let entry: Entry = match serde_json::from_value(value) {
            Ok(entry) => entry,
            Err(e) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("{name}: dependency {index}: {e}"),
                    )
                    .at(path, line),
                );
                continue;
            }
        };
        let Some(mut package) = coords::package(
            &entry.org,
            &entry.name,
            Some(&entry.version),
            &[],
            path,
            line.unwrap_or(1),
            &mut out.diagnostics,
        ) else {
            continue;
        };
        let only_optional =
            !entry.configurations.is_empty() && entry.configurations.iter().all(|c| c == "optional");
        package = package.scope(scope(&entry.configurations)).optional(only_optional);
        for hash in entry.artifacts.iter().filter_map(|a| a.hash.as_deref()).filter_map(Hash::parse_integrity)
        {
            if !package.hashes.contains(&hash) {
                package = package.add_hash(hash);
            }
        }
        out.packages.push(package);
    }
}
