//! The cheap path: find the parts of a file worth tokenising. Files without licence-ish words
//! cost one pass over their bytes; elsewhere only the lines around those words are read.

use ospo_plugin_sdk::keywords::Keywords;
use std::sync::OnceLock;

/// Lowercase ASCII needles; any of them marks licence or copyright text nearby.
const NEEDLES: &[&[u8]] = &[
    b"licen",
    b"copyright",
    b"copyleft",
    b"warrant",
    b"redistribut",
    b"permission",
    b"liabil",
    b"liable",
    b"public domain",
    b"spdx",
    b"same terms as",
    b"patent",
    b"gpl",
    b"copying",
    b"distribut",
    b"freely",
    b"without restriction",
    b"special exception",
    b"whatever way",
    b"public license",
    "©".as_bytes(),
    b"lizenz",
    b"urheber",
    "著作権".as_bytes(),
    "ライセンス".as_bytes(),
    "许可".as_bytes(),
];

/// Lines read on each side of a line holding a needle (full texts have a needle far more often).
/// Measured on the accuracy corpus: fewer lines before a needle loses texts that open with a
/// long needle-free preamble, fewer after loses their closing clauses.
const CONTEXT_LINES: usize = 40;

/// The needles, compiled once per instance for the SDK's vectorised keyword search.
fn keywords() -> &'static Keywords {
    static KEYWORDS: OnceLock<Keywords> = OnceLock::new();
    KEYWORDS.get_or_init(|| Keywords::new(NEEDLES))
}

/// Byte ranges (ascending, whole lines) around licence-ish words; empty when there are none.
pub fn regions(bytes: &[u8]) -> Vec<(usize, usize)> {
    let keywords = keywords();
    // Byte offsets of the first needle on each line holding one.
    let mut hits: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(hit) = keywords.find_at(bytes, from) {
        hits.push(hit.start);
        // The rest of the line adds nothing.
        match memchr::memchr(b'\n', &bytes[hit.end..]) {
            Some(p) => from = hit.end + p + 1,
            None => break,
        }
    }
    let Some(&last_hit) = hits.last() else {
        return Vec::new();
    };
    // Line starts up to the last line any region reaches.
    let mut line_starts = vec![0usize];
    let mut after = 0;
    for i in memchr::memchr_iter(b'\n', bytes) {
        line_starts.push(i + 1);
        if i >= last_hit {
            after += 1;
            if after > CONTEXT_LINES + 1 {
                break;
            }
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        let l = line_starts.partition_point(|&s| s <= h) - 1;
        let a = line_starts[l.saturating_sub(CONTEXT_LINES)];
        let b = line_starts.get(l + CONTEXT_LINES + 1).copied().unwrap_or(bytes.len());
        match out.last_mut() {
            Some(prev) if prev.1 >= a => prev.1 = prev.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_code_costs_nothing() {
        let src = b"fn main() {\n    let total = items.iter().sum::<u32>();\n    println!(\"{total}\");\n}\n";
        assert!(regions(src).is_empty());
    }

    /// The vectorised keyword search must find what a plain search finds: every needle,
    /// in any case, at every alignment, at line starts and ends and after false alarms.
    #[test]
    fn the_filtered_scan_finds_what_a_plain_search_finds() {
        let needle_at = |bytes: &[u8], i: usize, n: &[u8]| {
            bytes.get(i..i + n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n))
        };
        let naive = |bytes: &[u8]| (0..bytes.len()).any(|i| NEEDLES.iter().any(|n| needle_at(bytes, i, n)));
        let words = ["LICENSE", "Copyright", "gpl", "GPLv2", "\u{a9} 2024", "SPDX", "spdx", "Patent", "许可"];
        for word in words {
            for pad in 0..12 {
                for filler in ["x", "lic", "pub", "co\n"] {
                    let text = format!("{}{word}{}", filler.repeat(pad), filler.repeat(pad % 3));
                    assert!(naive(text.as_bytes()), "{text:?}");
                    assert!(!regions(text.as_bytes()).is_empty(), "{text:?}");
                }
            }
        }
        for clean in ["public fn main() { let x = y; }\n", "Lic en se, co py right, g p l\n"] {
            assert_eq!(naive(clean.as_bytes()), !regions(clean.as_bytes()).is_empty(), "{clean:?}");
        }
    }

    #[test]
    fn a_header_opens_a_window_of_lines() {
        let mut src = String::from("// Licensed under the Apache License, Version 2.0\n");
        for i in 0..100 {
            src.push_str(&format!("let x{i} = {i};\n"));
        }
        let r = regions(src.as_bytes());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, 0);
        assert!(r[0].1 < src.len(), "lines far from the header are not read");
    }
}
