//! The parser over real files under `tests/fixtures/eco-{conan,vcpkg}-*`.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Location, Package};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Cpp::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    parse_bytes(path, &std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists"))
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

const CONAN1: &str = "eco-conan-lock-v1/conan.lock";
const CONAN2: &str = "eco-conan-lock-v2/conan.lock";
const VCPKG: &str = "eco-vcpkg-manifest/vcpkg.json";

#[test]
fn conan1_graph_lock_nodes_edges_and_direct() {
    let out = parse_fixture(CONAN1);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests[0].format, "conan.lock v0.4");
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:conan/boost@1.67.0?channel=stable&user=conan",
            "pkg:conan/bzip2@1.0.6?channel=stable&user=conan",
            "pkg:conan/zlib@1.2.11?channel=stable&user=conan"
        ]
    );
    let boost = package(&out, ids[0]);
    assert!(boost.direct);
    assert_eq!(boost.locations, [Location::new(CONAN1, Some(12))]);
    assert!(!package(&out, ids[2]).direct);
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Runtime));
    let edges: Vec<(&str, &str)> = out.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    assert_eq!(edges, [(ids[0], ids[1]), (ids[0], ids[2])]);
}

#[test]
fn conan1_build_requires_are_build_scope() {
    // The 0.3 shape (`pref`) as the Prhmma/conan_sample lock writes it, reduced to its nodes.
    let text = br#"{"graph_lock": {"nodes": {
        "0": {"pref": null, "requires": ["1", "2"], "path": "conanfile.txt"},
        "1": {"pref": "cmake_installer/1.0@conan/stable#0:5ddd3ba1a7a84a3bce35fffef2908c6e1912429e#0"},
        "2": {"pref": "mingw_installer/1.0@conan/stable#0:675d#80f8", "build_requires": ["3"]},
        "3": {"pref": "7z_installer/1.0@conan/stable#0:60b0#0"}}}, "version": "0.3"}"#;
    let out = parse_bytes("x/conan.lock", text);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let scope = |name: &str| out.packages.iter().find(|p| p.name == name).map(|p| (p.scope, p.direct));
    assert_eq!(scope("mingw_installer"), Some((DependencyScope::Runtime, true)));
    assert_eq!(scope("7z_installer"), Some((DependencyScope::Build, false)));
}

#[test]
fn conan2_lists_become_scopes() {
    let out = parse_fixture(CONAN2);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests[0].format, "conan.lock v0.5");
    assert_eq!(out.packages.len(), 62, "44 requires + 19 build_requires, libiconv in both");
    let zlib = package(&out, "pkg:conan/zlib@1.3.2?rrev=1cb806da49011867778ffb6ac7190fcb");
    assert_eq!((zlib.scope, zlib.locations[0].line), (DependencyScope::Runtime, Some(5)));
    let libiconv = package(&out, "pkg:conan/libiconv@1.17?rrev=9923bc6dc6f106646d6967e0039a5ada");
    assert_eq!(libiconv.scope, DependencyScope::Runtime);
    assert_eq!(libiconv.locations, [Location::new(CONAN2, Some(28)), Location::new(CONAN2, Some(61))]);
    let nasm: Vec<&str> =
        out.packages.iter().filter(|p| p.name == "nasm").filter_map(|p| p.version.as_deref()).collect();
    assert_eq!(nasm, ["3.01", "2.16.01", "2.15.05"]);
    let cmake = out.packages.iter().find(|p| p.name == "cmake").expect("cmake");
    assert_eq!(cmake.scope, DependencyScope::Build);
    assert!(out.edges.is_empty() && out.packages.iter().all(|p| !p.direct), "no conanfile beside it");
}

#[test]
fn vcpkg_manifest_is_direct_only_with_override_versions() {
    let out = parse_fixture(VCPKG);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    assert_eq!(out.packages.len(), 22, "harfbuzz and skia once each");
    let curl = package(&out, "pkg:vcpkg/curl@8.10.1%230");
    assert_eq!(curl.version.as_deref(), Some("8.10.1#0"));
    assert_eq!(curl.locations, [Location::new(VCPKG, Some(8))]);
    let icu = package(&out, "pkg:vcpkg/icu@74.2%232");
    assert_eq!(icu.locations, [Location::new(VCPKG, Some(55))]);
    let dirent = package(&out, "pkg:vcpkg/dirent");
    assert_eq!(dirent.version, None, "no override: no version");
    assert!(out.packages.iter().all(|p| p.direct && p.ecosystem == "vcpkg"));
}

#[test]
fn unknown_conan_version_is_unsupported() {
    let out = parse_bytes("conan.lock", br#"{"version": "0.9", "requires": []}"#);
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("0.9"));
    assert!(out.manifests.is_empty());
}

#[test]
fn mutated_fixtures_never_panic_and_raise_declared_codes() {
    let info = Cpp::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for (seed, path) in [CONAN1, CONAN2, VCPKG].into_iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed as u64 + 31).take(1000) {
            for d in parse_bytes(path, &mutant).diagnostics {
                assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
            }
        }
        let mut deep = bytes.clone();
        deep.splice(1..1, b"[".repeat(20_000));
        let _ = parse_bytes(path, &deep);
    }
}
