//! Native tests over the real advisory data in `testdata/` (see its README for provenance).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{AdvisoryKind, Level, Package, PackageSource, SeverityRating};

use crate::entry::Rule;
use crate::matcher::{Outcome, evaluate};
use crate::{Loaded, load, report};

fn testdata(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(sub)
}

fn load_grant(dir: &Path) -> Loaded {
    testing::set_grant("db", dir);
    load(&["db".to_string()])
}

fn codes(loaded: &Loaded, code: &str) -> Vec<String> {
    loaded.diagnostics.iter().filter(|d| d.code == code).map(|d| d.message.clone()).collect()
}

fn crate_package(name: &str, version: &str) -> Package {
    let purl = ospo_plugin_sdk::purl::purl("cargo", None, name, Some(version)).expect("purl");
    Package::new("cargo", name, Some(version))
        .purl(&purl)
        .source(PackageSource::registry("registry+https://example.invalid/index"))
}

/// Every RustSec advisory parses; ids are unique and name their file; withdrawn and toolchain
/// ones are counted, not indexed.
#[test]
fn rustsec_database_loads_whole() {
    let loaded = load_grant(&testdata("rustsec"));
    assert_eq!(codes(&loaded, "advisory-malformed"), Vec::<String>::new());
    let entries = &loaded.index.entries;
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    for entry in entries {
        assert!(entry.file.ends_with(&format!("/{}.md", entry.id)), "{} in {}", entry.id, entry.file);
    }
    let withdrawn = std::fs::read_dir(testdata("rustsec/crates"))
        .expect("crates")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .filter(|f| {
            std::fs::read_to_string(f.path()).is_ok_and(|t| t.lines().any(|l| l.starts_with("withdrawn")))
        })
        .count();
    assert_eq!(entries.len() + withdrawn, 1205);
    let summary = codes(&loaded, "advisory-loaded").join("");
    assert!(summary.contains(&format!("{withdrawn} withdrawn and 20 toolchain")), "{summary}");
    let informational = entries.iter().filter(|e| e.kind != AdvisoryKind::Vulnerability).count();
    assert!(informational > 400, "{informational} informational advisories");
}

/// The advisories that apply to an old Cargo.lock, each with its reason and upgrade; the
/// expected set was checked against the advisories' `[versions]` by hand and against cargo-audit.
#[test]
fn old_cargo_lock_matches_rustsec() {
    let loaded = load_grant(&testdata("rustsec"));
    let lock = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/advisories-cargo/Cargo.lock"),
    )
    .expect("lockfile");
    let table: toml::Table = toml::from_str(&lock).expect("lockfile parses");
    let packages: Vec<Package> = table["package"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p.get("source").is_some())
        .map(|p| crate_package(p["name"].as_str().expect("name"), p["version"].as_str().expect("version")))
        .collect();
    let out = report::advise(&loaded, &packages);
    let got: BTreeSet<(String, String, Option<String>)> = out
        .advisories
        .iter()
        .map(|a| (a.id.clone(), a.package_id.clone(), a.matched.as_ref().and_then(|m| m.upgrade_to.clone())))
        .collect();
    let want: BTreeSet<(String, String, Option<String>)> = [
        ("RUSTSEC-2020-0071", "time@0.1.43", Some("0.2.23")),
        ("RUSTSEC-2020-0159", "chrono@0.4.19", Some("0.4.20")),
        ("RUSTSEC-2021-0003", "smallvec@1.6.0", Some("1.6.1")),
        ("RUSTSEC-2021-0072", "tokio@1.8.0", Some("1.8.1")),
        ("RUSTSEC-2021-0124", "tokio@1.8.0", Some("1.8.4")),
        ("RUSTSEC-2021-0127", "serde_cbor@0.11.1", None),
        ("RUSTSEC-2021-0139", "ansi_term@0.12.1", None),
        ("RUSTSEC-2021-0145", "atty@0.2.14", None),
        ("RUSTSEC-2022-0013", "regex@1.5.4", Some("1.5.5")),
        ("RUSTSEC-2023-0001", "tokio@1.8.0", Some("1.18.4")),
        ("RUSTSEC-2023-0005", "tokio@1.8.0", Some("1.18.5")),
        ("RUSTSEC-2024-0375", "atty@0.2.14", None),
        ("RUSTSEC-2025-0023", "tokio@1.8.0", Some("1.38.2")),
    ]
    .into_iter()
    .map(|(id, p, up)| (id.to_string(), format!("pkg:cargo/{p}"), up.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
    let kind = |id: &str| out.advisories.iter().find(|a| a.id == id).map(|a| a.kind);
    assert_eq!(kind("RUSTSEC-2021-0139"), Some(AdvisoryKind::Unmaintained));
    assert_eq!(kind("RUSTSEC-2021-0145"), Some(AdvisoryKind::Unsound));
    assert_eq!(kind("RUSTSEC-2022-0013"), Some(AdvisoryKind::Vulnerability));
    let regex = out.advisories.iter().find(|a| a.id == "RUSTSEC-2022-0013").expect("regex");
    let matched = regex.matched.as_ref().expect("matched");
    assert_eq!(
        (matched.version.as_str(), matched.range.as_str(), matched.comparator.as_str()),
        ("1.5.4", "not patched: >= 1.5.5", "semver")
    );
    assert!(regex.aliases.contains(&"CVE-2022-24713".to_string()), "{:?}", regex.aliases);
    assert_eq!(regex.severities[0].rating, Some(SeverityRating::High));
    assert_eq!(regex.severities[0].source.as_deref(), Some("rustsec"));
}

/// A package from a path or git source is not the registry's package of that name.
#[test]
fn off_registry_packages_are_not_matched() {
    let loaded = load_grant(&testdata("rustsec"));
    let path = Package::new("cargo", "regex", Some("1.5.4")).source(PackageSource::path("vendor/regex"));
    let git = Package::new("cargo", "regex", Some("1.5.4"))
        .purl("pkg:cargo/regex@1.5.4?vcs_url=git%2Bhttps://example.invalid/regex");
    assert!(report::advise(&loaded, &[path, git]).advisories.is_empty());
    assert_eq!(report::advise(&loaded, &[crate_package("regex", "1.5.5")]).advisories.len(), 0);
}

/// The whole PyPA subset loads; each record's explicit `versions` agree with its own ECOSYSTEM
/// ranges evaluated in PEP 440 order.
#[test]
fn pypa_versions_lists_agree_with_ranges() {
    let loaded = load_grant(&testdata("pypa"));
    assert_eq!(codes(&loaded, "advisory-malformed"), Vec::<String>::new());
    assert!(loaded.index.entries.len() > 250, "{}", loaded.index.entries.len());
    // The one disagreement in this snapshot is the data's own: PYSEC-2023-61 lists pre-releases
    // of 3.2 and 4.2 that its ranges (introduced 3.2, 4.2) leave out. OSV counts a listed
    // version as affected, and so does the matcher (`listed`).
    let prereleases = ["3.2a1", "3.2b1", "3.2rc1", "4.2a1", "4.2b1", "4.2rc1"];
    let want: Vec<String> = prereleases.iter().map(|v| format!("PYSEC-2023-61 django {v}")).collect();
    let (checked, disagree) = cross_check(&loaded, "pypi");
    assert!(checked > 10_000, "{checked}");
    assert_eq!(disagree, want);
    let out = report::advise(&loaded, &[Package::new("pypi", "Django", Some("4.2rc1"))]);
    let listed = out.advisories.iter().find(|a| a.id == "PYSEC-2023-61").and_then(|a| a.matched.as_ref());
    assert_eq!(listed.map(|m| m.range.as_str()), Some("listed"));
}

/// The GHSA records of `all.zip` load from the archive; listed versions agree with the ranges in
/// Maven's order (and the other ecosystems' the records name).
#[test]
fn ghsa_archive_versions_lists_agree_with_ranges() {
    let loaded = load_grant(&testdata("ghsa"));
    assert_eq!(codes(&loaded, "advisory-malformed"), Vec::<String>::new());
    assert_eq!(loaded.index.entries.len(), 356);
    let mut counts = Vec::new();
    for eco in ["maven", "nuget", "golang", "gem", "pypi", "composer"] {
        let (checked, disagree) = cross_check(&loaded, eco);
        assert_eq!(disagree, Vec::<String>::new(), "{eco}");
        counts.push((eco, checked));
    }
    eprintln!("listed versions checked against ranges: {counts:?}");
    assert!(counts[0].1 > 1_000, "{counts:?}");
}

/// Listed versions that the record's own SEMVER/ECOSYSTEM ranges do not cover (versions that
/// are not valid in the ecosystem's syntax, such as paramiko's `0.1-bulbasaur`, are left out).
fn cross_check(loaded: &Loaded, ecosystem: &str) -> (usize, Vec<String>) {
    let scheme = crate::version::Scheme::of_ecosystem(ecosystem).expect("ordered ecosystem");
    let mut checked = 0;
    let mut disagree = Vec::new();
    for entry in &loaded.index.entries {
        for affected in entry.affected.iter().filter(|a| a.ecosystem == ecosystem) {
            let Rule::Osv { ranges, versions } = &affected.rule else { continue };
            let ranges: Vec<_> = ranges.iter().filter(|r| r.kind != "GIT").cloned().collect();
            if ranges.is_empty() {
                continue;
            }
            let only_ranges = Rule::Osv { ranges, versions: Vec::new() };
            for v in versions.iter().filter(|v| scheme.parse(v).is_some()) {
                checked += 1;
                if !matches!(evaluate(&only_ranges, ecosystem, v), Outcome::Affected(_)) {
                    disagree.push(format!("{} {} {v}", entry.id, affected.name));
                }
            }
        }
    }
    (checked, disagree)
}

#[test]
fn pypi_packages_match_with_pep440() {
    let loaded = load_grant(&testdata("pypa"));
    let pkg = |name: &str, v: &str| Package::new("pypi", name, Some(v));
    let out =
        report::advise(&loaded, &[pkg("PyYAML", "5.3"), pkg("Django", "4.2.16"), pkg("Jinja2", "2.10")]);
    let ids: BTreeSet<&str> = out.advisories.iter().map(|a| a.id.as_str()).collect();
    // PyYAML 5.3: full_load RCEs fixed in 5.3.1 and 5.4.
    assert!(ids.contains("PYSEC-2020-96"), "{ids:?}");
    assert!(ids.contains("PYSEC-2021-142"), "{ids:?}");
    let yaml = out.advisories.iter().find(|a| a.id == "PYSEC-2020-96").expect("pyyaml");
    let matched = yaml.matched.as_ref().expect("matched");
    assert_eq!(matched.comparator, "pep440");
    assert_eq!(matched.upgrade_to.as_deref(), Some("5.3.1"));
    // Django 4.2.16 is past every fix in this snapshot of 2024-10-10.
    assert!(out.advisories.iter().all(|a| !a.package_id.contains("django")), "{ids:?}");
    assert!(out.advisories.iter().any(|a| a.package_id == "pypi:Jinja2@2.10"));
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

const GHSA: &str = r#"{"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2099-0001"], "summary": "flaw",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "database_specific": {"severity": "CRITICAL"},
  "affected": [{"package": {"ecosystem": "PyPI", "name": "Demo_Pkg"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.1"}]}]}]}"#;
const PYSEC: &str = r#"{"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "details": "the same flaw",
  "affected": [{"package": {"ecosystem": "PyPI", "name": "demo-pkg"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"fixed": "2.0.1"}]}]}]}"#;

/// GHSA + CVE + PYSEC ids of one flaw become one advisory under the database's own id.
#[test]
fn aliases_are_merged() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "GHSA-aaaa-bbbb-cccc.json", GHSA);
    write(dir.path(), "PYSEC-2099-1.json", PYSEC);
    let loaded = load_grant(dir.path());
    let out = report::advise(&loaded, &[Package::new("pypi", "demo.pkg", Some("2.0.0"))]);
    assert_eq!(out.advisories.len(), 1, "{:?}", out.advisories);
    let a = &out.advisories[0];
    assert_eq!(a.id, "PYSEC-2099-1");
    assert_eq!(a.aliases, ["CVE-2099-0001", "GHSA-aaaa-bbbb-cccc"]);
    assert_eq!(a.details.as_deref(), Some("the same flaw"));
    let schemes: Vec<(&str, Option<SeverityRating>)> =
        a.severities.iter().map(|s| (s.scheme.as_str(), s.rating)).collect();
    assert_eq!(
        schemes,
        [("CVSS_V3", Some(SeverityRating::Critical)), ("GHSA", Some(SeverityRating::Critical))]
    );
    assert_eq!(a.matched.as_ref().and_then(|m| m.upgrade_to.as_deref()), Some("2.0.1"));
    // `2.0.01` is `2.0.1` in PEP 440: fixed, not flagged.
    assert!(
        report::advise(&loaded, &[Package::new("pypi", "demo-pkg", Some("2.0.01"))]).advisories.is_empty()
    );
}

/// A broken file is a diagnostic with its path and line; the other advisories still load.
#[test]
fn malformed_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "good.json", GHSA);
    write(dir.path(), "bad.json", "{\"id\": \"X\",\n \"affected\": [}\n");
    write(dir.path(), "bad.yaml", "id: Y\naffected: [\n");
    std::fs::create_dir_all(dir.path().join("crates/x")).expect("dir");
    write(
        &dir.path().join("crates/x"),
        "RUSTSEC-2099-0001.md",
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0001\"\npackage = \n```\n",
    );
    std::fs::create_dir_all(dir.path().join(".github")).expect("dir");
    write(&dir.path().join(".github"), "ci.yml", "on: push\n");
    write(dir.path(), "all.zip", "not a zip");
    let loaded = load_grant(dir.path());
    assert_eq!(loaded.index.entries.len(), 1);
    let mut bad: Vec<(String, Option<u32>)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "advisory-malformed")
        .map(|d| (d.path.clone().unwrap_or_default(), d.line))
        .collect();
    bad.sort();
    assert_eq!(
        bad,
        [
            ("db:all.zip".to_string(), None),
            ("db:bad.json".to_string(), Some(2)),
            ("db:bad.yaml".to_string(), Some(3)),
            ("db:crates/x/RUSTSEC-2099-0001.md".to_string(), Some(4)),
        ]
    );
    assert!(loaded.diagnostics.iter().all(|d| d.level != Level::Error));
}

#[test]
fn no_data_is_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load_grant(dir.path());
    let out = report::advise(&loaded, &[crate_package("regex", "1.5.4")]);
    assert!(out.advisories.is_empty());
    assert_eq!(out.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["advisory-db-empty"]);
    assert_eq!(out.diagnostics[0].level, Level::Warning);
    testing::set_grant("db", "/nonexistent-for-test");
    let missing = load(&["other".to_string()]);
    assert!(codes(&missing, "advisory-db-missing")[0].contains("none of the data grants"));
    assert!(missing.diagnostics.iter().all(|d| d.level == Level::Info), "not set up is not a fault");
}

/// Packages of an ecosystem with no loaded records are reported, not silently passed.
#[test]
fn uncovered_ecosystems_are_reported() {
    let loaded = load_grant(&testdata("rustsec"));
    let out = report::advise(
        &loaded,
        &[Package::new("npm", "left-pad", Some("1.0.0")), Package::new("conda", "numpy", Some("1.0"))],
    );
    let messages: Vec<&str> =
        out.diagnostics.iter().filter(|d| d.code == "advisory-no-data").map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().any(|m| m.starts_with("1 npm packages")));
}

/// Seeded mutations of real advisory files never panic the loaders.
#[test]
fn mutated_advisories_do_not_panic() {
    let seeds = [
        testdata("rustsec/crates/regex/RUSTSEC-2022-0013.md"),
        testdata("pypa/vulns/pyyaml/PYSEC-2020-96.yaml"),
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("crates/regex")).expect("dir");
    let json = GHSA.as_bytes().to_vec();
    for seed in seeds {
        let original = std::fs::read(&seed).expect("seed");
        let name = if seed.extension().is_some_and(|e| e == "md") {
            "crates/regex/RUSTSEC-2022-0013.md"
        } else {
            "x.yaml"
        };
        for round in 0..150 {
            let mut bytes = original.clone();
            match round % 4 {
                0 => bytes.truncate((next() as usize) % (bytes.len() + 1)),
                1 => {
                    for _ in 0..4 {
                        let i = (next() as usize) % bytes.len().max(1);
                        if let Some(b) = bytes.get_mut(i) {
                            *b = (next() & 0xff) as u8;
                        }
                    }
                }
                2 => {
                    let i = (next() as usize) % (bytes.len() + 1);
                    bytes.insert(i, [b'{', b'"', 0, b'[', b'\n'][(next() % 5) as usize]);
                }
                _ => {
                    let lines: Vec<&[u8]> = original.split(|b| *b == b'\n').collect();
                    let skip = (next() as usize) % lines.len().max(1);
                    bytes = lines
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != skip)
                        .flat_map(|(_, l)| l.iter().copied().chain([b'\n']))
                        .collect();
                }
            }
            write(dir.path(), name, &String::from_utf8_lossy(&bytes));
            let mut j = json.clone();
            j.truncate((next() as usize) % (json.len() + 1));
            std::fs::write(dir.path().join("y.json"), &j).expect("write");
            let loaded = load_grant(dir.path());
            let _ = report::advise(
                &loaded,
                &[Package::new("pypi", "pyyaml", Some("5.3")), crate_package("regex", "1.5.4")],
            );
        }
    }
}
