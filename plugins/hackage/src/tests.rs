//! The parser over real files under `tests/fixtures/eco-hackage-*`.

use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Location, Manifest};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    Hackage::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    parse_bytes(path, &std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists"))
}

const FREEZE: &str = "eco-hackage-freeze/cabal.project.freeze";
const STACK: &str = "eco-hackage-stack/stack.yaml.lock";

#[test]
fn freeze_file_pins_every_package_with_its_line() {
    let out = parse_fixture(FREEZE);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 114, "every `any.` pin, no flag line");
    assert_eq!(
        out.manifests,
        [Manifest::new(FREEZE, "hackage", "cabal.project.freeze", Completeness::Complete)]
    );
    let first = &out.packages[0];
    assert_eq!(
        (first.id.as_str(), first.locations.as_slice()),
        ("pkg:hackage/Cabal@3.16.0.0", &[Location::new(FREEZE, Some(2))][..])
    );
    let aeson = out.packages.iter().find(|p| p.name == "aeson").expect("aeson");
    assert_eq!(aeson.id, "pkg:hackage/aeson@2.3.1.0");
    assert_eq!(aeson.locations, [Location::new(FREEZE, Some(9))]);
    let zlib = out.packages.last().expect("zlib");
    assert_eq!((zlib.id.as_str(), zlib.locations[0].line), ("pkg:hackage/zlib@0.7.1.1", Some(151)));
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Runtime && !p.direct));
    assert!(out.edges.is_empty());
}

#[test]
fn stack_lock_extra_deps_are_direct_and_the_snapshot_is_named() {
    let out = parse_fixture(STACK);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:hackage/Cabal@3.16.0.0",
            "pkg:hackage/Cabal-syntax@3.16.0.0",
            "pkg:hackage/pantry@0.11.2",
            "pkg:hackage/persistent@2.18.0.0"
        ]
    );
    let lines: Vec<Option<u32>> = out.packages.iter().map(|p| p.locations[0].line).collect();
    assert_eq!(lines, [Some(7), Some(14), Some(21), Some(28)]);
    assert!(out.packages.iter().all(|p| p.direct && p.hashes.is_empty()));
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!((out.diagnostics[0].code.as_str(), out.diagnostics[0].line), ("snapshot-unlisted", Some(36)));
    assert!(out.diagnostics[0].message.contains("lts-24.24"));
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
}

#[test]
fn broken_yaml_is_a_located_error() {
    let out = parse_bytes(STACK, b"packages:\n- completed:\n    hackage: [unclosed\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert!(out.diagnostics[0].line.is_some());
}

#[test]
fn ranges_in_a_freeze_file_are_reported() {
    let out = parse_bytes("cabal.project.freeze", b"constraints: any.base >=4 && <5,\n  any.text ==2.1\n");
    assert_eq!(out.packages.len(), 1);
    assert_eq!(
        (out.diagnostics[0].code.as_str(), out.diagnostics[0].line),
        ("manifest-unsupported", Some(1))
    );
}

#[test]
fn mutated_fixtures_never_panic_and_raise_declared_codes() {
    let info = Hackage::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for (seed, path) in [FREEZE, STACK].into_iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed as u64 + 11).take(1500) {
            for d in parse_bytes(path, &mutant).diagnostics {
                assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
            }
        }
        let mut deep = bytes.clone();
        deep.splice(0..0, b"[".repeat(20_000));
        let _ = parse_bytes(path, &deep);
    }
}
