//! Reads `Cargo.lock` (format v1 to v4) into a flat list of locked packages.
//!
//! A lockfile that does not parse as a whole is read again one table at a time (`[[package]]`,
//! `[metadata]`, ...), so one bad entry costs only itself: every broken table becomes a
//! `lockfile-malformed` diagnostic with its line, and the rest is kept.

use std::collections::BTreeMap;

use ospo_plugin_sdk::text::LineIndex;
use serde::Deserialize;
use toml::Spanned;

/// One `[[package]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Locked {
    pub name: String,
    pub version: String,
    /// `registry+…`, `sparse+…`, `git+…`; `None` for workspace members and path dependencies.
    pub source: Option<String>,
    /// Hex sha256 of the `.crate` file (registry packages only).
    pub checksum: Option<String>,
    /// As written: `name`, `name version` or `name version (source)`.
    pub dependencies: Vec<String>,
    /// 1-based line of the entry's table header.
    pub line: u32,
}

/// What a lockfile holds, and the tables that could not be read.
#[derive(Debug, Default)]
pub struct Lockfile {
    /// Absent in v1 and v2 files.
    pub version: Option<i64>,
    /// A `[metadata]` table or a `[root]` package: only v1 files have them.
    pub legacy: bool,
    pub packages: Vec<Locked>,
    pub errors: Vec<Malformed>,
    /// v1 `[metadata]` checksums by `NAME VERSION (SOURCE)`, until [`finish`] moves them.
    checksums_v1: BTreeMap<String, String>,
}

/// A table or value that could not be read.
#[derive(Debug, PartialEq)]
pub struct Malformed {
    pub line: Option<u32>,
    pub message: String,
}

#[derive(Deserialize)]
struct RawLock {
    version: Option<i64>,
    #[serde(default)]
    package: Vec<Spanned<RawPackage>>,
    /// The root crate of lockfiles older than v1's final form.
    root: Option<Spanned<RawPackage>>,
    /// v1 keeps checksums here: `"checksum NAME VERSION (SOURCE)" = "HEX"`.
    #[serde(default)]
    metadata: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

/// Parses `text`, keeping every readable table when some are broken.
pub fn parse(text: &str) -> Lockfile {
    let index = LineIndex::new(text.as_bytes());
    match toml::from_str::<RawLock>(text) {
        Ok(raw) => {
            let mut lock = Lockfile::default();
            absorb(&mut lock, raw, &index, 0);
            finish(lock)
        }
        Err(whole) => {
            let mut lock = parse_tables(text, &index);
            if lock.errors.is_empty() {
                // Every table reads alone but not together (a duplicate `[metadata]`, say).
                lock.errors.push(malformed(&whole, &index, 0));
            }
            finish(lock)
        }
    }
}

/// Reads each top-level table on its own. Cargo writes headers at column 0, so a line starting
/// with `[` begins a table.
fn parse_tables(text: &str, index: &LineIndex) -> Lockfile {
    let mut starts: Vec<usize> = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && line.starts_with('[') {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(text.len());
    let mut lock = Lockfile::default();
    for pair in starts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        match toml::from_str::<RawLock>(&text[start..end]) {
            Ok(raw) => absorb(&mut lock, raw, index, start),
            Err(error) => lock.errors.push(malformed(&error, index, start)),
        }
    }
    lock
}

fn malformed(error: &toml::de::Error, index: &LineIndex, base: usize) -> Malformed {
    Malformed {
        line: error.span().map(|span| index.line_of(base + span.start)),
        message: error.message().trim().to_string(),
    }
}

/// Adds the packages of one parsed document (or table) whose text starts at byte `base`.
fn absorb(lock: &mut Lockfile, raw: RawLock, index: &LineIndex, base: usize) {
    if raw.version.is_some() {
        lock.version = raw.version;
    }
    lock.legacy |= raw.root.is_some() || !raw.metadata.is_empty();
    for entry in raw.root.into_iter().chain(raw.package) {
        let line = index.line_of(base + entry.span().start);
        let package = entry.into_inner();
        lock.packages.push(Locked {
            name: package.name,
            version: package.version,
            source: package.source,
            checksum: package.checksum,
            dependencies: package.dependencies,
            line,
        });
    }
    for (key, value) in raw.metadata {
        if let (Some(id), Some(sum)) = (key.strip_prefix("checksum "), value.as_str()) {
            lock.checksums_v1.insert(id.to_string(), sum.to_string());
        }
    }
}

impl Lockfile {
    /// The format version as Cargo tells it: the `version` field, else v1 when the file has
    /// v1's tables, else v2.
    pub fn format_version(&self) -> i64 {
        self.version.unwrap_or(if self.legacy { 1 } else { 2 })
    }
}

/// Moves v1 `[metadata]` checksums onto their packages.
fn finish(mut lock: Lockfile) -> Lockfile {
    let sums = std::mem::take(&mut lock.checksums_v1);
    for package in lock.packages.iter_mut().filter(|p| p.checksum.is_none()) {
        let Some(source) = &package.source else { continue };
        let key = format!("{} {} ({source})", package.name, package.version);
        // Path packages are recorded as `<none>`.
        package.checksum = sums.get(&key).filter(|sum| *sum != "<none>").cloned();
    }
    lock
}
