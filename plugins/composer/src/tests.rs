//! The parser end to end over the real files under `tests/fixtures/eco-composer-*`, and small
//! lockfile/manifest pairs in a temporary tree, through the SDK's native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_in(root: &str, path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(root);
    Composer::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_in(&fixtures(), path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    out.edges.iter().any(|e| e.from == from && e.to == to)
}

/// A directory of its own under the system temp dir, emptied first.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ospo-composer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const LOCK: &str = "eco-composer-lock/composer.lock";

#[test]
fn composer_1_lock_runtime_dev_sources_licences_edges() {
    let out = parse_fixture(LOCK);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 15 + 18);
    assert_eq!(out.manifests, [Manifest::new(LOCK, "composer", "composer.lock v1", Completeness::Complete)]);

    let console = package(&out, "pkg:composer/symfony/console@v2.8.48");
    assert_eq!((console.name.as_str(), console.version.as_deref()), ("symfony/console", Some("v2.8.48")));
    assert_eq!(console.scope, DependencyScope::Runtime);
    assert!(!console.direct, "no composer.json beside the lockfile");
    assert_eq!(console.locations, [Location::new(LOCK, Some(439))]);
    assert_eq!(
        console.source,
        Some(PackageSource::git(
            "https://github.com/symfony/console.git",
            Some("cbcf4b5e233af15cd2bbd50dee1ccc9b7927dc12")
        ))
    );
    let declared = console.declared_license.as_ref().map(|d| (d.raw.as_str(), d.expression.as_str()));
    assert_eq!(declared, Some(("MIT", "MIT")));
    assert_eq!(console.homepage.as_deref(), Some("https://symfony.com"));
    assert!(console.hashes.is_empty(), "GitHub dists carry an empty shasum");

    let phpunit = package(&out, "pkg:composer/phpunit/phpunit@4.8.36");
    assert_eq!(phpunit.scope, DependencyScope::Development, "from packages-dev");
    assert_eq!(phpunit.locations, [Location::new(LOCK, Some(1238))]);
    let declared = phpunit.declared_license.as_ref().map(|d| d.expression.as_str());
    assert_eq!(declared, Some("BSD-3-Clause"));

    assert!(has_edge(&out, "pkg:composer/symfony/console@v2.8.48", "pkg:composer/symfony/debug@v2.8.48"));
    assert!(has_edge(&out, "pkg:composer/symfony/debug@v2.8.48", "pkg:composer/psr/log@1.1.0"));
    assert!(has_edge(&out, "pkg:composer/phpunit/phpunit@4.8.36", "pkg:composer/symfony/yaml@v2.8.48"));
    assert!(
        out.edges.iter().all(|e| out.packages.iter().any(|p| p.id == e.to)),
        "platform requirements are no edges, and every edge ends at a package"
    );
    assert_eq!(out.edges.len(), 34, "every non-platform require of every entry");
    assert!(out.edges.iter().all(|e| e.scope == DependencyScope::Runtime));
}

#[test]
fn composer_json_alone_is_direct_only() {
    let path = "eco-composer-manifest/composer.json";
    let out = parse_fixture(path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(path, "composer", "composer.json", Completeness::DirectOnly)]);
    assert_eq!(out.packages.len(), 13 + 2, "php is a platform requirement");
    assert!(out.packages.iter().all(|p| p.direct && p.version.is_none()));
    let ca = package(&out, "pkg:composer/composer/ca-bundle");
    assert_eq!(
        (ca.scope, ca.locations.clone()),
        (DependencyScope::Runtime, vec![Location::new(path, Some(26))])
    );
    let prophecy = package(&out, "pkg:composer/phpspec/prophecy");
    assert_eq!((prophecy.scope, prophecy.locations[0].line), (DependencyScope::Development, Some(42)));
    assert!(out.edges.is_empty());
}

#[test]
fn lock_beside_manifest_marks_direct_and_claims_the_manifest() {
    let dir = scratch("pair");
    let lock = r#"{
    "content-hash": "x",
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.5.0",
            "dist": {"type": "zip", "url": "https://example.invalid/m.zip", "shasum": "0123456789abcdef0123456789ABCDEF01234567"},
            "require": {"php": ">=8.1", "psr/log": "^2.0 || ^3.0"},
            "provide": {"psr/log-implementation": "3.0.0"},
            "license": ["MIT"]
        },
        {
            "name": "psr/log",
            "version": "3.0.0",
            "license": ["GPL-2.0-only", "GPL-3.0-or-later"]
        },
        {
            "name": "acme/uses-a-logger",
            "version": "dev-main",
            "dist": {"type": "path", "url": "../packages/uses-a-logger"},
            "require": {"psr/log-implementation": "*", "acme/gone": "^1"}
        },
        {"version": "1.0.0"}
    ],
    "packages-dev": null,
    "plugin-api-version": "2.6.0"
}"#;
    let manifest =
        r#"{"require": {"php": "^8.1", "Monolog/Monolog": "^3.5"}, "require-dev": {"psr/log": "^3"}}"#;
    std::fs::create_dir_all(dir.join("app")).expect("app dir");
    std::fs::write(dir.join("app/composer.lock"), lock).expect("write lock");
    std::fs::write(dir.join("app/composer.json"), manifest).expect("write manifest");
    let root = dir.to_string_lossy().to_string();

    let out = parse_in(&root, "app/composer.lock", lock.as_bytes());
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("manifest-malformed", Some(3)), ("dependency-unresolved", Some(18))]);
    assert_eq!(out.manifests[0].format, "composer.lock v2 (plugin API 2.6.0)");
    let monolog = package(&out, "pkg:composer/monolog/monolog@3.5.0");
    assert!(monolog.direct, "names compare case-insensitively");
    assert_eq!(monolog.hashes, [Hash::new(HashAlgorithm::Sha1, "0123456789abcdef0123456789abcdef01234567")]);
    assert_eq!(monolog.source, Some(PackageSource::url("https://example.invalid/m.zip")));
    let psr = package(&out, "pkg:composer/psr/log@3.0.0");
    assert!(psr.direct, "require-dev names it");
    assert_eq!(psr.scope, DependencyScope::Runtime, "the lockfile locks it for production");
    let declared = psr.declared_license.as_ref().map(|d| (d.raw.as_str(), d.expression.as_str()));
    assert_eq!(declared, Some(("GPL-2.0-only OR GPL-3.0-or-later", "GPL-2.0-only OR GPL-3.0-or-later")));
    let local = package(&out, "pkg:composer/acme/uses-a-logger@dev-main");
    assert_eq!(local.source, Some(PackageSource::path("packages/uses-a-logger")));
    assert!(has_edge(&out, "pkg:composer/acme/uses-a-logger@dev-main", "pkg:composer/monolog/monolog@3.5.0"));
    assert!(has_edge(&out, "pkg:composer/monolog/monolog@3.5.0", "pkg:composer/psr/log@3.0.0"));

    let claimed = parse_in(&root, "app/composer.json", manifest.as_bytes());
    assert!(claimed.packages.is_empty() && claimed.manifests.is_empty(), "the lockfile reads it");
    let vendored = parse_in(&root, "vendor/psr/log/composer.json", manifest.as_bytes());
    assert!(vendored.manifests.is_empty(), "an installed package's manifest");

    std::fs::create_dir_all(dir.join("broken")).expect("broken dir");
    std::fs::write(dir.join("broken/composer.json"), "{\n  \"require\": {\n    \"a/b\": \n}").expect("write");
    let out = parse_in(&root, "broken/composer.lock", lock.as_bytes());
    let manifest_problem = out.diagnostics.iter().find(|d| d.path.as_deref() == Some("broken/composer.json"));
    assert_eq!(manifest_problem.map(|d| (d.code.as_str(), d.line)), Some(("manifest-malformed", Some(4))));
    assert!(out.packages.iter().all(|p| !p.direct), "nothing is direct without a readable manifest");
    assert_eq!(out.packages.len(), 3, "the lockfile is still read");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn broken_json_is_one_diagnostic_with_its_line() {
    let out = parse_in(&fixtures(), "x/composer.lock", b"{\n  \"packages\": [\n    {\"name\": }\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!((out.diagnostics[0].code.as_str(), out.diagnostics[0].line), ("manifest-malformed", Some(3)));
    assert!(out.manifests.is_empty());
}

#[test]
fn mutated_files_never_panic() {
    for (seed, path) in [(3, LOCK), (4, "eco-composer-manifest/composer.json")] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(300) {
            let _ = parse_in(&fixtures(), path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Composer::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "dependency-unresolved"]);
    assert_eq!(info.ecosystems, ["composer"]);
}
