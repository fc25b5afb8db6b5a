//! `ospo plugin …`: the plugin author's and the reviewer's commands. One module per concern:
//! the contract ([`wit`]), looking inside a file ([`inspect`]), keys and signatures ([`keys`],
//! [`trust`]), the reviewed set ([`lock`]), a new project ([`new`], [`sdk`]), building it
//! ([`build`]), snapshot tests ([`snapshot`]) and OCI registries ([`oci`]).

pub mod build;
pub mod inspect;
pub mod keys;
pub mod lock;
pub mod new;
pub mod oci;
pub mod sdk;
pub mod snapshot;
pub mod trust;
pub mod wit;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use crate::cli::PluginArgs;

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Print the WIT contract this binary speaks (for authors in other languages).
    Wit(WitArgs),
    /// Show what a .wasm file is: world, WIT version, imports, exports, size, sha256, info(),
    /// content filter, and whether this host would load it (and why not).
    Inspect(InspectArgs),
    /// Create an ed25519 key pair for signing plugins: NAME.key (secret) and NAME.pub.
    Keygen(KeygenArgs),
    /// Sign a plugin file with a secret key, writing FILE.sig beside it.
    Sign(SignArgs),
    /// Check FILE's signature against the trusted keys of the configuration.
    Verify(VerifyArgs),
    /// Write ospo.lock: the digest of every plugin that would run, for `--locked`.
    Lock(LockArgs),
    /// Create a new plugin project (outside any workspace) that builds with no edits.
    New(NewArgs),
    /// Build the plugin project in DIR (default: .) for wasm32-wasip2 and print the .wasm path
    /// (Rust with cargo; app.py with componentize-py; app.js with componentize-js).
    Build(BuildArgs),
    /// Run one plugin over a fixture tree and compare its JSON output with a stored snapshot.
    Test(TestArgs),
    /// Push a plugin file to an OCI registry as a Wasm component artifact (as `wkg` does).
    Push(PushArgs),
    /// Pull a plugin from an OCI registry, checked against the manifest's digest.
    Pull(PullArgs),
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The plugin component (.wasm).
    pub file: PathBuf,
    /// Where: oci://REGISTRY/REPOSITORY[:TAG] (plain HTTP only for localhost and 127.0.0.1).
    pub reference: String,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// oci://REGISTRY/REPOSITORY[:TAG|@sha256:DIGEST].
    pub reference: String,
    /// The file to write (default: the repository's last segment, .wasm, in the current directory).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Signed and locked plugin sets, on every command that loads plugins.
#[derive(Debug, Args, Clone, Default)]
pub struct SetArgs {
    /// Refuse any plugin file without a valid FILE.sig by a key of `[plugins.trust]` (trusted
    /// config only; see SECURITY.md).
    #[arg(long)]
    pub require_signed: bool,
    /// Refuse a plugin set that differs from the lock file (`ospo plugin lock` writes it).
    #[arg(long)]
    pub locked: bool,
    /// The lock file `--locked` reads and `ospo plugin lock` writes.
    #[arg(long, value_name = "FILE", default_value = lock::DEFAULT_FILE)]
    pub lock_file: PathBuf,
}

#[derive(Debug, Args)]
pub struct WitArgs {
    /// Write the contract's files into DIR (`DIR/ospo-plugin.wit`) instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The component (.wasm) to inspect.
    pub file: PathBuf,
    /// text or json.
    #[arg(short, long, default_value = "text")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Base name of the files to write: NAME.key and NAME.pub (never overwritten).
    #[arg(long, value_name = "NAME", default_value = "ospo-plugin")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The secret key file `ospo plugin keygen` wrote (NAME.key).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The plugin file to sign.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The plugin file; its signature is FILE.sig.
    pub file: PathBuf,
    /// Where the trusted keys come from: the same options as `scan`.
    #[command(flatten)]
    pub plugins: PluginArgs,
}

#[derive(Debug, Args)]
pub struct LockArgs {
    /// The plugin set, chosen as for `scan` (`--plugin`, `--config`, `--plugins`, ...).
    #[command(flatten)]
    pub plugins: PluginArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// detector or parser (the kinds this version generates).
    pub kind: String,
    /// The plugin's name (kebab-case); also the project's directory.
    pub name: String,
    /// The project's language: rust, python (componentize-py) or js (componentize-js).
    #[arg(long, default_value = "rust")]
    pub lang: String,
    /// Where to create the project (default: ./NAME).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plugin project: a directory holding Cargo.toml, app.py or app.js.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// A debug build (faster to compile, slower to run).
    #[arg(long)]
    pub debug: bool,
    /// The world a Python or JavaScript plugin implements: detector, parser, advisor, collector,
    /// reporter (default: `[tool.ospo] world` of pyproject.toml or `ospo.world` of package.json,
    /// else detector).
    #[arg(long)]
    pub world: Option<String>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The plugin component (.wasm).
    pub file: PathBuf,
    /// The fixture tree to scan with it alone.
    pub dir: PathBuf,
    /// The snapshot to compare with (default: DIR/../<dir name>.snapshot.json).
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Write the snapshot instead of comparing.
    #[arg(long)]
    pub update: bool,
}

/// Runs one `ospo plugin` command; `cache_dir` is where compiled components are kept.
pub fn run(command: &PluginCommand, cache_dir: Option<PathBuf>) -> Result<ExitCode> {
    match command {
        PluginCommand::Wit(args) => wit::run(args),
        PluginCommand::Inspect(args) => inspect::run(args, cache_dir),
        PluginCommand::Keygen(args) => keys::keygen(args),
        PluginCommand::Sign(args) => keys::sign(args),
        PluginCommand::Verify(args) => trust::verify_command(args),
        PluginCommand::Lock(args) => lock::lock_command(args, cache_dir),
        PluginCommand::New(args) => new::run(args),
        PluginCommand::Build(args) => build::run(args),
        PluginCommand::Test(args) => snapshot::run(args),
        PluginCommand::Push(args) => oci::push_command(args),
        PluginCommand::Pull(args) => oci::pull_command(args),
    }
}
