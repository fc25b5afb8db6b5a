//! The text summary's advisory section: vulnerabilities first, then informational notices, each
//! with the package, why it matched and the upgrade that fixes it.

use std::fmt::Write as _;

use crate::escape::line as esc;
use crate::model::{AdvisoryKind, ScanResult};

use super::{kind_name, rating, rating_name};

pub fn section(result: &ScanResult, out: &mut String) {
    if result.advisories.is_empty() {
        return;
    }
    let versions: std::collections::BTreeMap<&str, (&str, &str)> = result
        .packages
        .iter()
        .map(|p| (p.id.as_str(), (p.name.as_str(), p.version.as_deref().unwrap_or("?"))))
        .collect();
    let (vulnerabilities, notices): (Vec<_>, Vec<_>) = result
        .advisories
        .iter()
        .partition(|a| matches!(a.kind, AdvisoryKind::Vulnerability | AdvisoryKind::Malicious));
    for (title, list) in [("Vulnerabilities", vulnerabilities), ("Advisory notices", notices)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", list.len());
        for a in list {
            let (name, version) =
                versions.get(a.package_id.as_str()).copied().unwrap_or((a.package_id.as_str(), "?"));
            let label = match a.kind {
                AdvisoryKind::Vulnerability => rating(a).map_or("unrated", rating_name).to_string(),
                kind => kind_name(kind).to_string(),
            };
            let score =
                a.severities.iter().find_map(|s| s.score).map(|s| format!(" {s:.1}")).unwrap_or_default();
            let aliases =
                if a.aliases.is_empty() { String::new() } else { format!(" ({})", a.aliases.join(", ")) };
            let _ = writeln!(
                out,
                "  {}{}  {}{score}  {} {}  {}",
                esc(&a.id),
                esc(&aliases),
                label,
                esc(name),
                esc(version),
                esc(&a.summary)
            );
            if let Some(m) = &a.matched {
                let fix = m
                    .upgrade_to
                    .as_deref()
                    .map_or("no fixed version known".to_string(), |v| format!("upgrade to {}", esc(v)));
                let _ = writeln!(
                    out,
                    "      matched {} in {} ({}); {fix}",
                    esc(&m.version),
                    esc(&m.range),
                    esc(&m.comparator)
                );
            }
        }
    }
}
