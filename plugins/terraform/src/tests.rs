//! The parser over the real lock file under `tests/fixtures/eco-terraform-docker`.

use ospo_plugin_sdk::Location;
use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Terraform::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

const LOCK: &str = "eco-terraform-docker/.terraform.lock.hcl";

fn fixture() -> Vec<u8> {
    std::fs::read(format!("{}/{LOCK}", fixtures())).expect("fixture exists")
}

#[test]
fn providers_versions_and_hashes() {
    let out = parse_bytes(LOCK, &fixture());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(LOCK, "terraform", ".terraform.lock.hcl", Completeness::Complete)]
    );
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["pkg:terraform/hashicorp/local@2.5.2", "pkg:terraform/kreuzwerker/docker@3.0.2"]);
    let docker = &out.packages[1];
    assert_eq!(
        (docker.name.as_str(), docker.scope, docker.direct),
        ("kreuzwerker/docker", DependencyScope::Build, false)
    );
    assert_eq!(docker.locations, [Location::new(LOCK, Some(23))]);
    assert_eq!(docker.hashes.len(), 15, "one h1 and fourteen zh");
    // h1:cT2ccWOtlfKYBUE60/v2/4Q6Stk1KYTNnhxSck+VPlU= decoded.
    assert_eq!(docker.hashes[0].value, "713d9c7163ad95f29805413ad3fbf6ff843a4ad9352984cd9e1c52724f953e55");
    assert_eq!(docker.hashes[1].value, "15b0a2b2b563d8d40f62f83057d91acb02cd0096f207488d8b4298a59203d64f");
    assert_eq!(out.packages[0].hashes.len(), 13);
    assert_eq!(
        out.packages[0].source.as_ref().and_then(|s| s.url.as_deref()),
        Some("https://registry.terraform.io")
    );
}

#[test]
fn other_registries_bad_blocks_and_unknown_blocks() {
    let text = "provider \"registry.opentofu.org/hashicorp/random\" {\n  version = \"3.6.0\"\n}\n\
                provider \"nothing\" {\n  version = \"1\"\n}\n\
                provider \"a/b\" {\n  hashes = []\n}\n\
                module \"vpc\" {\n}\n";
    let out = parse_bytes("infra/.terraform.lock.hcl", text.as_bytes());
    assert_eq!(out.packages.len(), 1);
    assert_eq!(
        out.packages[0].id,
        "pkg:terraform/hashicorp/random@3.6.0?repository_url=https:%2F%2Fregistry.opentofu.org"
    );
    assert_eq!(out.packages[0].name, "registry.opentofu.org/hashicorp/random");
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(
        codes,
        [
            ("manifest-malformed", Some(4)),
            ("manifest-malformed", Some(7)),
            ("manifest-unsupported", Some(10))
        ]
    );
}

#[test]
fn mutated_locks_never_panic() {
    let bytes = fixture();
    for mutant in Mutations::new(&bytes, 51).take(2000) {
        let _ = parse_bytes(LOCK, &mutant);
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Terraform::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "manifest-unsupported"]);
}
