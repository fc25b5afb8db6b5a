//! The parser end to end over the fixture trees under `tests/fixtures/eco-golang-*`, through the
//! SDK's native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Level, Location, Manifest, Package, PackageSource,
    SourceKind,
};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_text(path: &str, text: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Go::parse(FileInput::new(path, text.to_vec())).expect("the parser reports problems as diagnostics")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_text(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

fn sha256(hex: &str) -> Vec<Hash> {
    vec![Hash::new(HashAlgorithm::Sha256, hex)]
}

const REGISTRY: Option<PackageSource> = None;

fn registry() -> Option<PackageSource> {
    Some(PackageSource::new(SourceKind::Registry, None))
}

#[test]
fn info_declares_files_and_codes() {
    let info = Go::plugin_info();
    assert_eq!(info.name, "go");
    assert_eq!(info.ecosystems, ["golang"]);
    assert_eq!(info.files.globs, ["**/go.mod", "**/go.sum", "**/go.work", "**/vendor/modules.txt"]);
    let codes: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        ["manifest-malformed", "manifest-unsupported", "go-mod-missing", "go-work-module-missing"]
    );
}

#[test]
fn large_go_mod_before_go_1_17_is_direct_only() {
    let out = parse_fixture("eco-golang-large/go.mod");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(
            "eco-golang-large/go.mod",
            "golang",
            "go.mod (no go directive, read as go 1.16; direct requirements only)",
            Completeness::DirectOnly
        )]
    );
    // The main module and its 109 requirements.
    assert_eq!(out.packages.len(), 110);
    let main = package(&out, "pkg:golang/github.com/prometheus/prometheus");
    assert_eq!((main.direct, main.version.as_deref()), (false, None));
    assert_eq!(main.source, Some(PackageSource::path("eco-golang-large")));
    assert_eq!(main.locations, [Location::new("eco-golang-large/go.mod", Some(1))]);
    assert_eq!(out.packages.iter().filter(|p| p.direct).count(), 45);
    assert_eq!(out.edges.len(), 45, "the main module's edges to its direct requirements");
    assert!(out.edges.iter().all(|e| e.from == main.id && e.scope == DependencyScope::Runtime));

    let errors = package(&out, "pkg:golang/github.com/pkg/errors@v0.8.1");
    assert!(errors.direct);
    assert_eq!(errors.source, registry());
    assert_eq!(errors.hashes, sha256("894454ad11b13d434f772e7f1d14a6f988faa2427a52d2c834dd10f4ce3e8772"));
    assert_eq!(
        errors.locations,
        [
            Location::new("eco-golang-large/go.mod", Some(76)),
            Location::new("eco-golang-large/go.sum", Some(257))
        ]
    );
    let yaml = package(&out, "pkg:golang/sigs.k8s.io/yaml@v1.1.0");
    assert!(!yaml.direct, "// indirect");

    // `replace k8s.io/klog => github.com/simonpasquier/klog-gokit v0.1.0`: the fork is built.
    assert!(out.packages.iter().all(|p| p.name != "k8s.io/klog"));
    let klog = package(&out, "pkg:golang/github.com/simonpasquier/klog-gokit@v0.1.0");
    assert!(klog.direct);
    assert_eq!(klog.hashes, sha256("977186ce0c25505e2f0b502908e12c32c57eea724f334d55a1509409980e214c"));
    assert_eq!(
        klog.locations,
        [
            Location::new("eco-golang-large/go.mod", Some(109)),
            Location::new("eco-golang-large/go.mod", Some(115)),
            Location::new("eco-golang-large/go.sum", Some(301)),
        ]
    );
    let incompatible = package(&out, "pkg:golang/github.com/azure/azure-sdk-for-go@v23.2.0%2Bincompatible");
    assert_eq!(incompatible.version.as_deref(), Some("v23.2.0+incompatible"));
    assert_eq!(incompatible.name, "github.com/Azure/azure-sdk-for-go");
}

#[test]
fn large_go_sum_adds_what_an_old_go_mod_leaves_out() {
    let out = parse_fixture("eco-golang-large/go.sum");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests.len(), 1);
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    // 166 zip hashes; modules go.mod names (or replaces to) are its packages; the highest
    // version of each other module is left: 42.
    assert_eq!(out.packages.len(), 42);
    assert!(out.packages.iter().all(|p| !p.direct && p.hashes.len() == 1 && p.locations.len() == 1));
    let cloud = package(&out, "pkg:golang/cloud.google.com/go@v0.34.0");
    assert_eq!(cloud.locations, [Location::new("eco-golang-large/go.sum", Some(3))]);
    assert!(
        out.packages.iter().all(|p| p.id != "pkg:golang/cloud.google.com/go@v0.26.0"),
        "MVS keeps the highest"
    );
    let protobuf = package(&out, "pkg:golang/github.com/golang/protobuf@v1.3.1");
    assert_eq!(protobuf.locations, [Location::new("eco-golang-large/go.sum", Some(109))]);
    assert!(out.packages.iter().all(|p| p.name != "github.com/pkg/errors"), "go.mod reports it");
    assert!(
        out.packages.iter().all(|p| p.name != "github.com/simonpasquier/klog-gokit"),
        "a replacement go.mod names"
    );
    let _ = REGISTRY;
}

#[test]
fn go_mod_1_24_with_tools_replacements_and_toolchain() {
    let out = parse_fixture("eco-golang-tools/go.mod");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(
            "eco-golang-tools/go.mod",
            "golang",
            "go.mod (go 1.24.0; every module of the build, no edges between dependencies; toolchain go1.24.4)",
            Completeness::Complete
        )]
    );
    // The main module and 17 requirements.
    assert_eq!(out.packages.len(), 18);
    let scope = |id: &str| {
        let p = package(&out, id);
        (p.scope, p.direct)
    };
    assert_eq!(scope("pkg:golang/golang.org/x/tools@v0.6.0"), (DependencyScope::Build, true), "a tool only");
    assert_eq!(
        scope("pkg:golang/connectrpc.com/connect@v1.20.0"),
        (DependencyScope::Runtime, true),
        "a tool the code also imports"
    );
    assert_eq!(scope("pkg:golang/google.golang.org/protobuf@v1.36.12"), (DependencyScope::Runtime, true));
    assert_eq!(scope("pkg:golang/golang.org/x/net@v0.59.0"), (DependencyScope::Runtime, false));
    let tools = package(&out, "pkg:golang/golang.org/x/tools@v0.6.0");
    assert!(tools.hashes.is_empty(), "go.sum holds only its /go.mod hash");
    assert_eq!(tools.locations[1], Location::new("eco-golang-tools/go.sum", Some(31)));

    let auth = package(&out, "pkg:golang/example.com/acme/internal-auth");
    assert_eq!((auth.version.as_deref(), auth.direct), (None, true));
    assert_eq!(auth.source, Some(PackageSource::path("eco-golang-tools/internal/auth")));
    assert_eq!(
        auth.locations,
        [
            Location::new("eco-golang-tools/go.mod", Some(15)),
            Location::new("eco-golang-tools/go.mod", Some(37))
        ]
    );
    let yaml = package(&out, "pkg:golang/go.yaml.in/yaml/v3@v3.0.5");
    assert!(!yaml.direct);
    assert_eq!(yaml.hashes, sha256("37acbfa4993c6ee5acf4d6391115361d231f9be22e0ff3ad7dd027aba90448fc"));
    assert_eq!(yaml.locations[2], Location::new("eco-golang-tools/go.sum", Some(20)));
    assert!(out.packages.iter().all(|p| p.name != "gopkg.in/yaml.v3"));

    let main = "pkg:golang/github.com/acme/gateway";
    let mut edges: Vec<(&str, DependencyScope)> =
        out.edges.iter().map(|e| (e.to.as_str(), e.scope)).collect();
    edges.sort();
    assert_eq!(edges.len(), 9, "8 direct requirements and one tool-only module");
    assert!(edges.contains(&("pkg:golang/golang.org/x/tools@v0.6.0", DependencyScope::Build)));
    assert!(out.edges.iter().all(|e| e.from == main));
}

#[test]
fn go_sum_beside_a_go_1_17_go_mod_adds_no_packages() {
    let out = parse_fixture("eco-golang-tools/go.sum");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert!(out.packages.is_empty());
    assert_eq!(out.manifests.len(), 1);
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
}

#[test]
fn a_local_replacement_is_the_package_its_directory_reports() {
    let replaced = parse_fixture("eco-golang-tools/go.mod");
    let own = parse_fixture("eco-golang-tools/internal/auth/go.mod");
    let id = "pkg:golang/example.com/acme/internal-auth";
    assert_eq!(package(&own, id).source, package(&replaced, id).source);
    assert_eq!(own.manifests[0].completeness, Completeness::Complete);
}

#[test]
fn go_work_members_are_project_packages() {
    let out = parse_fixture("eco-golang-workspace/go.work");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(
            "eco-golang-workspace/go.work",
            "golang",
            "go.work (go 1.23.4; workspace modules only)",
            Completeness::DirectOnly
        )]
    );
    let got: Vec<(&str, Option<&str>, Option<u32>)> = out
        .packages
        .iter()
        .map(|p| (p.id.as_str(), p.source.as_ref().and_then(|s| s.url.as_deref()), p.locations[0].line))
        .collect();
    assert_eq!(
        got,
        [
            ("pkg:golang/github.com/acme/shop/api", Some("eco-golang-workspace/api"), Some(6)),
            ("pkg:golang/github.com/acme/shop/cmd/server", Some("eco-golang-workspace/cmd/server"), Some(7)),
            ("pkg:golang/github.com/acme/shop/tools", Some("eco-golang-workspace/tools"), Some(10)),
        ]
    );
    assert!(out.packages.iter().all(|p| !p.direct && p.version.is_none()));

    let missing =
        parse_text("eco-golang-workspace/go.work", b"go 1.23\n\nuse ./nowhere\nuse ../../../escape\n");
    let codes: Vec<(&str, Option<u32>)> =
        missing.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("go-work-module-missing", Some(3)), ("go-work-module-missing", Some(4))]);
    assert!(missing.packages.is_empty());
}

#[test]
fn vendor_modules_txt_with_replacements() {
    let out = parse_fixture("eco-golang-vendor/vendor/modules.txt");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    let got: Vec<(&str, Option<u32>)> =
        out.packages.iter().map(|p| (p.id.as_str(), p.locations[0].line)).collect();
    assert_eq!(
        got,
        [
            ("pkg:golang/example.com/acme/proto", Some(1)),
            ("pkg:golang/github.com/cespare/xxhash/v2@v2.3.0", Some(4)),
            ("pkg:golang/github.com/google/uuid@v1.6.0", Some(7)),
            ("pkg:golang/golang.org/x/sys@v0.48.0", Some(10)),
            ("pkg:golang/go.yaml.in/yaml/v3@v3.0.5", Some(14)),
        ]
    );
    assert_eq!(
        package(&out, "pkg:golang/example.com/acme/proto").source,
        Some(PackageSource::path("eco-golang-vendor/proto"))
    );
    assert!(out.packages.iter().all(|p| !p.direct), "modules.txt does not say what is direct; go.mod does");
    // The same ids as the go.mod beside it, so the host merges the two locations.
    let go_mod = parse_fixture("eco-golang-vendor/go.mod");
    for p in &out.packages {
        assert!(go_mod.packages.iter().any(|q| q.id == p.id), "{} also in go.mod", p.id);
    }
    assert_eq!(go_mod.manifests[0].completeness, Completeness::Complete, "go 1.22");
}

#[test]
fn go_sum_alone_reports_every_zipped_module_at_its_highest_version() {
    let text = "a.example/x v1.0.0 h1:e0WKqKTd5BnrG8aKH3J3h+QvEIQtSUcf2n5UZ5ZgLtQ=\n\
                a.example/x v1.2.0 h1:e0WKqKTd5BnrG8aKH3J3h+QvEIQtSUcf2n5UZ5ZgLtQ=\n\
                a.example/x v1.10.0/go.mod h1:e0WKqKTd5BnrG8aKH3J3h+QvEIQtSUcf2n5UZ5ZgLtQ=\n";
    let out = parse_text("nowhere/go.sum", text.as_bytes());
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!((out.diagnostics[0].code.as_str(), out.diagnostics[0].level), ("go-mod-missing", Level::Info));
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["pkg:golang/a.example/x@v1.2.0"], "a /go.mod line is not a package");
    assert_eq!(
        out.packages[0].hashes,
        sha256("7b458aa8a4dde419eb1bc68a1f727787e42f10842d49471fda7e546796602ed4")
    );
}

#[test]
fn malformed_lines_are_diagnostics_with_lines_and_the_rest_is_kept() {
    let text = "module example.com/m\n\ngo 1.21\n\nrequire (\n\tgood.example/a v1.0.0\n\tbad-line\n\t\"unterminated v1\n\
                \tgood.example/b v1.0.0 // indirect\n)\n\nreplace x => y\nfrobnicate now\nrequire ( \n\tc.example/c v1.0.0\n";
    let out = parse_text("m/go.mod", text.as_bytes());
    let got: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(
        got,
        [
            ("manifest-malformed", Some(8)),
            ("manifest-malformed", Some(14)),
            ("manifest-malformed", Some(7)),
            ("manifest-malformed", Some(12)),
            ("manifest-unsupported", Some(13)),
        ]
    );
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:golang/example.com/m",
            "pkg:golang/good.example/a@v1.0.0",
            "pkg:golang/good.example/b@v1.0.0",
            "pkg:golang/c.example/c@v1.0.0"
        ]
    );
    let no_module = parse_text("n/go.mod", b"require a.example/b v1.0.0\n");
    assert_eq!(no_module.diagnostics[0].code, "manifest-malformed");
    assert_eq!(no_module.packages.len(), 1);
    assert!(no_module.edges.is_empty());

    let vendor = parse_text(
        "v/vendor/modules.txt",
        b"# a.example/b\n# c.example/d v1 => e.example/f\n# ok.example/g v1.0.0\n",
    );
    let lines: Vec<Option<u32>> = vendor.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(1), Some(2)]);
    assert_eq!(vendor.packages.len(), 1);
}

#[test]
fn mutated_fixtures_never_panic() {
    let files = [
        "eco-golang-large/go.mod",
        "eco-golang-large/go.sum",
        "eco-golang-tools/go.mod",
        "eco-golang-tools/go.sum",
        "eco-golang-workspace/go.work",
        "eco-golang-vendor/vendor/modules.txt",
    ];
    for (seed, path) in files.iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
        // Under a directory with no siblings: the mutant alone is parsed, not the fixture's go.sum
        // again for every go.mod mutant (which keeps this near the 2 s budget in debug).
        let name = path.rsplit('/').next().unwrap_or(path);
        let alone = if name == "modules.txt" {
            "fuzz/vendor/modules.txt".to_string()
        } else {
            format!("fuzz/{name}")
        };
        let rounds = match bytes.len() {
            0..4_000 => 500,
            4_000..20_000 => 200,
            _ => 40,
        };
        for mutant in crate::fuzz::mutants(&bytes, seed as u64 + 1, rounds) {
            let _ = parse_text(&alone, &mutant);
        }
        for prefix in crate::fuzz::truncations(&bytes, bytes.len() / 16 + 1) {
            let _ = parse_text(path, prefix);
        }
    }
}
