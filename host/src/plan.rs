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
    /// `FILE:LINE` of its `[plugin.NAME]` section, for an error about it once plugins are loaded.
    pub at: String,
}

/// The most `output-mb` can be: wasmtime copies at most 128 MiB out of a guest per host call
/// (its default host-call fuel), so a larger cap would promise what no call can deliver.
pub const MAX_OUTPUT_MB: u64 = 128;
/// A 32-bit wasm instance cannot address more.
pub const MAX_MEMORY_MB: u64 = 4096;

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The most worker threads a scan may have: past a few per CPU, threads only cost (2,000 took
/// 39 s to walk 8 files), and each holds its own plugin instances.
pub fn max_jobs() -> usize {
    4 * cpus()
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

/// One report a scan writes: a format, to a file or (`None`) stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: String,
    pub path: Option<PathBuf>,
}

/// `--format NAME[=FILE]` (repeatable) and `--output FILE` as the reports to write: text on
/// stdout when no format is given, at most one report on stdout, no file written twice.
/// `--output` is the file of the one format given without `=FILE`.
pub fn outputs(formats: &[String], output: Option<&Path>) -> Result<Vec<Output>> {
    let mut outputs = Vec::new();
    for spec in formats {
        let (format, path) = match spec.split_once('=') {
            Some((format, path)) if !path.is_empty() => (format, Some(PathBuf::from(path))),
            Some(_) => bail!("--format {spec}: no file after `=` (write NAME=FILE, or NAME for stdout)"),
            None => (spec.as_str(), None),
        };
        if format.is_empty() {
            bail!("--format {spec}: no format name before the file");
        }
        outputs.push(Output { format: format.to_string(), path });
    }
    if outputs.is_empty() {
        outputs.push(Output { format: "text".to_string(), path: None });
    }
    let to_stdout: Vec<&str> =
        outputs.iter().filter(|o| o.path.is_none()).map(|o| o.format.as_str()).collect();
    match (to_stdout.len(), output) {
        (0, Some(file)) => bail!(
            "--output {} names the file of the format given without =FILE, but every --format has its own",
            file.display()
        ),
        (n, _) if n > 1 => bail!(
            "{} would all write to {}: give each but one a file (--format NAME=FILE)",
            to_stdout.join(", "),
            output.map_or("stdout".to_string(), |f| f.display().to_string())
        ),
        _ => {}
    }
    if let Some(file) = output {
        for o in outputs.iter_mut().filter(|o| o.path.is_none()) {
            o.path = Some(file.to_path_buf());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for path in outputs.iter().filter_map(|o| o.path.as_ref()) {
        if !seen.insert(path) {
            bail!("{} is the file of two --format options; give each its own", path.display());
        }
    }
    Ok(outputs)
}

#[derive(Debug, Clone)]
pub struct ScanPlan {
    pub root: PathBuf,
    /// The reports to write, in the order given.
    pub outputs: Vec<Output>,
    /// `[policy]`, validated; `None` when the config has none (no verdicts, exit 0).
    pub policy: Option<crate::policy::Policy>,
    /// `--baseline`: violations it already had do not fail the run.
    pub baseline: Option<crate::policy::Baseline>,
    pub jobs: usize,
    pub exclude: Vec<String>,
    /// `--no-ignore`: walk everything but `.git` (and `exclude`).
    pub no_ignore: bool,
    /// `--deps`, the package caches and `[[curations]]`.
    pub deps: crate::scan::deps::DepsPlan,
    pub plugins: PluginPlan,
    /// `[advisories]`, validated (not enabled when the config has none).
    pub advisories: crate::advisories::AdvisoryPolicy,
    /// The advisory database granted to the osv plugin as `db` because the config grants none
    /// (see [`crate::db`]): a scan warns when it is old.
    pub advisory_db: Option<PathBuf>,
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

/// Reads `--config` (trusted: the user named it), or `ospo.toml` in `root` when present
/// (untrusted unless `--trust-config`: it is part of the tree being scanned).
pub fn load_config(args: &PluginArgs, root: &Path) -> Result<ConfigFile> {
    if let Some(path) = &args.config {
        let mut config = ConfigFile::load(path)?;
        config.trusted = true;
        return Ok(config);
    }
    let candidate = root.join("ospo.toml");
    let meta = match std::fs::symlink_metadata(&candidate) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", candidate.display())),
    };
    // A link out of the tree would have the host read (and quote in a parse error) a file the
    // tree's author chose.
    if meta.file_type().is_symlink() && !args.trust_config {
        let target =
            candidate.canonicalize().with_context(|| format!("cannot read {}", candidate.display()))?;
        let tree = root.canonicalize().with_context(|| format!("cannot read {}", root.display()))?;
        if !target.starts_with(&tree) {
            bail!(
                "{} links to {}, outside the scanned tree; pass --trust-config to read it anyway",
                candidate.display(),
                target.display()
            );
        }
    }
    let mut config = ConfigFile::load(&candidate)?;
    config.trusted = args.trust_config;
    Ok(config)
}

/// What a config found in the scanned tree may not set unless the user trusts it: anything that
/// runs code of the tree's choosing (file plugins), reads outside the tree (data grants), hides
/// findings wholesale (`defaults = false`, `only = []`) or takes more of the machine than the
/// defaults give (limits, `jobs`). Lowering a limit and plugin configuration are fine.
fn untrusted_settings(config: &ConfigFile) -> Vec<String> {
    let mut refused = Vec::new();
    for extra in &config.plugins.extra {
        refused.push(format!(
            "{}: [[plugins.extra]] path = {:?} adds a plugin file",
            config.at(&["plugins", "extra", "path"]),
            extra.path.display()
        ));
    }
    if config.plugins.defaults == Some(false) {
        refused.push(format!(
            "{}: [plugins] defaults = false turns the default plugins off",
            config.at(&["plugins", "defaults"])
        ));
    }
    if config.plugins.only.as_ref().is_some_and(Vec::is_empty) {
        refused.push(format!("{}: [plugins] only = [] runs no plugin", config.at(&["plugins", "only"])));
    }
    let defaults = Limits::default();
    let default_limits = [
        ("timeout-ms", u64::try_from(defaults.timeout.as_millis()).unwrap_or(u64::MAX)),
        ("memory-mb", (defaults.memory_bytes >> 20) as u64),
        ("output-mb", (defaults.output_bytes >> 20) as u64),
    ];
    let mut check_limits = |section: &[&str], table: &str, limits: LimitsSection| {
        let values = [limits.timeout_ms, limits.memory_mb, limits.output_mb];
        for ((key, default), value) in default_limits.iter().zip(values) {
            if let Some(value) = value.filter(|v| v > default) {
                let keys: Vec<&str> = section.iter().copied().chain([*key]).collect();
                refused.push(format!(
                    "{}: [{table}] {key} = {value} raises a limit above its default of {default}",
                    config.at(&keys)
                ));
            }
        }
    };
    check_limits(&["limits"], "limits", config.limits);
    for (name, section) in &config.plugin {
        check_limits(&["plugin", name], &format!("plugin.{name}"), section.limits());
    }
    // Inside the tree a grant reads nothing a plugin could not read already; the check after
    // symlinks are resolved is what keeps `data = "link-to-root"` out.
    let tree = config.base_dir.canonicalize().ok();
    for (name, section) in &config.plugin {
        for (grant, dir) in &section.data {
            let inside = match (config.resolve(dir).canonicalize(), &tree) {
                (Ok(dir), Some(tree)) => dir.starts_with(tree),
                // Not there: the grant check reports it with its line.
                (Err(_), _) => true,
                (Ok(_), None) => false,
            };
            if !inside {
                refused.push(format!(
                    "{}: [plugin.{name}.data] {grant} = {:?} grants a directory outside the scanned tree",
                    config.at(&["plugin", name, "data", grant]),
                    dir.display()
                ));
            }
        }
    }
    if let Some(jobs) = config.scan.jobs.filter(|&jobs| jobs > cpus()) {
        refused.push(format!(
            "{}: [scan] jobs = {jobs} raises jobs above the default of {} (the CPUs)",
            config.at(&["scan", "jobs"]),
            cpus()
        ));
    }
    refused
}

/// Limits no config may set, trusted or not: values that cannot take effect.
fn check_bounds(config: &ConfigFile) -> Result<()> {
    let mut sections = vec![(vec!["limits".to_string()], config.limits)];
    sections
        .extend(config.plugin.iter().map(|(name, s)| (vec!["plugin".to_string(), name.clone()], s.limits())));
    for (keys, limits) in sections {
        let table = keys.join(".");
        let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        if let Some(mb) = limits.output_mb.filter(|&mb| mb > MAX_OUTPUT_MB) {
            keys.push("output-mb");
            bail!(
                "{}: [{table}] output-mb = {mb} is above {MAX_OUTPUT_MB}, the most wasmtime copies out of a \
                 plugin in one call; a larger value would have no effect",
                config.at(&keys)
            );
        }
        if let Some(mb) = limits.memory_mb.filter(|&mb| mb > MAX_MEMORY_MB) {
            keys.push("memory-mb");
            bail!(
                "{}: [{table}] memory-mb = {mb} is above {MAX_MEMORY_MB}, the most a 32-bit wasm instance can address",
                config.at(&keys)
            );
        }
    }
    Ok(())
}

pub fn plugin_plan(args: &PluginArgs, config: &ConfigFile) -> Result<PluginPlan> {
    if !config.trusted {
        let refused = untrusted_settings(config);
        if !refused.is_empty() {
            bail!(
                "the ospo.toml in the scanned tree is not trusted and may not set:\n  {}\n\
                 pass --trust-config if you trust this tree's config, or give these settings in a file \
                 named with --config (see SECURITY.md)",
                refused.join("\n  ")
            );
        }
    }
    check_bounds(config)?;
    let mut files: Vec<PluginFile> = config
        .plugins
        .extra
        .iter()
        .map(|extra| {
            let sha = extra.sha256.trim().to_ascii_lowercase();
            if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!(
                    "{}: [[plugins.extra]] {}: sha256 must be 64 hex digits",
                    config.at(&["plugins", "extra", "sha256"]),
                    extra.path.display()
                );
            }
            Ok(PluginFile { path: config.resolve(&extra.path), sha256: Some(sha) })
        })
        .collect::<Result<_>>()?;
    files.extend(args.plugin_files.iter().map(|path| PluginFile { path: path.clone(), sha256: None }));
    // Signatures and the lock are checked before any plugin file is loaded, and pin its digest.
    crate::plugin_cmd::trust::enforce(args, config, &mut files)?;

    let mut settings = BTreeMap::new();
    for (name, section) in &config.plugin {
        let config_json =
            section.config.as_ref().map(serde_json::to_string).transpose().with_context(|| {
                format!(
                    "{}: [plugin.{name}.config] cannot be expressed as JSON",
                    config.at(&["plugin", name, "config"])
                )
            })?;
        let mut grants = BTreeMap::new();
        for (grant, dir) in &section.data {
            let at = config.at(&["plugin", name, "data", grant]);
            let dir = config.resolve(dir);
            // canonicalize and metadata never open the path: a FIFO here cannot block.
            let canonical = dir.canonicalize().with_context(|| {
                format!("{at}: [plugin.{name}.data] {grant} = {}: not a readable directory", dir.display())
            })?;
            let meta = std::fs::metadata(&canonical).with_context(|| {
                format!("{at}: [plugin.{name}.data] {grant} = {}: not a readable directory", dir.display())
            })?;
            if !meta.is_dir() {
                bail!("{at}: [plugin.{name}.data] {grant} = {}: not a directory", dir.display());
            }
            grants.insert(grant.clone(), canonical);
        }
        let at = config.at(&["plugin", name]);
        settings.insert(name.clone(), PluginSettings { limits: section.limits(), config_json, grants, at });
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
    let jobs = match (args.jobs, config.scan.jobs) {
        (Some(jobs), _) if jobs > max_jobs() => {
            bail!("--jobs {jobs} is above {}, four per CPU, the most a scan may use", max_jobs())
        }
        (None, Some(jobs)) if jobs > max_jobs() => bail!(
            "{}: [scan] jobs = {jobs} is above {}, four per CPU, the most a scan may use",
            config.at(&["scan", "jobs"]),
            max_jobs()
        ),
        (flag, from_config) => flag.or(from_config).unwrap_or_else(cpus).max(1),
    };
    let outputs = outputs(&args.formats, args.output.as_deref())?;
    let policy = config
        .policy
        .as_ref()
        .map(|raw| {
            let source = crate::policy::config::Source { path: &config.path, text: config.text() };
            crate::policy::config::validate(raw, &source)
        })
        .transpose()?;
    let baseline = match &args.baseline {
        Some(path) => {
            let written: Vec<&Path> = outputs.iter().filter_map(|o| o.path.as_deref()).collect();
            crate::policy::baseline::check_not_an_output(path, &written)?;
            Some(crate::policy::Baseline::load(path)?)
        }
        None => None,
    };
    Ok(ScanPlan {
        root: root.clone(),
        outputs,
        policy,
        baseline,
        jobs,
        exclude: config.scan.exclude.clone(),
        no_ignore: args.no_ignore,
        deps: deps_plan(args, &config)?,
        advisories: crate::advisories::config::validate(config.advisories.as_ref(), &|key| {
            config.at(&["advisories", key])
        })?,
        advisory_db: default_advisory_db(&plugins),
        plugins,
    })
}

/// The database `ospo db update` keeps, for the osv plugin's `db` grant unless the config gives
/// one: read-only like every grant, and only when it exists (a scan never creates it).
fn default_advisory_db(plugins: &PluginPlan) -> Option<PathBuf> {
    let configured = plugins.settings.get("osv").is_some_and(|s| s.grants.contains_key("db"));
    let dir = crate::db::default_dir().filter(|_| !configured)?;
    dir.join(crate::db::state::FILE).is_file().then(|| dir.canonicalize().ok()).flatten()
}

/// `--deps`, `[scan] dependency-sources`, `[scan] package-caches` and `[[curations]]`.
fn deps_plan(args: &crate::cli::ScanArgs, config: &ConfigFile) -> Result<crate::scan::deps::DepsPlan> {
    use crate::scan::deps::{Cache, Curation, DepsPlan, caches};
    let enabled = args.deps || config.scan.dependency_sources == Some(true);
    let mut configured = Vec::new();
    for (index, cache) in config.scan.package_caches.iter().enumerate() {
        let at = config.at(&["scan", "package-caches"]);
        if !config.trusted {
            bail!(
                "{at}: [scan] package-caches reads outside the scanned tree, so the ospo.toml found in \
                 it may not set it (pass the file with --config, or --trust-config)"
            );
        }
        let Some(kind) = caches::CacheKind::from_name(&cache.kind) else {
            let names: Vec<String> = caches::CacheKind::NAMES.iter().map(|(n, _)| format!("{n:?}")).collect();
            bail!(
                "{at}: package-caches[{index}] kind = {:?}: expected one of {}",
                cache.kind,
                names.join(", ")
            );
        };
        let dir = config.resolve(&cache.path);
        if !dir.is_dir() {
            bail!("{at}: package-caches[{index}] path {} is not a directory", dir.display());
        }
        configured.push(Cache { kind, dir });
    }
    // The caches of this machine only when the user asked on the command line.
    let caches = if !configured.is_empty() {
        configured
    } else if args.deps {
        caches::defaults()
    } else {
        Vec::new()
    };
    let mut curations = Vec::new();
    for (index, raw) in config.curations.iter().enumerate() {
        let label = format!("{} [[curations]] #{}", config.at(&["curations"]), index + 1);
        curations.push(Curation::validate(raw, &label).map_err(anyhow::Error::msg)?);
    }
    Ok(DepsPlan { enabled, caches: if enabled { caches } else { Vec::new() }, curations })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(formats: &[&str], output: Option<&str>) -> Result<Vec<(String, Option<String>)>, String> {
        let formats: Vec<String> = formats.iter().map(|s| s.to_string()).collect();
        outputs(&formats, output.map(Path::new))
            .map(|list| {
                list.into_iter().map(|o| (o.format, o.path.map(|p| p.display().to_string()))).collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn formats_and_their_files() {
        let own = |f: &str, p: Option<&str>| (f.to_string(), p.map(str::to_string));
        assert_eq!(parse(&[], None), Ok(vec![own("text", None)]));
        assert_eq!(parse(&["json"], None), Ok(vec![own("json", None)]));
        assert_eq!(parse(&["json"], Some("out.json")), Ok(vec![own("json", Some("out.json"))]));
        assert_eq!(
            parse(&["sarif=ospo.sarif", "markdown=summary.md", "text"], None),
            Ok(vec![
                own("sarif", Some("ospo.sarif")),
                own("markdown", Some("summary.md")),
                own("text", None)
            ])
        );
        assert_eq!(
            parse(&["sarif=a.sarif", "json"], Some("r.json")),
            Ok(vec![own("sarif", Some("a.sarif")), own("json", Some("r.json"))])
        );
        let refused: &[(&[&str], Option<&str>, &str)] = &[
            (&["json", "text"], None, "json, text would all write to stdout"),
            (&["json", "text"], Some("x"), "would all write to x"),
            (&["sarif=a"], Some("x"), "every --format has its own"),
            (&["sarif=a", "markdown=a"], None, "a is the file of two"),
            (&["sarif=a", "json"], Some("a"), "a is the file of two"),
            (&["sarif="], None, "no file after"),
            (&["=a"], None, "no format name"),
        ];
        for (formats, output, message) in refused {
            let err = parse(formats, *output).expect_err("refused");
            assert!(err.contains(message), "{formats:?} {output:?}: {err}");
        }
    }
}
