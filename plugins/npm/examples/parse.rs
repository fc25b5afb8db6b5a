//! The parser natively, for profiling and for BENCHMARKS.md's native-vs-wasm figure:
//! `cargo run --release -p ospo-plugin-npm --example parse -- DIR FILE [ROUNDS]` parses
//! `DIR/FILE` (DIR being the scan root, so a `package.json` beside it is read) ROUNDS times and
//! prints the packages, edges and the fastest round.

use std::time::{Duration, Instant};

use ospo_plugin_npm::Npm;
use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{FileInput, Parser};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, file, rest @ ..] = args.as_slice() else {
        return Err("usage: parse DIR FILE [ROUNDS]".to_string());
    };
    let rounds: u32 = rest.first().map_or(Ok(5), |r| r.parse()).map_err(|e| format!("ROUNDS: {e}"))?;
    let bytes = std::fs::read(format!("{dir}/{file}")).map_err(|e| format!("{dir}/{file}: {e}"))?;
    testing::set_root(dir.as_str());
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        let output = Npm::parse(FileInput::new(file, bytes.clone())).map_err(|e| format!("{e:?}"))?;
        best = best.min(started.elapsed());
        if rounds == 1 || best == started.elapsed() {
            eprintln!("{} packages, {} edges", output.packages.len(), output.edges.len());
        }
    }
    println!("fastest of {rounds}: {:.1} ms", best.as_secs_f64() * 1000.0);
    Ok(())
}
