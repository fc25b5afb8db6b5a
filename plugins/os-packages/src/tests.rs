//! The parser over real databases under `tests/fixtures/eco-deb-*` and `eco-apk-*`: this
//! machine's dpkg status (whole and in part) and an Alpine minirootfs's installed database.

use std::collections::BTreeSet;

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{Completeness, HashAlgorithm, Location, Manifest, Package};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_bytes(path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(fixtures());
    OsPackages::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_bytes(path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, name: &str) -> &'a Package {
    out.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no package {name}"))
}

fn edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    let (from, to) = (&package(out, from).id, &package(out, to).id);
    out.edges.iter().any(|e| &e.from == from && &e.to == to)
}

/// `name version` lines of the fixture's EXPECTED-PACKAGES.txt (dpkg-query's own listing).
fn expected(case: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(format!("{}/{case}/EXPECTED-PACKAGES.txt", fixtures())).expect("listing");
    text.lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect()
}

fn listed(out: &ParseOutput) -> BTreeSet<String> {
    out.packages.iter().map(|p| format!("{} {}", p.name, p.version.as_deref().unwrap_or(""))).collect()
}

const BOOKWORM: &str = "eco-deb-bookworm/rootfs/var/lib/dpkg/status";
const LARGE: &str = "eco-deb-large/rootfs/var/lib/dpkg/status";
const ALPINE: &str = "eco-apk-alpine314/rootfs/lib/apk/db/installed";

#[test]
fn dpkg_status_purls_sources_and_edges() {
    let out = parse_fixture(BOOKWORM);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(BOOKWORM, "deb", "dpkg status", Completeness::Complete)]);
    assert_eq!(listed(&out), expected("eco-deb-bookworm"), "what dpkg-query lists");
    assert_eq!(out.packages.len(), 27);

    let zlib = package(&out, "zlib1g");
    assert_eq!(zlib.version.as_deref(), Some("1:1.2.13.dfsg-1"));
    assert_eq!(zlib.id, "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");
    assert_eq!(zlib.locations, [Location::new(BOOKWORM, Some(580))]);
    assert_eq!(zlib.supplier.as_deref(), Some("Mark Brown <broonie@debian.org>"));
    let gcc = package(&out, "libgcc-s1");
    assert!(gcc.id.ends_with("&upstream=gcc-12"), "{}", gcc.id);
    let bash = package(&out, "bash");
    assert!(bash.id.ends_with("&upstream=bash%405.2.15-2"), "a binNMU keeps its source version: {}", bash.id);
    assert!(package(&out, "dpkg").id.contains("?arch=amd64&distro=debian-12"));

    // Pre-Depends and Depends; `awk` is virtual, provided by mawk.
    assert!(edge(&out, "base-files", "mawk"));
    assert!(edge(&out, "bash", "libtinfo6"), "a Pre-Depends edge");
    assert!(edge(&out, "dpkg", "zlib1g"));
    assert!(edge(&out, "zlib1g", "libc6"));
    assert!(out.packages.iter().all(|p| !p.direct && p.hashes.is_empty()));
}

#[test]
fn the_whole_status_of_this_machine_matches_dpkg_query() {
    let out = parse_fixture(LARGE);
    assert_eq!(listed(&out), expected("eco-deb-large"));
    assert_eq!(out.packages.len(), 709);
    let unresolved = out.diagnostics.iter().filter(|d| d.code == "dependency-unresolved").count();
    assert_eq!(unresolved, 0, "an installed system satisfies its dependencies: {:#?}", out.diagnostics);
    assert!(out.edges.len() > 1500, "{} edges", out.edges.len());
}

#[test]
fn apk_installed_database() {
    let out = parse_fixture(ALPINE);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(ALPINE, "apk", "apk installed database", Completeness::Complete)]
    );
    assert_eq!(out.packages.len(), 11);
    let musl = package(&out, "musl");
    assert_eq!(musl.id, "pkg:apk/alpine/musl@1.2.2-r3?arch=armv7", "no os-release: no distro");
    assert_eq!(musl.locations, [Location::new(ALPINE, Some(1))]);
    assert_eq!(musl.hashes[0].algorithm, HashAlgorithm::Sha1);
    assert_eq!(musl.hashes[0].value, "0a98cca45a37518fd39f80ac841a40f8f5cc7f4e");
    assert_eq!(musl.declared_license.as_ref().map(|l| l.expression.as_str()), Some("MIT"));
    let ca = package(&out, "ca-certificates-bundle");
    assert_eq!(ca.declared_license.as_ref().map(|l| l.expression.as_str()), Some("MPL-2.0 AND MIT"));
    assert!(ca.id.ends_with("&upstream=ca-certificates"));
    let crypto = package(&out, "libcrypto1.1");
    assert_eq!(crypto.locations[0].line, Some(23));

    assert!(edge(&out, "libcrypto1.1", "musl"), "so: provides");
    assert!(edge(&out, "apk-tools", "musl"), "musl>=1.2 by name");
    assert!(edge(&out, "apk-tools", "zlib"));
    assert!(edge(&out, "ssl_client", "libretls"), "so:libtls.so.2");
    assert!(edge(&out, "libc-utils", "musl-utils"));
    assert!(edge(&out, "musl-utils", "scanelf"));
}

#[test]
fn os_release_beside_the_database_names_the_distribution() {
    let dir = std::env::temp_dir().join(format!("ospo-os-packages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("img/usr/lib")).expect("temp dir");
    std::fs::write(
        dir.join("img/usr/lib/os-release"),
        "ID=ubuntu\nVERSION_ID=\"24.04\"\nVERSION_CODENAME=noble\n",
    )
    .expect("os-release");
    testing::set_root(&dir);
    let status = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.39-0ubuntu8\n\n\
                  Package: old\nStatus: deinstall ok config-files\nVersion: 1\n\n\
                  Package: held\nStatus: hold ok installed\nVersion: 2\nDepends: libc6 (>= 2.34), ghost | libc6\n\n\
                  Package: broken\nStatus: install ok installed\nVersion: 3\nDepends: nothing-here\n";
    let out =
        OsPackages::parse(FileInput::new("img/var/lib/dpkg/status", status.as_bytes())).expect("parses");
    let names: Vec<&str> = out.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["libc6", "held", "broken"], "config-files is not installed; hold is");
    assert_eq!(out.packages[0].id, "pkg:deb/ubuntu/libc6@2.39-0ubuntu8?arch=amd64&distro=ubuntu-24.04");
    assert_eq!(out.edges.len(), 1, "held -> libc6 once, through either relation");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(
        (out.diagnostics[0].code.as_str(), out.diagnostics[0].line),
        ("dependency-unresolved", Some(15))
    );

    // distroless: one stanza per file, no Status; md5sums files are not databases.
    let entry = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n";
    let out = OsPackages::parse(FileInput::new("img/var/lib/dpkg/status.d/tzdata", entry.as_bytes()))
        .expect("parses");
    assert_eq!(out.packages.len(), 1);
    assert_eq!(out.manifests[0].format, "dpkg status.d");
    let sums = OsPackages::parse(FileInput::new("img/var/lib/dpkg/status.d/tzdata.md5sums", b"abc  usr/x\n"));
    assert!(sums.expect("parses").manifests.is_empty());
    let elsewhere = OsPackages::parse(FileInput::new("notes/myvar/lib/dpkg/status", b"Package: a\n"));
    assert!(elsewhere.expect("parses").manifests.is_empty(), "only a root file system's own path");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_lines_are_reported_and_the_rest_kept() {
    let status = "Package: a\nStatus: install ok installed\nVersion: 1\nthis is not a field\n\nStatus: install ok installed\n";
    let out = parse_bytes("var/lib/dpkg/status", status.as_bytes());
    assert_eq!(out.packages.len(), 1);
    let lines: Vec<Option<u32>> = out.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(4), Some(6)]);
    let out = parse_bytes("lib/apk/db/installed", b"P:x\nV:1\n\nnot a field\nV:2\n");
    assert_eq!(out.packages.len(), 1);
    assert_eq!(out.diagnostics.len(), 2);
}

#[test]
fn mutated_databases_never_panic() {
    for (seed, path, rounds) in [(21, BOOKWORM, 600), (22, ALPINE, 600)] {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(rounds) {
            let _ = parse_bytes(path, &mutant);
        }
    }
}

#[test]
fn info_declares_the_codes() {
    let info = OsPackages::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(declared, ["manifest-malformed", "dependency-unresolved"]);
}
