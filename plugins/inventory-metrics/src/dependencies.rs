//! Dependency licence metrics, an OSPO's first compliance figure: how many dependencies have a
//! known licence (the concluded one), direct and transitive, how many declare one licence
//! while their files hold another, and how many ship no licence file at all.
//!
//! - A dependency is a package that is not part of the scanned tree (its source is not `path`).
//! - Known: the host concluded an expression other than `NOASSERTION` or `LicenseRef-unknown*`.
//! - `licenses.declared-detected-mismatches`: dependencies whose files hold a licence their
//!   declaration does not name.
//! - `licenses.packages-without-license-file`: dependencies whose files were scanned (`--deps`)
//!   with no licence file (`LICENSE*`, `COPYING*`, `NOTICE*`) among them.

use std::collections::BTreeSet;

use ospo_plugin_sdk::expression::{convention, licenses};
use ospo_plugin_sdk::{Metric, Package, ScanResult, SourceKind};

fn is_dependency(package: &Package) -> bool {
    package.source.as_ref().is_none_or(|s| s.kind != SourceKind::Path)
}

fn is_known(package: &Package) -> bool {
    package.concluded_license.as_ref().is_some_and(|c| {
        let e = c.expression.trim();
        !e.is_empty() && e != "NOASSERTION" && !e.starts_with("LicenseRef-unknown")
    })
}

fn mismatched(package: &Package) -> bool {
    let (Some(declared), Some(detected)) = (&package.declared_license, &package.detected_license) else {
        return false;
    };
    let declared: BTreeSet<String> = licenses(&declared.expression).into_iter().collect();
    licenses(detected).iter().any(|l| !declared.contains(l))
}

fn count(name: &str, n: usize, description: &str) -> Metric {
    Metric::count(name, u64::try_from(n).unwrap_or(u64::MAX), description).unit("packages")
}

/// The dependency licence metrics, in a fixed order; none when there are no dependencies.
pub fn metrics(scan: &ScanResult) -> Vec<Metric> {
    let deps: Vec<&Package> = scan.packages.iter().filter(|p| is_dependency(p)).collect();
    if deps.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let known_description = "dependencies whose concluded licence is known";
    let known = deps.iter().filter(|p| is_known(p)).count();
    out.push(count("licenses.dependencies", deps.len(), "packages not part of the scanned tree"));
    out.push(count("licenses.dependencies-known", known, known_description));
    for (label, direct) in [("direct", true), ("transitive", false)] {
        let group: Vec<&&Package> = deps.iter().filter(|p| p.direct == direct).collect();
        let known = group.iter().filter(|p| is_known(p)).count();
        out.push(count("licenses.dependencies-known", known, known_description).label("dependency", label));
    }
    // Counts far below 2^52 convert to f64 exactly.
    #[allow(clippy::cast_precision_loss)]
    let ratio = known as f64 / deps.len() as f64;
    out.push(Metric::ratio(
        "licenses.dependencies-known-ratio",
        ratio,
        "share of dependencies with a known concluded licence (left out when there are none)",
    ));
    out.push(count(
        "licenses.declared-detected-mismatches",
        deps.iter().filter(|p| mismatched(p)).count(),
        "dependencies whose files hold a licence their declaration does not name",
    ));
    let with_license_file: BTreeSet<&str> = scan
        .licenses
        .iter()
        .filter(|f| convention::is_license_file(&f.path))
        .filter_map(|f| f.package_id.as_deref())
        .collect();
    let scanned: Vec<&&Package> = deps.iter().filter(|p| p.files_path.is_some()).collect();
    out.push(count(
        "licenses.packages-without-license-file",
        scanned.iter().filter(|p| !with_license_file.contains(p.id.as_str())).count(),
        "dependencies whose files were scanned and hold no licence file",
    ));
    out
}
