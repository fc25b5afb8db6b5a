//! The parser end to end over the real files under `tests/fixtures/eco-pub-*`, through the SDK's
//! native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Location, Manifest, Package, PackageSource,
};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Pub::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

const CLI: &str = "eco-pub-dart-cli/pubspec.lock";
const FLUTTER: &str = "eco-pub-flutter-package/pubspec.lock";

#[test]
fn dart_cli_lock_hosted_git_direct_and_dev() {
    let out = parse_fixture(CLI);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(CLI, "pub", "pubspec.lock", Completeness::Complete)]);
    assert_eq!(out.packages.len(), 80);
    assert!(out.edges.is_empty(), "a pubspec.lock records no edges");
    let direct = |scope| out.packages.iter().filter(|p| p.direct && p.scope == scope).count();
    assert_eq!((direct(DependencyScope::Runtime), direct(DependencyScope::Development)), (11, 4));

    let args = package(&out, "pkg:pub/args@2.4.2");
    assert!(args.direct);
    assert_eq!(args.locations, [Location::new(CLI, Some(28))]);
    assert_eq!(args.source, Some(PackageSource::registry("https://pub.dev")));
    assert_eq!(
        args.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "eef6c46b622e0494a36c5a12d10d77fb4e855501a91c1b9ef9339326e58f0596"
        )],
        "an unquoted sha256"
    );
    let test = package(&out, "pkg:pub/test@1.25.2");
    assert_eq!((test.scope, test.direct), (DependencyScope::Development, true));
    assert_eq!(test.locations[0].line, Some(541));
    let yaml = package(&out, "pkg:pub/yaml@3.1.2");
    assert_eq!((yaml.scope, yaml.direct), (DependencyScope::Runtime, false));

    let common = package(
        &out,
        "pkg:pub/common@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Feugenechyrski%2Flocalsend.git%40590c925972268a959d27b4e6d75f02be1f85c72c",
    );
    assert_eq!(
        common.source,
        Some(PackageSource::git(
            "https://github.com/eugenechyrski/localsend.git",
            Some("590c925972268a959d27b4e6d75f02be1f85c72c")
        ))
    );
    assert_eq!(common.locations, [Location::new(CLI, Some(148))]);
    assert!(common.hashes.is_empty());
    assert_eq!(out.packages.iter().filter(|p| !p.hashes.is_empty()).count(), 79, "all but the git one");
}

#[test]
fn manifest_beside_its_lockfile_is_claimed() {
    let out = parse_fixture("eco-pub-dart-cli/pubspec.yaml");
    assert!(out.packages.is_empty() && out.manifests.is_empty() && out.diagnostics.is_empty());
}

#[test]
fn flutter_lock_sdk_and_path_packages() {
    let out = parse_fixture(FLUTTER);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 69);
    assert_eq!(out.packages.iter().filter(|p| p.direct).count(), 18);
    let flutter = package(&out, "pkg:pub/flutter@0.0.0");
    assert_eq!((flutter.direct, flutter.source.clone()), (true, None), "from the SDK");
    assert_eq!(flutter.locations[0].line, Some(180), "the package key, not `sdks: flutter:`");
    assert!(!package(&out, "pkg:pub/sky_engine@0.0.0").direct);
    let isolates = package(&out, "pkg:pub/typed_isolates@1.0.0");
    assert_eq!(
        isolates.source,
        Some(PackageSource::path("typed_isolates")),
        "`../typed_isolates` from the lockfile"
    );
    let rust = package(&out, "pkg:pub/rust_lib_localsend_app@0.0.1");
    assert_eq!(rust.source, Some(PackageSource::path("eco-pub-flutter-package/rust_builder")));
    assert_eq!(rust.locations[0].line, Some(385));
    assert_eq!(out.packages.iter().filter(|p| !p.hashes.is_empty()).count(), 65);
}

#[test]
fn pubspec_alone_is_direct_only() {
    let path = "eco-pub-manifest/pubspec.yaml";
    let out = parse_fixture(path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(path, "pub", "pubspec.yaml", Completeness::DirectOnly)]);
    assert_eq!(out.packages.len(), 16 + 5);
    assert!(out.packages.iter().all(|p| p.direct && p.version.is_none()));
    let gal = package(&out, "pkg:pub/gal");
    assert_eq!(
        (gal.scope, gal.locations.clone()),
        (DependencyScope::Runtime, vec![Location::new(path, Some(20))])
    );
    let isolates = package(&out, "pkg:pub/typed_isolates");
    assert_eq!(isolates.source, Some(PackageSource::path("typed_isolates")));
    assert_eq!(isolates.locations[0].line, Some(29));
    assert_eq!(package(&out, "pkg:pub/flutter_test").scope, DependencyScope::Development);
}

#[test]
fn workspace_members_are_left_to_the_root_lockfile() {
    let dir = std::env::temp_dir().join(format!("ospo-pub-workspace-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("packages/a")).expect("temp tree");
    std::fs::write(dir.join("pubspec.lock"), "packages: {}\n").expect("root lock");
    testing::set_root(&dir);
    let member = "name: a\nresolution: workspace\ndependencies:\n  http: ^1.0.0\n";
    let out = Pub::parse(FileInput::new("packages/a/pubspec.yaml", member)).expect("parses");
    assert!(out.manifests.is_empty(), "the workspace's lockfile lists it");
    let standalone =
        "name: a\ndependencies:\n  http: ^1.0.0\n  private:\n    hosted: https://dart.example.com\n";
    let out = Pub::parse(FileInput::new("packages/a/pubspec.yaml", standalone)).expect("parses");
    assert_eq!(out.manifests.len(), 1, "not a workspace member: read alone");
    let private = package(&out, "pkg:pub/private?repository_url=https:%2F%2Fdart.example.com");
    assert_eq!(private.source, Some(PackageSource::registry("https://dart.example.com")));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_yaml_and_unknown_kinds_are_diagnostics() {
    let out = parse_bytes("x/pubspec.lock", b"packages:\n  a:\n    version: \"1\n  b: [\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert!(out.diagnostics[0].line.is_some());
    let lock =
        "packages:\n  a:\n    dependency: \"direct future\"\n    source: hosted\n    version: \"1.0.0\"\n";
    let out = parse_bytes("x/pubspec.lock", lock.as_bytes());
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("manifest-unsupported", Some(2))]);
    assert!(!package(&out, "pkg:pub/a@1.0.0").direct);
}

#[test]
fn mutated_files_never_panic() {
    for (seed, path) in [(5, CLI), (6, FLUTTER), (7, "eco-pub-manifest/pubspec.yaml")] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(250) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Pub::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "manifest-unsupported"]);
}
