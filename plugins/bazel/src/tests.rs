//! The parser over real Bazel files under `tests/fixtures/eco-bazel-*`.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{HashAlgorithm, Location, SourceKind};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Bazel::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no package {id} in {:#?}", out.packages))
}

const V18: &str = "eco-bazel-lock-v18/MODULE.bazel.lock";
const V6: &str = "eco-bazel-lock-v6/MODULE.bazel.lock";
const MODULE: &str = "eco-bazel-module/MODULE.bazel";

#[test]
fn registry_file_hashes_give_the_selected_modules() {
    let out = parse_fixture(V18);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(V18, "bazel", "MODULE.bazel.lock v18", Completeness::Complete)]);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:bazel/abseil-cpp@20240116.1",
            "pkg:bazel/bazel_features@1.21.0",
            "pkg:bazel/bazel_skylib@1.7.1",
            "pkg:bazel/buildozer@7.1.2",
            "pkg:bazel/platforms@0.0.11",
            "pkg:bazel/rules_python@1.4.1",
            "pkg:bazel/rules_shell@0.2.0",
            "pkg:bazel/zlib@1.3.1.bcr.3",
        ],
        "one version per module: the one whose source.json was read"
    );
    let python = package(&out, "pkg:bazel/rules_python@1.4.1");
    assert!(python.direct, "MODULE.bazel beside the lock names it");
    assert_eq!(python.locations, [Location::new(V18, Some(41))]);
    assert_eq!(python.source.as_ref().and_then(|s| s.url.as_deref()), Some("https://bcr.bazel.build"));
    assert!(python.hashes.is_empty(), "registry file hashes are not archive hashes");
    assert_eq!(out.packages.iter().filter(|p| p.direct).count(), 1);
    assert!(out.edges.is_empty());
    let claimed = parse_fixture("eco-bazel-lock-v18/MODULE.bazel");
    assert!(claimed.manifests.is_empty() && claimed.packages.is_empty(), "the lockfile reads it");
}

#[test]
fn module_dep_graph_with_overrides_and_cut_edges() {
    let out = parse_fixture(V6);
    assert_eq!(out.manifests[0].format, "MODULE.bazel.lock v6");
    assert_eq!(out.packages.len(), 4, "bazel_tools and local_config_platform are Bazel's own");
    let apko = package(&out, "pkg:bazel/rules_apko@0.0.0");
    assert!(apko.direct);
    assert_eq!(apko.locations, [Location::new(V6, Some(65))]);
    let skylib = package(&out, "pkg:bazel/bazel_skylib@1.5.0");
    assert!(!skylib.direct);
    assert_eq!(skylib.hashes[0].algorithm, HashAlgorithm::Sha256);
    assert_eq!(skylib.hashes[0].value, "cd55a062e763b9349921f0f5db8c3933288dc8ba4f76dd9416aac68acee3cb94");
    let source = skylib.source.as_ref().expect("a source");
    assert_eq!(source.kind, SourceKind::Url);
    assert_eq!(
        source.url.as_deref(),
        Some("https://github.com/bazelbuild/bazel-skylib/releases/download/1.5.0/bazel-skylib-1.5.0.tar.gz")
    );
    let edge = |from: &str, to: &str| out.edges.iter().any(|e| e.from == from && e.to == to);
    assert!(edge("pkg:bazel/rules_apko@0.0.0", "pkg:bazel/aspect_bazel_lib@1.40.3"));
    assert!(edge("pkg:bazel/aspect_bazel_lib@1.40.3", "pkg:bazel/bazel_skylib@1.5.0"));
    assert_eq!(out.edges.len(), 6);
    let unresolved: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        unresolved,
        ["dependency-unresolved", "dependency-unresolved"],
        "rules_license and stardoc were cut"
    );
}

#[test]
fn module_file_alone_gives_direct_deps_and_dev_scope() {
    let out = parse_fixture(MODULE);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(MODULE, "bazel", "MODULE.bazel", Completeness::DirectOnly)]);
    assert_eq!(out.packages.len(), 13);
    let dev = out.packages.iter().filter(|p| p.scope == DependencyScope::Development).count();
    assert_eq!(dev, 7);
    let go = package(&out, "pkg:bazel/rules_go@0.46.0");
    assert_eq!((go.scope, go.direct, go.locations[0].line), (DependencyScope::Development, true, Some(40)));
    let tar = package(&out, "pkg:bazel/tar.bzl@0.7.0");
    assert_eq!((tar.scope, tar.locations[0].line), (DependencyScope::Runtime, Some(13)));
}

#[test]
fn overrides_versions_and_bad_files() {
    let text = "bazel_dep(name = \"foo\", version = \"1.0\")\ngit_override(module_name = \"foo\", remote = \"https://github.com/x/foo.git\", commit = \"abc\")\n";
    let out = parse_bytes("svc/MODULE.bazel", text.as_bytes());
    let source = out.packages[0].source.as_ref().expect("a source");
    assert_eq!((source.kind, source.commit.as_deref()), (SourceKind::Git, Some("abc")));
    let out = parse_bytes("MODULE.bazel.lock", br#"{"lockFileVersion": 2, "moduleDepGraph": {}}"#);
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.manifests.is_empty());
    let out = parse_bytes("MODULE.bazel.lock", b"{\n\"lockFileVersion\": 13,\n");
    assert_eq!((out.diagnostics[0].code.as_str(), out.diagnostics[0].line), ("manifest-malformed", Some(3)));
    let other = br#"{"lockFileVersion": 13, "registryFileHashes": {"https://example.org/reg/modules/x/1.0/source.json": "00"}}"#;
    let out = parse_bytes("MODULE.bazel.lock", other);
    assert_eq!(out.packages[0].id, "pkg:bazel/x@1.0?repository_url=https:%2F%2Fexample.org%2Freg");
}

#[test]
fn mutated_files_never_panic() {
    for (seed, path) in [(61, V18), (62, V6), (63, MODULE)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(500) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Bazel::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "manifest-unsupported", "dependency-unresolved"]);
}
