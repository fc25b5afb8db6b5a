//! The parser over the real lockfiles under `tests/fixtures/eco-nix-*`.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, HashAlgorithm, Location, Package, SourceKind};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Nix::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    out.edges.iter().any(|e| e.from.contains(from) && e.to.contains(to))
}

const HYPRLAND: &str = "eco-nix-hyprland/flake.lock";
const FLAKEHUB: &str = "eco-nix-flakehub/flake.lock";

#[test]
fn hyprland_github_inputs_follows_and_direct() {
    let out = parse_fixture(HYPRLAND);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(HYPRLAND, "nix", "flake.lock v7", Completeness::Complete)]);
    assert_eq!(out.packages.len(), 9);
    assert_eq!(out.packages.iter().filter(|p| p.direct).count(), 8, "all but hyprland-protocols");

    let nixpkgs = package(&out, "pkg:github/nixos/nixpkgs@655a58a72a6601292512670343087c2d75d859c1");
    assert_eq!((nixpkgs.name.as_str(), nixpkgs.ecosystem.as_str()), ("NixOS/nixpkgs", "github"));
    assert!(nixpkgs.direct);
    assert_eq!(nixpkgs.locations, [Location::new(HYPRLAND, Some(155))]);
    assert_eq!(nixpkgs.hashes.len(), 1);
    assert_eq!(nixpkgs.hashes[0].algorithm, HashAlgorithm::Sha256);
    assert_eq!(nixpkgs.hashes[0].value, "70f26814f5d4e381a5856838a5493da143eabab3e5085675d5940f936d464cf5");
    let source = nixpkgs.source.as_ref().expect("a source");
    assert_eq!(source.kind, SourceKind::Git);
    assert_eq!(source.url.as_deref(), Some("https://github.com/NixOS/nixpkgs"));
    assert_eq!(source.commit.as_deref(), Some("655a58a72a6601292512670343087c2d75d859c1"));

    let protocols = out.packages.iter().find(|p| p.name == "hyprwm/hyprland-protocols").expect("protocols");
    assert!(!protocols.direct, "only xdph names it");
    // A two-step follows: hyprland-protocols' nixpkgs is ["xdph", "nixpkgs"], which xdph follows to root's.
    assert!(has_edge(&out, "hyprland-protocols", "nixpkgs@655a58"));
    assert!(has_edge(&out, "hyprland-protocols", "default-linux"));
    assert!(has_edge(&out, "xdg-desktop-portal-hyprland", "hyprland-protocols"));
    assert!(has_edge(&out, "aquamarine", "hyprutils"));
    assert_eq!(out.edges.len(), 20);
}

#[test]
fn flakehub_tarballs_files_and_deep_follows() {
    let out = parse_fixture(FLAKEHUB);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    // 20 nodes, the root excluded.
    assert_eq!(out.packages.len(), 19);
    let generic: Vec<&Package> = out.packages.iter().filter(|p| p.ecosystem == "generic").collect();
    assert_eq!(generic.len(), 10, "7 tarballs and 3 files");

    let nix = generic.iter().find(|p| p.locations[0].line == Some(212)).expect("the nix node");
    assert_eq!(nix.name, "nix");
    assert_eq!(nix.version.as_deref(), Some("79a7167139465fe49a2f9d99215fb2ccac3a5974"));
    assert!(nix.direct);
    assert_eq!(
        nix.id,
        "pkg:generic/nix@79a7167139465fe49a2f9d99215fb2ccac3a5974?download_url=https:%2F%2Fapi.flakehub.com%2Ff%2Fpinned%2FDeterminateSystems%2Fnix%2F2.24.8%2F01922bfb-a02e-73c0-b5f7-d860aa6dad31%2Fsource.tar.gz"
    );
    assert_eq!(nix.source.as_ref().map(|s| s.kind), Some(SourceKind::Url));

    // `nixpkgs_2` is named `nixpkgs`, and the root's `nixpkgs` is node `nixpkgs_3`.
    let nixpkgs3 =
        generic.iter().find(|p| p.version.as_deref() == Some("9357f4f23713673f310988025d9dc261c20e70c6"));
    let nixpkgs3 = nixpkgs3.expect("nixpkgs_3");
    assert_eq!((nixpkgs3.name.as_str(), nixpkgs3.direct), ("nixpkgs", true));

    let file = generic.iter().find(|p| p.id.contains("aarch64-linux")).expect("a file input");
    assert_eq!(file.version, None);
    assert_eq!(file.hashes.len(), 1);

    // ["nix", "nix", "nixpkgs"]: root's nix is node `nix`, whose nix is `nix_2`, whose nixpkgs is `nixpkgs`.
    assert!(has_edge(&out, "hercules-ci/flake-parts", "nixos/nixpkgs@c3d4ac72"));
    // ["determinate", "determinate-nixd-aarch64-darwin"]: a follows inside the node's own inputs.
    let darwin_edges = out.edges.iter().filter(|e| e.to.contains("macOS")).count();
    assert_eq!(darwin_edges, 1, "the x86_64-darwin input follows the aarch64 one: one edge, not two");
    assert!(has_edge(&out, "determinate@9e29", "x86_64-linux"));
    assert!(has_edge(&out, "fenix", "rust-analyzer"));
}

#[test]
fn git_path_and_unknown_inputs() {
    // The `git` node as Nix writes it (a nixpkgs mirror), a relative `path` input, a gitlab input and
    // a source type this parser does not know.
    let lock = r#"{
  "nodes": {
    "local": {
      "locked": { "lastModified": 1, "narHash": "sha256-AAAA", "path": "./sub", "type": "path" },
      "original": { "path": "./sub", "type": "path" }
    },
    "nixpkgs": {
      "locked": {
        "lastModified": 1782625347,
        "narHash": "sha256-Jk1bzoynhAdsIzxQH3nqIVnj2X2QcoPDoOclbB8vdY0=",
        "ref": "refs/heads/master",
        "rev": "126015c9f35181565b8c30c5e220547f3fc056d2",
        "revCount": 1023778,
        "type": "git",
        "url": "https://mirrors.tuna.tsinghua.edu.cn/git/nixpkgs.git"
      },
      "original": { "type": "git", "url": "https://mirrors.tuna.tsinghua.edu.cn/git/nixpkgs.git" }
    },
    "odd": { "locked": { "type": "svn", "url": "svn://x" } },
    "tools": {
      "inputs": { "nixpkgs": ["nixpkgs"], "self": [], "ghost": "nobody" },
      "locked": { "owner": "pi", "repo": "tools", "rev": "abc", "type": "gitlab" }
    },
    "root": { "inputs": { "nixpkgs": "nixpkgs", "local": "local", "tools": "tools", "odd": "odd" } }
  },
  "root": "root",
  "version": 7
}"#;
    let out = parse_bytes("infra/flake.lock", lock.as_bytes());
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["manifest-unsupported", "dependency-unresolved"], "{:#?}", out.diagnostics);
    assert_eq!(out.diagnostics[0].line, Some(19));
    let git = package(
        &out,
        "pkg:generic/nixpkgs@126015c9f35181565b8c30c5e220547f3fc056d2?vcs_url=git%2Bhttps:%2F%2Fmirrors.tuna.tsinghua.edu.cn%2Fgit%2Fnixpkgs.git%40126015c9f35181565b8c30c5e220547f3fc056d2",
    );
    assert_eq!(
        git.source.as_ref().and_then(|s| s.commit.as_deref()),
        Some("126015c9f35181565b8c30c5e220547f3fc056d2")
    );
    let local = package(&out, "pkg:generic/local");
    assert_eq!(local.source.as_ref().and_then(|s| s.url.as_deref()), Some("infra/sub"));
    assert_eq!(local.source.as_ref().map(|s| s.kind), Some(SourceKind::Path));
    let tools =
        package(&out, "pkg:generic/tools@abc?vcs_url=git%2Bhttps:%2F%2Fgitlab.com%2Fpi%2Ftools%40abc");
    assert!(tools.direct);
    assert_eq!(out.edges.len(), 1, "tools -> nixpkgs; `self: []` follows the root and gives none");
}

#[test]
fn unsupported_versions_and_malformed_files() {
    let out = parse_bytes("flake.lock", br#"{"nodes": {}, "root": "root", "version": 4}"#);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("version 4"));
    assert!(out.manifests.is_empty());
    let out = parse_bytes("flake.lock", b"{\n  \"nodes\": {\n");
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert_eq!(out.diagnostics[0].line, Some(3));
    let out = parse_bytes(
        "flake.lock",
        br#"{"nodes": {"a": 5, "b": {"locked": {"type": "github"}}}, "version": 7}"#,
    );
    assert_eq!(out.diagnostics.iter().filter(|d| d.code == "manifest-malformed").count(), 2);
}

#[test]
fn follows_cycles_end() {
    let lock = br#"{"nodes": {"root": {"inputs": {"a": ["b"], "b": ["a"]}},
        "x": {"inputs": {"y": ["a"]}, "locked": {"type": "github", "owner": "o", "repo": "x", "rev": "1"}}},
        "root": "root", "version": 7}"#;
    let out = parse_bytes("flake.lock", lock);
    assert!(out.diagnostics.iter().any(|d| d.message.contains("cycle")), "{:#?}", out.diagnostics);
}

#[test]
fn mutated_lockfiles_never_panic() {
    for (seed, path) in [(11, HYPRLAND), (12, FLAKEHUB)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(1500) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = Nix::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "manifest-unsupported", "dependency-unresolved"]);
}
