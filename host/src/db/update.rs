//! `ospo db update`: per ecosystem, the listing `modified_id.csv` first; nothing more when its
//! newest change is the one already stored, the changed records alone (`<id>.json` into
//! `updates/`) when they are few, the whole `all.zip` otherwise or when there is none yet. Every
//! file lands under a temporary name and is renamed into place, so a scan never reads half a
//! download.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::fetch::{Fetcher, part_etag};
use super::state::{EcosystemState, State};

/// Above this many changed records, one archive is cheaper than many requests.
pub const INCREMENTAL_MAX: usize = 500;

pub struct UpdateOptions<'a> {
    pub dir: &'a Path,
    /// The base URL, `<mirror>/<Ecosystem>/all.zip`.
    pub mirror: &'a str,
    pub ecosystems: &'a [String],
    /// Seconds since the epoch, recorded as each ecosystem's update time.
    pub now: u64,
}

/// What one ecosystem's update did, for the progress line.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Current,
    Records(usize),
    Archive { bytes: u64, resumed: bool },
}

/// `modified,id` lines: the newest time and the ids changed after `since`.
fn read_listing(text: &str, since: Option<&str>) -> (Option<String>, usize, Vec<String>) {
    let mut newest: Option<&str> = None;
    let mut count = 0;
    let mut changed = Vec::new();
    for line in text.lines() {
        let Some((modified, id)) = line.trim().split_once(',') else { continue };
        count += 1;
        if newest.is_none_or(|n| modified > n) {
            newest = Some(modified);
        }
        if since.is_some_and(|s| modified > s) {
            changed.push(id.trim().to_string());
        }
    }
    (newest.map(str::to_string), count, changed)
}

/// A record id as a file name: ids are `[A-Za-z0-9.:_-]`; anything else is refused.
fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))
}

pub fn update(options: &UpdateOptions<'_>, log: &mut dyn Write) -> Result<()> {
    std::fs::create_dir_all(options.dir)
        .with_context(|| format!("cannot create {}", options.dir.display()))?;
    let fetcher = Fetcher::new();
    let mut state = State::load(options.dir)?;
    let mut failed = Vec::new();
    for ecosystem in options.ecosystems {
        if ecosystem.is_empty() || ecosystem.contains(['/', '\\']) || ecosystem.starts_with('.') {
            bail!("{ecosystem:?} is not an ecosystem name");
        }
        match update_one(&fetcher, options, ecosystem, &mut state) {
            Ok(outcome) => {
                let what = match outcome {
                    Outcome::Current => "up to date".to_string(),
                    Outcome::Records(n) => format!("{n} changed records fetched"),
                    Outcome::Archive { bytes, resumed } => {
                        format!(
                            "all.zip downloaded ({bytes} bytes{})",
                            if resumed { ", resumed" } else { "" }
                        )
                    }
                };
                writeln!(log, "{ecosystem}: {what}").ok();
                state.save(options.dir)?;
            }
            Err(err) => {
                writeln!(log, "{ecosystem}: failed: {err:#}").ok();
                failed.push(ecosystem.clone());
            }
        }
    }
    if !failed.is_empty() {
        bail!("could not update {}; what was fetched is kept, run again to resume", failed.join(", "));
    }
    Ok(())
}

fn update_one(
    fetcher: &Fetcher,
    options: &UpdateOptions<'_>,
    ecosystem: &str,
    state: &mut State,
) -> Result<Outcome> {
    let base = format!("{}/{}", options.mirror.trim_end_matches('/'), ecosystem.replace(' ', "%20"));
    let dir = options.dir.join(ecosystem);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let archive = dir.join("all.zip");
    let previous = state.ecosystems.get(ecosystem).cloned().filter(|_| archive.is_file());
    let listing = fetcher.small(&format!("{base}/modified_id.csv"))?;
    let since = previous.as_ref().and_then(|p| p.newest.clone());
    let (newest, records, changed) = match &listing {
        Some(bytes) => read_listing(&String::from_utf8_lossy(bytes), since.as_deref()),
        None => (None, 0, Vec::new()),
    };
    if let (Some(previous), Some(newest)) = (&previous, &newest) {
        let entry = state.ecosystems.entry(ecosystem.to_string()).or_default();
        if previous.newest.as_ref() == Some(newest) {
            entry.updated = options.now;
            return Ok(Outcome::Current);
        }
        if since.is_some() && changed.len() <= INCREMENTAL_MAX && changed.iter().all(|id| safe_id(id)) {
            let updates = dir.join("updates");
            std::fs::create_dir_all(&updates)?;
            for id in &changed {
                let url = format!("{base}/{id}.json");
                let Some(body) = fetcher.small(&url)? else { continue };
                write_atomic(&updates.join(format!("{id}.json")), &body)?;
            }
            if let Some(bytes) = &listing {
                write_atomic(&dir.join("modified_id.csv"), bytes)?;
            }
            entry.newest = Some(newest.clone());
            entry.records = records as u64;
            entry.updated = options.now;
            return Ok(Outcome::Records(changed.len()));
        }
    }
    let url = format!("{base}/all.zip");
    let part = dir.join("all.zip.part");
    let download = fetcher.download(&url, &part, part_etag(&part).as_deref())?;
    std::fs::rename(&part, &archive).with_context(|| format!("cannot replace {}", archive.display()))?;
    // The archive holds every record: earlier one-by-one updates are in it now.
    std::fs::remove_dir_all(dir.join("updates")).ok();
    if let Some(bytes) = &listing {
        write_atomic(&dir.join("modified_id.csv"), bytes)?;
    }
    state.ecosystems.insert(
        ecosystem.to_string(),
        EcosystemState {
            url,
            sha256: download.sha256,
            size: download.size,
            updated: options.now,
            etag: download.etag,
            last_modified: download.last_modified,
            newest,
            records: records as u64,
        },
    );
    Ok(Outcome::Archive { bytes: download.size, resumed: download.resumed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_gives_newest_and_changes() {
        let text = "2024-06-02T00:00:00Z,GHSA-b\n2024-06-01T00:00:00Z,GHSA-a\n2024-05-01T00:00:00Z,PYSEC-1\n";
        let (newest, count, changed) = read_listing(text, Some("2024-05-15T00:00:00Z"));
        assert_eq!(newest.as_deref(), Some("2024-06-02T00:00:00Z"));
        assert_eq!(count, 3);
        assert_eq!(changed, ["GHSA-b", "GHSA-a"]);
        assert!(read_listing(text, None).2.is_empty());
    }

    #[test]
    fn ids_are_file_names_only() {
        assert!(safe_id("GHSA-abcd-1234-wxyz"));
        assert!(safe_id("RUSTSEC-2021-0001"));
        assert!(!safe_id("../../etc/passwd"));
        assert!(!safe_id(".hidden"));
        assert!(!safe_id("a/b"));
    }
}
