//! The parser over real lockfiles under `tests/fixtures/eco-hex-*`, through the SDK's native
//! stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Hex::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

const BAMBOO: &str = "eco-hex-mix-bamboo/mix.lock";
const GIT: &str = "eco-hex-mix-git/mix.lock";
const ANTIDOTE: &str = "eco-hex-rebar-antidote/rebar.lock";
const V12: &str = "eco-hex-rebar-v12/rebar.lock";

#[test]
fn mix_lock_hex_entries_hashes_and_edges() {
    let out = parse_fixture(BAMBOO);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["manifest-missing"], "no mix.exs beside it: {:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 28);
    assert_eq!(
        out.manifests,
        [ospo_plugin_sdk::Manifest::new(BAMBOO, "hex", "mix.lock", Completeness::Complete)]
    );

    let hackney = package(&out, "pkg:hex/hackney@1.13.0");
    assert_eq!(hackney.locations, [Location::new(BAMBOO, Some(10))]);
    assert_eq!(
        hackney.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "4d605d33dd07ee1b82b105033cccb02379515105fceb1850746591814b00c205"
        )],
        "the outer checksum"
    );
    assert_eq!(hackney.source.as_ref().map(|s| s.kind), Some(ospo_plugin_sdk::SourceKind::Registry));
    assert!(out.packages.iter().all(|p| !p.direct && p.scope == DependencyScope::Runtime));

    let edges: Vec<&str> = out.edges.iter().filter(|e| e.from == hackney.id).map(|e| e.to.as_str()).collect();
    assert_eq!(
        edges,
        [
            "pkg:hex/certifi@2.3.1",
            "pkg:hex/idna@5.1.2",
            "pkg:hex/metrics@1.0.1",
            "pkg:hex/mimerl@1.0.2",
            "pkg:hex/ssl_verify_fun@1.1.1"
        ]
    );
    let optional = out
        .edges
        .iter()
        .find(|e| e.from == "pkg:hex/phoenix@1.3.3" && e.to == "pkg:hex/cowboy@1.1.2")
        .expect("phoenix -> cowboy");
    assert!(optional.optional);
    // ex_machina's optional ecto and jason's optional decimal are not locked: no edge, no warning.
    assert!(!out.edges.iter().any(|e| e.to.contains("ecto") || e.to.contains("decimal")));
    assert_eq!(out.edges.len(), 24);
}

#[test]
fn old_mix_lock_with_git_entries_and_mix_exs() {
    let out = parse_fixture(GIT);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 18);
    let gun_id = "pkg:hex/gun@dd1bfe4d6f9fb277781d922aa8bbb5648b3e6756?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fninenines%2Fgun.git%40dd1bfe4d6f9fb277781d922aa8bbb5648b3e6756";
    let gun = package(&out, gun_id);
    assert_eq!(
        gun.source,
        Some(PackageSource::git(
            "https://github.com/ninenines/gun.git",
            Some("dd1bfe4d6f9fb277781d922aa8bbb5648b3e6756")
        ))
    );
    assert_eq!(gun.locations, [Location::new(GIT, Some(8))]);
    let direct: Vec<&str> = out.packages.iter().filter(|p| p.direct).map(|p| p.name.as_str()).collect();
    assert_eq!(direct, ["gun", "nostrum"]);
    let bunt = package(&out, "pkg:hex/bunt@0.2.0");
    assert_eq!(bunt.locations, [Location::new(GIT, Some(1))], "the entry on the `%{{` line");
    assert_eq!(
        bunt.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "951c6e801e8b1d2cbe58ebbd3e616a869061ddadcc4863d0a2182541acae9a38"
        )],
        "only the inner checksum in an old lock"
    );
    assert_eq!(out.edges.len(), 8);
}

#[test]
fn rebar_lock_levels_git_and_renamed_packages() {
    let out = parse_fixture(ANTIDOTE);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 37);
    assert_eq!(out.manifests[0].format, "rebar.lock v1.1.0");
    let direct = out.packages.iter().filter(|p| p.direct).count();
    assert_eq!(direct, 13, "level 0");
    let exometer = package(&out, "pkg:hex/basho_exometer_core@1.0.2");
    assert_eq!(exometer.name, "basho_exometer_core");
    assert_eq!(
        exometer.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "dc4bc9b0b47edee0c053b16ac5b9c692e662c7e1513ffc96f4d928bc3328d65f"
        )],
        "keyed by the app name"
    );
    assert!(!exometer.direct);
    let meck = out.packages.iter().find(|p| p.name == "meck").expect("meck");
    assert_eq!(
        meck.source,
        Some(PackageSource::git(
            "https://github.com/basho/meck.git",
            Some("dde759050eff19a1a80fd854d7375174b191665d")
        ))
    );
    assert_eq!(meck.locations, [Location::new(ANTIDOTE, Some(31))]);
    assert!(out.edges.is_empty(), "a rebar.lock has no edges");
}

#[test]
fn rebar_lock_v1_2_prefers_the_outer_hash() {
    let out = parse_fixture(V12);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let katana = package(&out, "pkg:hex/katana_code@2.0.1");
    assert!(katana.direct);
    assert_eq!(
        katana.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "d02f757c8dde643614d508474a97fc24d9015fe375477e34de26450bf21cac16"
        )]
    );
    assert_eq!(katana.locations, [Location::new(V12, Some(2))]);
}

#[test]
fn unknown_rebar_version_is_unsupported() {
    let out = parse_bytes("x/rebar.lock", b"{\"9.0.0\",[]}.\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("9.0.0"));
    assert!(out.manifests.is_empty() && out.packages.is_empty());
}

#[test]
fn a_damaged_mix_entry_costs_only_itself() {
    let text = std::fs::read_to_string(format!("{}/{BAMBOO}", fixtures())).expect("fixture");
    let broken = text.replacen(
        "\"cowlib\": {:hex, :cowlib, \"1.0.2\",",
        "\"cowlib\": {:hex, :cowlib, \"1.0.2\" ][",
        1,
    );
    let out = parse_bytes(BAMBOO, broken.as_bytes());
    let malformed: Vec<Option<u32>> =
        out.diagnostics.iter().filter(|d| d.code == "manifest-malformed").map(|d| d.line).collect();
    assert_eq!(malformed, [Some(4)]);
    assert_eq!(out.packages.len(), 27);
    assert!(
        out.diagnostics.iter().any(|d| d.code == "dependency-unresolved" && d.message.contains("cowlib"))
    );
}

#[test]
fn a_damaged_rebar_lock_keeps_the_entries_that_still_parse() {
    let text = std::fs::read_to_string(format!("{}/{ANTIDOTE}", fixtures())).expect("fixture");
    let broken = text.replacen("{<<\"jam\">>,{pkg,", "{<<\"jam\">>,{pkg,,", 1);
    let out = parse_bytes(ANTIDOTE, broken.as_bytes());
    assert!(out.diagnostics.iter().any(|d| d.code == "manifest-malformed" && d.line == Some(29)));
    assert_eq!(out.packages.len(), 36, "all but jam");
    let accept = package(&out, "pkg:hex/accept@0.3.0");
    assert_eq!(accept.hashes.len(), 1, "the hashes are still read");
}

#[test]
fn mutated_fixtures_never_panic() {
    for (seed, path) in [BAMBOO, GIT, ANTIDOTE, V12].into_iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed as u64 + 1).take(1000) {
            let _ = parse_bytes(path, &mutant);
        }
        let mut deep = bytes.clone();
        deep.splice(3..3, b"[{".repeat(5000));
        let _ = parse_bytes(path, &deep);
    }
}

#[test]
fn info_declares_every_code_raised() {
    let info = Hex::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for path in [BAMBOO, GIT, ANTIDOTE, V12] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, 9).take(200) {
            for d in parse_bytes(path, &mutant).diagnostics {
                assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
            }
        }
    }
}
