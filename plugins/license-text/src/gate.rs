//! The cheap path: find the parts of a file worth tokenising. Files without licence-ish words
//! cost one pass over their bytes; elsewhere only the lines around those words are read.

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
const CONTEXT_LINES: usize = 40;

fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// Bits of the gate's filter table.
const FILTER_BITS: usize = 1 << 16;

/// Filter bit of four lowercased bytes (little-endian: the last byte in the high byte).
fn filter_bit(key: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

/// Bitset over hashed windows of four lowercased bytes: a needle's first four bytes, or for the
/// three-byte `gpl` every byte followed by it. One lookup per byte rejects almost every position
/// (the pairs of letters needles start with are common in code, their four-byte prefixes are not).
fn filter() -> &'static [u64; FILTER_BITS / 64] {
    static TABLE: OnceLock<[u64; FILTER_BITS / 64]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u64; FILTER_BITS / 64];
        let mut set = |key: u32| {
            let b = filter_bit(key);
            t[b / 64] |= 1 << (b % 64);
        };
        for n in NEEDLES {
            match n.len() {
                0..=2 => {} // `©`: checked on its own
                3 => (0..=255u8).for_each(|x| set(u32::from_le_bytes([x, n[0], n[1], n[2]]))),
                _ => set(u32::from_le_bytes([n[0], n[1], n[2], n[3]])),
            }
        }
        t
    })
}

/// Whether the filter lets the window `key` (four lowercased bytes ending at a position) through,
/// or the position ends a `©`.
fn maybe(table: &[u64; FILTER_BITS / 64], key: u32) -> bool {
    let bit = filter_bit(key);
    table[bit / 64] & (1 << (bit % 64)) != 0 || key >> 16 == 0xa9c2
}

/// Eight bytes with ASCII capitals lowercased, all at once.
fn lower8(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w & LOW7;
    let at_least_a = x + 0x3f3f_3f3f_3f3f_3f3f; // high bit set where x >= 'A'
    let past_z = x + 0x2525_2525_2525_2525; // high bit set where x > 'Z'
    let upper = at_least_a & !past_z & !w & 0x8080_8080_8080_8080;
    w | (upper >> 2)
}

/// Whether needle `n` is at `bytes[start..]`, ignoring ASCII case.
fn needle_at(bytes: &[u8], start: usize, n: &[u8]) -> bool {
    bytes.get(start..start + n.len()).is_some_and(|w| w.iter().zip(n).all(|(a, b)| lower(*a) == *b))
}

/// Whether the window of four bytes ending at `end` (inclusive) holds the start of a needle.
fn hit_ending_at(bytes: &[u8], end: usize) -> bool {
    NEEDLES.iter().any(|n| {
        let first = (end + 1).checked_sub(n.len().min(4));
        first.is_some_and(|s| needle_at(bytes, s, n))
    })
}

/// Offset of the first byte from `report` on that may end a needle's first four bytes (the
/// filter lets a few others through); the window of bytes starts at `scan` (up to three before).
/// Eight bytes a step: one load, lowercased together, one branch.
fn next_maybe(bytes: &[u8], scan: usize, report: usize, table: &[u64; FILTER_BITS / 64]) -> Option<usize> {
    let rest = bytes.get(scan..)?;
    let mut chunks = rest.chunks_exact(8);
    // The three lowercased bytes before the chunk, in the low bytes.
    let mut before = 0u32;
    for (c, chunk) in chunks.by_ref().enumerate() {
        let w = lower8(u64::from_le_bytes(chunk.try_into().expect("chunks of eight")));
        let window = u128::from(before) | (u128::from(w) << 24);
        let mut hits = 0u32;
        for k in 0..8 {
            #[allow(clippy::cast_possible_truncation)]
            let key = (window >> (8 * k)) as u32;
            hits |= u32::from(maybe(table, key)) << k;
        }
        #[allow(clippy::cast_possible_truncation)]
        {
            before = (w >> 40) as u32;
        }
        let at = scan + c * 8;
        if at + 8 <= report {
            continue;
        }
        hits &= !((1u32 << report.saturating_sub(at)) - 1);
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize);
        }
    }
    let tail = rest.len() - chunks.remainder().len();
    let mut key = before << 8;
    for (k, &b) in chunks.remainder().iter().enumerate() {
        key = (key >> 8) | (u32::from(lower(b)) << 24);
        if maybe(table, key) && scan + tail + k >= report {
            return Some(scan + tail + k);
        }
    }
    None
}

/// Byte ranges (ascending, whole lines) around licence-ish words; empty when there are none.
pub fn regions(bytes: &[u8]) -> Vec<(usize, usize)> {
    let table = filter();
    // Byte offsets of the first needle on each line holding one.
    let mut hits: Vec<usize> = Vec::new();
    let (mut scan, mut report) = (0, 0);
    while let Some(i) = next_maybe(bytes, scan, report, table) {
        if !hit_ending_at(bytes, i) {
            // Go on after it, the window primed with the three bytes before.
            (scan, report) = (i.saturating_sub(2), i + 1);
            continue;
        }
        hits.push(i);
        // The rest of the line adds nothing.
        match bytes[i..].iter().position(|&c| c == b'\n') {
            Some(p) => (scan, report) = (i + p + 1, i + p + 1),
            None => break,
        }
    }
    if hits.is_empty() {
        return Vec::new();
    }
    // Line starts up to the last line any region reaches.
    let last_hit = hits[hits.len() - 1];
    let mut line_starts = vec![0usize];
    let mut after = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line_starts.push(i + 1);
            if i >= last_hit {
                after += 1;
                if after > CONTEXT_LINES + 1 {
                    break;
                }
            }
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        let l = line_starts.partition_point(|&s| s <= h) - 1;
        let first = l.saturating_sub(CONTEXT_LINES);
        let last = (l + CONTEXT_LINES + 1).min(line_starts.len());
        let a = line_starts[first];
        let b = line_starts.get(last).copied().unwrap_or(bytes.len());
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

    /// The filtered, eight-bytes-a-step scan must find what a plain search finds: every needle,
    /// in any case, at every alignment, at line starts and ends and after false alarms.
    #[test]
    fn the_filtered_scan_finds_what_a_plain_search_finds() {
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
