//! yarn.lock: Yarn classic and Yarn Berry (metadata 4, 6, 10).

use ospo_plugin_sdk::{DependencyScope, Hash, HashAlgorithm, Location, PackageSource, SourceKind};

use super::*;

const APP: &str = "pkg:npm/acme-app@1.0.0";

#[test]
fn classic_roots_from_package_json() {
    let out = parse_fixture("eco-npm-yarn-classic", "yarn.lock");
    assert_eq!(out.manifests[0].format, "yarn.lock v1 (Yarn classic)");
    let debug = package(&out, "pkg:npm/debug@4.4.3");
    assert_eq!(debug.locations, [Location::new("yarn.lock", Some(46))]);
    // The registry is the part of the tarball URL before `/<name>/-/`, as the lockfile writes it.
    let text = std::fs::read_to_string(format!("{}/yarn.lock", fixture_dir("eco-npm-yarn-classic")))
        .expect("fixture");
    let resolved =
        text.lines().nth(47).and_then(|l| l.trim().strip_prefix("resolved \"")).expect("debug's resolved");
    let registry = resolved.split("/debug/-/").next().expect("a registry tarball URL");
    assert_eq!(debug.source, Some(PackageSource::registry(registry)));
    assert!(registry.starts_with("https://"));
    assert_eq!(debug.hashes[0].algorithm, HashAlgorithm::Sha512);
    assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true));
    assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pkg:npm/has-flag@4.0.0"), (DependencyScope::Development, false, false));
    assert_eq!(reach(&out, "pkg:npm/is-number@7.0.0"), (DependencyScope::Runtime, true, true));
    // A peer of the project that is also a dev dependency: provided (its dev pin resolves it).
    assert_eq!(reach(&out, "pkg:npm/react@18.3.1"), (DependencyScope::Provided, false, true));
    assert_eq!(line(&out, "pkg:npm/ms@1.0.0"), Some(85), "the alias entry old-ms@npm:ms@^1.0.0");
    assert_eq!(package(&out, "pkg:npm/local-lib@0.1.0").source, Some(PackageSource::path("local-lib")));
    assert!(has_edge(&out, APP, "pkg:npm/local-lib@0.1.0"));
    assert!(has_edge(&out, "pkg:npm/local-lib@0.1.0", "pkg:npm/ms@2.1.3"));
    assert!(has_edge(&out, "pkg:npm/react-dom@18.3.1", "pkg:npm/scheduler@0.23.2"));
    assert_eq!(
        package(&out, APP).declared_license.as_ref().map(|d| d.expression.as_str()),
        Some("Apache-2.0")
    );
}

#[test]
fn classic_without_integrity_git_and_workspaces_by_hand() {
    let lock = "# yarn lockfile v1\n\n\
lib@acme/lib#main:\n  version \"2.0.0\"\n  resolved \"git+https://example.invalid/acme/lib.git#0123abc\"\n\n\
old@^1.0.0:\n  version \"1.0.0\"\n  resolved \"https://r.example/old/-/old-1.0.0.tgz#0123456789abcdef0123456789abcdef01234567\"\n  dependencies:\n    gone \"^1\"\n";
    let files = [
        (
            "package.json",
            "{\"name\": \"root\", \"workspaces\": [\"packages/*\"], \"dependencies\": {\"old\": \"^1.0.0\"}}",
        ),
        (
            "packages/a/package.json",
            "{\"name\": \"a\", \"version\": \"3.0.0\", \"dependencies\": {\"lib\": \"acme/lib#main\", \"b\": \"*\"}}",
        ),
        ("packages/b/package.json", "{\"name\": \"b\", \"version\": \"1.0.0\"}"),
        ("yarn.lock", lock),
    ];
    let out = parse_tree("yarn-classic-hand", &files, "yarn.lock");
    let old = package(&out, "pkg:npm/old@1.0.0");
    assert_eq!(
        old.hashes,
        [Hash::new(HashAlgorithm::Sha1, "0123456789abcdef0123456789abcdef01234567")],
        "sha1 from the fragment"
    );
    let lib = out.packages.iter().find(|p| p.name == "lib").expect("lib");
    assert_eq!(lib.source, Some(PackageSource::git("https://example.invalid/acme/lib.git", Some("0123abc"))));
    assert!(lib.direct, "a member's dependency");
    let a = package(&out, "pkg:npm/a@3.0.0");
    assert_eq!((a.direct, a.source.clone()), (false, Some(PackageSource::path("packages/a"))));
    assert!(has_edge(&out, "pkg:npm/a@3.0.0", "pkg:npm/b@1.0.0"), "a member resolves to the member");
    let codes: Vec<_> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("dependency-unresolved", Some(7))]);
}

#[test]
fn berry_every_metadata_version() {
    for (case, version) in
        [("eco-npm-yarn-berry-v4", 4), ("eco-npm-yarn-berry-v6", 6), ("eco-npm-yarn-berry-v10", 10)]
    {
        let out = parse_fixture(case, "yarn.lock");
        assert_eq!(out.manifests[0].format, format!("yarn.lock v{version} (Yarn Berry)"));
        // The project, the member, local-lib and 25 registry packages; resolve once, patched or not.
        assert_eq!(out.packages.len(), 28, "{case}: {:#?}", ids(&out));
        let resolve = package(&out, "pkg:npm/resolve@1.22.14");
        assert_eq!(resolve.locations, [Location::new("yarn.lock", Some(226))], "{case}");
        assert_eq!(resolve.source.as_ref().map(|s| s.kind), Some(SourceKind::Registry));
        assert!(resolve.hashes.is_empty(), "Yarn's zip checksum is not the package's hash");
        let util = package(&out, "pkg:npm/%40acme/util@1.0.0");
        assert_eq!((util.direct, util.source.clone()), (false, Some(PackageSource::path("packages/util"))));
        assert_eq!(util.locations[0].line, Some(8));
        assert_eq!(package(&out, APP).locations[0].line, Some(35));
        assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true), "{case}");
        assert_eq!(reach(&out, "pkg:npm/is-number@7.0.0"), (DependencyScope::Runtime, true, true), "{case}");
        assert_eq!(reach(&out, "pkg:npm/react@18.3.1"), (DependencyScope::Provided, false, true), "{case}");
        assert_eq!(
            reach(&out, "pkg:npm/has-flag@4.0.0"),
            (DependencyScope::Development, false, true),
            "{case}"
        );
        assert_eq!(
            reach(&out, "pkg:npm/ms@1.0.0"),
            (DependencyScope::Runtime, false, true),
            "{case}: the alias"
        );
        let local = package(&out, "pkg:npm/local-lib@0.1.0");
        assert_eq!((local.direct, local.source.clone()), (true, Some(PackageSource::path("local-lib"))));
        assert!(has_edge(&out, APP, "pkg:npm/%40acme/util@1.0.0"), "{case}");
        assert!(has_edge(&out, "pkg:npm/%40acme/util@1.0.0", "pkg:npm/ms@2.1.3"), "{case}");
        assert!(has_edge(&out, "pkg:npm/react-dom@18.3.1", "pkg:npm/react@18.3.1"), "{case}: a peer edge");
        assert!(
            !has_edge(&out, "pkg:npm/debug@4.4.3", "pkg:npm/supports-color@7.2.0"),
            "{case}: an optional peer"
        );
    }
}

#[test]
fn berry_git_and_unsupported_by_hand() {
    let lock = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\
\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    lib: \"https://example.invalid/acme/lib.git#commit=0123abc\"\n  languageName: unknown\n  linkType: soft\n\n\
\"lib@https://example.invalid/acme/lib.git#commit=0123abc\":\n  version: 2.0.0\n  resolution: \"lib@https://example.invalid/acme/lib.git#commit=0123abc\"\n  languageName: node\n  linkType: hard\n";
    let out = parse_tree("berry-git", &[("yarn.lock", lock)], "yarn.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let lib = out.packages.iter().find(|p| p.name == "lib").expect("lib");
    assert_eq!(lib.source, Some(PackageSource::git("https://example.invalid/acme/lib.git", Some("0123abc"))));
    assert!(lib.purl.as_deref().is_some_and(|p| p.contains("vcs_url=")), "{:?}", lib.purl);
    assert!(lib.direct);
    assert_eq!(
        package(&out, "pkg:npm/app").version,
        None,
        "no package.json: no real version for the workspace"
    );

    let out = parse_tree("berry-v11", &[("yarn.lock", "__metadata:\n  version: 11\n")], "yarn.lock");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("version 11"));
    assert!(out.manifests.is_empty());
}
