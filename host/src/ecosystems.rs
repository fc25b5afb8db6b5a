//! Per-ecosystem coverage of a result, for the text summary: how many manifests were read, how
//! many packages came out (and how many directly declared), and which files looked like a
//! manifest of that ecosystem but gave nothing. A pure function of the result.

use std::collections::BTreeMap;

use crate::model::{Completeness, Level, ScanResult};

/// Diagnostic codes that mean "this manifest could not be read (in part or whole)".
const UNREAD_CODES: &[&str] =
    &["manifest-unread", "manifest-malformed", "manifest-unsupported", "lockfile-malformed"];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub manifests: usize,
    /// Manifests read without a lockfile: direct dependencies only.
    pub direct_only: usize,
    pub packages: usize,
    pub direct: usize,
    /// Paths of files that looked like manifests but were not (fully) read.
    pub unread: Vec<String>,
}

/// Coverage keyed by ecosystem, sorted by name.
pub fn coverage(result: &ScanResult) -> BTreeMap<String, Coverage> {
    let mut by: BTreeMap<String, Coverage> = BTreeMap::new();
    for manifest in &result.manifests {
        let entry = by.entry(manifest.ecosystem.clone()).or_default();
        entry.manifests += 1;
        entry.direct_only += usize::from(manifest.completeness == Completeness::DirectOnly);
    }
    for package in &result.packages {
        let entry = by.entry(package.ecosystem.clone()).or_default();
        entry.packages += 1;
        entry.direct += usize::from(package.direct);
    }
    let manifest_ecosystem =
        |path: &str| result.manifests.iter().find(|m| m.path == path).map(|m| m.ecosystem.clone());
    for diag in &result.diagnostics {
        if diag.level == Level::Info || !UNREAD_CODES.contains(&diag.code.as_str()) {
            continue;
        }
        let Some(path) = &diag.path else { continue };
        let ecosystem = manifest_ecosystem(path)
            .or_else(|| crate::scan::known_manifest_ecosystem(path).map(str::to_string))
            .unwrap_or_else(|| "unknown".to_string());
        let unread = &mut by.entry(ecosystem).or_default().unread;
        if !unread.contains(path) {
            unread.push(path.clone());
        }
    }
    by
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Diagnostic, Manifest, Package};

    fn package(name: &str, direct: bool) -> Package {
        serde_json::from_value(serde_json::json!({
            "id": format!("pkg:npm/{name}@1.0.0"), "name": name, "version": "1.0.0",
            "ecosystem": "npm", "scope": "runtime", "direct": direct, "optional": false,
            "locations": [], "hashes": [],
        }))
        .expect("a package in the result's JSON shape")
    }

    #[test]
    fn counts_manifests_packages_and_unread_files_per_ecosystem() {
        let mut result = ScanResult::new(".".into());
        result.manifests.push(Manifest {
            path: "web/package-lock.json".into(),
            ecosystem: "npm".into(),
            format: "package-lock.json v3".into(),
            completeness: Completeness::Complete,
            parser: "npm".into(),
        });
        result.packages.push(package("react", true));
        result.packages.push(package("scheduler", false));
        let mut broken = Diagnostic::new("manifest-malformed", Level::Error, "bad");
        broken.path = Some("api/poetry.lock".into());
        result.diagnostics.push(broken);
        let coverage = coverage(&result);
        let npm = &coverage["npm"];
        assert_eq!((npm.manifests, npm.packages, npm.direct), (1, 2, 1));
        assert_eq!(coverage["pypi"].unread, ["api/poetry.lock"]);
    }
}
