//! The RustSec advisory-db layout: `crates/<crate>/RUSTSEC-YYYY-NNNN.md`, a ```` ```toml ````
//! fence holding `[advisory]` (id, package, aliases, cvss, informational, withdrawn, ...) and
//! `[versions]` (`patched`, `unaffected`: Cargo version requirements), then `# Title` and prose.
//! Advisories under `rust/` are about the toolchain (std, cargo, rustdoc), not crates a lockfile
//! names, and are counted but not indexed, as cargo-audit does.

use serde::Deserialize;

use super::Loaded;
use crate::entry::{AffectedPackage, Entry, Origin, Rule, informational_kind};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Front {
    advisory: AdvisorySection,
    versions: Versions,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AdvisorySection {
    id: String,
    package: String,
    date: Option<toml::Value>,
    url: Option<String>,
    references: Vec<String>,
    aliases: Vec<String>,
    cvss: Option<String>,
    informational: Option<String>,
    withdrawn: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Versions {
    patched: Vec<String>,
    unaffected: Vec<String>,
}

/// `…/RUSTSEC-*.md` or any `.md` beside others in a `crates/<name>/` folder.
pub fn is_advisory_path(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.starts_with("RUSTSEC-") || file.starts_with("CVE-") || file.starts_with("GHSA-")
}

fn toolchain(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() >= 3 && parts.get(parts.len() - 3) == Some(&"rust")
}

fn date_text(value: Option<toml::Value>) -> Option<String> {
    match value? {
        toml::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

pub fn load(bytes: &[u8], path: &str, file: &str, loaded: &mut Loaded) {
    if toolchain(path) {
        loaded.toolchain += 1;
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    let Some((front, body, fence_line)) = split(&text) else {
        return loaded.malformed(file, Some(1), "no ```toml front matter");
    };
    let front: Front = match toml::from_str(front) {
        Ok(front) => front,
        Err(err) => {
            let line = err
                .span()
                .map(|s| fence_line + front[..s.start.min(front.len())].matches('\n').count() as u32 + 1);
            return loaded.malformed(file, line, err.message());
        }
    };
    let advisory = front.advisory;
    if advisory.id.trim().is_empty() || advisory.package.trim().is_empty() {
        return loaded.malformed(file, Some(fence_line + 1), "[advisory] needs `id` and `package`");
    }
    if advisory.withdrawn.is_some() {
        loaded.withdrawn += 1;
        return;
    }
    let (summary, details) = title_and_details(body);
    let kind = advisory.informational.as_deref().and_then(informational_kind);
    let mut references: Vec<String> = advisory.url.into_iter().collect();
    references.extend(advisory.references);
    let date = date_text(advisory.date);
    loaded.entries.push(Entry {
        id: advisory.id.trim().to_string(),
        aliases: advisory.aliases,
        kind: kind.unwrap_or(ospo_plugin_sdk::AdvisoryKind::Vulnerability),
        summary,
        details,
        severity: advisory.cvss.into_iter().map(|v| ("CVSS_V3".to_string(), v)).collect(),
        database_severity: None,
        references,
        published: date.clone(),
        modified: date,
        origin: Origin::RustSec,
        file: file.to_string(),
        affected: vec![AffectedPackage {
            ecosystem: "cargo".to_string(),
            release: None,
            name: advisory.package.trim().to_string(),
            rule: Rule::Cargo { patched: front.versions.patched, unaffected: front.versions.unaffected },
            kind,
        }],
    });
}

/// The front matter, the Markdown after it, and the line of the opening fence (0-based).
fn split(text: &str) -> Option<(&str, &str, u32)> {
    let mut offset = 0;
    let mut open: Option<(usize, u32)> = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        match open {
            None if trimmed == "```toml" => open = Some((offset + line.len(), number as u32)),
            None if !trimmed.is_empty() => return None,
            Some((start, fence)) if trimmed == "```" => {
                return Some((
                    text.get(start..offset)?,
                    text.get(offset + line.len()..).unwrap_or(""),
                    fence + 1,
                ));
            }
            _ => {}
        }
        offset += line.len();
    }
    None
}

fn title_and_details(body: &str) -> (String, Option<String>) {
    let body = body.trim();
    match body.strip_prefix("# ") {
        Some(rest) => {
            let (title, details) = rest.split_once('\n').unwrap_or((rest, ""));
            let details = details.trim();
            (title.trim().to_string(), (!details.is_empty()).then(|| details.to_string()))
        }
        None => (String::new(), (!body.is_empty()).then(|| body.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_text() {
        let text = "```toml\n[advisory]\nid = \"RUSTSEC-1\"\n```\n\n# Title here\n\nBody.\n";
        let (front, body, line) = split(text).expect("fenced");
        assert_eq!(front, "[advisory]\nid = \"RUSTSEC-1\"\n");
        assert_eq!(line, 1);
        assert_eq!(title_and_details(body), ("Title here".to_string(), Some("Body.".to_string())));
        assert_eq!(split("# no front matter\n"), None);
        assert_eq!(split("```toml\n[advisory]\n"), None);
    }

    #[test]
    fn toolchain_paths() {
        assert!(toolchain("rust/cargo/CVE-2022-36113.md"));
        assert!(!toolchain("crates/cargo/RUSTSEC-2019-0001.md"));
    }
}
