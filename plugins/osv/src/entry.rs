//! One advisory as the index holds it, whatever source it came from: ids, texts, severities and,
//! per affected package, the rule that decides which versions it affects.

use ospo_plugin_sdk::AdvisoryKind;

use crate::osv;

/// Which database it came from: the name severities are attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// OSV JSON (a folder or an OSV `all.zip` export).
    Osv,
    /// PyPA's advisory-database (OSV in YAML).
    PyPa,
    /// RustSec's advisory-db (TOML front matter in Markdown).
    RustSec,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub aliases: Vec<String>,
    pub kind: AdvisoryKind,
    pub summary: String,
    pub details: Option<String>,
    /// `(type, vector or rating)` as the record writes them, scored when reported.
    pub severity: Vec<(String, String)>,
    /// The database's own rating (GHSA's `database_specific.severity`), kept beside CVSS.
    pub database_severity: Option<String>,
    pub references: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub origin: Origin,
    /// Where it was read, for diagnostics: `grant:path` (`!entry` inside an archive).
    pub file: String,
    pub affected: Vec<AffectedPackage>,
}

#[derive(Debug, Clone)]
pub struct AffectedPackage {
    /// The purl type of the package's ecosystem (`cargo`, `pypi`).
    pub ecosystem: String,
    /// What follows the `:` of the OSV ecosystem (`11` of `Debian:11`), for distro packages.
    pub release: Option<String>,
    /// The name, normalised as [`crate::names::normalise`] does.
    pub name: String,
    pub rule: Rule,
    /// An informational kind given per package (OSV exports of RustSec put it here).
    pub kind: Option<AdvisoryKind>,
}

#[derive(Debug, Clone)]
pub enum Rule {
    /// OSV ranges and an explicit version list.
    Osv { ranges: Vec<osv::Range>, versions: Vec<String> },
    /// RustSec: affected unless a `patched` or `unaffected` Cargo requirement matches (what
    /// cargo-audit evaluates).
    Cargo { patched: Vec<String>, unaffected: Vec<String> },
}

/// The kind an informational label names (RustSec's `informational`), `None` for a vulnerability.
pub fn informational_kind(label: &str) -> Option<AdvisoryKind> {
    Some(match label.trim().to_ascii_lowercase().as_str() {
        "" => return None,
        "unmaintained" => AdvisoryKind::Unmaintained,
        "unsound" => AdvisoryKind::Unsound,
        "yanked" => AdvisoryKind::Yanked,
        _ => AdvisoryKind::Notice,
    })
}
