//! `ospo.lock`: the reviewed plugin set, every plugin by name and sha256 (the embedded ones
//! too, so a new `ospo` binary is a change to review). `ospo plugin lock` writes it from the set a
//! scan would load; `--locked` refuses any other set: file plugins before their code runs (each is
//! pinned to a digest the lock lists), and the whole loaded set after loading.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::cli::PluginArgs;
use crate::plan::PluginFile;
use crate::plugins::PluginSet;
use crate::runtime::{PluginSource, Runtime};

pub const DEFAULT_FILE: &str = "ospo.lock";
const VERSION: u32 = 1;
/// A lock of a few hundred plugins is a few tens of KiB.
const LOCK_CAP: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockFile {
    pub version: u32,
    #[serde(default, rename = "plugin")]
    pub plugins: Vec<Locked>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locked {
    pub name: String,
    pub kind: String,
    pub version: String,
    /// `embedded:<crate>` or the file's path when locked (informative: files are matched by digest).
    pub source: String,
    pub sha256: String,
}

impl LockFile {
    pub fn of(set: &PluginSet) -> Self {
        let plugins = set
            .plugins
            .iter()
            .map(|p| Locked {
                name: p.name().to_string(),
                kind: p.kind.as_str().to_string(),
                version: p.info.version.clone(),
                source: p.source.to_string(),
                sha256: p.sha256.clone(),
            })
            .collect();
        LockFile { version: VERSION, plugins }
    }

    pub fn read(path: &Path) -> Result<Self> {
        let bytes = crate::files::read_capped(path, LOCK_CAP).with_context(|| {
            format!("cannot read the lock file {} (write it with `ospo plugin lock`)", path.display())
        })?;
        let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{}: not UTF-8", path.display()))?;
        let lock: LockFile =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message()))?;
        if lock.version != VERSION {
            bail!(
                "{}: lock file version {} is not {VERSION}, the one this ospo writes",
                path.display(),
                lock.version
            );
        }
        Ok(lock)
    }

    pub fn render(&self) -> Result<String> {
        let body = toml::to_string(self).context("rendering the lock file")?;
        Ok(format!(
            "# The reviewed plugin set, written by `ospo plugin lock`; `ospo scan --locked` refuses any other.\n\
             # Review a change to this file as you would a change to the code it names.\n{body}"
        ))
    }

    /// How `set` differs from this lock, one line per difference (empty: the same set).
    pub fn differences(&self, set: &PluginSet) -> Vec<String> {
        let loaded = LockFile::of(set).plugins;
        let mut out = Vec::new();
        for have in &loaded {
            match self.plugins.iter().find(|l| l.name == have.name) {
                None => out.push(format!(
                    "{} ({}, sha256 {}) is not in the lock",
                    have.name, have.source, have.sha256
                )),
                Some(locked) if locked.sha256 != have.sha256 => out.push(format!(
                    "{} ({}) has sha256 {}, the lock has {}",
                    have.name, have.source, have.sha256, locked.sha256
                )),
                Some(_) => {}
            }
        }
        for locked in &self.plugins {
            if !loaded.iter().any(|l| l.name == locked.name) {
                out.push(format!("{} (sha256 {}) is in the lock but not loaded", locked.name, locked.sha256));
            }
        }
        out
    }
}

/// `--locked`, before loading: every plugin file must have a digest the lock lists for a file.
pub fn pin_files(lock_path: &Path, files: &mut [PluginFile]) -> Result<()> {
    let lock = LockFile::read(lock_path)?;
    let mut refused = Vec::new();
    for file in files.iter_mut() {
        let bytes = crate::files::read_capped(&file.path, crate::files::PLUGIN_CAP)
            .with_context(|| format!("cannot read plugin {}", file.path.display()))?;
        let sha256 = crate::runtime::sha256_hex(&bytes);
        let listed = lock.plugins.iter().any(|l| l.sha256 == sha256 && !l.source.starts_with("embedded:"));
        if listed {
            super::trust::pin(file, sha256)?;
        } else {
            refused.push(format!(
                "{}: sha256 {sha256} is not in {}",
                file.path.display(),
                lock_path.display()
            ));
        }
    }
    if !refused.is_empty() {
        bail!(
            "refusing plugin files the lock does not list (--locked):\n  {}\n\
             review them and run `ospo plugin lock` to accept the new set",
            refused.join("\n  ")
        );
    }
    Ok(())
}

/// `--locked`, after loading: the set is exactly the lock's.
pub fn check_loaded(args: &PluginArgs, set: &PluginSet) -> Result<()> {
    if !args.set.locked {
        return Ok(());
    }
    let path = &args.set.lock_file;
    let differences = LockFile::read(path)?.differences(set);
    if !differences.is_empty() {
        bail!(
            "the plugin set differs from {} (--locked):\n  {}\nreview the change and run `ospo plugin lock` to accept it",
            path.display(),
            differences.join("\n  ")
        );
    }
    Ok(())
}

pub fn lock_command(args: &super::LockArgs, cache_dir: Option<PathBuf>) -> Result<ExitCode> {
    let config = crate::plan::load_config(&args.plugins, Path::new("."))?;
    // Writing the lock must not require the old one: the file set is checked, not pinned.
    let mut plugin_args = args.plugins.clone();
    plugin_args.set.locked = false;
    let plan = crate::plan::plugin_plan(&plugin_args, &config)?;
    let runtime = Runtime::new(cache_dir)?;
    let set = PluginSet::load(&runtime, &plan)?;
    let lock = LockFile::of(&set);
    let path = &args.plugins.set.lock_file;
    std::fs::write(path, lock.render()?).with_context(|| format!("cannot write {}", path.display()))?;
    let files = set.plugins.iter().filter(|p| matches!(p.source, PluginSource::File(_))).count();
    eprintln!(
        "wrote {}: {} plugin(s), {files} from files; commit it and scan with --locked",
        path.display(),
        lock.plugins.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_round_trips() {
        let lock = LockFile {
            version: VERSION,
            plugins: vec![Locked {
                name: "cargo".into(),
                kind: "parser".into(),
                version: "0.1.0".into(),
                source: "embedded:ospo-plugin-cargo".into(),
                sha256: "ab".repeat(32),
            }],
        };
        let text = lock.render().expect("render");
        assert_eq!(toml::from_str::<LockFile>(&text).expect("parse"), lock);
        assert!(
            toml::from_str::<LockFile>("version = 1\n[[plugin]]\nname = 'x'\n").is_err(),
            "fields are required"
        );
    }
}
