//! The notice of a realistic scan, pinned as snapshots, and the embedded texts.

use ospo_plugin_sdk::{
    Component, ConcludedLicense, Copyright, Decision, DeclaredLicense, DependencyScope, FindingKind,
    LicenseFinding, Package, ScanMetadata, ScanResult, SubjectKind, Verdict,
};

use super::*;

fn pkg(name: &str, version: &str, license: Option<&str>) -> Package {
    let purl = format!("pkg:npm/{name}@{version}");
    let p = Package::new("npm", name, Some(version)).purl(&purl);
    match license {
        Some(l) => p.declared(DeclaredLicense::parse(l)),
        None => p,
    }
}

fn copyright(package: &str, statement: &str) -> Copyright {
    let mut c = Copyright::new(&format!("node_modules/{package}/LICENSE"), statement);
    c.package_id = Some(format!("pkg:npm/{package}@1.0.0"));
    c
}

fn scan() -> ScanResult {
    let mut either = pkg("either", "1.0.0", Some("MIT OR ISC"));
    either.concluded_license = Some(ConcludedLicense::new("MIT OR ISC", "declared"));
    let mut internal =
        LicenseFinding::new("node_modules/odd/LICENSE", "LicenseRef-Odd-1.0", FindingKind::Text)
            .text("Odd Licence 1.0\n\nUse it, `never` sell it.");
    internal.package_id = Some("pkg:npm/odd@1.0.0".to_string());
    ScanResult::new("/ci/web")
        .metadata(
            ScanMetadata::new("ospo", "0.1.0", "2026-01-01T00:00:00Z")
                .root_component(Component::new("web").version("2.0.0").purl("pkg:npm/web@2.0.0")),
        )
        .package(pkg("web", "2.0.0", Some("MIT")))
        .package(pkg("left-pad", "1.0.0", Some("MIT")))
        .package(either)
        .package(pkg("odd", "1.0.0", Some("LicenseRef-Odd-1.0")))
        .package(pkg("mystery", "1.0.0", None))
        .package(pkg("jest", "29.0.0", Some("MIT")).scope(DependencyScope::Development))
        .license(internal)
        .copyright(copyright("left-pad", "Copyright (c) 2014 Azer Koçulu"))
        .copyright(copyright("either", "Copyright (c) 2020 Either Authors"))
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:npm/either@1.0.0",
                "MIT OR ISC",
                Decision::Allow,
                "allow:MIT",
                "MIT is allowed",
            )
            .choice("ISC"),
        )
}

fn text(format: &str, config: &Config) -> String {
    String::from_utf8(render(format, &scan(), config).expect("renders")).expect("utf-8")
}

#[test]
fn plain_notice() {
    insta::assert_snapshot!(text(FORMAT, &Config::default()));
}

#[test]
fn markdown_notice() {
    insta::assert_snapshot!(text(FORMAT_MARKDOWN, &Config::default()));
}

#[test]
fn grouping() {
    let notice = group::Notice::new(&scan(), &Config::default());
    let ids: Vec<&str> = notice.groups.iter().map(|g| g.id.as_str()).collect();
    // The chosen branch of `MIT OR ISC`; the project itself and the dev dependency are not listed.
    assert_eq!(ids, ["ISC", "LicenseRef-Odd-1.0", "MIT"]);
    assert_eq!(notice.groups[2].packages.len(), 1);
    assert_eq!(notice.unknown.len(), 1);
    let all = Config { scopes: Some(vec!["runtime".into(), "development".into()]) };
    let notice = group::Notice::new(&scan(), &all);
    assert_eq!(notice.groups.iter().find(|g| g.id == "MIT").map(|g| g.packages.len()), Some(2));
    assert!(render(FORMAT, &scan(), &Config { scopes: Some(vec!["shipped".into()]) }).is_err());
}

#[test]
fn embedded_spdx_texts() {
    assert!(texts::count() > 700, "licences and exceptions: {}", texts::count());
    let mit = texts::spdx_text("MIT").expect("MIT");
    let apache = texts::spdx_text("Apache-2.0").expect("Apache-2.0");
    assert!(
        mit.starts_with(
            "MIT License\n\nCopyright (c) <year> <copyright holders>\n\nPermission is hereby granted"
        ),
        "{mit}"
    );
    assert!(apache.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"));
    assert!(apache.contains("\n\n1. Definitions."), "list items on their own lines");
    assert!(
        texts::spdx_text("Classpath-exception-2.0")
            .is_some_and(|t| t.starts_with("Linking this library statically"))
    );
    assert!(texts::spdx_text("No-Such-Licence").is_none());
}
