//! Advisories as CycloneDX `vulnerabilities`, in the BOM or as a separate VEX document.
//!
//! One vulnerability per advisory id, affecting every package it matched. Only the
//! `vulnerability` and `malicious` kinds are vulnerabilities; RustSec's informational kinds
//! (unmaintained, unsound, yanked, notice) are not, and are left out.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{Advisory, AdvisoryKind, ScanResult, SeverityRating};
use serde_json::{Map, Value, json};

use crate::bom::{self, Context};
use crate::config::Config;
use crate::{Spec, serial};

/// The database an id comes from, by its prefix.
fn source_name(id: &str) -> &'static str {
    let prefix = id.split('-').next().unwrap_or("");
    match prefix {
        "GHSA" => "GitHub Advisory Database",
        "RUSTSEC" => "RustSec",
        "CVE" => "NVD",
        "PYSEC" => "PyPA",
        "GO" => "Go Vulnerability Database",
        "MAL" => "OpenSSF Malicious Packages",
        _ => "OSV",
    }
}

fn rating_name(rating: SeverityRating) -> &'static str {
    match rating {
        SeverityRating::None => "none",
        SeverityRating::Low => "low",
        SeverityRating::Medium => "medium",
        SeverityRating::High => "high",
        SeverityRating::Critical => "critical",
    }
}

/// A CVSS score's qualitative rating (the CVSS 3.x/4.0 bands).
fn rating_of_score(score: f32) -> &'static str {
    match score {
        s if s >= 9.0 => "critical",
        s if s >= 7.0 => "high",
        s if s >= 4.0 => "medium",
        s if s > 0.0 => "low",
        _ => "none",
    }
}

/// Whether `s` looks like an RFC 3339 date-time (the schema's `date-time`).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && matches!(b.get(10), Some(b'T' | b't'))
        && b.get(13) == Some(&b':')
        && (s.ends_with('Z') || s.ends_with('z') || s.rfind(['+', '-']).is_some_and(|i| i > 18))
}

fn ratings(a: &Advisory) -> Vec<Value> {
    a.severities
        .iter()
        .filter_map(|s| {
            let method = match (s.scheme.as_str(), s.vector.as_deref()) {
                ("CVSS_V2", _) => "CVSSv2",
                ("CVSS_V3", Some(v)) if v.starts_with("CVSS:3.1") => "CVSSv31",
                ("CVSS_V3", _) => "CVSSv3",
                ("CVSS_V4", _) => "CVSSv4",
                _ => "other",
            };
            let severity = s.rating.map(rating_name).or_else(|| s.score.map(rating_of_score));
            if severity.is_none() && s.vector.is_none() {
                return None;
            }
            let mut r = json!({ "method": method });
            if let Some(score) = s.score.filter(|x| x.is_finite()) {
                // Rounded to one decimal as CVSS publishes it; an f32 would print 9.800000190734863.
                r["score"] = json!((f64::from(score) * 10.0).round() / 10.0);
            }
            if let Some(severity) = severity {
                r["severity"] = json!(severity);
            }
            if let Some(vector) = &s.vector {
                r["vector"] = json!(vector);
            }
            let source = s.source.clone().unwrap_or_else(|| source_name(&a.id).to_string());
            r["source"] = json!({ "name": source });
            Some(r)
        })
        .collect()
}

/// The `vulnerabilities` list. `bom_link` is the BOM's serial when the list goes in a separate
/// VEX document: its `affects` then point into that BOM (`urn:cdx:SERIAL/1#REF`).
pub fn vulnerabilities(scan: &ScanResult, bom_link: Option<&str>) -> Vec<Value> {
    let mut by_id: BTreeMap<&str, Vec<&Advisory>> = BTreeMap::new();
    for a in &scan.advisories {
        if matches!(a.kind, AdvisoryKind::Vulnerability | AdvisoryKind::Malicious) {
            by_id.entry(a.id.as_str()).or_default().push(a);
        }
    }
    by_id
        .into_iter()
        .filter_map(|(id, group)| {
            let first = group.first()?;
            let mut v = Map::new();
            v.insert("bom-ref".into(), json!(format!("vulnerability:{id}")));
            v.insert("id".into(), json!(id));
            v.insert("source".into(), json!({ "name": source_name(id) }));
            let mut aliases: Vec<&str> =
                group.iter().flat_map(|a| a.aliases.iter().map(String::as_str)).collect();
            aliases.sort_unstable();
            aliases.dedup();
            if !aliases.is_empty() {
                let refs: Vec<Value> = aliases
                    .iter()
                    .map(|alias| json!({ "id": alias, "source": { "name": source_name(alias) } }))
                    .collect();
                v.insert("references".into(), json!(refs));
            }
            let ratings = ratings(first);
            if !ratings.is_empty() {
                v.insert("ratings".into(), json!(ratings));
            }
            if !first.summary.is_empty() {
                v.insert("description".into(), json!(first.summary));
            }
            if let Some(details) = &first.details {
                v.insert("detail".into(), json!(details));
            }
            let upgrades: Vec<String> = group
                .iter()
                .filter_map(|a| a.matched.as_ref()?.upgrade_to.as_ref().map(|u| format!("upgrade to {u}")))
                .collect();
            if let Some(upgrade) = upgrades.first() {
                v.insert("recommendation".into(), json!(upgrade));
            }
            let links: Vec<Value> = first
                .references
                .iter()
                .filter(|r| r.starts_with("https://") || r.starts_with("http://"))
                .map(|r| json!({ "url": r }))
                .collect();
            if !links.is_empty() {
                v.insert("advisories".into(), json!(links));
            }
            for (key, value) in [
                ("published", &first.published),
                ("updated", &first.modified),
                ("rejected", &first.withdrawn),
            ] {
                if let Some(date) = value.as_deref().filter(|d| is_date_time(d)) {
                    v.insert(key.into(), json!(date));
                }
            }
            let mut affects: Vec<Value> = group
                .iter()
                .map(|a| {
                    let target = match bom_link {
                        Some(serial) => {
                            format!("urn:cdx:{}/1#{}", serial.trim_start_matches("urn:uuid:"), a.package_id)
                        }
                        None => a.package_id.clone(),
                    };
                    let mut affect = json!({ "ref": target });
                    if let Some(m) = &a.matched {
                        affect["versions"] = json!([{ "version": m.version, "status": "affected" }]);
                    }
                    affect
                })
                .collect();
            affects.sort_by(|x, y| x["ref"].as_str().cmp(&y["ref"].as_str()));
            affects.dedup();
            v.insert("affects".into(), json!(affects));
            // What ospo knows is that the version is in the range; it has not analysed reachability.
            if bom_link.is_some() {
                v.insert("analysis".into(), json!({ "state": "in_triage" }));
            }
            Some(Value::Object(v))
        })
        .collect()
}

/// A VEX document: metadata and vulnerabilities pointing into the scan's BOM.
pub fn vex_document(scan: &ScanResult, config: &Config, spec: Spec) -> Value {
    let ctx = Context::new(scan);
    let serial = serial::serial_number(scan);
    // The VEX document is another document about the same scan: its own serial, derived from
    // the BOM's.
    let vex_serial = {
        use sha2::{Digest, Sha256};
        serial::uuid(&Sha256::digest(format!("vex:{serial}").as_bytes()))
    };
    json!({
        "$schema": format!("http://cyclonedx.org/schema/bom-{}.schema.json", spec.version()),
        "bomFormat": "CycloneDX",
        "specVersion": spec.version(),
        "serialNumber": vex_serial,
        "version": 1,
        "metadata": bom::metadata(scan, config, &ctx, spec),
        "vulnerabilities": vulnerabilities(scan, Some(&serial)),
    })
}
