//! `ospo.toml`: read as written (unvalidated, every field optional), then checked into a
//! [`crate::plan::Plan`] together with the command line. Parse errors point at line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub scan: ScanSection,
    /// Defaults for every plugin; `[plugin.NAME]` overrides per plugin.
    #[serde(default)]
    pub limits: LimitsSection,
    #[serde(default)]
    pub plugins: PluginsSection,
    /// Per-plugin settings, keyed by plugin name.
    #[serde(default)]
    pub plugin: BTreeMap<String, PluginSection>,
    /// `[advisories]`: the severity that fails a run and accepted exceptions, validated by
    /// [`crate::advisories::config::validate`].
    pub advisories: Option<crate::advisories::RawAdvisories>,
    /// Licence decisions about packages, applied before the automatic conclusion.
    #[serde(default)]
    pub curations: Vec<crate::scan::deps::RawCuration>,
    /// The licence policy as written; validated by [`crate::policy::config::validate`].
    pub policy: Option<crate::policy::config::RawPolicy>,
    /// The directory relative paths in this file are resolved against.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The file as the user should see it named in errors (empty for no file).
    #[serde(skip)]
    pub path: String,
    /// Whether the user vouched for this file (`--config`, `--trust-config`): see
    /// [`crate::plan`] for what an untrusted one may not set.
    #[serde(skip)]
    pub trusted: bool,
    /// The text, kept to point errors found after parsing at their line.
    #[serde(skip)]
    text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanSection {
    pub jobs: Option<usize>,
    /// Extra gitignore-style patterns to leave out of the walk.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Walk the dependency folders the project has on disk (`node_modules`, `.venv`, `vendor`,
    /// `Pods`) even where ignore rules hide them, as `--deps` does.
    pub dependency_sources: Option<bool>,
    /// Package caches to read packages' files from (cargo's `registry/src`, Go's module cache);
    /// outside the tree, so only a trusted configuration may name them.
    #[serde(default)]
    pub package_caches: Vec<PackageCache>,
}

/// One package cache: which kind, and where.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageCache {
    /// `cargo` (a `registry/src` folder), `go` (a module cache), `maven` (a local repository,
    /// `~/.m2/repository`) or `nuget` (a global packages folder, `~/.nuget/packages`).
    pub kind: String,
    pub path: PathBuf,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsSection {
    pub timeout_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    pub output_mb: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PluginsSection {
    /// Load the plugins embedded in the binary (default true).
    pub defaults: Option<bool>,
    /// Only these plugins (by name) run.
    pub only: Option<Vec<String>>,
    /// These plugins (by name) do not run.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Plugins loaded from files, each pinned by its sha256.
    #[serde(default)]
    pub extra: Vec<ExtraPlugin>,
    /// `[plugins.trust]`: keys whose signatures `--require-signed` accepts (see
    /// [`crate::plugin_cmd::trust`]).
    pub trust: Option<crate::plugin_cmd::trust::TrustSection>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtraPlugin {
    pub path: PathBuf,
    pub sha256: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PluginSection {
    pub timeout_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    pub output_mb: Option<u64>,
    /// Passed to the plugin as JSON by `host.config()`.
    pub config: Option<toml::Table>,
    /// Read-only data grants: name → directory (relative to this file).
    #[serde(default)]
    pub data: BTreeMap<String, PathBuf>,
}

impl PluginSection {
    pub fn limits(&self) -> LimitsSection {
        LimitsSection { timeout_ms: self.timeout_ms, memory_mb: self.memory_mb, output_mb: self.output_mb }
    }
}

impl ConfigFile {
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let display = path.display().to_string();
        // Capped and never a blocking open: the path may come from the scanned tree.
        let bytes = crate::files::read_capped(path, crate::files::CONFIG_CAP)
            .map_err(|source| ConfigError::Read { path: display.clone(), source })?;
        let text = String::from_utf8(bytes).map_err(|err| ConfigError::Parse {
            path: display.clone(),
            message: format!("not UTF-8 (at byte {})", err.utf8_error().valid_up_to()),
        })?;
        let mut config = Self::parse(&text, &display)?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.path = display;
        config.text = text;
        Ok(config)
    }

    /// The line of the deepest key of `keys` present in the file (`["plugin", "osv", "data",
    /// "db"]`): a setting refused after parsing is still pointed at.
    pub fn line_of(&self, keys: &[&str]) -> Option<usize> {
        let document = toml::de::DeTable::parse(&self.text).ok()?;
        let mut table = document.get_ref();
        let mut found = None;
        for key in keys {
            let (name, value) = table.iter().find(|(name, _)| name.get_ref().as_ref() == *key)?;
            found = Some(name.span().start);
            table = match value.get_ref() {
                toml::de::DeValue::Table(inner) => inner,
                // `[[plugins.extra]]`: the first entry is where it starts.
                toml::de::DeValue::Array(items) => match items.first().map(|item| item.get_ref()) {
                    Some(toml::de::DeValue::Table(inner)) => inner,
                    _ => break,
                },
                _ => break,
            };
        }
        found.map(|offset| self.text[..offset.min(self.text.len())].matches('\n').count() + 1)
    }

    /// The file's text, for errors found after parsing that point at a spanned value.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// `FILE:LINE` for `keys`, or `FILE` alone when the key is not written in it.
    pub fn at(&self, keys: &[&str]) -> String {
        match self.line_of(keys) {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.clone(),
        }
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|err| {
            // toml's message names the line and column and quotes the offending line.
            let location = err
                .span()
                .map(|span| {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            ConfigError::Parse { path: path.to_string(), message: format!("{location}{}", err.message()) }
        })
    }

    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() { path.to_path_buf() } else { self.base_dir.join(path) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_the_line() {
        let text = "[limits]\ntimeout-ms = 10\n\n[plugins]\ndefaults = \"yes\"\n";
        let err = ConfigFile::parse(text, "ospo.toml").expect_err("a string is not a bool");
        let message = err.to_string();
        assert!(message.starts_with("ospo.toml: line 5: "), "{message}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = ConfigFile::parse("[limits]\ntimeout = 5\n", "ospo.toml").expect_err("unknown key");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(err.to_string().contains("timeout"), "{err}");
    }

    #[test]
    fn settings_are_found_by_line() {
        let text = "[scan]\njobs = 4\n\n[[plugins.extra]]\npath = 'x.wasm'\nsha256 = 'ab'\n\n\
            [plugin.osv.data]\ndb = '/'\n";
        let mut config = ConfigFile::parse(text, "ospo.toml").expect("valid");
        config.text = text.to_string();
        config.path = "ospo.toml".to_string();
        assert_eq!(config.line_of(&["scan", "jobs"]), Some(2));
        assert_eq!(config.line_of(&["plugins", "extra"]), Some(4));
        assert_eq!(config.line_of(&["plugins", "extra", "path"]), Some(5));
        assert_eq!(config.at(&["plugin", "osv", "data", "db"]), "ospo.toml:9");
        assert_eq!(config.at(&["limits"]), "ospo.toml");
    }

    #[test]
    fn plugin_sections_parse() {
        let text = r#"
[plugin.license-text]
timeout-ms = 2000
[plugin.license-text.config]
custom = [{ id = "LicenseRef-Acme", file = "legal/acme.txt" }]
[plugin.osv.data]
db = "vendor/osv"
"#;
        let config = ConfigFile::parse(text, "ospo.toml").expect("valid");
        let section = &config.plugin["license-text"];
        assert_eq!(section.limits().timeout_ms, Some(2000));
        assert!(section.config.as_ref().is_some_and(|c| c.contains_key("custom")));
        assert_eq!(config.plugin["osv"].data["db"], PathBuf::from("vendor/osv"));
    }
}
