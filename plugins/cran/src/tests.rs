//! The parser over real lockfile excerpts under `tests/fixtures/eco-cran-*`.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, DependencyScope, Hash, HashAlgorithm, Location, Package, PackageSource};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    Cran::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    parse_bytes(path, &std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists"))
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id}"))
}

const RENV: &str = "eco-cran-renv/renv.lock";
const RENV11: &str = "eco-cran-renv11/renv.lock";

#[test]
fn renv_lock_sources_hashes_and_requirements() {
    let out = parse_fixture(RENV);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 14);
    assert_eq!(out.manifests[0].format, "renv.lock (R 4.3.2)");
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);

    let kern = package(&out, "pkg:cran/KernSmooth@2.23-22");
    assert_eq!(
        kern.source,
        Some(PackageSource::registry("https://p3m.dev/cran/latest")),
        "CRAN is named in R.Repositories"
    );
    assert_eq!(kern.hashes, [Hash::new(HashAlgorithm::Md5, "2fecebc3047322fa5930f74fae5de70f")]);
    assert_eq!(kern.locations, [Location::new(RENV, Some(156))]);
    let bh = package(&out, "pkg:cran/BH@1.84.0-0");
    assert_eq!(bh.source.as_ref().map(|s| s.url.is_none()), Some(true), "RSPM is not among the repositories");

    let biobase = package(&out, "pkg:generic/bioconductor/Biobase@2.62.0");
    assert_eq!(biobase.ecosystem, "generic");
    let chord = package(&out, "pkg:github/13308204545/chord@00ac9a101f07f94026a893d098d2f17d30143a0c");
    assert_eq!(
        chord.source,
        Some(PackageSource::git(
            "https://github.com/13308204545/Chord",
            Some("00ac9a101f07f94026a893d098d2f17d30143a0c")
        ))
    );
    assert_eq!(chord.locations, [Location::new(RENV, Some(78))]);

    let edges: Vec<(&str, &str)> = out.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    assert_eq!(
        edges,
        [(biobase.id.as_str(), "pkg:generic/bioconductor/BiocGenerics@0.48.1")],
        "base R is no edge"
    );
    assert!(out.packages.iter().all(|p| !p.direct), "no DESCRIPTION beside it");
}

#[test]
fn renv_1_1_records_description_fields_and_licences() {
    let out = parse_fixture(RENV11);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let backports = package(&out, "pkg:cran/backports@1.5.0");
    let declared = backports.declared_license.as_ref().map(|d| (d.raw.as_str(), d.expression.as_str()));
    assert_eq!(declared.map(|d| d.0), Some("GPL-2 | GPL-3"));
    assert!(declared.is_some_and(|d| d.1.contains("GPL-2.0") && d.1.contains(" OR ")), "{declared:?}");
    assert!(backports.hashes.is_empty(), "renv 1.1 writes no Hash");
    let kern = package(&out, "pkg:cran/KernSmooth@2.23-26");
    assert_eq!(kern.declared_license.as_ref().map(|d| d.raw.as_str()), Some("Unlimited"));
    assert_eq!(backports.locations, [Location::new(RENV11, Some(37))]);
    // Suggests (MASS, carData) are not requirements: no unresolved warnings.
    assert!(out.edges.is_empty());
}

#[test]
fn description_beside_the_lock_names_direct_dependencies() {
    let dir = std::env::temp_dir().join(format!("ospo-cran-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("DESCRIPTION"),
        "Package: demo\nImports: Biobase,\n    DBI (>= 1.0)\nSuggests: KernSmooth\n",
    )
    .expect("write");
    testing::set_root(&dir);
    let lock = std::fs::read(format!("{}/{RENV}", fixtures())).expect("fixture");
    let out = Cran::parse(FileInput::new("renv.lock", lock)).expect("parses");
    let direct: Vec<(&str, DependencyScope)> =
        out.packages.iter().filter(|p| p.direct).map(|p| (p.name.as_str(), p.scope)).collect();
    assert_eq!(
        direct,
        [
            ("Biobase", DependencyScope::Runtime),
            ("DBI", DependencyScope::Runtime),
            ("KernSmooth", DependencyScope::Development)
        ]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn missing_requirements_and_unknown_sources_are_reported() {
    let text = br#"{"R": {"Version": "4.3.2"}, "Packages": {
  "a": {"Package": "a", "Version": "1.0", "Source": "Repository", "Requirements": ["b", "stats"]},
  "c": {"Package": "c", "Version": "1.0", "Source": "Svn"}}}"#;
    let out = parse_bytes("renv.lock", text);
    let codes: Vec<(&str, Option<u32>)> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(codes, [("manifest-unsupported", Some(3)), ("dependency-unresolved", Some(2))]);
}

#[test]
fn mutated_fixtures_never_panic_and_raise_declared_codes() {
    let info = Cran::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    for (seed, path) in [RENV, RENV11].into_iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed as u64 + 41).take(1500) {
            for d in parse_bytes(path, &mutant).diagnostics {
                assert!(declared.contains(&d.code.as_str()), "{} not declared", d.code);
            }
        }
        let mut deep = bytes.clone();
        deep.splice(1..1, b"[".repeat(20_000));
        let _ = parse_bytes(path, &deep);
    }
}
