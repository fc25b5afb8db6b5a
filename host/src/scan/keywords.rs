//! "Does this file hold any of these words?", asked of every file a detector with a content
//! filter would otherwise receive, natively, before the file is copied into the guest.
//!
//! Words match ASCII-case-insensitively; other bytes match exactly. The search is the
//! fingerprint filter of Hyperscan's Teddy: a four-byte *anchor* of each word (its rarest,
//! by English letter frequency) is looked up by nibble in two 16-entry tables per anchor byte,
//! 32 positions at a time with AVX2, and only positions whose four lookups agree on a bucket
//! are compared with that bucket's words. Machines without AVX2 run the same lookups one
//! position at a time: slower, never different.
//!
//! The plugin SDK has the guest's twin of this search (`ospo_plugin_sdk::keywords`, wasm
//! simd128, letter-pair statistics for anchors). They share the method, not code: the host and
//! the plugins share nothing but the WIT contract, and each is tuned to its own vector unit.

/// Anchor bytes per word.
const ANCHOR: usize = 4;
/// Words share this many buckets, one bit each in the nibble tables.
const BUCKETS: usize = 8;
/// Letters from the most to the least frequent in English prose: a letter's rank is its rarity.
const LETTERS_BY_FREQUENCY: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz";

/// A compiled word set. Compile once per plugin, ask per file.
#[derive(Debug, Clone)]
pub struct KeywordSet {
    /// ASCII-lowercased, empty words dropped.
    words: Vec<Vec<u8>>,
    /// Per word: offset of its anchor.
    anchors: Vec<usize>,
    /// Per word: its anchor bytes folded and packed (little-endian), and the mask of the bytes
    /// it has; a candidate's bytes are compared with these before the whole word.
    anchor_keys: Vec<(u32, u32)>,
    /// Word indexes per bucket.
    buckets: [Vec<usize>; BUCKETS],
    /// `low[k][n]`: buckets with a word whose anchor byte `k`, folded, has low nibble `n`.
    low: [[u8; 16]; ANCHOR],
    /// The same for the high nibble.
    high: [[u8; 16]; ANCHOR],
    avx2: bool,
}

/// The tables' view of a byte: an ASCII letter's two cases agree. Other bytes may collide with
/// each other, which costs a comparison, never a miss.
fn fold(b: u8) -> u8 {
    b | 0x20
}

fn rarity(b: u8) -> usize {
    match LETTERS_BY_FREQUENCY.iter().position(|&l| l == b.to_ascii_lowercase()) {
        Some(rank) => rank,
        // Spaces are everywhere; punctuation, digits and non-ASCII bytes are in between.
        None if b == b' ' => 0,
        None => 13,
    }
}

/// Offset of the rarest `ANCHOR` bytes of `word` (the first on a tie); 0 for shorter words.
fn anchor(word: &[u8]) -> usize {
    if word.len() <= ANCHOR {
        return 0;
    }
    (0..=word.len() - ANCHOR)
        .rev()
        .max_by_key(|&o| word[o..o + ANCHOR].iter().map(|&b| rarity(b)).sum::<usize>())
        .unwrap_or(0)
}

impl KeywordSet {
    pub fn new<S: AsRef<[u8]>>(words: impl IntoIterator<Item = S>) -> Self {
        // Duplicates dropped by hash: a plugin may declare a million words, and every later step
        // is linear in what is left.
        let mut seen = std::collections::HashSet::new();
        let words: Vec<Vec<u8>> = words
            .into_iter()
            .map(|w| w.as_ref().to_ascii_lowercase())
            .filter(|w| !w.is_empty() && seen.insert(w.clone()))
            .collect();
        drop(seen);
        let anchors: Vec<usize> = words.iter().map(|w| anchor(w)).collect();
        let anchor_keys = words
            .iter()
            .zip(&anchors)
            .map(|(word, &at)| {
                word[at..].iter().take(ANCHOR).enumerate().fold((0, 0), |(key, mask), (k, &b)| {
                    (key | u32::from(fold(b)) << (8 * k), mask | 0xff << (8 * k))
                })
            })
            .collect();
        let mut set = KeywordSet {
            words,
            anchors,
            anchor_keys,
            buckets: Default::default(),
            low: [[0; 16]; ANCHOR],
            high: [[0; 16]; ANCHOR],
            avx2: avx2_available(),
        };
        // Words with the same folded anchor share a bucket for free; each new anchor goes to
        // the bucket it widens least, so a bucket's tables stay narrow.
        // Grouped through a map of anchor → group, not a search of the groups (quadratic in the
        // number of distinct anchors), in first-seen order so the buckets do not depend on hashing.
        let mut groups: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
        let mut group_of: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        for (i, word) in set.words.iter().enumerate() {
            let key: Vec<u8> = word[set.anchors[i]..].iter().take(ANCHOR).map(|&b| fold(b)).collect();
            match group_of.get(&key) {
                Some(&g) => groups[g].1.push(i),
                None => {
                    group_of.insert(key.clone(), groups.len());
                    groups.push((key, vec![i]));
                }
            }
        }
        // The widest anchors (short words accept any byte past their end) first, so they get
        // buckets of their own rather than flooding a shared one.
        groups.sort_by_key(|(key, _)| std::cmp::Reverse(ANCHOR - key.len()));
        for (key, members) in groups {
            // A bucket lets through about the product, over anchor bytes, of the byte values its
            // nibble tables accept: add the anchor where that grows least.
            let best = (0..BUCKETS)
                .min_by_key(|&b| {
                    let bit = 1u8 << b;
                    let before = if set.buckets[b].is_empty() { 0 } else { passed(&set.low, &set.high, bit) };
                    let (mut low, mut high) = (set.low, set.high);
                    mark(&mut low, &mut high, &key, bit);
                    (passed(&low, &high, bit) - before, b)
                })
                .unwrap_or(0);
            mark(&mut set.low, &mut set.high, &key, 1 << best);
            set.buckets[best].extend(members);
        }
        set
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `hay` holds any of the words.
    pub fn occurs_in(&self, hay: &[u8]) -> bool {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU was checked for AVX2 when the set was built.
            return unsafe { self.occurs_avx2(hay) };
        }
        self.occurs_from(hay, 0)
    }

    /// The buckets whose anchors may start at `pos`, bytes past the end accepting anything.
    fn buckets_at(&self, hay: &[u8], pos: usize) -> u8 {
        (0..ANCHOR).fold(0xff, |acc, k| match hay.get(pos + k) {
            Some(&b) => {
                let b = fold(b);
                acc & self.low[k][usize::from(b & 15)] & self.high[k][usize::from(b >> 4)]
            }
            None => acc,
        })
    }

    /// The one-position-at-a-time search from anchor position `from`.
    fn occurs_from(&self, hay: &[u8], from: usize) -> bool {
        (from..hay.len()).any(|pos| {
            let buckets = self.buckets_at(hay, pos);
            buckets != 0 && self.confirm(hay, pos, buckets)
        })
    }

    /// Whether a word of `buckets` has its anchor at `pos`.
    fn confirm(&self, hay: &[u8], pos: usize, mut buckets: u8) -> bool {
        let window = (0..ANCHOR)
            .fold(0u32, |acc, k| acc | u32::from(hay.get(pos + k).map_or(0, |&b| fold(b))) << (8 * k));
        while buckets != 0 {
            let bucket = buckets.trailing_zeros() as usize;
            buckets &= buckets - 1;
            for &w in &self.buckets[bucket] {
                let (key, mask) = self.anchor_keys[w];
                if window & mask != key {
                    continue;
                }
                let word = &self.words[w];
                let found = pos
                    .checked_sub(self.anchors[w])
                    .and_then(|start| hay.get(start..start + word.len()))
                    .is_some_and(|found| found.eq_ignore_ascii_case(word));
                if found {
                    return true;
                }
            }
        }
        false
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn occurs_avx2(&self, hay: &[u8]) -> bool {
        use std::arch::x86_64::*;
        const LANES: usize = 32;
        // SAFETY: each table is 16 readable bytes.
        let table = |t: &[u8; 16]| _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(t.as_ptr().cast()) });
        let low: [__m256i; ANCHOR] = std::array::from_fn(|k| table(&self.low[k]));
        let high: [__m256i; ANCHOR] = std::array::from_fn(|k| table(&self.high[k]));
        let nibble = _mm256_set1_epi8(0x0f);
        let case = _mm256_set1_epi8(0x20);
        // The buckets each of the LANES anchor positions from `at` passes; reads LANES + ANCHOR
        // - 1 bytes from `at`.
        macro_rules! agree_at {
            ($at:expr) => {{
                let mut agree = _mm256_set1_epi8(-1);
                for k in 0..ANCHOR {
                    // SAFETY: callers keep `$at + LANES + ANCHOR - 1 <= hay.len()`.
                    let bytes = unsafe { _mm256_loadu_si256(hay.as_ptr().add($at + k).cast()) };
                    let folded = _mm256_or_si256(bytes, case);
                    let lo = _mm256_shuffle_epi8(low[k], _mm256_and_si256(folded, nibble));
                    let hi = _mm256_shuffle_epi8(
                        high[k],
                        _mm256_and_si256(_mm256_srli_epi16::<4>(folded), nibble),
                    );
                    agree = _mm256_and_si256(agree, _mm256_and_si256(lo, hi));
                }
                agree
            }};
        }
        let mut pos = 0;
        while pos + LANES + ANCHOR - 1 <= hay.len() {
            // Two blocks a step where both fit: most of a file passes nothing, and one test
            // then covers 64 positions.
            let pair = pos + 2 * LANES + ANCHOR - 1 <= hay.len();
            let first = agree_at!(pos);
            let second = if pair { agree_at!(pos + LANES) } else { _mm256_setzero_si256() };
            let any = _mm256_or_si256(first, second);
            if _mm256_testz_si256(any, any) == 0 {
                for (base, agree) in [(pos, first), (pos + LANES, second)] {
                    let empty = _mm256_movemask_epi8(_mm256_cmpeq_epi8(agree, _mm256_setzero_si256())) as u32;
                    let mut candidates = !empty;
                    if candidates == 0 {
                        continue;
                    }
                    let mut lanes = [0u8; LANES];
                    // SAFETY: `lanes` is LANES writable bytes.
                    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), agree) };
                    while candidates != 0 {
                        let lane = candidates.trailing_zeros() as usize;
                        candidates &= candidates - 1;
                        if self.confirm(hay, base + lane, lanes[lane]) {
                            return true;
                        }
                    }
                }
            }
            pos += if pair { 2 * LANES } else { LANES };
        }
        self.occurs_from(hay, pos)
    }
}

/// Byte quadruples (of 2^32) that pass the tables of bucket `bit`.
fn passed(low: &[[u8; 16]; ANCHOR], high: &[[u8; 16]; ANCHOR], bit: u8) -> u64 {
    (0..ANCHOR)
        .map(|k| {
            let accepted = |table: &[u8; 16]| table.iter().filter(|&&m| m & bit != 0).count() as u64;
            accepted(&low[k]) * accepted(&high[k])
        })
        .product()
}

/// Sets `bit` for a folded anchor; positions past the end of a short word accept any byte.
fn mark(low: &mut [[u8; 16]; ANCHOR], high: &mut [[u8; 16]; ANCHOR], key: &[u8], bit: u8) {
    for k in 0..ANCHOR {
        match key.get(k) {
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

fn avx2_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &["licen", "copyright", "gpl", "public domain", "©", "著作権", "ab", "x"];

    fn naive(words: &[&str], hay: &[u8]) -> bool {
        words.iter().any(|w| {
            let w = w.as_bytes();
            hay.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w))
        })
    }

    /// A small deterministic generator: the tests need variety, not quality.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    /// Random text over an alphabet close to the words' bytes, with words planted at every
    /// offset around the 32-byte blocks and the file's end, in mixed case.
    #[test]
    fn the_vector_search_finds_what_a_plain_search_finds() {
        let alphabet: Vec<u8> =
            b"LICENlicenCOPYRIGHTcopyrightgpGPab \n\t.*/#-0123456789\xc2\xa9\xe8".to_vec();
        let mut rng = Lcg(7);
        for sets in [WORDS, &WORDS[..4], &["licen"][..], &["x"][..], &["copyright", "spdx"][..]] {
            let set = KeywordSet::new(sets.iter().map(|w| w.as_bytes()));
            for round in 0..4000u32 {
                let len = (rng.next() % 140) as usize;
                let mut hay: Vec<u8> =
                    (0..len).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
                if round.is_multiple_of(3) && !sets.is_empty() {
                    let word = sets[(rng.next() % sets.len() as u64) as usize].as_bytes();
                    let at = (rng.next() % (len as u64 + 1)) as usize;
                    let mixed: Vec<u8> = word
                        .iter()
                        .map(|&b| if rng.next().is_multiple_of(2) { b.to_ascii_uppercase() } else { b })
                        .collect();
                    hay.splice(at..at, mixed);
                }
                let expected = naive(sets, &hay);
                assert_eq!(
                    set.occurs_in(&hay),
                    expected,
                    "words {sets:?} in {:?}",
                    String::from_utf8_lossy(&hay)
                );
                assert_eq!(set.occurs_from(&hay, 0), expected, "scalar path");
            }
        }
    }

    #[test]
    fn ascii_letters_match_in_any_case_and_other_bytes_exactly() {
        let set = KeywordSet::new(["Licen", "©"]);
        assert!(set.occurs_in(b"MIT LICENSE"));
        assert!(set.occurs_in("(C) 2024 \u{a9} Acme".as_bytes()));
        assert!(!set.occurs_in(b"(c) 2024 acme, lice n"));
        // `\xc3\x89` is `É`: folding its bytes for the tables must not make it match `©`.
        assert!(!set.occurs_in("É".repeat(40).as_bytes()));
    }

    /// Regression: grouping anchors by a search of the groups was quadratic; a million keywords
    /// hung the start of a scan. Duplicates go by hash; distinct anchors by map.
    #[test]
    fn a_large_keyword_list_builds_in_linear_time() {
        let repeated = KeywordSet::new((0..1_000_000).map(|n| format!("word{}", n % 10)));
        assert_eq!(repeated.words.len(), 10);
        let distinct = KeywordSet::new((0..10_000).map(|n| format!("kw{n:05}")));
        assert_eq!(distinct.words.len(), 10_000);
        assert!(distinct.occurs_in(b"xx KW09999 yy") && !distinct.occurs_in(b"kw1000 kw"));
    }

    #[test]
    fn an_empty_set_finds_nothing() {
        let set = KeywordSet::new(["", ""]);
        assert!(set.is_empty());
        assert!(!set.occurs_in(b"anything at all, thirty-four bytes long or more"));
    }
}
