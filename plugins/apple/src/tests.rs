//! The parser over real files under `tests/fixtures/eco-{swift,cocoapods,github}-*`.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Apple::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    parse_bytes(path, &std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists"))
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

const V1: &str = "eco-swift-resolved-v1/Package.resolved";
const V2: &str = "eco-swift-resolved-v2/Package.resolved";
const V3: &str = "eco-swift-resolved-v3/Package.resolved";
const PODS: &str = "eco-cocoapods-eidolon/Podfile.lock";
const CARTHAGE: &str = "eco-github-cartfile/Cartfile.resolved";

#[test]
fn package_resolved_v1_v2_v3() {
    for (path, count, format) in
        [(V1, 8, "Package.resolved v1"), (V2, 13, "Package.resolved v2"), (V3, 11, "Package.resolved v3")]
    {
        let out = parse_fixture(path);
        assert!(out.diagnostics.is_empty(), "{path}: {:#?}", out.diagnostics);
        assert_eq!(out.packages.len(), count, "{path}");
        assert_eq!(out.manifests[0].format, format);
        assert_eq!(out.manifests[0].completeness, Completeness::Complete);
        assert!(
            out.packages.iter().all(|p| !p.direct && p.ecosystem == "swift"),
            "no Package.swift beside them"
        );
    }
    let v1 = parse_fixture(V1);
    let nio = package(&v1, "pkg:swift/github.com/apple/swift-nio@2.19.0");
    assert_eq!(nio.name, "swift-nio");
    assert_eq!(
        nio.source,
        Some(PackageSource::git(
            "https://github.com/apple/swift-nio.git",
            Some("8a865bd15e69526cbdfcfd7c47698eb20b2ba951")
        ))
    );
    assert_eq!(nio.locations, [Location::new(V1, Some(68))]);

    let v2 = parse_fixture(V2);
    let yams = package(&v2, "pkg:swift/github.com/jpsim/Yams@5.0.3");
    assert_eq!((yams.name.as_str(), yams.locations[0].line), ("yams", Some(112)));
    let xcodeproj = package(&v2, "pkg:swift/github.com/tuist/xcodeproj@8.24.6");
    assert_eq!(xcodeproj.locations, [Location::new(V2, Some(103))]);

    let v3 = parse_fixture(V3);
    assert_eq!(
        package(&v3, "pkg:swift/github.com/swiftlang/swift-syntax@603.0.1").locations[0].line,
        Some(86)
    );
}

#[test]
fn package_swift_names_the_direct_pins() {
    let dir = std::env::temp_dir().join(format!("ospo-apple-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("app")).expect("temp dir");
    let resolved = std::fs::read(format!("{}/{V2}", fixtures())).expect("fixture");
    std::fs::write(
        dir.join("app/Package.swift"),
        "let package = Package(dependencies: [\n  .package(url: \"https://github.com/jpsim/Yams\", from: \"5.0.0\"),\n  .package(url: \"https://github.com/Quick/Nimble.git\", from: \"9.0.0\"),\n])\n",
    )
    .expect("write");
    testing::set_root(&dir);
    let out = Apple::parse(FileInput::new("app/Package.resolved", resolved)).expect("parses");
    let direct: Vec<&str> = out.packages.iter().filter(|p| p.direct).map(|p| p.name.as_str()).collect();
    assert_eq!(direct, ["nimble", "yams"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn podfile_lock_subspecs_edges_sources_and_checksums() {
    let out = parse_fixture(PODS);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 49);
    assert_eq!(out.manifests[0].format, "Podfile.lock (CocoaPods 1.2.0)");

    let hockey = package(&out, "pkg:cocoapods/ARAnalytics@4.0.1#HockeyApp");
    assert_eq!(hockey.name, "ARAnalytics/HockeyApp");
    assert!(hockey.direct);
    assert_eq!(hockey.locations, [Location::new(PODS, Some(7))]);
    assert_eq!(hockey.hashes, [Hash::new(HashAlgorithm::Sha1, "85e7bb999e2a40cea7d2394e71e8ecbafa50f2d0")]);
    let core = package(&out, "pkg:cocoapods/ARAnalytics@4.0.1#CoreIOS");
    assert!(!core.direct);
    let edges: Vec<&str> = out.edges.iter().filter(|e| e.from == hockey.id).map(|e| e.to.as_str()).collect();
    assert_eq!(edges, ["pkg:cocoapods/ARAnalytics@4.0.1#CoreIOS", "pkg:cocoapods/HockeySDK-Source@4.1.3"]);
    assert_eq!(out.edges.len(), 32);

    let sd = package(&out, "pkg:cocoapods/SDWebImage@3.8.2");
    assert_eq!(
        sd.hashes,
        [Hash::new(HashAlgorithm::Sha1, "098e97e6176540799c27e804c96653ee0833d13c")],
        "a quoted checksum"
    );
    assert_eq!(
        sd.source.as_ref().map(|s| (s.kind, s.url.is_none())),
        Some((ospo_plugin_sdk::SourceKind::Registry, true))
    );

    let dzn = out.packages.iter().find(|p| p.name == "DZNWebViewController").expect("git pod");
    assert_eq!(
        dzn.source,
        Some(PackageSource::git(
            "https://github.com/orta/DZNWebViewController.git",
            Some("9121386901af95072fb19eaa3df7060ca46fc337")
        ))
    );
    assert!(dzn.id.contains("vcs_url="), "{}", dzn.id);
    let keys = package(&out, "pkg:cocoapods/Keys@1.0.0");
    assert_eq!(keys.source, Some(PackageSource::path("eco-cocoapods-eidolon/Pods/CocoaPodsKeys")));
    assert!(keys.direct);
}

#[test]
fn cartfile_resolved_github_and_binary_lines() {
    let out = parse_fixture(CARTHAGE);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 16);
    let nimble = package(&out, "pkg:github/quick/nimble@v8.0.1");
    assert_eq!(nimble.locations, [Location::new(CARTHAGE, Some(6))]);
    assert_eq!(nimble.source, Some(PackageSource::git("https://github.com/Quick/Nimble", None)));
    let pinned = out.packages.iter().find(|p| p.name == "linksmt/OHHTTPStubs").expect("commit pin");
    assert_eq!(
        pinned.source.as_ref().and_then(|s| s.commit.as_deref()),
        Some("563f48d3fab84ef04639649c770b00f4fa502cca")
    );
    let binary = out.packages.iter().find(|p| p.name == "MapboxAccounts").expect("binary");
    assert_eq!(
        binary.id,
        "pkg:generic/MapboxAccounts@0.0.1?download_url=https:%2F%2Fmapbox.s3.amazonaws.com%2Fmapbox-accounts%2Fios%2FMapboxAccounts.json"
    );
    assert_eq!(binary.ecosystem, "generic");
    assert!(out.packages.iter().all(|p| !p.direct && p.scope == DependencyScope::Runtime));
}

#[test]
fn unknown_resolved_version_is_unsupported() {
    let out = parse_bytes("Package.resolved", b"{\"pins\": [], \"version\": 9}");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains('9'));
    assert!(out.manifests.is_empty());
}

#[test]
fn mutated_fixtures_never_panic_and_raise_declared_codes() {
    let info = Apple::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for (seed, path) in [V1, V2, V3, PODS, CARTHAGE].into_iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed as u64 + 21).take(600) {
            for d in parse_bytes(path, &mutant).diagnostics {
                assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
            }
        }
        let mut deep = bytes.clone();
        deep.splice(0..0, b"[".repeat(20_000));
        let _ = parse_bytes(path, &deep);
    }
}
