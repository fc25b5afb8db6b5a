//! Host→plugin costs: a tiny call, a small and a 1 MiB `detect`, instantiation from the
//! `InstancePre`, and loading a plugin through a warm compile cache. Each op is measured next to a
//! baseline taken in the same run (the same work done natively, a memcpy of the same bytes, a cold
//! compile), and the table quotes the ratio, so a loaded or slower machine moves both sides.
//!
//! A small hand-written harness, not criterion (compile time): per op, a warm-up, then samples of
//! `batch` back-to-back calls (batch chosen so one sample lasts ≥ 50 µs, which keeps the clock's
//! own cost out of sub-microsecond ops); median and p90 are over the per-call time of each sample.
//!
//! Run: `cargo bench -p ospo --bench runtime` (the bench profile is the release profile).
//! `OSPO_BENCH_SAMPLES=N` changes the sample count of the fast ops (default 300);
//! `OSPO_BENCH_FILES=LIST` (one path a line; bench/scan.sh writes one) adds license-tag over
//! those files.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ospo::runtime::bindings::wit::{self, FileInput};
use ospo::runtime::{HostContext, Instance, Limits, LoadedPlugin, PluginSource, Runtime};

/// Where host/build.rs put the guest components (echo is a test plugin, so it is not embedded).
const GUEST_DIR: &str = env!("OSPO_GUEST_DIR");
/// One sample lasts at least this long; sub-microsecond ops are batched up to it.
const MIN_SAMPLE: Duration = Duration::from_micros(50);
const WARM_UP: Duration = Duration::from_millis(200);
const MIB: usize = 1 << 20;
const TAG: &str = "SPDX-License-Identifier";

struct Stats {
    median_us: f64,
    p90_us: f64,
    samples: usize,
    batch: u32,
}

/// Times `op`: warm-up, then `samples` samples of `batch` calls each.
fn measure(samples: usize, mut op: impl FnMut()) -> Stats {
    let warm_up_until = Instant::now() + WARM_UP;
    let mut calls = 0u32;
    let started = Instant::now();
    while calls < 3 || Instant::now() < warm_up_until {
        op();
        calls += 1;
    }
    let per_call = started.elapsed() / calls;
    let batch = u32::try_from(MIN_SAMPLE.as_nanos() / per_call.as_nanos().max(1))
        .unwrap_or(u32::MAX)
        .clamp(1, 100_000);

    let mut per_call_us: Vec<f64> = (0..samples)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                op();
            }
            t.elapsed().as_secs_f64() * 1e6 / f64::from(batch)
        })
        .collect();
    per_call_us.sort_by(f64::total_cmp);
    let at = |q: f64| per_call_us[((per_call_us.len() - 1) as f64 * q).round() as usize];
    Stats { median_us: at(0.5), p90_us: at(0.9), samples, batch }
}

struct Row {
    op: &'static str,
    plugin: &'static str,
    stats: Stats,
    /// Index into the baselines, and the ratio is op / baseline.
    baseline: Option<usize>,
    /// Bytes handled per call, for a throughput column.
    bytes: Option<usize>,
    target_us: Option<f64>,
}

struct Baseline {
    name: &'static str,
    stats: Stats,
}

fn main() {
    let fast_samples: usize =
        std::env::var("OSPO_BENCH_SAMPLES").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let cache_dir = std::env::temp_dir().join(format!("ospo-bench-cache-{}", std::process::id()));
    let runtime = Runtime::new(Some(cache_dir.clone())).expect("creating the runtime");

    let echo_path = guest("ospo-test-plugin-echo");
    let tag_path = guest("ospo-plugin-license-tag");
    let echo_bytes = std::fs::read(&echo_path).expect("reading the echo plugin (build with cargo bench)");
    let tag_bytes = std::fs::read(&tag_path).expect("reading the license-tag plugin");
    // The first load compiles and fills the cache; every later load in this process is warm.
    let echo = load(&runtime, &echo_bytes, &echo_path);
    let tag = load(&runtime, &tag_bytes, &tag_path);
    let mut echo_instance = instantiate(&runtime, &echo);
    let mut tag_instance = instantiate(&runtime, &tag);

    let small = vec![file("notes.txt", b"hello, plugin\n".repeat(4))];
    let big_text = vec![file("big.txt", text_of_size(MIB))];
    let source = vec![file("scan/mod.rs", tagged_source(include_bytes!("../src/scan/mod.rs")))];
    let big_source = vec![file("big.rs", repeat_to_size(&source[0].contents, MIB))];

    let mut baselines = Vec::new();
    let mut baseline = |name, stats| {
        baselines.push(Baseline { name, stats });
        baselines.len() - 1
    };
    // Natively, the same work the guest does: hand back the plugin's info / one observation.
    let b_info = baseline(
        "native: clone the same `PluginInfo`",
        measure(fast_samples, || {
            black_box(black_box(&echo.info).clone());
        }),
    );
    let b_echo = baseline(
        "native: build the same observation",
        measure(fast_samples, || {
            black_box(native_echo(black_box(&small)));
        }),
    );
    // The floor of moving 1 MiB into guest memory: one memcpy into a buffer already mapped (the
    // guest's linear memory is, after the first call).
    let mut landing = vec![0u8; MIB];
    let b_copy = baseline(
        "native: memcpy the 1 MiB into a live buffer",
        measure(fast_samples, || {
            landing.copy_from_slice(black_box(&big_text[0].contents));
            black_box(&landing);
        }),
    );
    // What `rg -c SPDX-License-Identifier` does on the same bytes, single-threaded.
    let b_count_small = baseline(
        "native: count `SPDX-License-Identifier` (str::matches)",
        measure(fast_samples, || {
            black_box(count_tags(black_box(&source[0].contents)));
        }),
    );
    let b_count_big = baseline(
        "native: count tags in the 1 MiB (str::matches)",
        measure(fast_samples, || {
            black_box(count_tags(black_box(&big_source[0].contents)));
        }),
    );
    // No cache: every load runs Cranelift. Few samples: each is 100+ ms.
    let b_cold_echo = baseline(
        "cold load (no cache: Cranelift compile)",
        measure(5, || {
            let cold = Runtime::new(None).expect("runtime");
            black_box(load(&cold, &echo_bytes, &echo_path));
        }),
    );
    let b_cold_tag = baseline(
        "cold load (no cache: Cranelift compile)",
        measure(5, || {
            let cold = Runtime::new(None).expect("runtime");
            black_box(load(&cold, &tag_bytes, &tag_path));
        }),
    );

    let mut rows = Vec::new();
    rows.push(Row {
        op: "tiny call: `info()` on a live instance",
        plugin: "echo",
        stats: measure(fast_samples, || {
            black_box(echo_instance.info().expect("info"));
        }),
        baseline: Some(b_info),
        bytes: None,
        target_us: Some(2.0),
    });
    rows.push(Row {
        op: "`detect`, 1 file of 56 B",
        plugin: "echo",
        stats: measure(fast_samples, || {
            black_box(detect(&mut echo_instance, &small));
        }),
        baseline: Some(b_echo),
        bytes: Some(small[0].contents.len()),
        target_us: Some(2.0),
    });
    rows.push(Row {
        op: "`detect`, 1 file of 1 MiB",
        plugin: "echo",
        stats: measure(fast_samples, || {
            black_box(detect(&mut echo_instance, &big_text));
        }),
        baseline: Some(b_copy),
        bytes: Some(MIB),
        target_us: None,
    });
    rows.push(Row {
        op: "`detect`, 1 source file with a tag",
        plugin: "license-tag",
        stats: measure(fast_samples, || {
            black_box(detect(&mut tag_instance, &source));
        }),
        baseline: Some(b_count_small),
        bytes: Some(source[0].contents.len()),
        target_us: None,
    });
    rows.push(Row {
        op: "`detect`, 1 MiB of tagged source",
        plugin: "license-tag",
        stats: measure(fast_samples / 3, || {
            black_box(detect(&mut tag_instance, &big_source));
        }),
        baseline: Some(b_count_big),
        bytes: Some(MIB),
        target_us: None,
    });
    for (plugin, name) in [(&echo, "echo"), (&tag, "license-tag")] {
        rows.push(Row {
            op: "instantiate from `InstancePre` (+ drop)",
            plugin: name,
            stats: measure(fast_samples, || {
                black_box(instantiate(&runtime, plugin));
            }),
            baseline: None,
            bytes: None,
            target_us: Some(100.0),
        });
    }
    for (bytes, path, name, cold) in
        [(&echo_bytes, &echo_path, "echo", b_cold_echo), (&tag_bytes, &tag_path, "license-tag", b_cold_tag)]
    {
        rows.push(Row {
            op: "`Runtime::load`, warm compile cache",
            plugin: name,
            stats: measure(fast_samples / 3, || {
                black_box(load(&runtime, bytes, path));
            }),
            baseline: Some(cold),
            bytes: None,
            target_us: None,
        });
    }

    // Optional: license-tag over a whole tree's text files held in memory, one thread, in the
    // host's batches of 64 files, against a substring count of the same bytes.
    let tree = std::env::var_os("OSPO_BENCH_FILES").map(|list| text_files(Path::new(&list)));
    if let Some(tree) = &tree {
        let bytes: usize = tree.iter().map(|f| f.contents.len()).sum();
        let b_tree = baseline(
            "native: count tags in the same files (str::matches)",
            measure(5, || {
                black_box(tree.iter().map(|f| count_tags(&f.contents)).sum::<usize>());
            }),
        );
        rows.push(Row {
            op: "`detect` over a tree's text files (batches of 64, 1 thread)",
            plugin: "license-tag",
            stats: measure(5, || {
                for batch in tree.chunks(64) {
                    black_box(detect(&mut tag_instance, batch));
                }
            }),
            baseline: Some(b_tree),
            bytes: Some(bytes),
            target_us: None,
        });
    }

    print_tables(&rows, &baselines, &echo_bytes, &tag_bytes);
    drop(runtime);
    let _ = std::fs::remove_dir_all(&cache_dir);
}

fn print_tables(rows: &[Row], baselines: &[Baseline], echo_bytes: &[u8], tag_bytes: &[u8]) {
    println!(
        "Components: echo {} KiB, license-tag {} KiB. Per-call µs: median and p90 over samples of `batch` calls.\n",
        echo_bytes.len() / 1024,
        tag_bytes.len() / 1024
    );
    println!(
        "| op | plugin | median µs | p90 µs | samples × batch | MB/s | baseline (same run) | baseline median µs | ratio | target | met |"
    );
    println!("|---|---|--:|--:|--:|--:|---|--:|--:|--:|---|");
    for row in rows {
        let s = &row.stats;
        let throughput = row.bytes.filter(|&b| b >= 1024).map_or("".to_string(), |b| {
            format!("{:.0}", b as f64 / s.median_us) // bytes per µs = MB/s
        });
        let (base_name, base_us, ratio) = match row.baseline {
            Some(i) => {
                let b = &baselines[i];
                (b.name, fmt_us(b.stats.median_us), fmt_ratio(s.median_us / b.stats.median_us))
            }
            None => ("—", String::new(), String::new()),
        };
        let (target, met) = match row.target_us {
            Some(t) => (format!("≤ {}", fmt_us(t)), if s.median_us <= t { "yes" } else { "**no**" }),
            None => (String::new(), ""),
        };
        println!(
            "| {} | {} | {} | {} | {} × {} | {} | {} | {} | {} | {} | {} |",
            row.op,
            row.plugin,
            fmt_us(s.median_us),
            fmt_us(s.p90_us),
            s.samples,
            s.batch,
            throughput,
            base_name,
            base_us,
            ratio,
            target,
            met
        );
    }
    println!("\nBaselines:");
    for b in baselines {
        println!("- {}: median {} µs, p90 {} µs", b.name, fmt_us(b.stats.median_us), fmt_us(b.stats.p90_us));
    }
}

fn fmt_ratio(ratio: f64) -> String {
    if ratio >= 0.1 { format!("{ratio:.1}×") } else { format!("1/{:.0}", 1.0 / ratio) }
}

fn fmt_us(us: f64) -> String {
    if us >= 100.0 {
        format!("{us:.0}")
    } else if us >= 10.0 {
        format!("{us:.1}")
    } else {
        format!("{us:.2}")
    }
}

fn guest(crate_name: &str) -> PathBuf {
    Path::new(GUEST_DIR).join(format!("{}.wasm", crate_name.replace('-', "_")))
}

fn load(runtime: &Runtime, bytes: &[u8], path: &Path) -> LoadedPlugin {
    runtime
        .load(bytes, PluginSource::File(path.to_path_buf()), Limits::default())
        .unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

fn instantiate(runtime: &Runtime, plugin: &LoadedPlugin) -> Instance {
    plugin.instantiate(runtime, Arc::new(HostContext::detached("bench"))).expect("instantiating")
}

fn detect(instance: &mut Instance, files: &[FileInput]) -> wit::DetectOutput {
    instance.detect(files).expect("detect")
}

fn file(path: &str, contents: Vec<u8>) -> FileInput {
    FileInput { path: path.to_string(), contents }
}

/// What the echo guest returns, built natively.
fn native_echo(files: &[FileInput]) -> wit::DetectOutput {
    let observations = files
        .iter()
        .map(|f| wit::Observation {
            rule_id: "echo".to_string(),
            level: wit::Level::Info,
            message: format!("{}: {} bytes", f.path, f.contents.len()),
            path: f.path.clone(),
            lines: None,
        })
        .collect();
    wit::DetectOutput { licenses: Vec::new(), copyrights: Vec::new(), observations, diagnostics: Vec::new() }
}

fn count_tags(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).matches(TAG).count()
}

/// The text files of a list (one path a line), as the host hands them to license-tag: at most
/// 4 MiB, no NUL in the first 8 KiB.
fn text_files(list: &Path) -> Vec<FileInput> {
    let list = std::fs::read_to_string(list).expect("reading OSPO_BENCH_FILES");
    list.lines()
        .filter_map(|path| {
            let contents = std::fs::read(path).ok()?;
            let text = contents.len() <= 4 * MIB && !contents[..contents.len().min(8192)].contains(&0);
            text.then(|| file(path, contents))
        })
        .collect()
}

/// Lines of plain text, `size` bytes exactly.
fn text_of_size(size: usize) -> Vec<u8> {
    repeat_to_size(b"The quick brown fox jumps over the lazy dog, again and again.\n", size)
}

/// A real source file with an SPDX header, as license-tag meets it in a tree.
fn tagged_source(body: &[u8]) -> Vec<u8> {
    let mut out = format!("// {TAG}: MIT OR Apache-2.0\n// SPDX-FileCopyrightText: 2025 The ospo authors\n")
        .into_bytes();
    out.extend_from_slice(body);
    out
}

fn repeat_to_size(unit: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let take = unit.len().min(size - out.len());
        out.extend_from_slice(&unit[..take]);
    }
    out
}
