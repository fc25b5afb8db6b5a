//! Native license-tag over a list of files, single-threaded, next to a plain substring count of
//! the same bytes (what `rg -c` does per file). Usage: `license-tag-native-bench FILE_LIST [RUNS]`
//! where FILE_LIST holds one path a line (bench/scan.sh writes one); binary files (a NUL in the
//! first 8 KiB) and files over 4 MiB are skipped, as the ospo host does for license-tag.

use std::hint::black_box;
use std::time::Instant;

use ospo_plugin_license_tag::LicenseTag;
use ospo_plugin_sdk::{DetectOutput, Detector, FileInput};

fn main() {
    let mut args = std::env::args().skip(1);
    let list = args.next().expect("usage: license-tag-native-bench FILE_LIST [RUNS]");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let files: Vec<FileInput> = std::fs::read_to_string(&list)
        .expect("reading the file list")
        .lines()
        .filter_map(|path| {
            let contents = std::fs::read(path).ok()?;
            let text = contents.len() <= 4 << 20 && !contents[..contents.len().min(8192)].contains(&0);
            text.then(|| FileInput { path: path.to_string(), contents })
        })
        .collect();
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    println!("{} text files, {:.1} MB, in memory; {runs} runs, median:", files.len(), bytes as f64 / 1e6);

    let time = |name: &str, work: &mut dyn FnMut() -> usize| {
        let mut seconds: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                black_box(work());
                t.elapsed().as_secs_f64()
            })
            .collect();
        seconds.sort_by(f64::total_cmp);
        let s = seconds[seconds.len() / 2];
        println!(
            "| {name} | {:.0} ms | {:.0} MB/s | {:.0} files/s |",
            s * 1e3,
            bytes as f64 / s / 1e6,
            files.len() as f64 / s
        );
        s
    };
    let count = time("native substring count (`str::matches`, lossy UTF-8)", &mut || {
        files
            .iter()
            .map(|f| String::from_utf8_lossy(&f.contents).matches("SPDX-License-Identifier").count())
            .sum()
    });
    let detect = time("native license-tag `detect_file`", &mut || {
        let mut out = DetectOutput::default();
        for file in &files {
            LicenseTag::detect_file(file, &mut out).expect("license-tag never fails");
        }
        out.licenses.len()
    });
    println!("ratio license-tag / substring count: {:.1}x", detect / count);
}
