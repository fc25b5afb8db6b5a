//! package-lock.json v1/v2/v3, npm-shrinkwrap.json and the hidden lockfile.

use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Location, Manifest, PackageSource, SourceKind,
};

use super::*;

const APP: &str = "pkg:npm/acme-app@1.0.0";

#[test]
fn lock_v3_scopes_sources_hashes_licences_lines() {
    let out = parse_fixture("eco-npm-lock-v3", "package-lock.json");
    assert_eq!(
        out.manifests,
        [Manifest::new("package-lock.json", "npm", "package-lock.json v3", Completeness::Complete)]
    );
    assert_eq!(out.packages.len(), 18, "16 registry packages, local-lib and the project: {:#?}", ids(&out));

    let frame = package(&out, "pkg:npm/%40babel/code-frame@7.29.7");
    assert_eq!((frame.name.as_str(), frame.version.as_deref()), ("@babel/code-frame", Some("7.29.7")));
    assert_eq!(frame.locations, [Location::new("package-lock.json", Some(34))]);
    assert_eq!(frame.source.as_ref().map(|s| s.kind), Some(SourceKind::Registry));
    assert_eq!(frame.declared_license.as_ref().map(|d| d.expression.as_str()), Some("MIT"));
    let sha512 = &frame.hashes[0];
    assert_eq!(sha512.algorithm, HashAlgorithm::Sha512);
    assert!(sha512.value.starts_with("02ea7b69"), "{}", sha512.value);
    assert_eq!(
        package(&out, "pkg:npm/picocolors@1.1.1").declared_license.as_ref().map(|d| d.raw.as_str()),
        Some("ISC")
    );

    assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true));
    assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pkg:npm/is-number@7.0.0"), (DependencyScope::Runtime, true, true));
    assert_eq!(
        reach(&out, "pkg:npm/react@18.3.1"),
        (DependencyScope::Provided, false, true),
        "a peer of the project"
    );
    assert_eq!(reach(&out, "pkg:npm/loose-envify@1.4.0"), (DependencyScope::Provided, false, false));
    assert_eq!(reach(&out, "pkg:npm/has-flag@4.0.0"), (DependencyScope::Development, false, false));
    assert_eq!(reach(&out, "pkg:npm/ms@2.1.3"), (DependencyScope::Runtime, false, false));
    // The alias `old-ms` is ms 1.0.0, and direct.
    assert_eq!(reach(&out, "pkg:npm/ms@1.0.0"), (DependencyScope::Runtime, false, true));
    assert_eq!(line(&out, "pkg:npm/ms@1.0.0"), Some(176));
    assert!(has_edge(&out, APP, "pkg:npm/ms@1.0.0"));

    // The file: dependency is a path package, direct; the project is not.
    let local = package(&out, "pkg:npm/local-lib@0.1.0");
    assert_eq!(local.source, Some(PackageSource::path("local-lib")));
    assert!(local.direct);
    assert!(has_edge(&out, "pkg:npm/local-lib@0.1.0", "pkg:npm/ms@2.1.3"));
    let app = package(&out, APP);
    assert_eq!((app.direct, app.source.clone()), (false, Some(PackageSource::path("."))));
    assert_eq!(app.declared_license.as_ref().map(|d| d.expression.as_str()), Some("Apache-2.0"));
    assert!(has_edge(&out, "pkg:npm/debug@4.4.3", "pkg:npm/ms@2.1.3"));
    assert!(
        !has_edge(&out, "pkg:npm/debug@4.4.3", "pkg:npm/supports-color@7.2.0"),
        "an optional peer is no edge"
    );
    assert_eq!(out.edges.len(), 19);
    let dev_edge =
        out.edges.iter().find(|e| e.from == APP && e.to == "pkg:npm/chalk@4.1.2").expect("root -> chalk");
    assert_eq!(dev_edge.scope, DependencyScope::Development);
    assert!(out.edges.iter().any(|e| e.to == "pkg:npm/is-number@7.0.0" && e.optional));
}

#[test]
fn lock_v2_v1_and_shrinkwrap_agree_with_v3() {
    let v3 = parse_fixture("eco-npm-lock-v3", "package-lock.json");
    let want: BTreeSet<(String, DependencyScope, bool, bool)> =
        v3.packages.iter().map(|p| (p.id.clone(), p.scope, p.optional, p.direct)).collect();
    for (case, file, label) in [
        ("eco-npm-lock-v2", "package-lock.json", "package-lock.json v2"),
        ("eco-npm-lock-v1", "package-lock.json", "package-lock.json v1"),
        ("eco-npm-shrinkwrap", "npm-shrinkwrap.json", "npm-shrinkwrap.json v3"),
    ] {
        let out = parse_fixture(case, file);
        assert_eq!(out.manifests[0].format, label);
        let got: BTreeSet<_> =
            out.packages.iter().map(|p| (p.id.clone(), p.scope, p.optional, p.direct)).collect();
        assert_eq!(got, want, "{case}");
        let edges =
            |o: &ParseOutput| o.edges.iter().map(|e| (e.from.clone(), e.to.clone())).collect::<BTreeSet<_>>();
        assert_eq!(edges(&out), edges(&v3), "{case}");
    }
    let v1 = parse_fixture("eco-npm-lock-v1", "package-lock.json");
    assert_eq!(line(&v1, "pkg:npm/ms@1.0.0"), Some(101), "the v1 entry `old-ms`");
    assert_eq!(line(&v1, "pkg:npm/debug@4.4.3"), Some(56));
    // v1 has no licences; its file: dependency's version comes from the folder's package.json.
    assert!(package(&v1, "pkg:npm/debug@4.4.3").declared_license.is_none());
    assert_eq!(package(&v1, "pkg:npm/local-lib@0.1.0").source, Some(PackageSource::path("local-lib")));
}

#[test]
fn hidden_lockfile_alone_is_read_and_beside_a_lockfile_is_not() {
    let out = parse_fixture("eco-npm-hidden-lockfile", "node_modules/.package-lock.json");
    assert_eq!(out.manifests[0].format, "node_modules/.package-lock.json v3");
    assert_eq!(out.packages.len(), 18);
    // No root entry: the root comes from package.json, its line 1.
    assert_eq!(package(&out, APP).locations, [Location::new("node_modules/.package-lock.json", Some(1))]);
    assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true));

    let hidden = std::fs::read_to_string(format!(
        "{}/node_modules/.package-lock.json",
        fixture_dir("eco-npm-hidden-lockfile")
    ))
    .expect("fixture");
    let lock = std::fs::read_to_string(format!("{}/package-lock.json", fixture_dir("eco-npm-lock-v3")))
        .expect("fixture");
    let files = [
        ("app/package.json", "{\"name\": \"acme-app\"}"),
        ("app/package-lock.json", lock.as_str()),
        ("app/node_modules/.package-lock.json", hidden.as_str()),
    ];
    let out = parse_tree("hidden-beside", &files, "app/node_modules/.package-lock.json");
    assert!(
        out.packages.is_empty() && out.manifests.is_empty(),
        "package-lock.json beside the project claims it"
    );
    let nested = [("a/node_modules/b/node_modules/.package-lock.json", hidden.as_str())];
    assert!(
        parse_tree("hidden-nested", &nested, nested[0].0).manifests.is_empty(),
        "inside an installed package"
    );
}

#[test]
fn workspaces_members_are_projects_and_their_deps_direct() {
    let out = parse_fixture("eco-npm-workspaces", "package-lock.json");
    let app = package(&out, "pkg:npm/%40acme/app@2.0.0");
    assert_eq!((app.direct, app.source.clone()), (false, Some(PackageSource::path("packages/app"))));
    assert_eq!(app.locations[0].line, Some(68));
    assert!(!package(&out, "pkg:npm/%40acme/util@1.0.0").direct);
    assert!(
        has_edge(&out, "pkg:npm/%40acme/app@2.0.0", "pkg:npm/%40acme/util@1.0.0"),
        "through the link entry"
    );
    assert!(has_edge(&out, "pkg:npm/%40acme/app@2.0.0", "pkg:npm/debug@4.4.3"));
    assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true));
    assert_eq!(reach(&out, "pkg:npm/has-flag@4.0.0"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pkg:npm/is-number@7.0.0"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pkg:npm/ms@2.1.3"), (DependencyScope::Runtime, false, true));
}

#[test]
fn large_lockfile_is_read_whole() {
    let out = parse_fixture("eco-npm-large", "package-lock.json");
    assert!(out.packages.len() > 1000, "{}", out.packages.len());
    assert!(reach(&out, "pkg:npm/webpack@5.113.0").2, "webpack is direct");
    assert!(out.edges.len() > 2000, "{}", out.edges.len());
    let dev = out.packages.iter().filter(|p| p.scope == DependencyScope::Development).count();
    assert!(dev > 500, "most of it is tooling: {dev}");
}

#[test]
fn git_tarball_and_nested_entries_by_hand() {
    // The network here reaches no git host: entries shaped as npm writes them.
    let lock = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "app", "dependencies": {"lib": "github:acme/lib", "tar": "https://cdn.example/tar-1.0.0.tgz", "a": "^1"}},
    "node_modules/lib": {
      "version": "2.0.0",
      "resolved": "git+ssh://git@example.invalid/acme/lib.git#0123456789abcdef0123456789abcdef01234567",
      "license": "BSD-3-Clause",
      "dependencies": {"b": "^1"}
    },
    "node_modules/tar": {"version": "1.0.0", "resolved": "https://cdn.example/tar-1.0.0.tgz", "integrity": "sha1-AAEC"},
    "node_modules/a": {"version": "1.0.0", "dependencies": {"b": "^2", "missing": "^1"}},
    "node_modules/a/node_modules/b": {"version": "2.0.0"},
    "node_modules/b": {"version": "1.0.0"}
  }
}"#;
    let out = parse_tree("git-v3", &[("package-lock.json", lock)], "package-lock.json");
    let git = "pkg:npm/lib@2.0.0?vcs_url=git%2Bssh:%2F%2Fgit%40example.invalid%2Facme%2Flib.git%230123456789abcdef0123456789abcdef01234567";
    let lib = package(&out, git);
    assert_eq!(
        lib.source,
        Some(PackageSource::git(
            "ssh://git@example.invalid/acme/lib.git",
            Some("0123456789abcdef0123456789abcdef01234567")
        ))
    );
    assert_eq!(lib.declared_license.as_ref().map(|d| d.expression.as_str()), Some("BSD-3-Clause"));
    let tar = package(&out, "pkg:npm/tar@1.0.0?download_url=https:%2F%2Fcdn.example%2Ftar-1.0.0.tgz");
    assert_eq!(tar.source, Some(PackageSource::url("https://cdn.example/tar-1.0.0.tgz")));
    assert_eq!(tar.hashes, [Hash::new(HashAlgorithm::Sha1, "000102")]);
    // Node's resolution: a's own b 2.0.0, lib's hoisted b 1.0.0.
    assert!(has_edge(&out, "pkg:npm/a@1.0.0", "pkg:npm/b@2.0.0"));
    assert!(has_edge(&out, git, "pkg:npm/b@1.0.0"));
    let codes: Vec<_> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("dependency-unresolved", Some(14))], "{:#?}", out.diagnostics);

    let v1 = r#"{"name": "app", "lockfileVersion": 1, "dependencies": {
  "lib": {"version": "git+https://example.invalid/acme/lib.git#0123abc", "from": "git+https://example.invalid/acme/lib.git"},
  "x": {"version": "1.0.0", "dependencies": {"y": {"version": "2.0.0"}}, "requires": {"y": "^2"}},
  "y": {"version": "1.0.0"}
}}"#;
    let out = parse_tree("git-v1", &[("package-lock.json", v1)], "package-lock.json");
    let lib = out.packages.iter().find(|p| p.name == "lib").expect("lib");
    assert_eq!(lib.version.as_deref(), Some("0123abc"), "a v1 git entry is versioned by its commit");
    assert_eq!(lib.source.as_ref().and_then(|s| s.commit.as_deref()), Some("0123abc"));
    assert!(has_edge(&out, "pkg:npm/x@1.0.0", "pkg:npm/y@2.0.0"), "the nested copy first");
    assert_eq!(line(&out, "pkg:npm/y@2.0.0"), Some(3));
}

#[test]
fn unsupported_and_malformed_lockfiles_are_diagnosed() {
    let out = parse_tree(
        "v4",
        &[("package-lock.json", "{\n  \"lockfileVersion\": 4,\n  \"packages\": {}\n}")],
        "package-lock.json",
    );
    let d = &out.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line), ("manifest-unsupported", Some(2)));
    assert!(d.message.contains("lockfileVersion 4"), "{}", d.message);
    assert!(out.manifests.is_empty());
    let out = parse_tree(
        "broken",
        &[("package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n")],
        "package-lock.json",
    );
    assert_eq!((out.diagnostics[0].code.as_str(), out.diagnostics[0].line), ("manifest-malformed", Some(4)));
    let entry = "{\"lockfileVersion\": 3, \"packages\": {\"\": {}, \"node_modules/a\": 7, \"node_modules/b\": {\"version\": \"1.0.0\"}}}";
    let out = parse_tree("entry", &[("package-lock.json", entry)], "package-lock.json");
    assert_eq!(out.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["manifest-malformed"]);
    assert!(out.packages.iter().any(|p| p.id == "pkg:npm/b@1.0.0"), "the rest is kept");
}
