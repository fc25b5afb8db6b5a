//! The plugin registry: the default plugins embedded in the binary plus any loaded from files,
//! filtered by name, each with its own limits.

use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::diagnostics::Code;
use crate::model::{Diagnostic, PluginKind, PluginRecord};
use crate::plan::PluginPlan;
use crate::runtime::{LoadedPlugin, PluginSource, Runtime};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_plugins.rs"));
}

/// Loaded, validated plugins in a stable order (kind, then name).
pub struct PluginSet {
    pub plugins: Vec<Arc<LoadedPlugin>>,
    /// What loading decided that a user should see in the result: a file plugin taking over a
    /// default plugin's name or format.
    pub notices: Vec<Diagnostic>,
}

impl PluginSet {
    pub fn load(runtime: &Runtime, plan: &PluginPlan) -> Result<Self> {
        let mut loaded: Vec<LoadedPlugin> = Vec::new();
        let mut notices = Vec::new();
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
                notices.push(
                    Diagnostic::of(
                        Code::PluginTakesOver,
                        format!("{} replaces the default plugin {:?}", plugin.source, plugin.name()),
                    )
                    .from_plugin(plugin.name()),
                );
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
        notices.extend(format_takeovers(&loaded));
        Ok(PluginSet { plugins: loaded.into_iter().map(Arc::new).collect(), notices })
    }

    pub fn of_kind(&self, kind: PluginKind) -> impl Iterator<Item = &Arc<LoadedPlugin>> {
        self.plugins.iter().filter(move |p| p.kind == kind)
    }

    /// The reporter that renders `format`, if any: one the user loaded from a file before a
    /// default one (loading says so, [`Code::PluginTakesOver`]). `json` and `text` are the host's.
    pub fn reporter_for(&self, format: &str) -> Option<&Arc<LoadedPlugin>> {
        if HOST_FORMATS.contains(&format) {
            return None;
        }
        let renders = |p: &&Arc<LoadedPlugin>| p.info.formats.iter().any(|f| f == format);
        let from_file = |p: &&Arc<LoadedPlugin>| matches!(p.source, PluginSource::File(_));
        self.of_kind(PluginKind::Reporter)
            .filter(renders)
            .find(from_file)
            .or_else(|| self.of_kind(PluginKind::Reporter).find(renders))
    }

    pub fn formats(&self) -> Vec<String> {
        // Listed once each, whoever renders them.
        let mut formats: Vec<String> = HOST_FORMATS.iter().map(|f| f.to_string()).collect();
        for reporter in self.of_kind(PluginKind::Reporter) {
            for format in &reporter.info.formats {
                if !formats.contains(format) {
                    formats.push(format.clone());
                }
            }
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

/// The formats the host writes itself, whatever a reporter claims.
const HOST_FORMATS: [&str; 2] = ["json", "text"];

/// A file reporter that renders what a default reporter renders takes the format; one claiming a
/// host format never gets it. Either way the user is told, in the result.
fn format_takeovers(loaded: &[LoadedPlugin]) -> Vec<Diagnostic> {
    let reporters = || loaded.iter().filter(|p| p.kind == PluginKind::Reporter);
    let mut notices = Vec::new();
    for plugin in reporters().filter(|p| matches!(p.source, PluginSource::File(_))) {
        for format in &plugin.info.formats {
            let message = if HOST_FORMATS.contains(&format.as_str()) {
                format!(
                    "{} claims the format {format:?}, which ospo writes itself; it is not used for it",
                    plugin.source
                )
            } else if let Some(default) = reporters()
                .find(|p| matches!(p.source, PluginSource::Embedded(_)) && p.info.formats.contains(format))
            {
                format!(
                    "{} renders {format:?} instead of the default plugin {:?}",
                    plugin.source,
                    default.name()
                )
            } else {
                continue;
            };
            notices.push(Diagnostic::of(Code::PluginTakesOver, message).from_plugin(plugin.name()));
        }
    }
    notices
}
