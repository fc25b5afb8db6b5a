//! `vcpkg.json`, a vcpkg manifest.
//!
//! ```text
//! {"builtin-baseline": "b322…",
//!  "dependencies": ["icu", {"name": "curl", "features": ["http2"], "version>=": "8.0", "host": false,
//!                           "platform": "!android"}],
//!  "overrides": [{"name": "curl", "version": "8.10.1#0"}]}
//! ```

use std::collections::HashMap;

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Diagnostic, Level, Manifest, Package, PackageSource, ParseOutput,
    SourceKind, purl,
};
use serde_json::Value;

use crate::json::array_element_lines;

pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(error) => {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("vcpkg.json: {error}"))
                    .at(path, u32::try_from(error.line()).ok()),
            );
            return;
        }
    };
    let overrides: HashMap<String, String> = doc
        .get("overrides")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let version = ["version", "version-string", "version-semver", "version-date"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))?;
            // The older spelling keeps the port version apart; the `#N` form carries it.
            let version = match o.get("port-version").and_then(Value::as_u64) {
                Some(port) if !version.contains('#') => format!("{version}#{port}"),
                _ => version.to_string(),
            };
            Some((o.get("name")?.as_str()?.to_string(), version))
        })
        .collect();
    let lines = array_element_lines(text, "dependencies");
    for (index, dep) in doc.get("dependencies").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let line = lines.get(index).copied();
        let (name, host) = match dep {
            Value::String(name) => (name.as_str(), false),
            Value::Object(_) => match dep.get("name").and_then(Value::as_str) {
                Some(name) => (name, dep.get("host").and_then(Value::as_bool) == Some(true)),
                None => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            "manifest-malformed",
                            Level::Error,
                            "vcpkg.json: a dependency has no name",
                        )
                        .at(path, line),
                    );
                    continue;
                }
            },
            _ => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        "vcpkg.json: a dependency is neither a name nor an object",
                    )
                    .at(path, line),
                );
                continue;
            }
        };
        let version = overrides.get(name).map(String::as_str);
        let id = match purl::purl("vcpkg", None, name, version) {
            Ok(id) => id,
            Err(error) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        "manifest-malformed",
                        Level::Error,
                        format!("vcpkg.json: `{name}`: {error}"),
                    )
                    .at(path, line),
                );
                continue;
            }
        };
        let scope = if host { DependencyScope::Build } else { DependencyScope::Runtime };
        if let Some(existing) = out.packages.iter_mut().find(|p| p.id == id) {
            // The same port for another platform: one package; a runtime use wins.
            if scope == DependencyScope::Runtime {
                existing.scope = scope;
            }
            continue;
        }
        out.packages.push(
            Package::new("vcpkg", name, version)
                .purl(&id)
                .direct(true)
                .scope(scope)
                .source(PackageSource::new(SourceKind::Registry, None))
                .location(path, line),
        );
    }
    out.manifests.push(Manifest::new(path, "vcpkg", "vcpkg.json", Completeness::DirectOnly));
}
