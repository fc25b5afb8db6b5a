//! Case-insensitive search for a set of keywords, fast enough to run over every byte of a tree.
//!
//! A detector's first job is to skip the files, and the parts of files, that cannot hold what it
//! looks for; that pass touches every byte the host hands over, so its speed is the plugin's
//! speed. [`Keywords`] finds the first of up to a few dozen keywords, ASCII letters in any case,
//! with the fingerprint filter of Hyperscan's "Teddy" (also behind ripgrep's multi-literal
//! search): each 16-byte block is tested against four bytes of every keyword at once, with two
//! table lookups per byte and position, and only the rare positions that pass are compared byte
//! by byte. The four bytes are the keyword's rarest (by letter-pair frequencies measured on
//! source trees), not its first: "pub" and "with" open half the lines of Rust code, the "yrig" of
//! "copyright" almost none. Guests built with `-C target-feature=+simd128` (this workspace's guests
//! are, see `.cargo/config.toml`) run a block as a dozen vector instructions; any other build runs
//! the same algorithm lane by lane, with the same results.

/// Keyword bytes the vector filter looks at.
const PREFIX: usize = 4;
/// Bytes a block reads: 16 start positions and the prefix bytes after the last one.
const BLOCK: usize = 16 + PREFIX - 1;
/// Keywords share this many filter buckets (one bit each in the nibble tables).
const BUCKETS: usize = 8;

/// A compiled set of keywords. Build it once (e.g. in a `OnceLock`) and search many inputs.
#[derive(Debug, Clone)]
pub struct Keywords {
    /// The keywords, ASCII-lowercased, in the order given.
    words: Vec<Vec<u8>>,
    /// Per keyword: offset of the four bytes the filter tests.
    anchors: Vec<usize>,
    /// The largest anchor: how far past a hit an earlier-starting keyword may still be found.
    max_anchor: usize,
    /// Per keyword: its anchor bytes folded and packed (little-endian), and the mask of the
    /// bytes it has; a candidate's own bytes are compared with it before the whole keyword.
    anchor_keys: Vec<(u32, u32)>,
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

/// How many byte quadruples a bucket lets through, out of 2^32 (uniform bytes): the cost the bucket
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

/// Letter classes of the frequency tables: `a`–`z` (either case), space, anything else.
const CLASSES: usize = 28;

fn class(b: u8) -> usize {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => usize::from(c - b'a'),
        b' ' => 26,
        _ => 27,
    }
}

// How often letter classes and pairs of them occur in source trees (8 × log2 of the count in
// 40 MB of the cargo registry's sources and docs): four bytes `abcd` occur about as often as
// their pairs `ab`, `bc` and `cd` together allow, so the filter tests the four where that is least.
const UNIGRAM: [u8; CLASSES] = [
    163, 153, 159, 157, 169, 155, 150, 149, 163, 113, 138, 158, 153, 163, 162, 157, 126, 163, 163, 167, 158,
    143, 141, 153, 146, 126, 184, 187,
];
#[rustfmt::skip]
const BIGRAM: [[u8; CLASSES]; CLASSES] = [
    [ 98, 121, 132, 127,  95, 111, 119,  84, 119,  69, 108, 137, 126, 136,  71, 122,  64, 139, 134, 142, 115, 105, 108, 108, 114,  84, 122, 134],
    [113,  97, 105,  93, 121,  92,  65,  59, 125,  94,  60, 121,  86,  79, 115,  84,  38, 109, 104,  98, 129,  94,  57,  73, 115,  48, 138, 134],
    [128,  93, 110,  99, 129, 115,  81, 128, 124,  69, 123, 121, 101,  85, 142, 102,  79, 124, 109, 130, 113,  96,  76,  82,  93,  48, 110, 138],
    [118,  94,  96, 118, 141, 103, 118,  81, 128,  70,  66, 104,  87,  80, 120,  96,  65, 115, 111,  97, 115,  89,  94,  83,  98,  44, 132, 142],
    [129, 126, 130, 134, 118, 120, 118,  93, 106,  68,  91, 137, 124, 142,  98, 118, 119, 145, 138, 137,  97, 121, 113, 128, 107,  67, 145, 150],
    [119,  90,  96, 108, 122, 120, 114,  67, 128,  53,  65, 122, 105, 122, 130,  89,  53, 117, 114, 107, 112,  55,  75,  67,  93,  58, 127, 139],
    [100,  77,  86,  71, 133,  70,  90, 108, 117,  40,  60,  99,  89, 108, 100,  84,  56, 111, 117,  94, 103,  68,  63,  66,  72,  40, 126, 139],
    [128,  84,  72,  87, 136,  73,  57,  77, 123,  56,  72,  81,  92,  79, 120,  67,  30, 106,  92, 114, 107,  58,  85,  55,  84,  68, 122, 124],
    [118, 114, 128, 127, 123, 128, 119,  65,  91,  84,  94, 125, 125, 147, 135, 115,  74, 114, 134, 139,  72, 120,  58, 106,  54, 121,  96, 120],
    [ 75,  36,  41,  33,  98,  42,  59,  45,  73,  75,  85,  53,  63,  55,  91,  68,  24,  50,  85,  56,  86,  38,  44,  59,  30,  38,  62,  89],
    [ 98,  71,  74,  74, 125,  76,  63,  67, 112,  30,  73,  85,  74,  90,  74,  68,  57,  72, 104,  83,  84,  74,  67,  51,  56,  44, 108, 126],
    [130,  87,  89, 123, 139, 128,  81,  72, 133,  43,  88, 129,  91,  90, 131,  93,  57,  86, 116, 119, 118,  89,  88,  56, 114,  57, 123, 134],
    [132, 107,  92,  99, 133,  82,  76,  71, 119,  40,  70,  98, 109,  93, 124, 125,  71,  81, 119, 107, 124,  77,  71,  64, 108,  30, 114, 129],
    [125,  91, 124, 136, 135, 119, 134,  84, 120,  72, 107, 119,  89, 107, 129, 107,  66,  99, 140, 140, 115, 105, 103,  72, 110,  83, 136, 140],
    [103, 104, 125, 124,  94, 125, 113,  72, 107,  86, 118, 121, 127, 146, 123, 130,  58, 140, 118, 126, 127, 114, 120,  95,  75,  50, 126, 130],
    [131,  74,  97,  87, 132, 102,  74,  99, 114,  35,  79, 123,  88,  79, 122, 114,  77, 129, 113, 125, 140,  97,  71,  71, 110,  42, 106, 132],
    [ 60,  49,  74,  69,  70,  46,  63,  30,  58,  21,   8,  56,  61,  56,  66,  51,  72,  79,  70,  55, 117,  45,  51,  59,  16,  21,  83, 117],
    [138,  92, 116, 114, 144, 104, 125,  77, 132,  42, 109, 101, 120, 122, 133, 102,  64, 125, 125, 128, 125, 101,  95,  92, 117,  67, 133, 141],
    [116,  86, 116,  93, 143,  89, 114, 120, 131,  62, 105, 107, 102,  99, 123, 122,  76, 105, 126, 145, 125,  83,  86,  79, 116,  74, 138, 142],
    [135,  84, 116, 108, 143, 106,  74, 141, 137,  49,  82, 109, 104,  90, 134, 117,  51, 139, 122, 127, 123,  87, 100, 102, 133,  73, 146, 148],
    [105, 140, 118, 105, 123, 106, 123,  49, 119,  43,  56, 127, 117, 129,  95, 114,  42, 126, 130, 134,  82,  81,  65, 111,  49,  60, 103, 135],
    [125,  64,  93,  78, 132,  94,  66,  68, 114,  21,  48,  92,  91,  88,  97,  76,  45,  89,  92,  79,  61,  81,  82,  93,  43,  49,  93, 120],
    [118,  57,  73,  76, 110,  75,  62, 113, 124,  46,  54,  84,  71, 106, 111,  74,  50, 113,  96,  78,  61,  59,  85,  83,  60,  25, 101, 122],
    [117, 117, 117, 116, 118, 117,  64,  93,  93,  16,  48,  91,  86,  67,  82, 113,  68,  82,  87, 116,  76,  66,  62,  84,  77,  58, 114, 147],
    [ 83,  86,  79,  70,  90,  83,  73,  62,  89,  44,  47,  95,  98, 108, 107, 125,  48,  93, 111, 108,  52,  65,  74,  41, 117,  77, 126, 134],
    [ 84,  47,  71,  31, 122,  37,  65,  45,  81,  24,  38,  52,  50,  44,  72,  37,  19,  49,  55,  40,  70,  49,  54,  40,  80,  78,  83,  99],
    [141, 131, 143, 131, 130, 137, 113, 119, 139,  92, 104, 131, 129, 127, 133, 134, 109, 131, 140, 145, 135, 123, 129, 105, 109,  92, 176, 165],
    [136, 135, 140, 135, 135, 136, 122, 119, 139,  99, 117, 130, 138, 134, 130, 143, 102, 133, 140, 139, 134, 126, 121, 150,  95,  99, 169, 179],
];

/// Offset of the `PREFIX` bytes of `word` least likely to occur in source text (the first such
/// on a tie); 0 for shorter words.
fn anchor(word: &[u8]) -> usize {
    let score = |o: usize| {
        let c: Vec<usize> = word[o..o + PREFIX].iter().map(|&b| class(b)).collect();
        let pairs: i32 = c.windows(2).map(|p| i32::from(BIGRAM[p[0]][p[1]])).sum();
        let inner: i32 = c[1..PREFIX - 1].iter().map(|&x| i32::from(UNIGRAM[x])).sum();
        pairs - inner
    };
    if word.len() <= PREFIX {
        return 0;
    }
    (0..=word.len() - PREFIX).min_by_key(|&o| score(o)).unwrap_or(0)
}

impl Keywords {
    /// Compiles `words`. ASCII letters match in either case; other bytes (UTF-8 of `©`,
    /// `著作権`) match exactly. Empty keywords are ignored.
    pub fn new<S: AsRef<[u8]>>(words: impl IntoIterator<Item = S>) -> Self {
        let words: Vec<Vec<u8>> = words.into_iter().map(|w| w.as_ref().to_ascii_lowercase()).collect();
        let anchors: Vec<usize> = words.iter().map(|w| anchor(w)).collect();
        let max_anchor = anchors.iter().copied().max().unwrap_or(0);
        let anchor_keys = words
            .iter()
            .zip(&anchors)
            .map(|(w, &a)| {
                w[a..].iter().take(PREFIX).enumerate().fold((0u32, 0u32), |(key, mask), (k, &b)| {
                    (key | u32::from(fold(b)) << (8 * k), mask | 0xff << (8 * k))
                })
            })
            .collect();
        let mut k = Keywords {
            words,
            anchors,
            max_anchor,
            anchor_keys,
            buckets: Default::default(),
            low: [[0; 16]; PREFIX],
            high: [[0; 16]; PREFIX],
        };
        // Keywords with the same folded anchor bytes cost nothing extra together; distinct
        // anchors go, one at a time, to the bucket they widen least.
        let mut prefixes: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
        for (i, w) in k.words.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
            let p: Vec<u8> = w[k.anchors[i]..].iter().take(PREFIX).map(|&b| fold(b)).collect();
            match prefixes.iter_mut().find(|(q, _)| *q == p) {
                Some((_, members)) => members.push(i),
                None => prefixes.push((p, vec![i])),
            }
        }
        // The widest anchors first (a keyword shorter than the anchor accepts any byte past its
        // end), so they get a bucket of their own rather than flooding a shared one.
        prefixes.sort_by_key(|(prefix, _)| std::cmp::Reverse(PREFIX - prefix.len()));
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

    /// The first keyword starting at or after `from` (leftmost start; of several keywords
    /// starting there, the first found).
    pub fn find_at(&self, hay: &[u8], from: usize) -> Option<Hit> {
        if self.buckets.iter().all(Vec::is_empty) {
            return None;
        }
        // Blocks test anchor positions; a keyword starting at `s` has its anchor at most
        // `max_anchor` bytes later, so once a hit is found, blocks up to there may still hold
        // one starting earlier.
        let mut best: Option<Hit> = None;
        let stop = |best: &Option<Hit>| best.map_or(usize::MAX, |b| b.start + self.max_anchor);
        let mut at = from;
        while let Some((mask, lanes)) = self.next_candidates(hay, &mut at, stop(&best)) {
            self.verify(mask, &lanes, at, hay, from, &mut best);
            at += 16;
        }
        if at > stop(&best) {
            return best;
        }
        // The tail: the same filter over a padded copy (padding never passes verification).
        let rest = hay.get(at..).unwrap_or(&[]);
        let mut buf = [0u8; 16 + BLOCK];
        buf[..rest.len()].copy_from_slice(rest);
        let mut offset = 0;
        let limit = |best: &Option<Hit>| stop(best).saturating_sub(at);
        while let Some((mask, lanes)) = self.next_candidates(&buf, &mut offset, limit(&best)) {
            if offset >= rest.len() {
                break;
            }
            self.verify(mask, &lanes, at + offset, hay, from, &mut best);
            offset += 16;
        }
        best
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

    /// Verifies the filter's candidates (`mask`, with each lane's buckets) of the block at
    /// `base`, keeping in `best` the hit starting first at or after `from`. Out of line: the
    /// block loop stays small and most blocks never get here.
    #[inline(never)]
    fn verify(
        &self,
        mut mask: u16,
        lanes: &[u8; 16],
        base: usize,
        hay: &[u8],
        from: usize,
        best: &mut Option<Hit>,
    ) {
        while mask != 0 {
            let lane = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let at = base + lane;
            let window = (0..PREFIX)
                .fold(0u32, |acc, k| acc | u32::from(hay.get(at + k).map_or(0, |&b| fold(b))) << (8 * k));
            let mut bits = lanes[lane];
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                for &w in &self.buckets[b] {
                    let (key, mask) = self.anchor_keys[w];
                    if window & mask != key {
                        continue;
                    }
                    let Some(start) = at.checked_sub(self.anchors[w]) else { continue };
                    if start < from || best.is_some_and(|h| h.start <= start) {
                        continue;
                    }
                    let word = &self.words[w];
                    let end = start + word.len();
                    if hay.get(start..end).is_some_and(|s| s.eq_ignore_ascii_case(word)) {
                        *best = Some(Hit { start, end, keyword: w });
                    }
                }
            }
        }
    }

    /// Steps `at` by 16 from block to block of `hay` (each `BLOCK` bytes, all in bounds) until
    /// one has a position whose next `PREFIX` bytes pass some bucket, and returns those positions
    /// as a bit mask with each lane's bucket bits; `None` at the end of `hay` or past `stop`.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn next_candidates(&self, hay: &[u8], at: &mut usize, stop: usize) -> Option<(u16, [u8; 16])> {
        use core::arch::wasm32::*;
        let case = u8x16_splat(0x20);
        let nibble = u8x16_splat(0x0f);
        // SAFETY: the tables are plain 16-byte arrays; wasm loads need no alignment.
        let tables: [(v128, v128); PREFIX] = std::array::from_fn(|k| unsafe {
            (v128_load(self.low[k].as_ptr().cast()), v128_load(self.high[k].as_ptr().cast()))
        });
        while *at + BLOCK <= hay.len() && *at <= stop {
            let mut acc = u8x16_splat(0xff);
            for (k, (low, high)) in tables.iter().enumerate() {
                // SAFETY: `*at + BLOCK <= hay.len()` and `k < PREFIX`, so the 16 bytes from
                // `*at + k` are in bounds.
                let bytes = unsafe { v128_load(hay.as_ptr().add(*at + k).cast::<v128>()) };
                let v = v128_or(bytes, case);
                let l = nibble_lookup(*low, v128_and(v, nibble));
                let h = nibble_lookup(*high, u8x16_shr(v, 4));
                acc = v128_and(acc, v128_and(l, h));
            }
            if v128_any_true(acc) {
                let mask = !u8x16_bitmask(u8x16_eq(acc, u8x16_splat(0)));
                let mut lanes = [0u8; 16];
                // SAFETY: `lanes` is 16 writable bytes.
                unsafe { v128_store(lanes.as_mut_ptr().cast(), acc) };
                return Some((mask, lanes));
            }
            *at += 16;
        }
        None
    }

    /// The lane-by-lane twin of the vector filter (same tables, same results).
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn next_candidates(&self, hay: &[u8], at: &mut usize, stop: usize) -> Option<(u16, [u8; 16])> {
        while *at + BLOCK <= hay.len() && *at <= stop {
            let block = &hay[*at..*at + BLOCK];
            let mut lanes = [0xffu8; 16];
            for k in 0..PREFIX {
                for (lane, acc) in lanes.iter_mut().enumerate() {
                    let v = fold(block[lane + k]);
                    *acc &= self.low[k][usize::from(v & 15)] & self.high[k][usize::from(v >> 4)];
                }
            }
            let mask = lanes.iter().enumerate().fold(0u16, |m, (i, &a)| m | (u16::from(a != 0) << i));
            if mask != 0 {
                return Some((mask, lanes));
            }
            *at += 16;
        }
        None
    }
}

/// `table[index]` per lane, indexes below 16. Relaxed SIMD's swizzle is one `pshufb` where the
/// strict one adds a saturating fix-up for indexes of 16 and up, which nibbles never are; guests
/// built without relaxed SIMD get the strict one.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn nibble_lookup(
    table: core::arch::wasm32::v128,
    index: core::arch::wasm32::v128,
) -> core::arch::wasm32::v128 {
    #[cfg(target_feature = "relaxed-simd")]
    return core::arch::wasm32::i8x16_relaxed_swizzle(table, index);
    #[cfg(not(target_feature = "relaxed-simd"))]
    return core::arch::wasm32::i8x16_swizzle(table, index);
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

    /// Random haystacks over a small alphabet make near misses common; the second set has
    /// keywords anchored mid-word ("qjz" is rarer than "aaq"), so a keyword found later in
    /// the text may start earlier than the first one verified.
    #[test]
    fn agrees_with_a_plain_search_on_random_text() {
        let sets: [(&[&str], &[u8]); 2] = [
            (&["abc", "bca", "CAB", "aa", "b", "cccc"], b"abcdABCD \n"),
            (&["aaqjz", "dqj", "zzzzzzzaqj", "jd"], b"adqjzADQJZ"),
        ];
        let mut seed: u32 = 7;
        for (words, alphabet) in sets {
            let kw = Keywords::new(words);
            for len in 0..200 {
                let hay: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        alphabet[(seed >> 16) as usize % alphabet.len()]
                    })
                    .collect();
                for from in 0..=len {
                    assert_eq!(kw.find_at(&hay, from).map(|h| h.start), naive(words, &hay, from));
                }
            }
        }
    }

    #[test]
    fn the_filter_tests_the_rarest_bytes_of_a_keyword() {
        assert_eq!(anchor(b"copyright"), 3, "yrig");
        assert_eq!(anchor(b"without restriction"), 5, "ut r");
        assert_eq!(anchor(b"aaqjz"), 1, "aqjz");
        assert_eq!(anchor(b"gpl"), 0);
        assert_eq!(anchor(b"\xc2\xa9"), 0);
    }
}
