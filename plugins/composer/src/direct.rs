//! `composer.json`: what the project requires itself (`require`, `require-dev`), the only
//! place that says which locked packages are direct; read alone, the direct dependencies.

use std::collections::BTreeMap;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::{DependencyScope, Package, ParseOutput};
use serde_json::Value;

use crate::names;

/// The project's own requirements: lower-cased name → (scope, constraint as written, line).
#[derive(Debug, Default)]
pub struct Direct {
    entries: BTreeMap<String, (String, DependencyScope, String, Option<u32>)>,
}

impl Direct {
    /// Reads the `require` / `require-dev` maps of a parsed `composer.json`.
    pub fn read(text: &str, root: &Value) -> Self {
        let lines = KeyLines::new(text, 2);
        let mut entries = BTreeMap::new();
        // `require-dev` first, so a package in both is runtime.
        for (key, scope) in
            [("require-dev", DependencyScope::Development), ("require", DependencyScope::Runtime)]
        {
            for (name, constraint) in root.get(key).and_then(Value::as_object).into_iter().flatten() {
                if names::is_platform(name) {
                    continue;
                }
                let constraint = constraint.as_str().unwrap_or_default().to_string();
                let line = lines.key_line(&[key, name]);
                entries.insert(name.to_ascii_lowercase(), (name.clone(), scope, constraint, line));
            }
        }
        Direct { entries }
    }

    /// Whether the project requires `name` itself.
    pub fn names(&self, name: &str) -> bool {
        self.entries.contains_key(&name.to_ascii_lowercase())
    }

    /// The manifest read alone: one direct package per requirement, without a version (a
    /// constraint such as `^1.0` names no version); the constraint is not carried, since the
    /// contract has no field for a range.
    pub fn packages(&self, path: &str, out: &mut ParseOutput) {
        for (name, scope, _constraint, line) in self.entries.values() {
            out.packages.push(
                Package::new("composer", name, None)
                    .purl(&names::purl(name, None))
                    .scope(*scope)
                    .direct(true)
                    .location(path, *line),
            );
        }
    }
}
