//! Command-line arguments as typed, before validation (see [`crate::plan`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ospo",
    version,
    about = "Open-source compliance scanning with sandboxed WebAssembly plugins"
)]
pub struct Cli {
    /// More log output (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr; no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a source tree and report packages, licences, findings and diagnostics.
    Scan(ScanArgs),
    /// Inspect the plugin set.
    #[command(subcommand)]
    Plugins(PluginsCommand),
    /// Write, build, test, inspect, sign and lock plugins.
    #[command(subcommand)]
    Plugin(crate::plugin_cmd::PluginCommand),
    /// Explain a diagnostic code: its level, who raises it, what it means and what to do.
    Explain(ExplainArgs),
    /// Manage the offline advisory database the osv plugin reads (the only command that goes online).
    #[command(subcommand)]
    Db(DbCommand),
    /// Write a commented starter ospo.toml with a default licence policy (never overwrites).
    Init(InitArgs),
    /// Work with SBOMs (CycloneDX, SPDX) that ospo or anyone else wrote.
    #[command(subcommand)]
    Sbom(SbomCommand),
}

#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// List the elements a profile requires that an SBOM lacks, for the document and per
    /// component (exit 1 when something is missing).
    Check(SbomCheckArgs),
}

#[derive(Debug, Args)]
pub struct SbomCheckArgs {
    /// The SBOM: CycloneDX JSON, SPDX 2.x JSON or tag-value, SPDX 3.0 JSON-LD.
    pub file: PathBuf,
    /// Which minimum elements to require.
    #[arg(long, value_enum, default_value = "ntia")]
    pub profile: crate::sbom_check::Profile,
    /// text or json.
    #[arg(short, long, default_value = "text")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "ospo.toml")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code, as a report shows it (`plugin-timeout`, `lockfile-malformed`, ...).
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    pub code: Option<String>,
    /// Print every known code as a table instead.
    #[arg(long)]
    pub list: bool,
    /// Codes that plugins declare in `info()` are explained too: the same plugin set as `scan`.
    #[command(flatten)]
    pub plugins: PluginArgs,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Download the OSV project's per-ecosystem archives into the database directory (resumable; only
    /// what changed since the last update).
    Update(DbUpdateArgs),
    /// Show each ecosystem's age, size and record count.
    Status(DbDirArgs),
}

#[derive(Debug, Args)]
pub struct DbDirArgs {
    /// The database directory (default: OSPO_DB_DIR, else ospo/advisories in the user's cache).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DbUpdateArgs {
    /// Base URL of an OSV export mirror, serving `<Ecosystem>/all.zip` and `<Ecosystem>/modified_id.csv`.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_MIRROR)]
    pub mirror: String,
    /// Ecosystems as OSV names them (comma-separated; default: those the default parsers read).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub ecosystems: Option<Vec<String>>,
    #[command(flatten)]
    pub dir: DbDirArgs,
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// List the plugins that would run: name, kind, version, WIT version, sha256, source.
    List(ListArgs),
}

/// How the plugin set is chosen; shared by `scan` and `plugins list`.
#[derive(Debug, Args, Clone, Default)]
pub struct PluginArgs {
    /// Load an extra plugin component (repeatable).
    #[arg(long = "plugin", value_name = "FILE")]
    pub plugin_files: Vec<PathBuf>,
    /// Run only these plugins (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub plugins: Option<Vec<String>>,
    /// Do not load the plugins embedded in ospo.
    #[arg(long)]
    pub no_default_plugins: bool,
    /// Configuration file, trusted (default: ospo.toml in the scanned directory, if present,
    /// which may not add plugins, grant data outside the tree or raise limits: see SECURITY.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Trust the ospo.toml found in the scanned directory as if given with --config.
    #[arg(long)]
    pub trust_config: bool,
    #[command(flatten)]
    pub set: crate::plugin_cmd::SetArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directory to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format: json, text, or a format a reporter plugin renders (markdown, sarif, ...).
    /// Repeatable; `NAME=FILE` writes that format to FILE (`--format sarif=ospo.sarif --format
    /// markdown=summary.md`), a plain NAME writes stdout (or `--output`). Default: text.
    #[arg(short, long = "format", value_name = "NAME[=FILE]")]
    pub formats: Vec<String>,
    /// Write the one format without `=FILE` here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also read the dependencies' own files: dependency folders that ignore rules hide
    /// (`node_modules`, `.venv`, `vendor`, `Pods`) and the package caches of this machine
    /// (cargo's registry sources, Go's module cache), for each package's detected licence.
    #[arg(long)]
    pub deps: bool,
    /// A JSON result of an earlier scan: policy violations it already had do not fail this run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Worker threads (default: number of CPUs).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Add each stage's wall time to the JSON result (`timings`); off by default so that two
    /// scans of the same tree write the same bytes.
    #[arg(long)]
    pub timings: bool,
    /// Scan files that ignore rules leave out (`.gitignore` in a git work tree, `.ignore`); only
    /// `.git` and `[scan] exclude` are still skipped.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub plugins: PluginArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// text or json.
    #[arg(short, long, default_value = "text")]
    pub format: String,
    #[command(flatten)]
    pub plugins: PluginArgs,
}
