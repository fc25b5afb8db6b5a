//! The parser over real workflows under `tests/fixtures` (ossf/scorecard's, the monorepo's).

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Location, SourceKind};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    GithubActions::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
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

fn unpinned_lines(out: &ParseOutput) -> Vec<Option<u32>> {
    out.diagnostics.iter().filter(|d| d.code == "action-unpinned").map(|d| d.line).collect()
}

const SLSA: &str = "eco-githubactions-scorecard/.github/workflows/slsa-goreleaser.yml";
const ANALYSIS: &str = "eco-githubactions-scorecard/.github/workflows/scorecard-analysis.yml";
const MONOREPO: &str = "eco-monorepo/.github/workflows/ci.yml";

#[test]
fn reusable_workflows_sha_pins_and_comments() {
    let out = parse_fixture(SLSA);
    assert_eq!(
        out.manifests,
        [Manifest::new(SLSA, "githubactions", "GitHub Actions workflow", Completeness::DirectOnly)]
    );
    assert_eq!(out.packages.len(), 4);
    let checkout =
        package(&out, "pkg:githubactions/actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683");
    assert_eq!(checkout.version.as_deref(), Some("v4.2.2"), "the comment is the human version");
    assert_eq!((checkout.scope, checkout.direct), (DependencyScope::Build, true));
    let source = checkout.source.as_ref().expect("a source");
    assert_eq!(
        (source.kind, source.commit.as_deref()),
        (SourceKind::Git, Some("11bd71901bbe5b1630ceea73d27597364c9af683"))
    );
    assert_eq!(checkout.locations, [Location::new(SLSA, Some(22))]);

    let builder = package(
        &out,
        "pkg:githubactions/slsa-framework/slsa-github-generator%2F.github%2Fworkflows%2Fbuilder_go_slsa3.yml@v2.1.0",
    );
    assert_eq!(builder.name, "slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml");
    assert_eq!(builder.locations, [Location::new(SLSA, Some(35))]);
    assert_eq!(builder.source.as_ref().and_then(|s| s.commit.as_deref()), None, "a tag pins no commit");

    let download =
        package(&out, "pkg:githubactions/actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093");
    assert_eq!(download.locations, [Location::new(SLSA, Some(50)), Location::new(SLSA, Some(55))]);
    assert_eq!(
        unpinned_lines(&out),
        [Some(35), Some(47)],
        "the reusable workflow and the verifier, both tags"
    );
    assert!(out.diagnostics.iter().all(|d| d.message.contains("tag")));
}

#[test]
fn subdirectory_actions_and_bare_sha_pins() {
    let out = parse_fixture(ANALYSIS);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:githubactions/actions/checkout@2541b1294d2704b0964813337f33b291d3f8596b",
            "pkg:githubactions/ossf/scorecard-action@68bf5b3327e4fd443d2add8ab122280547b4a16d",
            "pkg:githubactions/actions/upload-artifact@3cea5372237819ed00197afe530f5a7ea3e805c8",
            "pkg:githubactions/github/codeql-action%2Fupload-sarif@b398f525a5587552e573b247ac661067fafa920b",
        ]
    );
    assert_eq!(
        out.packages[0].version.as_deref(),
        Some("2541b1294d2704b0964813337f33b291d3f8596b"),
        "no comment"
    );
    assert_eq!(out.packages[1].version.as_deref(), Some("v2.0.0-alpha.2"));
}

#[test]
fn branches_and_tags_in_the_monorepo_workflow() {
    let out = parse_fixture(MONOREPO);
    assert_eq!(out.packages.len(), 4);
    let unpinned: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(unpinned.len(), 3);
    assert!(unpinned[2].contains("the branch `stable`"), "{unpinned:?}");
    assert!(unpinned[0].contains("the tag `v4`"), "{unpinned:?}");
}

#[test]
fn composite_actions_docker_and_local_steps() {
    let action = "name: setup\nruns:\n  using: \"composite\"\n  steps:\n    - uses: actions/setup-node@v4\n      with:\n        node-version: 20\n    - uses: ./local\n    - uses: 'docker://alpine:3.8'\n    - uses: docker://ghcr.io/o/tool@sha256:ab12 # pinned\n    - uses: nonsense\n";
    let out = parse_bytes("tools/setup/action.yml", action.as_bytes());
    assert_eq!(out.manifests[0].format, "GitHub Actions composite action");
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:githubactions/actions/setup-node@v4",
            "pkg:docker/alpine@3.8",
            "pkg:docker/o/tool@sha256:ab12?repository_url=ghcr.io"
        ]
    );
    assert_eq!(out.packages[1].ecosystem, "docker");
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(
        codes,
        [("action-unpinned", Some(5)), ("action-unpinned", Some(9)), ("manifest-malformed", Some(11))]
    );

    let node_action = "name: x\nruns:\n  using: node20\n  main: index.js\n";
    let out = parse_bytes("action.yml", node_action.as_bytes());
    assert!(out.manifests.is_empty() && out.packages.is_empty(), "a JavaScript action uses nothing");
    let out = parse_bytes(".github/workflows/x.yml", b"jobs: [\n");
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
}

#[test]
fn mutated_workflows_never_panic() {
    for (seed, path) in [(41, SLSA), (42, ANALYSIS), (43, MONOREPO)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(400) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = GithubActions::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "action-unpinned"]);
}
