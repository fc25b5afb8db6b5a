//! The offline advisory database: `ospo db update` downloads the OSV project's per-ecosystem
//! `all.zip` archives into a cache directory, `ospo db status` shows what is there, and a scan
//! grants that directory read-only to the `osv` plugin (as its `db` grant) without touching the
//! network. An old database makes a scan warn with its age; it is never a reason to refuse.
//!
//! Layout (`OSPO_DB_DIR`, else `<cache>/ospo/advisories`):
//!
//! ```text
//! ospo-db.toml                 what each update fetched (state.rs)
//! <Ecosystem>/all.zip          every record of the ecosystem, as the OSV project publishes it
//! <Ecosystem>/modified_id.csv  the source's listing (`modified,id`, newest first) at that time
//! <Ecosystem>/updates/ID.json  records changed since the archive, fetched one by one
//! ```
//!
//! The osv plugin reads all of it: a record in `updates/` and in `all.zip` is kept once, the
//! copy modified last.

mod fetch;
pub mod state;
mod update;

use std::path::{Path, PathBuf};

pub use state::{EcosystemState, State};
pub use update::{UpdateOptions, update};

/// Where the OSV project publishes its per-ecosystem exports; `--mirror` replaces it.
pub const DEFAULT_MIRROR: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The ecosystems updated when none are named: those the default parsers read.
pub const DEFAULT_ECOSYSTEMS: [&str; 10] =
    ["crates.io", "npm", "PyPI", "Go", "Maven", "RubyGems", "NuGet", "Packagist", "Pub", "Hex"];

/// A database older than this makes a scan warn.
pub const STALE_AFTER_DAYS: u64 = 7;

/// The database directory: `OSPO_DB_DIR` (`off` for none), else the user's cache directory.
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("OSPO_DB_DIR") {
        Some(dir) if dir == "off" => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::cache_dir().map(|d| d.join("ospo").join("advisories")),
    }
}

/// Seconds since the epoch: `SOURCE_DATE_EPOCH` when set (as the scan's timestamp), else now.
pub fn now() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    })
}

/// One line per ecosystem: age, size, records and where it came from.
pub fn status(dir: &Path, now: u64) -> String {
    let state = State::load(dir).unwrap_or_default();
    if state.ecosystems.is_empty() {
        return format!("no advisory database in {} (run `ospo db update`)\n", dir.display());
    }
    let mut out = format!("advisory database in {}\n", dir.display());
    for (name, eco) in &state.ecosystems {
        let size = std::fs::metadata(dir.join(name).join("all.zip")).map_or(0, |m| m.len());
        let updates = std::fs::read_dir(dir.join(name).join("updates")).map_or(0, |d| d.count());
        out.push_str(&format!(
            "  {name:<12} {:>8} old  {:>9}  {} records{}  sha256 {}  from {}\n",
            age(now.saturating_sub(eco.updated)),
            human_size(size),
            eco.records,
            if updates > 0 { format!(" (+{updates} updated)") } else { String::new() },
            eco.sha256.get(..12).unwrap_or(&eco.sha256),
            eco.url
        ));
    }
    out
}

/// The warning a scan gives when the database it reads is older than [`STALE_AFTER_DAYS`].
pub fn staleness(dir: &Path, now: u64) -> Option<String> {
    let state = State::load(dir).ok()?;
    let stale: Vec<String> = state
        .ecosystems
        .iter()
        .filter(|(_, e)| now.saturating_sub(e.updated) > STALE_AFTER_DAYS * 86_400)
        .map(|(name, e)| format!("{name} {}", age(now.saturating_sub(e.updated))))
        .collect();
    (!stale.is_empty()).then(|| {
        format!(
            "the advisory database in {} is old ({}); advisories published since are missing. Run \
             `ospo db update` (the scan itself stays offline)",
            dir.display(),
            stale.join(", ")
        )
    })
}

fn age(seconds: u64) -> String {
    match seconds {
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_sizes_read_as_people_write_them() {
        assert_eq!(age(59), "0m");
        assert_eq!(age(7200), "2h");
        assert_eq!(age(10 * 86_400 + 5), "10d");
        assert_eq!(human_size(3 << 20), "3.0 MiB");
        assert_eq!(human_size(2048), "2.0 KiB");
    }

    #[test]
    fn staleness_names_old_ecosystems_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut state = State::default();
        state
            .ecosystems
            .insert("PyPI".into(), EcosystemState { updated: 1_000, ..EcosystemState::default() });
        state.ecosystems.insert(
            "npm".into(),
            EcosystemState { updated: 1_000 + 9 * 86_400, ..EcosystemState::default() },
        );
        state.save(dir.path()).expect("save");
        let now = 1_000 + 10 * 86_400;
        let warning = staleness(dir.path(), now).expect("stale");
        assert!(warning.contains("PyPI 10d"), "{warning}");
        assert!(!warning.contains("npm"), "{warning}");
        assert_eq!(staleness(dir.path(), 1_000 + 86_400), None);
        assert!(status(dir.path(), now).contains("PyPI"));
    }
}
