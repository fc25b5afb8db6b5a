//! Index load and match times, natively (the wasm figures come from `bench/advisories.sh`):
//! the real RustSec, PyPA and GHSA test data plus a synthetic osv-style `all.zip` of 30,000
//! crates.io records, matched against a 10,000-package inventory.
//!
//! `cargo bench -p ospo-plugin-osv` (env OSV_BENCH_RECORDS, OSV_BENCH_PACKAGES, OSV_BENCH_ROUNDS).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use ospo_plugin_osv::{load, report};
use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{Package, PackageSource};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// `records` OSV JSON records for `bench-crate-N`, each fixed in 0.5.0 (so 1.0.0 is not
/// affected) and every tenth one affecting 1.x until 1.0.1.
fn synthetic_zip(path: &Path, records: usize, names: usize) {
    let file = std::fs::File::create(path).expect("create zip");
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..records {
        let fixed = if i % 10 == 0 { "1.0.1" } else { "0.5.0" };
        let record = format!(
            r#"{{"id": "BENCH-{i}", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2099-{i}"],
  "summary": "synthetic advisory {i}", "details": "A synthetic record for the benchmark, about as long as a short real one.",
  "severity": [{{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}}],
  "affected": [{{"package": {{"ecosystem": "crates.io", "name": "bench-crate-{}"}},
    "ranges": [{{"type": "SEMVER", "events": [{{"introduced": "0"}}, {{"fixed": "{fixed}"}}]}}]}}],
  "references": [{{"type": "WEB", "url": "https://example.invalid/{i}"}}]}}"#,
            i % names
        );
        zip.start_file(format!("BENCH-{i}.json"), options).expect("entry");
        zip.write_all(record.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}

fn main() {
    let records = env("OSV_BENCH_RECORDS", 30_000);
    let packages = env("OSV_BENCH_PACKAGES", 10_000);
    let rounds = env("OSV_BENCH_ROUNDS", 5);
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_zip(&dir.path().join("all.zip"), records, packages / 2);
    let zip_size = std::fs::metadata(dir.path().join("all.zip")).map_or(0, |m| m.len());
    testing::set_grant("synthetic", dir.path());
    testing::set_grant("rustsec", testdata.join("rustsec"));
    testing::set_grant("pypa", testdata.join("pypa"));
    testing::set_grant("ghsa", testdata.join("ghsa"));
    let grants: Vec<String> =
        ["synthetic", "rustsec", "pypa", "ghsa"].iter().map(|s| s.to_string()).collect();

    // Half the inventory has synthetic advisories, a tenth of those affecting it; the rest are
    // real crate and PyPI names at old versions.
    let real_crates: Vec<String> = std::fs::read_dir(testdata.join("rustsec/crates"))
        .expect("crates")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let inventory: Vec<Package> = (0..packages)
        .map(|i| {
            let (eco, name, version) = match i % 4 {
                0 | 1 => ("cargo", format!("bench-crate-{}", i / 2), "1.0.0".to_string()),
                2 => ("cargo", real_crates[i % real_crates.len()].clone(), "0.1.0".to_string()),
                _ => (
                    "pypi",
                    ["django", "pillow", "pyyaml", "jinja2", "urllib3"][i % 5].to_string(),
                    format!("{}.{}", 1 + i % 5, i % 3),
                ),
            };
            let purl = ospo_plugin_sdk::purl::purl(eco, None, &name, Some(&version)).expect("purl");
            Package::new(eco, &name, Some(&version))
                .purl(&purl)
                .source(PackageSource::registry("registry+https://example.invalid/index"))
        })
        .collect();

    let mut load_ms = Vec::new();
    let mut match_ms = Vec::new();
    let mut found = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        let loaded = load(&grants);
        load_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let out = report::advise(&loaded, &inventory);
        match_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        found = out.advisories.len();
        assert!(loaded.index.entries.len() > records, "{}", loaded.index.entries.len());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "osv native: {} records ({records} synthetic in a {zip_size}-byte all.zip + RustSec, PyPA, GHSA test data), {packages} packages, {rounds} rounds",
        records + 1205 + 300 + 356
    );
    println!("  index load  median {:.1} ms", median(&mut load_ms));
    println!("  match       median {:.1} ms ({found} advisories)", median(&mut match_ms));
}
