//! The validated plan: command line and `ospo.toml` merged and checked, so the rest of the
//! program never re-reads either.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cli::PluginArgs;
use crate::config::{ConfigFile, LimitsSection};
use crate::runtime::Limits;

/// A plugin file to load, optionally pinned by sha256.
#[derive(Debug, Clone)]
pub struct PluginFile {
    pub path: PathBuf,
    pub sha256: Option<String>,
}

/// What one plugin gets beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct PluginSettings {
    pub limits: LimitsSection,
    pub config_json: Option<String>,
    pub grants: BTreeMap<String, PathBuf>,
}

#[derive(Debug, Clone)]
pub struct PluginPlan {
    pub use_defaults: bool,
    pub only: Option<Vec<String>>,
    pub disable: Vec<String>,
    pub files: Vec<PluginFile>,
    pub default_limits: Limits,
    pub settings: BTreeMap<String, PluginSettings>,
}

impl PluginPlan {
    pub fn limits_for(&self, name: &str) -> Limits {
        match self.settings.get(name) {
            Some(settings) => apply(self.default_limits, settings.limits),
            None => self.default_limits,
        }
    }

    pub fn wants(&self, name: &str) -> bool {
        let listed = self.only.as_ref().is_none_or(|only| only.iter().any(|n| n == name));
        listed && !self.disable.iter().any(|n| n == name)
    }
}

#[derive(Debug, Clone)]
pub struct ScanPlan {
    pub root: PathBuf,
    pub format: String,
    pub output: Option<PathBuf>,
    pub jobs: usize,
    pub exclude: Vec<String>,
    pub plugins: PluginPlan,
}

fn apply(mut limits: Limits, section: LimitsSection) -> Limits {
    if let Some(ms) = section.timeout_ms {
        limits.timeout = Duration::from_millis(ms);
    }
    if let Some(mb) = section.memory_mb {
        limits.memory_bytes = usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    }
    if let Some(mb) = section.output_mb {
        limits.output_bytes = usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    }
    limits
}

/// Reads `--config`, or `ospo.toml` in `root` when present.
pub fn load_config(args: &PluginArgs, root: &Path) -> Result<ConfigFile> {
    let path = match &args.config {
        Some(path) => path.clone(),
        None => {
            let candidate = root.join("ospo.toml");
            if !candidate.is_file() {
                return Ok(ConfigFile::default());
            }
            candidate
        }
    };
    Ok(ConfigFile::load(&path)?)
}

pub fn plugin_plan(args: &PluginArgs, config: &ConfigFile) -> Result<PluginPlan> {
    let mut files: Vec<PluginFile> = config
        .plugins
        .extra
        .iter()
        .map(|extra| {
            let sha = extra.sha256.trim().to_ascii_lowercase();
            if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!("[[plugins.extra]] {}: sha256 must be 64 hex digits", extra.path.display());
            }
            Ok(PluginFile { path: config.resolve(&extra.path), sha256: Some(sha) })
        })
        .collect::<Result<_>>()?;
    files.extend(args.plugin_files.iter().map(|path| PluginFile { path: path.clone(), sha256: None }));

    let mut settings = BTreeMap::new();
    for (name, section) in &config.plugin {
        let config_json = section
            .config
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .with_context(|| format!("[plugin.{name}.config] cannot be expressed as JSON"))?;
        let mut grants = BTreeMap::new();
        for (grant, dir) in &section.data {
            let dir = config.resolve(dir);
            let canonical = dir.canonicalize().with_context(|| {
                format!("[plugin.{name}.data] {grant} = {}: not a readable directory", dir.display())
            })?;
            grants.insert(grant.clone(), canonical);
        }
        settings.insert(name.clone(), PluginSettings { limits: section.limits(), config_json, grants });
    }

    Ok(PluginPlan {
        use_defaults: !args.no_default_plugins && config.plugins.defaults.unwrap_or(true),
        only: args.plugins.clone().or_else(|| config.plugins.only.clone()),
        disable: config.plugins.disable.clone(),
        files,
        default_limits: apply(Limits::default(), config.limits),
        settings,
    })
}

pub fn scan_plan(args: &crate::cli::ScanArgs) -> Result<ScanPlan> {
    let root = &args.path;
    let meta = std::fs::metadata(root).with_context(|| format!("cannot scan {}", root.display()))?;
    if !meta.is_dir() {
        bail!("cannot scan {}: not a directory", root.display());
    }
    let config = load_config(&args.plugins, root)?;
    let plugins = plugin_plan(&args.plugins, &config)?;
    let jobs = args
        .jobs
        .or(config.scan.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    Ok(ScanPlan {
        root: root.clone(),
        format: args.format.clone(),
        output: args.output.clone(),
        jobs,
        exclude: config.scan.exclude.clone(),
        plugins,
    })
}
