//! Each package's licences: findings in its folder are attributed to it; the licence its own
//! manifest states fills in a declaration the lockfile lacked; what its files say is its
//! detected licence; and the concluded licence, the one an OSPO acts on, comes with its reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use super::curations::Curation;
use super::locate::{Declared, PackageFolder};
use crate::diagnostics::Code;
use crate::model::{
    ConcludedLicense, DeclaredLicense, Diagnostic, FindingKind, LicenseFinding, Package, Strength,
};
use crate::scan::merge::Findings;
use crate::scan::walk::WalkedFile;

/// The expression of a package nothing says anything about.
pub const NOASSERTION: &str = "NOASSERTION";

/// Which package each path belongs to: the innermost package folder holding it.
pub struct Owners<'a> {
    by_prefix: HashMap<&'a str, &'a str>,
    by_file: HashMap<&'a str, &'a str>,
}

impl<'a> Owners<'a> {
    pub fn new(folders: &'a [PackageFolder]) -> Self {
        let mut by_prefix = HashMap::new();
        let mut by_file = HashMap::new();
        for folder in folders {
            by_prefix.insert(folder.prefix.trim_end_matches('/'), folder.package_id.as_str());
            for file in &folder.files {
                by_file.insert(file.as_str(), folder.package_id.as_str());
            }
        }
        Owners { by_prefix, by_file }
    }

    pub fn owner(&self, path: &str) -> Option<&'a str> {
        if let Some(id) = self.by_file.get(path) {
            return Some(id);
        }
        let mut dir = path;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if let Some(id) = self.by_prefix.get(parent) {
                return Some(id);
            }
            dir = parent;
        }
        None
    }
}

/// Sets `package_id` on every finding and copyright inside a package's folder.
pub fn attribute(findings: &mut Findings, owners: &Owners<'_>) {
    for finding in &mut findings.licenses {
        finding.package_id = owners.owner(&finding.path).map(str::to_string);
    }
    for copyright in &mut findings.copyrights {
        copyright.package_id = owners.owner(&copyright.path).map(str::to_string);
    }
}

/// Fills each package's declared (where its lockfile had none), detected and concluded
/// licences (a concluded licence a parser read from an SBOM is kept unless a curation applies);
/// returns the mismatch and curation diagnostics.
pub fn conclude(
    packages: &mut [Package],
    licenses: &[LicenseFinding],
    folders: &[PackageFolder],
    curations: &[Curation],
    files: &[WalkedFile],
) -> Vec<Diagnostic> {
    let mut by_package: BTreeMap<&str, Vec<&LicenseFinding>> = BTreeMap::new();
    for finding in licenses.iter().filter(|f| f.strength == Strength::Detection) {
        if let Some(id) = finding.package_id.as_deref() {
            by_package.entry(id).or_default().push(finding);
        }
    }
    // A package installed in several places is shown with the first (`locate`'s path order).
    let mut folder_of: HashMap<&str, &PackageFolder> = HashMap::new();
    for folder in folders {
        folder_of.entry(folder.package_id.as_str()).or_insert(folder);
    }
    let mut used = vec![false; curations.len()];
    let mut diags = Vec::new();
    for package in packages.iter_mut() {
        let found = by_package.get(package.id.as_str()).map_or(&[][..], Vec::as_slice);
        let folder = folder_of.get(package.id.as_str()).copied();
        package.files_path = folder.map(|f| f.prefix.trim_end_matches('/').to_string());
        if package.declared_license.is_none()
            && let Some(folder) = folder
        {
            package.declared_license = match &folder.declared {
                Some(Declared::Licence(declared)) => Some(declared.clone()),
                Some(Declared::File { manifest, file }) => Some(from_file(found, folder, manifest, file)),
                None => own_manifest(found, folder),
            };
        }
        let detected = detected(found);
        package.detected_license = detected.as_ref().map(|(expression, _)| expression.clone());
        let curated = curations.iter().enumerate().find(|(_, c)| c.matches(package));
        if let Some((index, curation)) = curated {
            used[index] = true;
            match pin_mismatch(curation, folder, files) {
                None => {
                    package.concluded_license = Some(ConcludedLicense {
                        expression: curation.expression.clone(),
                        reason: curation.explain(),
                    });
                    continue;
                }
                Some(why) => diags.push(stale(curation, package, &why)),
            }
        }
        // A supplier's SBOM concluded it (the parser says so, with the SBOM as the reason): that
        // is someone's decision, as a curation is ours, so only a curation overrides it.
        if package.concluded_license.as_ref().is_some_and(|c| !c.expression.trim().is_empty()) {
            continue;
        }
        let (concluded, mismatch) = automatic(package, detected.as_ref(), folder.is_some());
        package.concluded_license = Some(concluded);
        if let Some(message) = mismatch {
            let mut diag = Diagnostic::of(Code::LicenseMismatch, message);
            diag.path = package.locations.first().map(|l| l.path.clone());
            diag.line = package.locations.first().and_then(|l| l.line);
            diags.push(diag);
        }
    }
    for (curation, used) in curations.iter().zip(used) {
        if !used {
            diags.push(Diagnostic::of(
                Code::CurationUnused,
                format!(
                    "{} matches no package of this scan (a typo, or the package is gone)",
                    curation.label
                ),
            ));
        }
    }
    diags
}

/// The licence the package's own manifest states (`node_modules/x/package.json`, a wheel's
/// METADATA, a crate's Cargo.toml), as license-text read it.
fn own_manifest(found: &[&LicenseFinding], folder: &PackageFolder) -> Option<DeclaredLicense> {
    found
        .iter()
        .filter(|f| f.kind == FindingKind::Manifest)
        .find(|f| f.path.strip_prefix(&folder.prefix).is_some_and(|rest| !rest.contains('/')))
        .map(|f| DeclaredLicense {
            raw: f.raw.clone().unwrap_or_else(|| f.expression.clone()),
            expression: f.expression.clone(),
            path: Some(f.path.clone()),
        })
}

/// A licence declared as a file of the package (NuGet's `<license type="file">`): what
/// license-text found in that file; a reference to the file when it found nothing there, so the
/// conclusion asks for review rather than taking another file's licence for it.
fn from_file(
    found: &[&LicenseFinding],
    folder: &PackageFolder,
    manifest: &str,
    file: &str,
) -> DeclaredLicense {
    let wanted = format!("{}{}", folder.prefix, file.trim_start_matches("./"));
    let expressions: BTreeSet<&str> = found
        .iter()
        .filter(|f| f.kind != FindingKind::Manifest && f.path == wanted)
        .map(|f| f.expression.as_str())
        .filter(|e| !e.starts_with(ospo_expression::convention::SEE_PREFIX))
        .collect();
    let list: Vec<&str> = expressions.into_iter().collect();
    let expression = match list.as_slice() {
        [] => ospo_expression::convention::see_file_ref(file),
        [one] => (*one).to_string(),
        many => ospo_expression::and(many),
    };
    DeclaredLicense {
        raw: format!("<license type=\"file\">{file}</license>"),
        expression,
        path: Some(manifest.to_string()),
    }
}

/// What the package's files say (its manifest aside): every distinct licence found, together,
/// with the files that say it.
fn detected(found: &[&LicenseFinding]) -> Option<(String, Vec<String>)> {
    let evidence: Vec<&&LicenseFinding> = found
        .iter()
        .filter(|f| f.kind != FindingKind::Manifest)
        .filter(|f| !f.expression.starts_with(ospo_expression::convention::SEE_PREFIX))
        .collect();
    let expressions: BTreeSet<&str> = evidence.iter().map(|f| f.expression.as_str()).collect();
    if expressions.is_empty() {
        return None;
    }
    let list: Vec<&str> = expressions.into_iter().collect();
    let expression = if list.len() == 1 { list[0].to_string() } else { ospo_expression::and(&list) };
    let mut paths: Vec<String> = evidence.iter().map(|f| f.path.clone()).collect();
    paths.sort();
    paths.dedup();
    Some((expression, paths))
}

fn names(expression: &str) -> BTreeSet<String> {
    ospo_expression::licenses(expression).into_iter().collect()
}

/// The conclusion without a curation, and a mismatch message when declared and detected
/// disagree.
fn automatic(
    package: &Package,
    detected: Option<&(String, Vec<String>)>,
    on_disk: bool,
) -> (ConcludedLicense, Option<String>) {
    let declared = package.declared_license.as_ref().filter(|d| !d.expression.trim().is_empty());
    let where_declared = |d: &DeclaredLicense| {
        d.path.clone().or_else(|| package.locations.first().map(|l| l.path.clone())).unwrap_or_default()
    };
    match (declared, detected) {
        (Some(d), Some((found, files))) => {
            let declared_names = names(&d.expression);
            let extra: Vec<String> = names(found).difference(&declared_names).cloned().collect();
            if extra.is_empty() {
                let reason = format!("declared in {} and detected in its files agree", where_declared(d));
                return (ConcludedLicense { expression: d.expression.clone(), reason }, None);
            }
            let mut parts: Vec<&str> = vec![d.expression.as_str()];
            parts.extend(extra.iter().map(String::as_str));
            let expression = ospo_expression::and(&parts);
            let shown = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let reason = format!(
                "review: {} declares {}, but its files also hold {} ({shown})",
                where_declared(d),
                d.expression,
                extra.join(", ")
            );
            let message = format!(
                "{}: declared {} but detected {} in its files ({shown}); concluded {expression} for review",
                package.id, d.expression, found
            );
            (ConcludedLicense { expression, reason }, Some(message))
        }
        (Some(d), None) => {
            let in_tree = package.source.as_ref().is_some_and(|s| s.kind == crate::model::SourceKind::Path);
            let reason = if in_tree {
                format!("declared in {}; a package of this tree", where_declared(d))
            } else if on_disk {
                format!("declared in {}; no licence found in its files", where_declared(d))
            } else {
                format!("declared in {}; its files were not scanned (`--deps`)", where_declared(d))
            };
            (ConcludedLicense { expression: d.expression.clone(), reason }, None)
        }
        (None, Some((found, files))) => {
            let shown = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let reason = format!("detected in its files ({shown}); nothing declared");
            (ConcludedLicense { expression: found.clone(), reason }, None)
        }
        (None, None) => {
            let reason = if on_disk {
                "review: no licence declared and none found in its files".to_string()
            } else {
                "review: no licence declared, and its files were not scanned (`--deps`)".to_string()
            };
            (ConcludedLicense { expression: NOASSERTION.to_string(), reason }, None)
        }
    }
}

/// Why a pinned curation no longer applies, if it does not.
fn pin_mismatch(curation: &Curation, folder: Option<&PackageFolder>, files: &[WalkedFile]) -> Option<String> {
    let pin = curation.license_file.as_ref()?;
    let Some(folder) = folder else {
        return Some(format!("its pinned licence file {} is not on disk (scan with --deps)", pin.path));
    };
    let wanted = format!("{}{}", folder.prefix, pin.path.trim_start_matches("./"));
    let Some(file) = files.iter().find(|f| f.rel == wanted) else {
        return Some(format!("its pinned licence file {wanted} is gone"));
    };
    match crate::files::read_capped(&file.abs, crate::files::PLUGIN_CAP) {
        Ok(bytes) => {
            let digest = hex::encode(Sha256::digest(&bytes));
            (digest != pin.sha256)
                .then(|| format!("{wanted} changed (sha256 {digest}, pinned {})", pin.sha256))
        }
        Err(err) => Some(format!("its pinned licence file {wanted} cannot be read: {err}")),
    }
}

fn stale(curation: &Curation, package: &Package, why: &str) -> Diagnostic {
    Diagnostic::of(
        Code::CurationStale,
        format!(
            "{} for {} no longer applies: {why}; the licence is concluded without it until the curation is reviewed",
            curation.label, package.id
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders() -> Vec<PackageFolder> {
        vec![
            PackageFolder::new("a".into(), "node_modules/a"),
            PackageFolder::new("b".into(), "node_modules/a/node_modules/b"),
            PackageFolder {
                files: vec!["venv/lib/site-packages/w/__init__.py".into()],
                ..PackageFolder::new("w".into(), "venv/lib/site-packages/w-1.0.dist-info")
            },
        ]
    }

    #[test]
    fn the_innermost_folder_owns_a_file() {
        let folders = folders();
        let owners = Owners::new(&folders);
        assert_eq!(owners.owner("node_modules/a/LICENSE"), Some("a"));
        assert_eq!(owners.owner("node_modules/a/node_modules/b/lib/x.js"), Some("b"));
        assert_eq!(owners.owner("venv/lib/site-packages/w/__init__.py"), Some("w"));
        assert_eq!(owners.owner("src/main.rs"), None);
    }

    #[test]
    fn every_copy_of_a_package_owns_its_files() {
        // npm nests one version under each dependent that cannot share the hoisted copy.
        let folders = [
            PackageFolder::new("parse@3".into(), "node_modules/checker/node_modules/parse"),
            PackageFolder::new("compare".into(), "node_modules/compare"),
            PackageFolder::new("parse@3".into(), "node_modules/compare/node_modules/parse"),
        ];
        let owners = Owners::new(&folders);
        assert_eq!(owners.owner("node_modules/compare/node_modules/parse/README.md"), Some("parse@3"));
        assert_eq!(owners.owner("node_modules/checker/node_modules/parse/LICENSE"), Some("parse@3"));
        assert_eq!(owners.owner("node_modules/compare/LICENSE"), Some("compare"));
        let mut packages = vec![package("parse@3", None)];
        conclude(&mut packages, &[], &folders, &[], &[]);
        assert_eq!(packages[0].files_path.as_deref(), Some("node_modules/checker/node_modules/parse"));
    }

    fn package(id: &str, concluded: Option<&str>) -> Package {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "version": "1.0.0", "ecosystem": "cargo", "purl": null,
            "scope": "runtime", "direct": true, "optional": false,
            "locations": [{ "path": "vendor/bom.cdx.json", "line": 12 }], "hashes": [], "source": null,
            "declared_license": { "raw": "MIT OR Apache-2.0", "expression": "MIT OR Apache-2.0", "path": null },
            "detected_license": null,
            "concluded_license": concluded.map(|e| serde_json::json!({
                "expression": e, "reason": "concluded in the SBOM vendor/bom.cdx.json",
            })),
        }))
        .expect("a package")
    }

    fn finding(path: &str, expression: &str, kind: &str) -> LicenseFinding {
        serde_json::from_value(serde_json::json!({
            "path": path, "lines": null, "expression": expression, "kind": kind, "strength": "detection",
            "confidence": 1.0, "coverage": null, "rule_id": "spdx/MIT", "detector": "license-text",
            "package_id": "pkg:nuget/Acme.Lib@1.2.0",
        }))
        .expect("a finding")
    }

    #[test]
    fn a_licence_declared_as_a_file_is_what_that_file_holds() {
        let folder = PackageFolder {
            declared: Some(Declared::File {
                manifest: "$NUGET_PACKAGES/acme.lib/1.2.0/acme.lib.nuspec".into(),
                file: "docs/LICENSE.txt".into(),
            }),
            ..PackageFolder::new("pkg:nuget/Acme.Lib@1.2.0".into(), "$NUGET_PACKAGES/acme.lib/1.2.0")
        };
        let mut packages = [package("pkg:nuget/Acme.Lib@1.2.0", None)];
        packages[0].declared_license = None;
        let licence = finding("$NUGET_PACKAGES/acme.lib/1.2.0/docs/LICENSE.txt", "MIT", "text");
        let manifest = finding(
            "$NUGET_PACKAGES/acme.lib/1.2.0/acme.lib.nuspec",
            "LicenseRef-docs-LICENSE.txt",
            "manifest",
        );
        let folders = [folder.clone()];
        assert!(conclude(&mut packages, &[licence, manifest], &folders, &[], &[]).is_empty());
        let declared = packages[0].declared_license.clone().expect("declared");
        assert_eq!(declared.expression, "MIT");
        assert_eq!(declared.path.as_deref(), Some("$NUGET_PACKAGES/acme.lib/1.2.0/acme.lib.nuspec"));
        assert_eq!(packages[0].concluded_license.as_ref().map(|c| c.expression.as_str()), Some("MIT"));

        // The file holds nothing license-text knows: the declaration stays a reference to it.
        let mut packages = [package("pkg:nuget/Acme.Lib@1.2.0", None)];
        packages[0].declared_license = None;
        conclude(&mut packages, &[], &folders, &[], &[]);
        let declared = packages[0].declared_license.clone().expect("declared");
        assert_eq!(declared.expression, "LicenseRef-see-docs-LICENSE.txt");
    }

    #[test]
    fn a_licence_an_sbom_concluded_is_kept() {
        let mut packages = [package("from-sbom", Some("MIT")), package("from-lockfile", None)];
        assert!(conclude(&mut packages, &[], &[], &[], &[]).is_empty());
        let concluded = |p: &Package| p.concluded_license.clone().map(|c| (c.expression, c.reason));
        assert_eq!(
            concluded(&packages[0]),
            Some(("MIT".into(), "concluded in the SBOM vendor/bom.cdx.json".into()))
        );
        let automatic = concluded(&packages[1]).expect("concluded");
        assert_eq!(automatic.0, "MIT OR Apache-2.0", "the declared licence, as before");
    }
}
