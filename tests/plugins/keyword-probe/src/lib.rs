//! Test plugin: runs the SDK's keyword search inside the sandbox, where guests use the wasm
//! SIMD (simd128) filter, beside a plain byte-by-byte search, and reports per file whether they
//! agree. Native unit tests only reach the lane-by-lane twin of the filter; this is what checks
//! the vector one.

use ospo_plugin_sdk::keywords::Keywords;
use ospo_plugin_sdk::{
    DetectOutput, Detector, Diagnostic, FileInput, Level, Observation, PluginInfo, register_detector,
};
use std::sync::OnceLock;

/// Keywords of the licence gate's kind: anchored mid-word, short, non-ASCII, sharing prefixes.
const WORDS: &[&str] = &[
    "licen",
    "copyright",
    "without restriction",
    "gpl",
    "\u{a9}",
    "spdx-",
    "public domain",
    "public license",
    "patent",
    "x",
];

struct KeywordProbe;

fn keywords() -> &'static Keywords {
    static K: OnceLock<Keywords> = OnceLock::new();
    K.get_or_init(|| Keywords::new(WORDS))
}

/// Every start where some keyword matches, ignoring ASCII case.
fn plain_starts(hay: &[u8]) -> Vec<usize> {
    (0..hay.len())
        .filter(|&i| {
            WORDS
                .iter()
                .any(|w| hay.get(i..i + w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes())))
        })
        .collect()
}

impl Detector for KeywordProbe {
    fn info() -> PluginInfo {
        PluginInfo::new("keyword-probe", env!("CARGO_PKG_VERSION"))
            .describe("checks the SDK keyword search against a plain search")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
        let hay = &file.contents;
        let want = plain_starts(hay);
        // Each start, searched from every position up to it: every alignment of every block.
        let mut got = Vec::new();
        let mut from = 0;
        while let Some(hit) = keywords().find_at(hay, from) {
            got.push(hit.start);
            from = hit.start + 1;
        }
        let simd = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));
        if got == want {
            out.observations.push(Observation::new(
                "keyword-probe",
                Level::Info,
                format!("{}: {} hits agree (simd128: {simd})", file.path, got.len()),
                &file.path,
            ));
        } else {
            out.diagnostics.push(
                Diagnostic::new(
                    "keyword-search-mismatch",
                    Level::Error,
                    format!("keyword search found {got:?}, a plain search {want:?}"),
                )
                .at(&file.path, None),
            );
        }
        Ok(())
    }
}

register_detector!(KeywordProbe);
