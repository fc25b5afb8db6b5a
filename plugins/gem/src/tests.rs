//! The parser end to end over the real lockfiles under `tests/fixtures/eco-gem-*`, through the
//! SDK's native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Gem::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    out.edges.iter().any(|e| e.from == from && e.to == to)
}

const FRAMEWORK: &str = "eco-gem-rails-framework/Gemfile.lock";
const APP: &str = "eco-gem-rails-app/Gemfile.lock";

#[test]
fn rails_framework_git_path_and_platform_builds() {
    let out = parse_fixture(FRAMEWORK);
    assert!(out.diagnostics.iter().all(|d| d.code == "dependency-not-locked"), "{:#?}", out.diagnostics);
    // `tzinfo-data` and `wdm` are for Windows only: named, never locked.
    let not_locked: Vec<Option<u32>> = out.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(not_locked, [Some(705), Some(708)]);
    assert_eq!(out.packages.len(), 244 + 1, "every spec, and bundler from BUNDLED WITH");
    assert_eq!(
        out.manifests,
        [Manifest::new(FRAMEWORK, "gem", "Gemfile.lock (Bundler 2.5.16)", Completeness::Complete)]
    );

    let sdoc = package(
        &out,
        "pkg:gem/sdoc@3.0.0.alpha?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Frails%2Fsdoc.git%40e9bb867eba81f48c402a129e688e810ec1fa387c",
    );
    assert_eq!(
        sdoc.source,
        Some(PackageSource::git(
            "https://github.com/rails/sdoc.git",
            Some("e9bb867eba81f48c402a129e688e810ec1fa387c")
        ))
    );
    assert!(sdoc.direct, "`sdoc!` in DEPENDENCIES");
    assert_eq!(sdoc.locations, [Location::new(FRAMEWORK, Some(22))]);

    let rails = package(&out, "pkg:gem/rails@8.0.0.alpha");
    assert_eq!(rails.source, Some(PackageSource::path("eco-gem-rails-framework")));
    assert!(!rails.direct, "the repository's own gems (`PATH remote: .`) are the project");
    assert!(has_edge(&out, "pkg:gem/rails@8.0.0.alpha", "pkg:gem/bundler@2.5.16"));
    assert!(has_edge(&out, "pkg:gem/rails@8.0.0.alpha", "pkg:gem/railties@8.0.0.alpha"));

    let nokogiri: Vec<&str> =
        out.packages.iter().filter(|p| p.name == "nokogiri").map(|p| p.id.as_str()).collect();
    assert_eq!(
        nokogiri,
        [
            "pkg:gem/nokogiri@1.16.7",
            "pkg:gem/nokogiri@1.16.7?platform=x86_64-darwin",
            "pkg:gem/nokogiri@1.16.7?platform=x86_64-linux"
        ]
    );
    for id in &nokogiri {
        assert!(
            has_edge(&out, "pkg:gem/actionpack@8.0.0.alpha", id),
            "an edge to every platform build: {id}"
        );
        assert!(package(&out, id).direct);
        assert_eq!(package(&out, id).version.as_deref(), Some("1.16.7"));
    }
    assert!(has_edge(&out, "pkg:gem/nokogiri@1.16.7", "pkg:gem/mini_portile2@2.8.7"));
    assert!(!has_edge(&out, "pkg:gem/nokogiri@1.16.7?platform=x86_64-linux", "pkg:gem/mini_portile2@2.8.7"));

    let rake = package(&out, "pkg:gem/rake@13.1.0");
    assert_eq!(rake.source, Some(PackageSource::registry("https://rubygems.org/")));
    assert_eq!(rake.locations, [Location::new(FRAMEWORK, Some(437))]);
    assert!(rake.hashes.is_empty(), "Bundler 2.5 wrote no CHECKSUMS here");
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Runtime), "no Gemfile, no groups");

    // 352 dependency lines; one edge to each platform build of the gem named (python over the
    // fixture: sum of builds per name, bundler counted once).
    assert_eq!(out.edges.len(), 380);
}

#[test]
fn rails_app_groups_checksums_and_scopes() {
    let out = parse_fixture(APP);
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("dependency-not-locked", Some(407))], "tzinfo-data is for Windows and JRuby");
    assert_eq!(out.packages.len(), 140 + 1);
    assert_eq!(out.manifests[0].format, "Gemfile.lock (Bundler 4.0.3)");

    let scope = |id: &str| (package(&out, id).scope, package(&out, id).direct);
    assert_eq!(scope("pkg:gem/rails@8.1.3"), (DependencyScope::Runtime, true));
    assert_eq!(
        scope("pkg:gem/debug@1.11.1"),
        (DependencyScope::Development, true),
        "group :development, :test"
    );
    assert_eq!(scope("pkg:gem/web-console@4.3.0"), (DependencyScope::Development, true));
    assert_eq!(scope("pkg:gem/capybara@3.40.0"), (DependencyScope::Test, true), "group :test");
    assert_eq!(scope("pkg:gem/xpath@3.2.0"), (DependencyScope::Test, false), "only capybara needs it");
    assert_eq!(scope("pkg:gem/rubocop@1.88.2"), (DependencyScope::Development, false));
    assert_eq!(scope("pkg:gem/nokogiri@1.19.4?platform=x86_64-linux-gnu"), (DependencyScope::Runtime, false));
    assert_eq!(scope("pkg:gem/bindex@0.8.1"), (DependencyScope::Development, false), "web-console's");
    assert_eq!(scope("pkg:gem/rexml@3.4.4"), (DependencyScope::Test, false), "selenium-webdriver's");

    let ffi = package(&out, "pkg:gem/ffi@1.17.4?platform=x86_64-linux-musl");
    assert_eq!(
        ffi.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "3fdf9888483de005f8ef8d1cf2d3b20d86626af206cbf780f6a6a12439a9c49e"
        )]
    );
    assert_eq!(ffi.locations, [Location::new(APP, Some(121))]);
    assert!(out.packages.iter().filter(|p| p.name != "bundler").all(|p| p.hashes.len() == 1));
    assert!(has_edge(&out, "pkg:gem/bundler-audit@0.9.3", "pkg:gem/bundler@4.0.3"));
    assert!(has_edge(&out, "pkg:gem/ruby-vips@2.3.0", "pkg:gem/ffi@1.17.4?platform=aarch64-linux-gnu"));
    assert_eq!(
        out.edges.len(),
        271,
        "231 dependency lines, fanned out to six platform builds where there are"
    );
}

#[test]
fn gems_locked_sections_and_problems() {
    let lock = "GEM\n  remote: https://gems.example.com/\n  specs:\n    acme (1.0)\n      missing (>= 1)\n    \
                broken\n\nPATH\n  remote: vendor/gems/local\n  specs:\n    local (0.1.0)\n\nMYSTERY\n  x\n\n\
                DEPENDENCIES\n  acme\n  local!\n";
    let out = parse_bytes("app/gems.locked", lock.as_bytes());
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(
        codes,
        [
            ("manifest-malformed", Some(6)),
            ("manifest-unsupported", Some(13)),
            ("dependency-unresolved", Some(4))
        ]
    );
    let acme = package(&out, "pkg:gem/acme@1.0?repository_url=https:%2F%2Fgems.example.com%2F");
    assert!(acme.direct);
    let local = package(&out, "pkg:gem/local@0.1.0");
    assert_eq!(local.source, Some(PackageSource::path("app/vendor/gems/local")));
    assert!(local.direct, "a vendored path gem is a dependency");
    assert_eq!(out.manifests[0].format, "gems.locked");
}

#[test]
fn mutated_lockfiles_never_panic() {
    for (seed, path) in [(1, FRAMEWORK), (2, APP)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(250) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_every_code_raised() {
    let info = Gem::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for path in [FRAMEWORK, APP] {
        for d in parse_fixture(path).diagnostics {
            assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
        }
    }
    assert_eq!(info.ecosystems, ["gem"]);
}
