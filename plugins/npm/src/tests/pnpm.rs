//! pnpm-lock.yaml 5.4, 6.0 and 9.0, and a pnpm workspace.

use ospo_plugin_sdk::{DependencyScope, HashAlgorithm, Location, PackageSource, SourceKind};

use super::*;

const APP: &str = "pkg:npm/acme-app@1.0.0";

#[test]
fn every_lockfile_version_reads_the_same_project() {
    for (case, label, dom_line, alias_line) in [
        ("eco-npm-pnpm-v5", "pnpm-lock.yaml v5.4", 114, 102),
        ("eco-npm-pnpm-v6", "pnpm-lock.yaml v6.0", 124, 112),
        ("eco-npm-pnpm-v9", "pnpm-lock.yaml v9.0", 99, 90),
    ] {
        let out = parse_fixture(case, "pnpm-lock.yaml");
        assert_eq!(out.manifests[0].format, label);
        assert_eq!(out.packages.len(), 20, "{case}: {:#?}", ids(&out));
        // The peer-suffixed key is react-dom 18.3.1, once.
        let dom = package(&out, "pkg:npm/react-dom@18.3.1");
        assert_eq!(dom.locations, [Location::new("pnpm-lock.yaml", Some(dom_line))], "{case}");
        assert_eq!(dom.hashes[0].algorithm, HashAlgorithm::Sha512);
        assert_eq!(dom.source.as_ref().map(|s| s.kind), Some(SourceKind::Registry));
        assert_eq!(line(&out, "pkg:npm/ms@1.0.0"), Some(alias_line), "{case}: the alias old-ms");
        assert!(has_edge(&out, APP, "pkg:npm/ms@1.0.0"), "{case}");
        assert!(has_edge(&out, "pkg:npm/react-dom@18.3.1", "pkg:npm/scheduler@0.23.2"), "{case}");
        assert!(
            has_edge(&out, "pkg:npm/react-dom@18.3.1", "pkg:npm/react@18.3.1"),
            "{case}: its resolved peer"
        );
        assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true), "{case}");
        assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true), "{case}");
        assert_eq!(
            reach(&out, "pkg:npm/color-name@1.1.4"),
            (DependencyScope::Development, false, false),
            "{case}"
        );
        assert_eq!(reach(&out, "pkg:npm/is-number@7.0.0"), (DependencyScope::Runtime, true, true), "{case}");
        // pnpm itself says react is needed at runtime (react-dom needs it): not dev-only.
        assert_eq!(package(&out, "pkg:npm/react@18.3.1").scope, DependencyScope::Runtime, "{case}");
        let local = package(&out, "pkg:npm/local-lib@0.1.0");
        assert_eq!(
            (local.direct, local.source.clone()),
            (true, Some(PackageSource::path("local-lib"))),
            "{case}"
        );
        assert!(has_edge(&out, "pkg:npm/local-lib@0.1.0", "pkg:npm/ms@2.1.3"), "{case}");
        assert_eq!(
            package(&out, APP).declared_license.as_ref().map(|d| d.expression.as_str()),
            Some("Apache-2.0")
        );
    }
}

#[test]
fn workspace_importers_and_links() {
    let out = parse_fixture("eco-npm-pnpm-workspace", "pnpm-lock.yaml");
    let app = package(&out, "pkg:npm/%40acme/app@2.0.0");
    assert_eq!((app.direct, app.source.clone()), (false, Some(PackageSource::path("packages/app"))));
    assert_eq!(app.locations[0].line, Some(15));
    assert!(has_edge(&out, "pkg:npm/%40acme/app@2.0.0", "pkg:npm/%40acme/util@1.0.0"), "link:../util");
    assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true));
    assert_eq!(line(&out, "pkg:npm/debug@4.4.3"), Some(36));
    assert_eq!(reach(&out, "pkg:npm/has-flag@4.0.0"), (DependencyScope::Development, false, true));
    assert!(!package(&out, "pkg:npm/acme-monorepo@0.0.0").direct, "the root project");
}

#[test]
fn git_and_tarball_resolutions_by_hand() {
    let lock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      lib:\n        specifier: github:acme/lib\n        version: https://codeload.example/acme/lib/tar.gz/0123abc\n      tar:\n        specifier: https://cdn.example/tar-1.0.0.tgz\n        version: https://cdn.example/tar-1.0.0.tgz\n      gone:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n  lib@https://codeload.example/acme/lib/tar.gz/0123abc:\n    resolution: {type: git, repo: 'https://example.invalid/acme/lib.git', commit: 0123abc}\n    version: 2.0.0\n\n  tar@https://cdn.example/tar-1.0.0.tgz:\n    resolution: {tarball: 'https://cdn.example/tar-1.0.0.tgz'}\n    version: 1.0.0\n\nsnapshots:\n\n  lib@https://codeload.example/acme/lib/tar.gz/0123abc: {}\n\n  tar@https://cdn.example/tar-1.0.0.tgz: {}\n";
    let out = parse_tree("pnpm-git", &[("pnpm-lock.yaml", lock)], "pnpm-lock.yaml");
    let lib = out.packages.iter().find(|p| p.name == "lib").expect("lib");
    assert_eq!(lib.version.as_deref(), Some("2.0.0"));
    assert_eq!(lib.source, Some(PackageSource::git("https://example.invalid/acme/lib.git", Some("0123abc"))));
    assert_eq!(lib.locations[0].line, Some(19));
    assert!(lib.direct);
    let tar = out.packages.iter().find(|p| p.name == "tar").expect("tar");
    assert_eq!(tar.source, Some(PackageSource::url("https://cdn.example/tar-1.0.0.tgz")));
    let codes: Vec<_> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["dependency-unresolved"], "gone 1.0.0 is in no entry");

    let out = parse_tree("pnpm-v10", &[("pnpm-lock.yaml", "lockfileVersion: '10.0'\n")], "pnpm-lock.yaml");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("10.0"));
    let out = parse_tree(
        "pnpm-bad",
        &[("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a: [\n")],
        "pnpm-lock.yaml",
    );
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert!(out.diagnostics[0].line.is_some());
}
