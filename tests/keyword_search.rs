//! The SDK's keyword search, run where plugins run: inside the sandbox, compiled for
//! wasm32-wasip2 with simd128, so its vector filter (which native unit tests never reach) must
//! find exactly what a plain byte-by-byte search finds. The `keyword-probe` test plugin compares
//! the two on every `.txt` file and reports each file's verdict.

mod common;

use common::{Project, diagnostics, observations, test_plugin};

/// Text where the keywords sit at every offset of a 16-byte block, after near misses and
/// prefixes of one another, in mixed case, at the very start and end, and beside non-ASCII.
fn every_alignment() -> String {
    let words = ["LICENSE", "Copyright", "gPl", "\u{a9} 2024", "SPDX-", "Without Restriction", "X"];
    let fillers = ["a", "lic", "pub", "co\n", "\u{e9}", "withou", "publi"];
    let mut text = String::new();
    for word in words {
        for pad in 0..34 {
            for filler in fillers {
                text.push_str(&filler.repeat(pad));
                text.push_str(word);
                text.push_str(&filler.repeat(pad % 5));
                text.push('\n');
            }
        }
    }
    text
}

/// Pseudo-random text over the keywords' own letters: near misses on every line.
fn near_misses(seed: u32) -> String {
    let alphabet = b"licenopyrghtxsd- wuAIPLX\n";
    let mut state = seed;
    (0..20_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(alphabet[(state >> 16) as usize % alphabet.len()])
        })
        .collect()
}

#[test]
fn the_vector_keyword_search_finds_what_a_plain_search_finds_in_the_sandbox() {
    let project = Project::from_fixture("sandbox");
    project.write("probe/alignment.txt", &every_alignment());
    for seed in 1..=4 {
        project.write(&format!("probe/random-{seed}.txt"), &near_misses(seed));
    }
    // Lengths around the block size: the padded tail path.
    for len in [0, 1, 2, 15, 16, 17, 18, 19, 31, 33] {
        let text: String = "Xgpl".chars().cycle().take(len).collect();
        project.write(&format!("probe/tail-{len}.txt"), &text);
    }
    let run = project.scan_with(&test_plugin("keyword-probe"), "", &[]);
    let result = run.assert_code(0).json();
    let mismatches = diagnostics(&result, "keyword-search-mismatch", "keyword-probe");
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    let verdicts = observations(&result, "keyword-probe");
    let probed: Vec<&&str> = verdicts.iter().filter(|m| m.starts_with("probe/")).collect();
    assert_eq!(probed.len(), 15, "{verdicts:#?}");
    for verdict in probed {
        assert!(verdict.ends_with("(simd128: true)"), "the guest ran without wasm SIMD: {verdict}");
    }
    let alignment = verdicts.iter().find(|m| m.starts_with("probe/alignment.txt")).expect("a verdict");
    assert!(!alignment.starts_with("probe/alignment.txt: 0 hits"), "{alignment}");
}
