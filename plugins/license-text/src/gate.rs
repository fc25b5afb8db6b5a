//! The cheap path: find the parts of a file worth tokenising. Files without licence-ish words
//! cost one pass over their bytes; elsewhere only the lines around those words are read.

use ospo_plugin_sdk::keywords::Keywords;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Lowercase ASCII needles; any of them marks licence or copyright text nearby. None contains
/// another ("redistribut" is found as "distribut", "public license" as "licen"): a redundant
/// needle finds nothing new and costs the filter precision.
const NEEDLES: &[&[u8]] = &[
    b"licen",
    b"copyright",
    b"copyleft",
    b"warrant",
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

/// Bytes read at most on each side of a needle, whatever the lines: minified code, source maps
/// and lockfiles hold megabytes on one line, and a needle there (a `/*! @license */` banner, a
/// `"license"` field) must not make the whole line licence text to read. Forty ordinary lines are
/// well inside it, and a licence text has needles far closer together than this.
const CONTEXT_BYTES: usize = 8 * 1024;

/// The needles as the host's content filter takes them: a file without one yields nothing but
/// its manifest fields.
pub fn needles() -> Vec<String> {
    NEEDLES.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect()
}

/// The needles, compiled once per instance for the SDK's vectorised keyword search.
pub fn keywords() -> &'static Keywords {
    static KEYWORDS: OnceLock<Keywords> = OnceLock::new();
    KEYWORDS.get_or_init(|| Keywords::new(NEEDLES))
}

/// The built-in needles plus `extra` (a custom licence's own words), compiled for [`regions_with`].
pub fn keywords_with(extra: &[String]) -> Keywords {
    Keywords::new(NEEDLES.iter().copied().chain(extra.iter().map(String::as_bytes)))
}

/// Extensions of program source, where licence text lives in comments: a line of code neither
/// holds licence text nor continues it, so it bounds a region (a header's 40 lines of context
/// would otherwise be mostly code) and a needle on it opens none (`use rand::distributions`).
const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "java", "js", "mjs", "cjs", "ts", "tsx", "jsx",
    "go", "swift", "kt", "kts", "scala", "php", "m", "mm", "dart", "zig",
];

/// Whether `path` is program source by its extension.
pub fn is_source(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// A line of program code: no comment, and it ends a statement or opens or closes a block.
/// Licence text inside a block comment without leading `*` rarely ends in `;`, `{` or `}`.
fn is_code_line(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    let comment = [&b"//"[..], b"/*", b"*", b"#"].iter().any(|m| t.starts_with(m));
    !comment && matches!(t.last(), Some(b';' | b'{' | b'}'))
}

/// Byte ranges (ascending, whole lines) around licence-ish words of the file at `path`; empty
/// when there are none.
pub fn regions(path: &str, bytes: &[u8]) -> Vec<(usize, usize)> {
    regions_with(path, bytes, keywords())
}

/// [`regions`] around the words of `keywords` (the built-in needles and any custom licence's).
pub fn regions_with(path: &str, bytes: &[u8], keywords: &Keywords) -> Vec<(usize, usize)> {
    scan(path, bytes, keywords).regions
}

/// What the gate found in a file.
pub struct Gate {
    /// Byte ranges (ascending, whole lines) around licence-ish words; empty when there are none.
    pub regions: Vec<(usize, usize)>,
    /// The file states its licence in an `SPDX-License-Identifier:` tag (a valid expression and
    /// nothing else on the line), every other line that opened a region is (in program source)
    /// a copyright line with no other needle, and no region holds an address: the header of
    /// most files in a tree that tags its files (three in five of the Linux kernel's). Such a
    /// file holds copyrights to read and no licence text to match. Without the tag it could:
    /// nine licences of the SPDX list hold no needle but "copyright" (Kastrup, HIDAPI, ...).
    pub tags_and_copyrights_only: bool,
}

/// [`regions_with`], and whether only tags and copyright lines opened them.
pub fn scan(path: &str, bytes: &[u8], keywords: &Keywords) -> Gate {
    let source = is_source(path);
    let mut plain = true;
    let mut tagged = false;
    // Byte offsets of the first needle on each line holding one.
    let mut hits: Vec<usize> = Vec::new();
    let mut from = 0;
    // The line of the last hit: (its end at the newline or the end of the file, whether code).
    let mut line: Option<(usize, bool)> = None;
    while let Some(hit) = keywords.find_at(bytes, from) {
        let (line_end, code) = match line {
            Some(same) if hit.start < same.0 => same,
            _ => {
                let (start, end) = line_around(bytes, hit.start);
                let code = source && is_code_line(&bytes[start..end]);
                if plain && !code {
                    let text = &bytes[start..end];
                    let short = end - start <= CONTEXT_BYTES;
                    let tag = short && is_tag_line(text);
                    tagged |= tag;
                    plain = tag || short && source && is_copyright_line(text, keywords);
                }
                *line.insert((end, code))
            }
        };
        if !code {
            hits.push(hit.start);
        }
        if line_end - hit.start > CONTEXT_BYTES {
            // A long line: each needle on it gets its own window of bytes.
            from = hit.end;
        } else if line_end < bytes.len() {
            // The rest of the line adds nothing.
            from = line_end + 1;
        } else {
            break;
        }
    }
    let Some(&last_hit) = hits.last() else {
        return Gate { regions: Vec::new(), tags_and_copyrights_only: false };
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
    let start_of = |l: usize| line_starts.get(l).copied().unwrap_or(bytes.len());
    let code = |l: usize| source && is_code_line(&bytes[start_of(l)..start_of(l + 1)]);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        let l = line_starts.partition_point(|&s| s <= h) - 1;
        let (mut first, mut last) = (l, l);
        while first > 0 && l - first < CONTEXT_LINES && !code(first - 1) {
            first -= 1;
        }
        while last + 1 < line_starts.len() && last - l < CONTEXT_LINES && !code(last + 1) {
            last += 1;
        }
        let a = start_of(first).max(char_boundary(bytes, h.saturating_sub(CONTEXT_BYTES)));
        let b = start_of(last + 1).min(char_boundary(bytes, h.saturating_add(CONTEXT_BYTES)));
        match out.last_mut() {
            Some(prev) if prev.1 >= a => prev.1 = prev.1.max(b),
            _ => out.push((a, b)),
        }
    }
    // A licence address holds no needle ("see https://mozilla.org/MPL/2.0/" under a copyright).
    let addresses = || out.iter().any(|&(a, b)| memchr::memmem::find(&bytes[a..b], b"://").is_some());
    let plain = plain && tagged && !addresses();
    Gate { regions: out, tags_and_copyrights_only: plain }
}

/// The line holding byte `at`: its start and its end (the newline or the end of `bytes`).
pub fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p);
    (start, end)
}

/// An `SPDX-License-Identifier:` line holding a valid expression and only comment marks around
/// it: license-tag's finding, with nothing else on the line to read.
pub fn is_tag_line(line: &[u8]) -> bool {
    const TAG: &[u8] = b"spdx-license-identifier:";
    let body = line.trim_ascii();
    let lead = body.iter().take_while(|b| !b.is_ascii_alphanumeric()).count();
    let Some(rest) =
        body.get(lead..).filter(|r| r.get(..TAG.len()).is_some_and(|t| t.eq_ignore_ascii_case(TAG)))
    else {
        return false;
    };
    let expression = rest[TAG.len()..].trim_ascii();
    // A block comment's or an HTML comment's closing marks.
    let expression =
        [&b"*/"[..], b"-->"].iter().find_map(|close| expression.strip_suffix(*close)).unwrap_or(expression);
    std::str::from_utf8(expression).is_ok_and(|e| valid_expression(e.trim()))
}

/// Whether `expression` is a valid SPDX expression, remembered: a tree tags its files with a few
/// dozen expressions, and parsing one cost as much as reading the rest of a tagged header.
fn valid_expression(expression: &str) -> bool {
    static SEEN: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Mutex::default);
    if let Some(&valid) = seen.lock().ok().and_then(|map| map.get(expression).copied()).as_ref() {
        return valid;
    }
    let valid = ospo_plugin_sdk::expression::validate(expression).is_ok();
    if let Ok(mut map) = seen.lock()
        && map.len() < 4096
    {
        map.insert(expression.to_string(), valid);
    }
    valid
}

/// A line of program source whose only needles are copyright marks. In a comment such a line
/// states a copyright and no licence; a licence it stands beside holds needles of its own.
fn is_copyright_line(line: &[u8], keywords: &Keywords) -> bool {
    let mut from = 0;
    while let Some(hit) = keywords.find_at(line, from) {
        let word = &line[hit.start..hit.end];
        if !(word.eq_ignore_ascii_case(b"copyright") || word == "©".as_bytes()) {
            return false;
        }
        from = hit.end;
    }
    true
}

/// The first UTF-8 character boundary at or after `i` (or the end).
fn char_boundary(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
        i += 1;
    }
    i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_code_costs_nothing() {
        let src = b"fn main() {\n    let total = items.iter().sum::<u32>();\n    println!(\"{total}\");\n}\n";
        assert!(regions("main.rs", src).is_empty());
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
                    assert!(!regions("notes.txt", text.as_bytes()).is_empty(), "{text:?}");
                }
            }
        }
        for clean in ["public fn main() { let x = y; }\n", "Lic en se, co py right, g p l\n"] {
            assert_eq!(
                naive(clean.as_bytes()),
                !regions("notes.txt", clean.as_bytes()).is_empty(),
                "{clean:?}"
            );
        }
    }

    #[test]
    fn in_source_files_lines_of_code_bound_a_region() {
        let src = "// Copyright 2024 Acme Corp.\n// Licensed under the MIT licence.\n\nuse std::fs;\n\nfn main() {\n    let p = fs::metadata(\"x\").unwrap().permissions();\n}\n";
        // The header's lines and the blank line after it; `use std::fs;` ends the region, and
        // `permissions()` on a line of code opens none.
        assert_eq!(regions("src/main.rs", src.as_bytes()), vec![(0, src.find("use").unwrap())]);
        // The same text in a document is read with its whole context.
        assert_eq!(regions("notes.txt", src.as_bytes()), vec![(0, src.len())]);
        assert!(regions("src/lib.rs", b"use rand::distributions::Uniform;\n").is_empty());
        // Comment lines that end like code are still comments.
        let block = "/*\n * Permission is granted; see below {\n * Licensed under MIT.\n */\nint x;\n";
        assert_eq!(regions("a.c", block.as_bytes()), vec![(0, block.find("int").unwrap())]);
    }

    #[test]
    fn a_tagged_header_of_copyrights_has_nothing_to_match() {
        let plain = |path: &str, text: &str| scan(path, text.as_bytes(), keywords()).tags_and_copyrights_only;
        let header = "// SPDX-License-Identifier: GPL-2.0-only\n/*\n * Copyright (C) 2010 Ana Ruiz\n *\n * \
                      Driver for the bar chip.\n */\n#include <linux/bar.h>\nstatic int x;\n";
        assert!(plain("drivers/bar.c", header));
        assert!(
            !scan("drivers/bar.c", header.as_bytes(), keywords()).regions.is_empty(),
            "copyrights are still read"
        );
        // Anything else that opens a region is read as before.
        assert!(!plain("drivers/bar.c", &header.replace("chip.", "chip, licensed under the GPL.")));
        assert!(!plain("drivers/bar.c", &header.replace("chip.", "chip: see https://mozilla.org/MPL/2.0/")));
        // Without the tag, a copyright may stand in a licence of its own (Kastrup's is one line).
        assert!(!plain(
            "drivers/bar.c",
            &header.replace("SPDX-License-Identifier: GPL-2.0-only", "bar driver")
        ));
        // Outside program source a copyright line opens a region of prose.
        assert!(!plain("NOTICE", header));
        assert!(plain("NOTICE", "SPDX-License-Identifier: MIT\n"));
        assert!(!plain("a.c", "// SPDX-License-Identifier: MIT, see COPYING\nint x;\n"));
    }

    #[test]
    fn tag_lines_hold_a_valid_expression_and_comment_marks() {
        for line in [
            "/* SPDX-License-Identifier: MIT */",
            "# SPDX-License-Identifier: (GPL-2.0-or-later OR BSD-2-Clause)",
            ".. SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note",
            "<!-- SPDX-License-Identifier: Apache-2.0 -->",
            "\tspdx-license-identifier: mit\r",
        ] {
            assert!(is_tag_line(line.as_bytes()), "{line:?}");
        }
        for line in [
            "SPDX-License-Identifier: MIT see LICENSE",
            "SPDX-License-Identifier:",
            "x = \"SPDX-License-Identifier: MIT\"",
            "// Licensed as SPDX-License-Identifier: MIT",
        ] {
            assert!(!is_tag_line(line.as_bytes()), "{line:?}");
        }
    }

    #[test]
    fn a_long_line_is_read_only_around_its_needles() {
        // A minified bundle: one line of a megabyte, a banner at the start and a licence
        // comment in the middle.
        let filler = "var a=function(b){return b+1},";
        let mut line = String::from("/*! @license MIT */");
        while line.len() < 512 * 1024 {
            line.push_str(filler);
        }
        line.push_str("/* Copyright 2020 Ana Ruiz */");
        while line.len() < 1024 * 1024 {
            line.push_str(filler);
        }
        let r = regions("dist/app.min.js", line.as_bytes());
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].0, 0);
        assert!(r.iter().all(|(a, b)| b - a <= 2 * CONTEXT_BYTES + 64), "{r:?}");
        let middle = line.find("Copyright").unwrap_or(0);
        assert!(r[1].0 < middle && middle < r[1].1, "{r:?}");
    }

    #[test]
    fn a_header_opens_a_window_of_lines() {
        let mut src = String::from("// Licensed under the Apache License, Version 2.0\n");
        for i in 0..100 {
            src.push_str(&format!("let x{i} = {i};\n"));
        }
        let r = regions("notes.txt", src.as_bytes());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, 0);
        assert!(r[0].1 < src.len(), "lines far from the header are not read");
    }
}
