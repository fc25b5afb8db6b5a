//! The plugin registry: the default plugins embedded in the binary plus any loaded from files,
//! filtered by name, each with its own limits.

use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::model::{PluginKind, PluginRecord};
use crate::plan::PluginPlan;
use crate::runtime::{LoadedPlugin, PluginSource, Runtime};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_plugins.rs"));
}

/// Loaded, validated plugins in a stable order (kind, then name).
pub struct PluginSet {
    pub plugins: Vec<Arc<LoadedPlugin>>,
}

impl PluginSet {
    pub fn load(runtime: &Runtime, plan: &PluginPlan) -> Result<Self> {
        let mut loaded: Vec<LoadedPlugin> = Vec::new();
        if plan.use_defaults {
            for (crate_name, bytes, digest) in embedded::EMBEDDED {
                let source = PluginSource::Embedded(crate_name.to_string());
                let plugin = runtime
                    .load_digested(bytes, digest, source, plan.default_limits)
                    .with_context(|| format!("loading the embedded plugin {crate_name}"))?;
                loaded.push(plugin);
            }
        }
        for file in &plan.files {
            // Capped and never a blocking open: the path may be a FIFO or `/dev/zero`.
            let bytes = crate::files::read_capped(&file.path, crate::files::PLUGIN_CAP)
                .with_context(|| format!("cannot read plugin {}", file.path.display()))?;
            let actual = crate::runtime::sha256_hex(&bytes);
            if let Some(pinned) = &file.sha256
                && &actual != pinned
            {
                bail!(
                    "plugin {} does not match its pinned sha256: expected {pinned}, found {actual}",
                    file.path.display()
                );
            }
            let source = PluginSource::File(file.path.clone());
            let plugin = runtime.load_digested(&bytes, &actual, source, plan.default_limits)?;
            // A file plugin with a default plugin's name replaces it: teams can swap a default.
            if let Some(pos) = loaded.iter().position(|p| p.name() == plugin.name()) {
                if matches!(loaded[pos].source, PluginSource::File(_)) {
                    bail!(
                        "two plugin files are both named {:?}: {} and {}",
                        plugin.name(),
                        loaded[pos].source,
                        plugin.source
                    );
                }
                tracing::info!("{} replaces the embedded plugin {:?}", plugin.source, plugin.name());
                loaded.remove(pos);
            }
            loaded.push(plugin);
        }

        // Settings for a plugin that is not there are a typo or a stale config: silently
        // ignoring them would drop a limit or a configuration the user believes applies.
        for (name, settings) in &plan.settings {
            if !loaded.iter().any(|p| p.name() == name) {
                let known: Vec<&str> = loaded.iter().map(|p| p.name()).collect();
                bail!(
                    "{}: [plugin.{name}] names no loaded plugin; loaded: {}",
                    settings.at,
                    known.join(", ")
                );
            }
        }
        for name in plan.only.iter().flatten().chain(&plan.disable) {
            if !loaded.iter().any(|p| p.name() == name) {
                let known: Vec<&str> = loaded.iter().map(|p| p.name()).collect();
                bail!("unknown plugin {name:?}; available: {}", known.join(", "));
            }
        }
        loaded.retain(|p| plan.wants(p.name()));
        for plugin in &mut loaded {
            plugin.limits = plan.limits_for(plugin.name());
        }
        loaded.sort_by(|a, b| (a.kind, a.name()).cmp(&(b.kind, b.name())));
        Ok(PluginSet { plugins: loaded.into_iter().map(Arc::new).collect() })
    }

    pub fn of_kind(&self, kind: PluginKind) -> impl Iterator<Item = &Arc<LoadedPlugin>> {
        self.plugins.iter().filter(move |p| p.kind == kind)
    }

    /// The reporter that renders `format`, if any.
    pub fn reporter_for(&self, format: &str) -> Option<&Arc<LoadedPlugin>> {
        self.of_kind(PluginKind::Reporter).find(|p| p.info.formats.iter().any(|f| f == format))
    }

    pub fn formats(&self) -> Vec<String> {
        let mut formats = vec!["json".to_string(), "text".to_string()];
        for reporter in self.of_kind(PluginKind::Reporter) {
            formats.extend(reporter.info.formats.iter().cloned());
        }
        formats
    }

    pub fn records(&self) -> Vec<PluginRecord> {
        self.plugins
            .iter()
            .map(|p| PluginRecord {
                name: p.name().to_string(),
                version: p.info.version.clone(),
                kind: p.kind,
                wit_version: p.wit_version.clone(),
                sha256: p.sha256.clone(),
                source: p.source.to_string(),
            })
            .collect()
    }
}
