//! Hostile input never panics, and parse time grows linearly with the lockfile.

use std::time::{Duration, Instant};

use ospo_plugin_sdk::mutate::Mutations;

use super::*;

#[test]
fn mutated_fixtures_never_panic() {
    let mut runs = 0;
    for (seed, (case, file)) in LOCKFILES.iter().enumerate() {
        let dir = fixture_dir(case);
        let bytes = std::fs::read(format!("{dir}/{file}")).expect("fixture");
        // The large lockfile costs as much as all the others: fewer mutants of it.
        let count = if bytes.len() > 100_000 { 3 } else { 90 };
        for mutant in Mutations::new(&bytes, 0x5eed + seed as u64).take(count) {
            let _ = parse_in(&dir, file, &mutant);
            runs += 1;
        }
    }
    for (name, text) in
        [("package.json", "{\"name\": \"a\", \"dependencies\": {\"b\": \"^1\"}, \"workspaces\": [\"x/*\"]}")]
    {
        let root = scratch("fuzz-pj", &[(name, text)]);
        for mutant in Mutations::new(text.as_bytes(), 9).take(300) {
            let _ = parse_in(&root, name, &mutant);
        }
    }
    assert!(runs > 1500);
}

/// A package-lock.json v3, a pnpm-lock.yaml 9.0 and a yarn.lock v1 of `n` packages, each
/// depending on the next two.
fn synthetic(n: usize) -> [(&'static str, String); 3] {
    let mut npm = String::from(
        "{\n  \"name\": \"big\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"big\", \"dependencies\": {\"p0\": \"^1\"}}",
    );
    let mut pnpm = String::from(
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      p0:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n",
    );
    let mut snapshots = String::from("\nsnapshots:\n\n");
    let mut yarn = String::from("# yarn lockfile v1\n\n\n");
    for i in 0..n {
        let deps: Vec<usize> = [i + 1, i + 2].into_iter().filter(|d| *d < n).collect();
        let json_deps: Vec<String> = deps.iter().map(|d| format!("\"p{d}\": \"^1\"")).collect();
        npm.push_str(&format!(
            ",\n    \"node_modules/p{i}\": {{\n      \"version\": \"1.0.0\",\n      \"integrity\": \"sha512-AAEC\",\n      \"dependencies\": {{{}}}\n    }}",
            json_deps.join(", ")
        ));
        pnpm.push_str(&format!("  p{i}@1.0.0:\n    resolution: {{integrity: sha512-AAEC}}\n\n"));
        snapshots.push_str(&format!("  p{i}@1.0.0:\n    dependencies:\n"));
        yarn.push_str(&format!("p{i}@^1:\n  version \"1.0.0\"\n  integrity sha512-AAEC\n  dependencies:\n"));
        for d in &deps {
            snapshots.push_str(&format!("      p{d}: 1.0.0\n"));
            yarn.push_str(&format!("    p{d} \"^1\"\n"));
        }
        yarn.push('\n');
    }
    npm.push_str("\n  }\n}\n");
    pnpm.push_str(&snapshots);
    [("package-lock.json", npm), ("pnpm-lock.yaml", pnpm), ("yarn.lock", yarn)]
}

/// The best of three parses: the machine is shared, and only the parser's own cost counts.
fn time(root: &str, file: &str, text: &str, packages: usize) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let out = parse_in(root, file, text.as_bytes());
            let elapsed = start.elapsed();
            assert!(out.diagnostics.is_empty(), "{file}: {:#?}", out.diagnostics.first());
            assert!(out.packages.len() >= packages, "{file}: {}", out.packages.len());
            elapsed
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn parse_time_is_linear_in_the_lockfile() {
    let root = scratch("linear", &[]);
    let small = synthetic(2_500);
    let big = synthetic(10_000);
    for ((file, small), (_, big)) in small.iter().zip(&big) {
        let t_small = time(&root, file, small, 2_500);
        let t_big = time(&root, file, big, 10_000);
        // Shown with `--nocapture`; `cargo test --release` gives the figure that matters.
        eprintln!("{file}: 2,500 packages in {t_small:?}, 10,000 in {t_big:?}");
        // Four times the input: linear is 4x; quadratic would be 16x. Debug builds are noisy.
        assert!(t_big < t_small * 10 + Duration::from_millis(50), "{file}: {t_small:?} then {t_big:?}");
    }
}
