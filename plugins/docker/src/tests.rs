//! The parser over real Dockerfiles under `tests/fixtures` (docker/buildx's, and the monorepo's).

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{HashAlgorithm, Location};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Docker::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
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

const BUILDX: &str = "eco-docker-buildx/Dockerfile";
const MONOREPO: &str = "eco-monorepo/deploy/Dockerfile";

#[test]
fn buildx_stages_args_digests_and_scratch() {
    let out = parse_fixture(BUILDX);
    assert_eq!(out.manifests, [Manifest::new(BUILDX, "docker", "Dockerfile", Completeness::DirectOnly)]);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:docker/docker@20.10.8",
            "pkg:docker/tonistiigi/xx@sha256:21a61be4744f6531cb5f33b0e6f40ede41fa3a1b8c82d5946178f80cc84bfc04",
            "pkg:docker/golang@1.17.0-alpine",
            "pkg:docker/alpine@latest",
        ]
    );
    // The final stage is `binaries`, built on `binaries-$TARGETOS`: no image runs, all are build.
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Build && p.direct));
    let docker = package(&out, "pkg:docker/docker@20.10.8");
    assert_eq!(docker.locations, [Location::new(BUILDX, Some(6)), Location::new(BUILDX, Some(68))]);
    let xx = &out.packages[1];
    assert_eq!(
        (xx.name.as_str(), xx.version.as_deref()),
        ("tonistiigi/xx", Some("sha256:21a61be4744f6531cb5f33b0e6f40ede41fa3a1b8c82d5946178f80cc84bfc04"))
    );
    assert_eq!(xx.hashes[0].algorithm, HashAlgorithm::Sha256);
    assert_eq!(xx.locations, [Location::new(BUILDX, Some(9))]);
    let alpine = package(&out, "pkg:docker/alpine@latest");
    assert_eq!(alpine.locations.len(), 2);
    assert_eq!(alpine.source.as_ref().and_then(|s| s.url.as_deref()), Some("docker.io"));
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(
        (out.diagnostics[0].code.as_str(), out.diagnostics[0].line),
        ("image-unresolved", Some(54)),
        "binaries-$TARGETOS"
    );
}

#[test]
fn monorepo_builder_is_build_and_final_is_runtime() {
    let out = parse_fixture(MONOREPO);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let node = package(&out, "pkg:docker/node@22-bookworm-slim");
    assert_eq!(node.scope, DependencyScope::Build);
    let python = package(&out, "pkg:docker/python@3.12-slim-bookworm");
    assert_eq!((python.scope, python.locations[0].line), (DependencyScope::Runtime, Some(10)));
    assert_eq!(out.packages.len(), 2, "COPY --from=web-build is a stage");
}

#[test]
fn registries_copy_from_and_containerfiles() {
    let text = "ARG BASE=gcr.io/distroless/static:nonroot\n\
                FROM --platform=linux/amd64 ghcr.io/acme/builder:1.4@sha256:ab12 AS build\n\
                COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\n\
                COPY --from=0 /a /b\n\
                FROM $BASE\n\
                COPY --from=build /out /\n\
                FROM\n\
                FROM bad image:x::y\n";
    let out = parse_bytes("svc/Containerfile", text.as_bytes());
    assert_eq!(out.manifests[0].format, "Containerfile");
    let ids: Vec<(&str, DependencyScope)> = out.packages.iter().map(|p| (p.id.as_str(), p.scope)).collect();
    assert_eq!(
        ids,
        [
            ("pkg:docker/acme/builder@sha256:ab12?repository_url=ghcr.io&tag=1.4", DependencyScope::Build),
            ("pkg:docker/astral-sh/uv@0.5?repository_url=ghcr.io", DependencyScope::Build),
            ("pkg:docker/distroless/static@nonroot?repository_url=gcr.io", DependencyScope::Build),
            ("pkg:docker/bad@latest", DependencyScope::Runtime),
        ]
    );
    assert_eq!(out.packages[2].name, "gcr.io/distroless/static");
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("manifest-malformed", Some(7))]);
}

#[test]
fn mutated_dockerfiles_never_panic() {
    for (seed, path) in [(31, BUILDX), (32, MONOREPO)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(1500) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Docker::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "image-unresolved"]);
}
