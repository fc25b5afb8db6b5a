//! Case-insensitive search for a set of keywords, fast enough to run over every byte of a tree.
//!
//! A detector's first job is to skip the files, and the parts of files, that cannot hold what it
//! looks for; that pass touches every byte the host hands over, so its speed is the plugin's
//! speed. [`Keywords`] finds the first of up to a few dozen keywords, ASCII letters in any case,
//! with the fingerprint filter of Hyperscan's "Teddy" (also behind ripgrep's multi-literal
//! search): each 16-byte block is tested against the first three bytes of every keyword at once,
//! with two table lookups per byte and position, and only the rare positions that pass are
//! compared byte by byte. Guests built with `-C target-feature=+simd128` (this workspace's guests
//! are, see `.cargo/config.toml`) run a block as a dozen vector instructions; any other build runs
//! the same algorithm lane by lane, with the same results.

/// Keyword bytes the vector filter looks at.
const PREFIX: usize = 3;
/// Bytes a block reads: 16 start positions and the prefix bytes after the last one.
const BLOCK: usize = 16 + PREFIX - 1;
/// Keywords share this many filter buckets (one bit each in the nibble tables).
const BUCKETS: usize = 8;

/// A compiled set of keywords. Build it once (e.g. in a `OnceLock`) and search many inputs.
#[derive(Debug, Clone)]
pub struct Keywords {
    /// The keywords, ASCII-lowercased, in the order given.
    words: Vec<Vec<u8>>,
    /// Indexes into `words` per bucket.
    buckets: [Vec<usize>; BUCKETS],
    /// `low[k][n]`: buckets holding a keyword whose byte `k`, folded, has low nibble `n`.
    low: [[u8; 16]; PREFIX],
    /// `high[k][n]`: the same for the high nibble.
    high: [[u8; 16]; PREFIX],
}

/// Where a keyword was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the keyword's first byte.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Index of the keyword in the list given to [`Keywords::new`].
    pub keyword: usize,
}

/// The filter's view of a byte: ASCII capitals and small letters agree (other bytes may collide,
/// which only costs a comparison, never a miss).
fn fold(b: u8) -> u8 {
    b | 0x20
}

/// How many byte triples a bucket lets through, out of 2^24 (uniform bytes): the cost the bucket
/// assignment keeps low.
fn bucket_cost(low: &[[u8; 16]; PREFIX], high: &[[u8; 16]; PREFIX], bit: u8) -> u64 {
    (0..PREFIX)
        .map(|k| {
            let l = low[k].iter().filter(|&&m| m & bit != 0).count() as u64;
            let h = high[k].iter().filter(|&&m| m & bit != 0).count() as u64;
            l * h
        })
        .product()
}

impl Keywords {
    /// Compiles `words`. ASCII letters match in either case; other bytes (UTF-8 of `©`,
    /// `著作権`) match exactly. Empty keywords are ignored.
    pub fn new<S: AsRef<[u8]>>(words: impl IntoIterator<Item = S>) -> Self {
        let words: Vec<Vec<u8>> = words.into_iter().map(|w| w.as_ref().to_ascii_lowercase()).collect();
        let mut k =
            Keywords { words, buckets: Default::default(), low: [[0; 16]; PREFIX], high: [[0; 16]; PREFIX] };
        // Keywords with the same folded prefix cost nothing extra together; distinct prefixes
        // go, one at a time, to the bucket they widen least.
        let mut prefixes: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
        for (i, w) in k.words.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
            let p: Vec<u8> = w.iter().take(PREFIX).map(|&b| fold(b)).collect();
            match prefixes.iter_mut().find(|(q, _)| *q == p) {
                Some((_, members)) => members.push(i),
                None => prefixes.push((p, vec![i])),
            }
        }
        for (prefix, members) in prefixes {
            let best = (0..BUCKETS)
                .min_by_key(|&b| {
                    let bit = 1u8 << b;
                    let before = if k.buckets[b].is_empty() { 0 } else { bucket_cost(&k.low, &k.high, bit) };
                    let (mut low, mut high) = (k.low, k.high);
                    Self::mark(&mut low, &mut high, &prefix, bit);
                    (bucket_cost(&low, &high, bit) - before, b)
                })
                .unwrap_or(0);
            let bit = 1u8 << best;
            let (mut low, mut high) = (k.low, k.high);
            Self::mark(&mut low, &mut high, &prefix, bit);
            (k.low, k.high) = (low, high);
            k.buckets[best].extend(members);
        }
        k
    }

    /// Sets `bit` for a folded prefix; positions past a short keyword accept any byte.
    fn mark(low: &mut [[u8; 16]; PREFIX], high: &mut [[u8; 16]; PREFIX], prefix: &[u8], bit: u8) {
        for k in 0..PREFIX {
            match prefix.get(k) {
                Some(&b) => {
                    low[k][usize::from(b & 15)] |= bit;
                    high[k][usize::from(b >> 4)] |= bit;
                }
                None => {
                    low[k].iter_mut().for_each(|m| *m |= bit);
                    high[k].iter_mut().for_each(|m| *m |= bit);
                }
            }
        }
    }

    /// The keywords, lowercased, in the order given.
    pub fn words(&self) -> &[Vec<u8>] {
        &self.words
    }

    /// The first keyword starting at or after `from` (leftmost start; of several keywords
    /// starting there, the first in bucket order).
    pub fn find_at(&self, hay: &[u8], from: usize) -> Option<Hit> {
        if self.buckets.iter().all(Vec::is_empty) {
            return None;
        }
        let mut at = from;
        while at + BLOCK <= hay.len() {
            if let Some(hit) = self.block_hits(&hay[at..at + BLOCK], at, hay) {
                return Some(hit);
            }
            at += 16;
        }
        // The tail: the same filter over a padded copy (padding never passes verification).
        let rest = hay.get(at..).unwrap_or(&[]);
        let mut buf = [0u8; 16 + BLOCK];
        buf[..rest.len()].copy_from_slice(rest);
        for (offset, block) in [0, 16].into_iter().map(|o| (o, &buf[o..o + BLOCK])) {
            if offset >= rest.len() {
                break;
            }
            if let Some(hit) = self.block_hits(block, at + offset, hay) {
                return Some(hit);
            }
        }
        None
    }

    /// Whether any keyword occurs in `hay`.
    pub fn is_match(&self, hay: &[u8]) -> bool {
        self.find_at(hay, 0).is_some()
    }

    /// Every keyword occurrence, leftmost first, not overlapping.
    pub fn find_iter<'a>(&'a self, hay: &'a [u8]) -> impl Iterator<Item = Hit> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let hit = self.find_at(hay, from)?;
            from = hit.end;
            Some(hit)
        })
    }

    /// Verifies the filter's candidates in `block` (which starts at `base` in `hay`).
    fn block_hits(&self, block: &[u8], base: usize, hay: &[u8]) -> Option<Hit> {
        let (mut mask, lanes) = self.filter(block)?;
        while mask != 0 {
            let lane = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let start = base + lane;
            let bits = lanes[lane];
            for (b, members) in self.buckets.iter().enumerate() {
                if bits & (1 << b) == 0 {
                    continue;
                }
                for &w in members {
                    let word = &self.words[w];
                    let end = start + word.len();
                    if hay.get(start..end).is_some_and(|s| s.eq_ignore_ascii_case(word)) {
                        return Some(Hit { start, end, keyword: w });
                    }
                }
            }
        }
        None
    }

    /// Start positions in `block` (`BLOCK` bytes) whose next `PREFIX` bytes pass some bucket,
    /// as a bit mask, with each lane's bucket bits; `None` when no lane passes.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn filter(&self, block: &[u8]) -> Option<(u16, [u8; 16])> {
        use core::arch::wasm32::*;
        debug_assert!(block.len() >= BLOCK);
        let case = u8x16_splat(0x20);
        let nibble = u8x16_splat(0x0f);
        let mut acc = u8x16_splat(0xff);
        for k in 0..PREFIX {
            // SAFETY: `block` holds at least `BLOCK` = 15 + PREFIX bytes, so the 16 bytes from
            // `k < PREFIX` are in bounds; wasm loads need no alignment.
            let bytes = unsafe { v128_load(block.as_ptr().add(k).cast::<v128>()) };
            let v = v128_or(bytes, case);
            // SAFETY: the tables are plain 16-byte arrays.
            let (low, high) =
                unsafe { (v128_load(self.low[k].as_ptr().cast()), v128_load(self.high[k].as_ptr().cast())) };
            let l = i8x16_swizzle(low, v128_and(v, nibble));
            let h = i8x16_swizzle(high, u8x16_shr(v, 4));
            acc = v128_and(acc, v128_and(l, h));
        }
        if !v128_any_true(acc) {
            return None;
        }
        let mask = !u8x16_bitmask(u8x16_eq(acc, u8x16_splat(0)));
        let mut lanes = [0u8; 16];
        // SAFETY: `lanes` is 16 writable bytes.
        unsafe { v128_store(lanes.as_mut_ptr().cast(), acc) };
        Some((mask, lanes))
    }

    /// The lane-by-lane twin of the vector filter (same tables, same results).
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn filter(&self, block: &[u8]) -> Option<(u16, [u8; 16])> {
        let mut lanes = [0xffu8; 16];
        for k in 0..PREFIX {
            for (lane, acc) in lanes.iter_mut().enumerate() {
                let v = fold(block[lane + k]);
                *acc &= self.low[k][usize::from(v & 15)] & self.high[k][usize::from(v >> 4)];
            }
        }
        let mask = lanes.iter().enumerate().fold(0u16, |m, (i, &a)| m | (u16::from(a != 0) << i));
        (mask != 0).then_some((mask, lanes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(words: &[&str], hay: &[u8], from: usize) -> Option<usize> {
        (from..hay.len()).find(|&i| {
            words.iter().any(|w| {
                !w.is_empty() && hay.get(i..i + w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
            })
        })
    }

    const WORDS: &[&str] = &[
        "licen",
        "copyright",
        "copyleft",
        "warrant",
        "redistribut",
        "permission",
        "liabil",
        "public domain",
        "spdx",
        "same terms as",
        "patent",
        "gpl",
        "distribut",
        "freely",
        "\u{a9}",
        "lizenz",
        "\u{8457}\u{4f5c}\u{6a29}",
        "\u{8bb8}\u{53ef}",
        "x",
    ];

    #[test]
    fn finds_what_a_plain_search_finds_at_every_alignment() {
        let kw = Keywords::new(WORDS);
        for word in ["LICENSE", "Copyright", "gPl", "\u{a9} 2024", "SPDX", "\u{8bb8}\u{53ef}", "X"] {
            for pad in 0..40 {
                for filler in ["a", "lic", "pub", "co\n", "\u{e9}"] {
                    let text = format!("{}{word}{}", filler.repeat(pad), filler.repeat(pad % 5));
                    let hay = text.as_bytes();
                    for from in [0, 1, pad, hay.len()] {
                        let want = naive(WORDS, hay, from);
                        assert_eq!(kw.find_at(hay, from).map(|h| h.start), want, "{text:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn reports_the_keyword_and_its_end() {
        let kw = Keywords::new(["spdx-", "copyright"]);
        let hay = b"// SPDX-License-Identifier: MIT\n// Copyright 2024";
        let hits: Vec<Hit> = kw.find_iter(hay).collect();
        assert_eq!(hits, vec![Hit { start: 3, end: 8, keyword: 0 }, Hit { start: 35, end: 44, keyword: 1 }]);
    }

    #[test]
    fn plain_code_has_no_hit() {
        let kw = Keywords::new(WORDS.iter().filter(|w| **w != "x"));
        let code =
            b"fn main() {\n    let total = items.iter().sum::<u32>();\n    println!(\"{total}\");\n}\n";
        assert_eq!(kw.find_at(code, 0), None);
        assert!(!Keywords::new(["", ""]).is_match(b"anything"));
    }

    /// Random haystacks over a small alphabet make near misses common.
    #[test]
    fn agrees_with_a_plain_search_on_random_text() {
        let words = ["abc", "bca", "CAB", "aa", "b", "cccc"];
        let kw = Keywords::new(words);
        let mut seed: u32 = 7;
        for len in 0..200 {
            let hay: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    b"abcdABCD \n"[(seed >> 16) as usize % 10]
                })
                .collect();
            for from in 0..=len {
                assert_eq!(kw.find_at(&hay, from).map(|h| h.start), naive(&words, &hay, from));
            }
        }
    }
}
