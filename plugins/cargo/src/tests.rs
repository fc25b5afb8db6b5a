//! The parser end to end over fixture projects under `src/testdata/`, through the SDK's native
//! stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource, PluginKind,
};

use super::*;

fn testdata() -> String {
    format!("{}/src/testdata", env!("CARGO_MANIFEST_DIR"))
}

fn parse_text(path: &str, text: &str) -> ParseOutput {
    testing::set_root(testdata());
    Cargo::parse(FileInput::new(path, text)).expect("the parser reports problems as diagnostics")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let text = std::fs::read_to_string(format!("{}/{path}", testdata())).expect("fixture exists");
    parse_text(path, &text)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

/// The edge's scope, and whether it is optional.
fn edge(out: &ParseOutput, from: &str, to: &str) -> Option<(DependencyScope, bool)> {
    out.edges.iter().find(|e| e.from == from && e.to == to).map(|e| (e.scope, e.optional))
}

const RUNTIME: (DependencyScope, bool) = (DependencyScope::Runtime, false);

/// The declared licence as written and as normalised.
fn declared(package: &Package) -> Option<(&str, &str)> {
    package.declared_license.as_ref().map(|d| (d.raw.as_str(), d.expression.as_str()))
}

fn sha256(hex: &str) -> Vec<Hash> {
    vec![Hash::new(HashAlgorithm::Sha256, hex)]
}

const GIT_MACROS: &str = "pkg:cargo/acme-macros@0.1.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Facme-macros%403f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a";

#[test]
fn workspace_v4_members_direct_dependencies_and_scopes() {
    let out = parse_fixture("workspace/Cargo.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 22);
    assert!(out.packages.iter().all(|p| p.ecosystem == "cargo"
        && p.locations.first().map(|l| l.path.as_str()) == Some("workspace/Cargo.lock")
        && p.locations[0].line.is_some()));
    assert_eq!(
        out.manifests,
        [ospo_plugin_sdk::Manifest::new(
            "workspace/Cargo.lock",
            "cargo",
            "Cargo.lock v4",
            Completeness::Complete
        )]
    );

    let cli = package(&out, "pkg:cargo/acme-cli@0.4.2");
    assert_eq!(cli.source, Some(PackageSource::path("workspace/crates/acme-cli")));
    assert_eq!(
        declared(cli),
        Some(("MIT OR Apache-2.0", "MIT OR Apache-2.0")),
        "inherited from [workspace.package]"
    );
    assert_eq!(
        cli.declared_license.as_ref().and_then(|d| d.path.as_deref()),
        Some("workspace/Cargo.toml"),
        "written in the workspace root"
    );
    assert_eq!(
        cli.locations[1..],
        [Location::new("workspace/crates/acme-cli/Cargo.toml", None)],
        "a member lists its own manifest"
    );
    assert!(!cli.direct, "members are the project, not dependencies");
    let core = package(&out, "pkg:cargo/acme-core@0.4.2");
    assert_eq!(declared(core), Some(("Apache-2.0", "Apache-2.0")));
    assert_eq!(
        core.declared_license.as_ref().and_then(|d| d.path.as_deref()),
        Some("workspace/crates/acme-core/Cargo.toml")
    );
    assert_eq!(package(&out, "pkg:cargo/xtask@0.0.0").declared_license, None);

    let direct: Vec<&str> = out.packages.iter().filter(|p| p.direct).map(|p| p.name.as_str()).collect();
    assert_eq!(
        direct,
        ["acme-macros", "anyhow", "autocfg", "itoa", "libc", "log", "serde", "serde_json", "thiserror"]
    );

    let scope = |id: &str| (package(&out, id).scope, package(&out, id).optional);
    assert_eq!(scope("pkg:cargo/anyhow@1.0.105"), RUNTIME);
    assert_eq!(scope("pkg:cargo/libc@0.2.191"), RUNTIME, "[target.'cfg(unix)'.dependencies]");
    assert_eq!(scope("pkg:cargo/autocfg@1.4.0"), (DependencyScope::Build, false));
    assert_eq!(
        scope("pkg:cargo/itoa@1.0.19"),
        (DependencyScope::Runtime, true),
        "optional runtime beats serde_json's dev path"
    );
    assert_eq!(scope("pkg:cargo/serde_json@1.0.154"), (DependencyScope::Development, false));
    assert_eq!(
        scope("pkg:cargo/zmij@1.0.23"),
        (DependencyScope::Development, false),
        "only reached through a dev-dependency"
    );
    assert_eq!(scope("pkg:cargo/serde_core@1.0.229"), RUNTIME, "also reached through serde");
    assert_eq!(scope("pkg:cargo/syn@3.0.10"), RUNTIME);

    let macros = package(&out, GIT_MACROS);
    assert_eq!(macros.purl.as_deref(), Some(GIT_MACROS));
    assert_eq!(
        macros.source,
        Some(PackageSource::git(
            "https://github.com/acme/acme-macros",
            Some("3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a")
        ))
    );
    assert!(macros.hashes.is_empty());

    let log = package(&out, "pkg:cargo/log@0.4.35");
    assert_eq!(log.source, Some(PackageSource::path("workspace/vendor/log")), "an excluded path dependency");
    assert_eq!(declared(log), Some(("MIT/Apache-2.0", "MIT OR Apache-2.0")), "`MIT/Apache-2.0` normalised");
    assert_eq!(log.locations.len(), 1, "not a member: only the lockfile lists it");
    assert!(log.direct);

    let anyhow = package(&out, "pkg:cargo/anyhow@1.0.105");
    assert_eq!(anyhow.source, Some(PackageSource::registry("https://github.com/rust-lang/crates.io-index")));
    assert_eq!(anyhow.hashes, sha256("2cb931c189b85683d69a5cfad41d4d418671e1ac413dd209f3f2fc31e3cfd902"));
    assert_eq!(anyhow.locations, [Location::new("workspace/Cargo.lock", Some(38))]);
    assert_eq!(anyhow.declared_license, None, "registry crates' licences are not in the lockfile");
}

#[test]
fn workspace_v4_edges() {
    let out = parse_fixture("workspace/Cargo.lock");
    let cli = "pkg:cargo/acme-cli@0.4.2";
    assert_eq!(edge(&out, cli, "pkg:cargo/acme-core@0.4.2"), Some(RUNTIME));
    assert_eq!(edge(&out, cli, "pkg:cargo/autocfg@1.4.0"), Some((DependencyScope::Build, false)));
    assert_eq!(edge(&out, cli, "pkg:cargo/serde_json@1.0.154"), Some((DependencyScope::Development, false)));
    assert_eq!(edge(&out, cli, "pkg:cargo/itoa@1.0.19"), Some((DependencyScope::Runtime, true)));
    assert_eq!(edge(&out, cli, GIT_MACROS), Some(RUNTIME));
    // `syn 2.0.119` / `syn 3.0.10`: the two-version form resolves to the right one.
    assert_eq!(edge(&out, GIT_MACROS, "pkg:cargo/syn@2.0.119"), Some(RUNTIME));
    assert_eq!(edge(&out, "pkg:cargo/serde_derive@1.0.229", "pkg:cargo/syn@3.0.10"), Some(RUNTIME));
    assert_eq!(
        edge(&out, "pkg:cargo/serde_json@1.0.154", "pkg:cargo/zmij@1.0.23"),
        Some((DependencyScope::Development, false))
    );
    let lock_entries = 6 + 5 + 3 + 1 + 1 + 2 + 1 + 3 + 5 + 3 + 3 + 1 + 3 + 1;
    assert_eq!(out.edges.len(), lock_entries);
}

#[test]
fn single_crate_v3_with_the_same_version_from_git_and_crates_io() {
    let out = parse_fixture("single/Cargo.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let probe = package(&out, "pkg:cargo/probe@1.2.0");
    assert_eq!(probe.source, Some(PackageSource::path("single")));
    assert_eq!(declared(probe), Some(("GPL-3.0+", "GPL-3.0-or-later")), "`GPL-3.0+` normalised");
    assert_eq!(out.manifests[0].format, "Cargo.lock v3");

    let fork = "pkg:cargo/log@0.4.35?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Flog%409d1c2b3a4e5f60718293a4b5c6d7e8f901234567";
    let upstream = "pkg:cargo/log@0.4.35";
    for id in [fork, upstream] {
        assert!(package(&out, id).direct, "{id}");
        assert_eq!(edge(&out, "pkg:cargo/probe@1.2.0", id), Some(RUNTIME), "{id}");
    }
    let memchr = package(&out, "pkg:cargo/memchr@2.8.3");
    assert_eq!(memchr.scope, DependencyScope::Development, "[target.'cfg(windows)'.dev-dependencies]");
    assert!(memchr.direct);
}

#[test]
fn v1_lockfile_without_manifest_still_gives_the_graph() {
    let out = parse_fixture("no-manifest/Cargo.lock");
    assert_eq!(out.diagnostics.len(), 1);
    let missing = &out.diagnostics[0];
    assert_eq!((missing.code.as_str(), missing.level), ("manifest-missing", Level::Info));
    assert_eq!(missing.path.as_deref(), Some("no-manifest/Cargo.toml"));

    assert_eq!(out.packages.len(), 5);
    assert!(out.packages.iter().all(|p| !p.direct && !p.optional && p.scope == DependencyScope::Runtime));
    assert_eq!(
        package(&out, "pkg:cargo/serde@1.0.126").hashes,
        sha256("ec7505abeacaec74ae4778d9d9328fe5a5d04253220a85c4ee022239fc996d03"),
        "v1 keeps checksums in [metadata]"
    );
    assert_eq!(package(&out, "pkg:cargo/hello@0.1.0").source, None);
    assert_eq!(edge(&out, "pkg:cargo/hello@0.1.0", "pkg:cargo/serde_json@1.0.64"), Some(RUNTIME));
    assert_eq!(out.manifests[0].format, "Cargo.lock v1");
    assert_eq!(out.edges.len(), 4);
}

#[test]
fn v2_lockfile_short_forms_and_inline_checksums() {
    let text = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
[[package]]
name = "hello"
version = "0.1.0"
dependencies = [
 "itoa",
]

[[package]]
name = "itoa"
version = "0.4.8"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4"
"#;
    let out = parse_text("legacy/Cargo.lock", text);
    assert_eq!(out.packages.len(), 2);
    assert_eq!(
        package(&out, "pkg:cargo/itoa@0.4.8").hashes,
        sha256("b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4")
    );
    assert_eq!(
        package(&out, "pkg:cargo/itoa@0.4.8").locations,
        [Location::new("legacy/Cargo.lock", Some(10))]
    );
    assert_eq!(out.manifests[0].format, "Cargo.lock v2");
    assert_eq!(out.edges.len(), 1);
}

#[test]
fn malformed_entry_is_a_diagnostic_with_its_line_and_the_rest_is_kept() {
    let text = std::fs::read_to_string(format!("{}/single/Cargo.lock", testdata())).expect("fixture");
    let broken =
        text.replace("name = \"memchr\"\nversion = \"2.8.3\"", "name = \"memchr\"\nversion = \"2.8.3");
    assert_ne!(broken, text);
    let broken_line = broken.lines().position(|l| l == "version = \"2.8.3").expect("broken line") + 1;

    let out = parse_text("single/Cargo.lock", &broken);
    let malformed: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "lockfile-malformed").collect();
    assert_eq!(malformed.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(malformed[0].level, Level::Error);
    assert_eq!(malformed[0].path.as_deref(), Some("single/Cargo.lock"));
    assert_eq!(malformed[0].line, Some(u32::try_from(broken_line).expect("small")));

    let names: Vec<&str> = out.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["anyhow", "log", "log", "probe"]);
    // probe's `memchr` entry now names nothing.
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == "lockfile-dependency-unresolved" && d.message.contains("memchr"))
    );
}

#[test]
fn package_missing_its_version_is_malformed_not_fatal() {
    let text = "version = 4\n\n[[package]]\nname = \"itoa\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n";
    let out = parse_text("nowhere/Cargo.lock", text);
    let malformed: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "lockfile-malformed").collect();
    assert_eq!(malformed.len(), 1, "{:#?}", out.diagnostics);
    assert!(malformed[0].message.contains("version"), "{}", malformed[0].message);
    assert_eq!(malformed[0].line, Some(3));
    assert_eq!(out.packages.len(), 1);
}

#[test]
fn malformed_manifest_is_a_diagnostic_with_its_line() {
    let out = parse_fixture("broken-manifest/Cargo.lock");
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
    let diag = &out.diagnostics[0];
    assert_eq!(diag.code, "manifest-malformed");
    assert_eq!(diag.path.as_deref(), Some("broken-manifest/Cargo.toml"));
    assert_eq!(diag.line, Some(5));
    assert_eq!(out.packages.len(), 2, "the lockfile is still read");
}

#[test]
fn info_wants_lockfiles_and_declares_its_codes() {
    let info = Cargo::plugin_info();
    assert_eq!(info.name, "cargo");
    assert_eq!(info.kind, PluginKind::Parser);
    assert_eq!(info.files.globs, ["**/Cargo.lock"]);
    assert_eq!(info.ecosystems, ["cargo"]);
    let codes: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "lockfile-malformed",
            "lockfile-dependency-unresolved",
            "manifest-missing",
            "manifest-malformed",
            "manifest-members-unlisted"
        ]
    );
}

#[test]
fn sources_git_without_commit_sparse_and_other_registries() {
    let text = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"git+https://example.invalid/a.git?branch=main\"\n\n[[package]]\nname = \"b\"\nversion = \"1.0.0\"\nsource = \"sparse+https://index.crates.io/\"\nchecksum = \"ABCD\"\n\n[[package]]\nname = \"c\"\nversion = \"1.0.0\"\nsource = \"registry+https://my.registry/index\"\nchecksum = \"not hex\"\n";
    let out = parse_text("nowhere/Cargo.lock", text);
    let a = &out.packages[0];
    assert_eq!(a.source, Some(PackageSource::git("https://example.invalid/a.git", None)));
    let b = package(&out, "pkg:cargo/b@1.0.0");
    assert_eq!(b.source, Some(PackageSource::registry("https://index.crates.io/")));
    assert_eq!(b.hashes, sha256("abcd"));
    let c = package(&out, "pkg:cargo/c@1.0.0?repository_url=https:%2F%2Fmy.registry%2Findex");
    assert!(c.hashes.is_empty());
    let bad: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "lockfile-malformed").collect();
    assert_eq!(bad.len(), 1, "{:#?}", out.diagnostics);
    assert!(bad[0].message.contains("checksum of c 1.0.0"), "{}", bad[0].message);
    assert_eq!(bad[0].line, Some(14));
}
