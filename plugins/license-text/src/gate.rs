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

/// Bitset over (lowercased byte, lowercased next byte): the first two bytes of a needle. One
/// lookup rejects almost every position, so the scan runs near memory speed.
fn pair_table() -> &'static [u64; 1024] {
    static TABLE: OnceLock<[u64; 1024]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u64; 1024];
        for n in NEEDLES {
            let k = (usize::from(n[0]) << 8) | usize::from(n[1]);
            t[k / 64] |= 1 << (k % 64);
        }
        t
    })
}

/// Byte ranges (ascending, whole lines) around licence-ish words; empty when there are none.
pub fn regions(bytes: &[u8]) -> Vec<(usize, usize)> {
    let table = pair_table();
    let mut hit_lines: Vec<usize> = Vec::new();
    let mut line = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        let k = (usize::from(lower(b)) << 8) | usize::from(lower(bytes[i + 1]));
        if table[k / 64] & (1 << (k % 64)) != 0 {
            let l = lower(b);
            let hit = NEEDLES.iter().any(|n| {
                n[0] == l
                    && bytes
                        .get(i..i + n.len())
                        .is_some_and(|w| w.iter().zip(*n).all(|(a, b)| lower(*a) == *b))
            });
            if hit {
                hit_lines.push(line);
                // The rest of the line adds nothing.
                match bytes[i..].iter().position(|&c| c == b'\n') {
                    Some(p) => i += p,
                    None => break,
                }
                continue;
            }
        }
        i += 1;
    }
    if hit_lines.is_empty() {
        return Vec::new();
    }
    let mut line_starts = vec![0usize];
    line_starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
    let mut out: Vec<(usize, usize)> = Vec::new();
    for l in hit_lines {
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
