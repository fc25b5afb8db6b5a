//! OSV records in JSON: one record a file (the OSV project's layout, GHSA's), or a `{"vulns": [...]}`
//! reply or a bare array of records.

use ospo_plugin_sdk::AdvisoryKind;
use serde::Deserialize;

use super::Loaded;
use crate::entry::{AffectedPackage, Entry, Origin, Rule, informational_kind};
use crate::names;
use crate::osv::{Record, specific_str};

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Many { vulns: Vec<serde_json::Value> },
    List(Vec<serde_json::Value>),
    One(Box<Record>),
}

pub fn load(bytes: &[u8], file: &str, loaded: &mut Loaded) {
    // The common case, a record alone, parsed straight into its type.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') && !starts_with_vulns(bytes) {
        match serde_json::from_slice::<Record>(bytes) {
            Ok(record) => loaded.push_record(record, Origin::Osv, file),
            Err(err) => loaded.malformed(file, u32::try_from(err.line()).ok(), err),
        }
        return;
    }
    let document: Document = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(err) => return loaded.malformed(file, u32::try_from(err.line()).ok(), err),
    };
    let values = match document {
        Document::Many { vulns } => vulns,
        Document::List(values) => values,
        Document::One(record) => return loaded.push_record(*record, Origin::Osv, file),
    };
    for (i, value) in values.into_iter().enumerate() {
        match serde_json::from_value::<Record>(value) {
            Ok(record) => loaded.push_record(record, Origin::Osv, file),
            Err(err) => loaded.malformed(file, None, format!("record {i}: {err}")),
        }
    }
}

/// `{"vulns": [` at the start: an API reply holding many records.
fn starts_with_vulns(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().take(64).filter(|b| !b.is_ascii_whitespace()).copied().collect();
    head.starts_with(b"{\"vulns\"")
}

/// An OSV record as an index entry: affected packages of ecosystems we know, with their ranges.
pub fn from_record(record: Record, origin: Origin, file: &str) -> Entry {
    let top_kind =
        specific_str(record.database_specific.as_ref(), "informational").and_then(informational_kind);
    let kind = if record.id.starts_with("MAL-") {
        AdvisoryKind::Malicious
    } else {
        top_kind.unwrap_or(AdvisoryKind::Vulnerability)
    };
    let database_severity = specific_str(record.database_specific.as_ref(), "severity").map(str::to_string);
    let mut severity: Vec<(String, String)> =
        record.severity.iter().map(|s| (s.kind.clone(), s.score.clone())).collect();
    let mut affected = Vec::new();
    for entry in record.affected {
        let Some(package) = entry.package else { continue };
        let Some((ty, release)) = names::purl_type(&package.ecosystem) else { continue };
        for s in &entry.severity {
            let pair = (s.kind.clone(), s.score.clone());
            if !severity.contains(&pair) {
                severity.push(pair);
            }
        }
        // RustSec in OSV form: the CVSS vector and the informational kind sit per package.
        if let Some(vector) = specific_str(entry.database_specific.as_ref(), "cvss") {
            let pair = ("CVSS_V3".to_string(), vector.to_string());
            if !severity.contains(&pair) {
                severity.push(pair);
            }
        }
        let kind =
            specific_str(entry.database_specific.as_ref(), "informational").and_then(informational_kind);
        affected.push(AffectedPackage {
            ecosystem: ty.to_string(),
            release,
            name: names::normalise(ty, &package.name),
            rule: Rule::Osv { ranges: entry.ranges, versions: entry.versions },
            kind,
        });
    }
    Entry {
        id: record.id.trim().to_string(),
        aliases: record.aliases,
        kind,
        summary: record.summary.unwrap_or_default(),
        details: record.details,
        severity,
        database_severity,
        references: record.references.into_iter().map(|r| r.url).collect(),
        published: record.published,
        modified: record.modified,
        origin,
        file: file.to_string(),
        affected,
    }
}
