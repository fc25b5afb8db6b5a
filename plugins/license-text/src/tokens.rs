//! A file (or the parts of it worth reading) as normalised word ids with byte offsets.

use crate::data;
use crate::normalize::{self, Equivalences};
use crate::words::Masks;
use std::sync::OnceLock;

/// Ids of words outside the template vocabulary start here; they come from a hash of the word,
/// so a custom licence and a file agree on them without shared state.
pub const FOREIGN: u32 = 0x1_0000;

/// The equivalence table, parsed once per instance.
pub fn equivalences() -> &'static Equivalences {
    static EQ: OnceLock<Equivalences> = OnceLock::new();
    EQ.get_or_init(Equivalences::load)
}

/// Normalised words of a text.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    /// Word ids: vocabulary ids below [`FOREIGN`], hashed ids above.
    pub ids: Vec<u32>,
    /// Byte offset of each word's source in the file.
    pub starts: Vec<usize>,
    /// Byte offset just past each word's source.
    pub ends: Vec<usize>,
}

/// The id a normalised word outside the vocabulary gets (see [`word_id`]): above the u16 range
/// the index hashes, so it never matches a template gram.
fn foreign_id(word: &str) -> u32 {
    foreign_id_of(word_hash(word.as_bytes()))
}

/// [`foreign_id`] from the word's hash (the table lookup that missed has it already).
#[allow(clippy::cast_possible_truncation)]
fn foreign_id_of(hash: u64) -> u32 {
    FOREIGN + (hash >> 33) as u32
}

/// What a raw (lowercased) word becomes: one or two ids. `NONE` marks no second id.
const NONE: u32 = u32::MAX;

/// Raw word → ids, folding the equivalences of [`normalize`] into the vocabulary lookup so the
/// per-word cost is one hash lookup.
fn lexicon() -> &'static WordTable {
    static LEX: OnceLock<WordTable> = OnceLock::new();
    LEX.get_or_init(|| {
        let eq = equivalences();
        let mut map: data::FxMap<&'static str, (u32, u32)> =
            data::vocab().iter().map(|(w, &i)| (*w, (u32::from(i), NONE))).collect();
        for (variant, canonical) in eq.pairs() {
            map.insert(leak(variant), (word_id(canonical), NONE));
        }
        for (w, a, b) in normalize::COMPOUNDS {
            map.insert(w, (word_id(a), word_id(b)));
        }
        WordTable::new(map.into_iter().collect())
    })
}

/// An open-addressing table of words, at most half full. The tokeniser looks up every word it
/// reads, so a slot is four bytes, 16 bits of the hash beside the entry's index: the table stays
/// small enough to keep in cache, and only a likely hit reads the entry.
struct WordTable {
    /// `tag << 16 | (1 + entry index)`; 0 is an empty slot.
    slots: Vec<u32>,
    entries: Vec<(&'static str, (u32, u32))>,
}

impl WordTable {
    fn new(words: Vec<(&'static str, (u32, u32))>) -> Self {
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable { slots: vec![0; size], entries: Vec::with_capacity(words.len()) };
        for (word, ids) in words {
            let hash = word_hash(word.as_bytes());
            let Ok(index) = u16::try_from(table.entries.len() + 1) else { break };
            let mut slot = table.slot_of(hash);
            while table.slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.entries.push((word, ids));
            table.slots[slot] = tag_of(hash) << 16 | u32::from(index);
        }
        table
    }

    #[allow(clippy::cast_possible_truncation)]
    fn slot_of(&self, hash: u64) -> usize {
        (hash >> 40) as usize & (self.slots.len() - 1)
    }

    /// The ids of `word`, or its hash when it is not in the table.
    fn get(&self, word: &str) -> Result<(u32, u32), u64> {
        self.get_folded(word.as_bytes(), 0)
    }

    /// [`WordTable::get`] of `word` with `fold` ORed into every byte: [`ASCII_FOLD`] lowercases
    /// a word of ASCII letters and digits in place of a copy, 0 leaves it as it is.
    fn get_folded(&self, word: &[u8], fold: u64) -> Result<(u32, u32), u64> {
        let hash = word_hash_folded(word, fold);
        let tag = tag_of(hash);
        let mut slot = self.slot_of(hash);
        loop {
            let value = *self.slots.get(slot).ok_or(hash)?;
            let entry = (value as usize & 0xffff).checked_sub(1).ok_or(hash)?;
            if value >> 16 == tag
                && let Some((w, ids)) = self.entries.get(entry)
                && same_word_folded(w.as_bytes(), word, fold)
            {
                return Ok(*ids);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
}

/// The 16 bits of a word's hash kept in its slot (other bits than [`WordTable::slot_of`]'s).
#[allow(clippy::cast_possible_truncation)]
fn tag_of(hash: u64) -> u32 {
    (hash as u32) & 0xffff
}

/// ORed into each byte of an ASCII letter or digit, it lowercases it (digits have the bit).
const ASCII_FOLD: u64 = 0x2020_2020_2020_2020;

/// A 64-bit hash of a word, eight bytes at a time.
fn word_hash(bytes: &[u8]) -> u64 {
    word_hash_folded(bytes, 0)
}

/// [`word_hash`] of `bytes` with `fold` ORed into every byte.
fn word_hash_folded(bytes: &[u8], fold: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        h = (h ^ (u64_at(chunk, 0) | fold)).wrapping_mul(K).rotate_left(31);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        h = (h ^ tail_bits_folded(tail, fold)).wrapping_mul(K).rotate_left(31);
    }
    (h ^ (h >> 29)).wrapping_mul(K)
}

/// [`tail_bits`] of `tail` with `fold` ORed into every byte (the short form keeps three).
fn tail_bits_folded(tail: &[u8], fold: u64) -> u64 {
    tail_bits(tail) | if tail.len() >= 4 { fold } else { fold & 0x00ff_ffff }
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 4).and_then(|b| b.try_into().ok()).map_or(0, |b| u64::from(u32::from_le_bytes(b)))
}

/// 1 to 7 bytes folded into a u64 with two (overlapping) loads, not a loop: with the length
/// (hashed beside it) it tells the tails apart.
fn tail_bits(tail: &[u8]) -> u64 {
    let n = tail.len();
    if n >= 4 {
        u32_at(tail, 0) | u32_at(tail, n - 4) << 32
    } else {
        let byte = |i: usize| u64::from(tail.get(i).copied().unwrap_or(0));
        byte(0) | byte(n / 2) << 8 | byte(n.saturating_sub(1)) << 16
    }
}

/// Whether two words are equal, by whole-word loads (a `memcmp` call in wasm costs more than
/// comparing the few bytes of a word).
#[cfg(test)]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    same_word_folded(a, b, 0)
}

/// Whether `b`, with `fold` ORed into every byte, is `a`.
fn same_word_folded(a: &[u8], b: &[u8], fold: u64) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        // Up to 3 bytes are all read by `tail_bits`, 4 to 7 by its two overlapping loads.
        return n == 0 || tail_bits(a) == tail_bits_folded(b, fold);
    }
    let mut at = 0;
    while at + 8 <= n {
        if u64_at(a, at) != u64_at(b, at) | fold {
            return false;
        }
        at += 8;
    }
    at == n || u64_at(a, n - 8) == u64_at(b, n - 8) | fold
}

/// The equivalence table lives for the instance; its strings can be `'static`.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// The id of one already-normalised word, as [`Tokens`] would assign it.
pub fn word_id(word: &str) -> u32 {
    data::vocab().get(word).map_or_else(|| foreign_id(word), |&i| u32::from(i))
}

/// The ids of a phrase, normalised like file text.
pub fn phrase_ids(phrase: &str) -> Vec<u32> {
    Tokens::new(phrase).ids
}

impl Tokens {
    /// Tokenises `text[range]` for each range (ranges ascending, offsets kept file-relative).
    ///
    /// The words of [`normalize::for_each_raw_word`] (the tests hold them equal), found through
    /// [`Masks`] rather than byte by byte, and mapped to ids with one table lookup each.
    pub fn from_ranges(text: &str, ranges: &[(usize, usize)]) -> Self {
        let bytes: usize = ranges.iter().map(|(a, b)| b.saturating_sub(*a)).sum();
        // About one word in six bytes of licence text: one allocation for most files.
        let capacity = bytes / 5 + 8;
        let mut out = Tokens {
            ids: Vec::with_capacity(capacity),
            starts: Vec::with_capacity(capacity),
            ends: Vec::with_capacity(capacity),
        };
        let mut reader = Reader::new();
        for &(a, b) in ranges {
            if let Some(part) = text.get(a..b) {
                reader.read(part, a, &mut out);
            }
        }
        out
    }

    /// Tokenises all of `text`.
    pub fn new(text: &str) -> Self {
        Self::from_ranges(text, &[(0, text.len())])
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The candidate-index hash of the 5-gram at `j`, when all its words are template words.
    pub fn index_hash(&self, j: usize) -> Option<u32> {
        let gram = self.ids.get(j..j + normalize::GRAM)?;
        let mut small = [0u16; normalize::GRAM];
        for (s, &id) in small.iter_mut().zip(gram) {
            *s = u16::try_from(id).ok()?;
        }
        Some(normalize::gram_hash(&small))
    }
}

/// The tokeniser's state across the ranges of one file.
struct Reader {
    lex: &'static WordTable,
    masks: Masks,
    /// Lowercased non-ASCII words.
    buf: String,
    copyright: u32,
    and: (u32, u32),
    /// [`normalize::AFTER_COPYRIGHT`] with the ids of the replacements.
    after: Vec<(&'static str, u32)>,
}

impl Reader {
    fn new() -> Self {
        let lex = lexicon();
        Reader {
            lex,
            masks: Masks::default(),
            buf: String::new(),
            copyright: word_id("copyright"),
            and: lex.get("and").unwrap_or_else(|hash| (foreign_id_of(hash), NONE)),
            after: normalize::AFTER_COPYRIGHT.iter().map(|(w, to)| (*w, word_id(to))).collect(),
        }
    }

    /// Appends the words of `part`, which starts at byte `base` of the file.
    fn read(&mut self, part: &str, base: usize, out: &mut Tokens) {
        let bytes = part.as_bytes();
        self.masks.build(bytes);
        // Only separators seen since the last newline: numbering there is a bullet.
        let mut line_start = true;
        // Whether the last word emitted announces a version ("version", "v", "ver").
        let mut after_version_word = false;
        let mut i = 0;
        loop {
            i = self.masks.next_stop(i);
            let Some(&b) = bytes.get(i) else { break };
            let start = i;
            if b == b'\n' {
                line_start = true;
                i += 1;
                continue;
            }
            if b == b'&' {
                push(out, self.and, base + start, base + start + 1);
                line_start = false;
                i += 1;
                continue;
            }
            // ASCII words are read from the text and lowercased by folding; words with other
            // letters are lowercased into `buf`.
            let ascii_end = if b < 0x80 { self.masks.word_end(i).min(bytes.len()) } else { i };
            let (word, fold): (&[u8], u64) =
                if ascii_end > i && bytes.get(ascii_end).is_none_or(|&n| n < 0x80) {
                    i = ascii_end;
                    (&bytes[start..i], ASCII_FOLD)
                } else {
                    let (c, len) = normalize::char_at(part, i);
                    i += len;
                    if !c.is_alphanumeric() {
                        continue;
                    }
                    i = normalize::unicode_word(part, c, i, &mut self.buf);
                    (self.buf.as_bytes(), 0)
                };
            let end = i;
            let was_line_start = line_start;
            line_start = false;
            if word.len() <= 4 && is_bullet(word) {
                let after = bytes.get(end).copied();
                let before = start.checked_sub(1).and_then(|k| bytes.get(k)).copied();
                // "2." opening a line is numbering ("1.1" too), but "2.0" after "Version" is
                // the version, wrapped before its number.
                let version = after == Some(b'.')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                    && after_version_word;
                if (was_line_start && !version && matches!(after, Some(b'.' | b')')))
                    || (before == Some(b'(') && after == Some(b')'))
                {
                    continue;
                }
            }
            let (mut first, second) =
                self.lex.get_folded(word, fold).unwrap_or_else(|hash| (foreign_id_of(hash), NONE));
            if out.ids.last() == Some(&self.copyright)
                && let Some((_, to)) = self.after.iter().find(|(w, _)| folded_eq(word, w.as_bytes()))
            {
                first = *to;
            }
            after_version_word = matches!(word.len(), 1 | 3 | 7)
                && [&b"version"[..], b"v", b"ver"].iter().any(|v| folded_eq(word, v));
            push(out, (first, second), base + start, base + end);
        }
    }
}

/// Appends one or two ids for the source bytes `start..end`.
fn push(out: &mut Tokens, (first, second): (u32, u32), start: usize, end: usize) {
    out.ids.push(first);
    out.starts.push(start);
    out.ends.push(end);
    if second != NONE {
        out.ids.push(second);
        out.starts.push(start);
        out.ends.push(end);
    }
}

/// Whether `word` (ASCII letters and digits in any case, or an already lowercased word) is the
/// lowercase ASCII `lower`: ORing 0x20 lowercases the first kind and leaves the second's bytes
/// that could equal a letter or digit alone.
fn folded_eq(word: &[u8], lower: &[u8]) -> bool {
    word.len() == lower.len() && word.iter().zip(lower).all(|(&a, &b)| a | 0x20 == b)
}

/// [`normalize`]'s bullet test on a word as [`folded_eq`] reads it: up to two digits, one
/// letter, or a short roman numeral.
fn is_bullet(word: &[u8]) -> bool {
    let n = word.len();
    (n <= 2 && word.iter().all(u8::is_ascii_digit))
        || (n == 1 && word.iter().all(u8::is_ascii_alphabetic))
        || (n <= 4 && word.iter().all(|&b| matches!(b | 0x20, b'i' | b'v' | b'x')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_is_byte_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefghi",
            "bbcdefghi",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_word(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
        for n in 0..20 {
            let a: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
            for k in 0..n {
                let mut b = a.clone();
                b[k] ^= 1;
                assert!(!same_word(&a, &b), "{n} {k}");
            }
            assert!(same_word(&a, &a.clone()));
        }
    }

    /// Every vocabulary word is in the runtime table (whose slots hold 16-bit indexes).
    #[test]
    fn the_word_table_holds_the_whole_vocabulary() {
        let lex = lexicon();
        for (word, &id) in data::vocab() {
            let (first, _) = lex.get(word).unwrap_or((NONE, NONE));
            assert!(first == u32::from(id) || equivalences().pairs().any(|(v, _)| v == *word), "{word}");
        }
        assert!(lex.get("no-such-word-in-any-licence").is_err());
    }

    /// The reference tokeniser: [`normalize::for_each_raw_word`] through the table, byte by byte.
    fn reference(text: &str, ranges: &[(usize, usize)]) -> Tokens {
        let lex = lexicon();
        let copyright = word_id("copyright");
        let mut out = Tokens::default();
        for &(a, b) in ranges {
            let Some(part) = text.get(a..b) else { continue };
            normalize::for_each_raw_word(part, |w, s, e| {
                let (mut first, second) = lex.get(w).unwrap_or_else(|hash| (foreign_id_of(hash), NONE));
                if out.ids.last() == Some(&copyright)
                    && let Some((_, to)) = normalize::AFTER_COPYRIGHT.iter().find(|(x, _)| *x == w)
                {
                    first = word_id(to);
                }
                push(&mut out, (first, second), a + s, a + e);
            });
        }
        out
    }

    fn assert_same(text: &str, ranges: &[(usize, usize)]) {
        let (fast, slow) = (Tokens::from_ranges(text, ranges), reference(text, ranges));
        assert_eq!(fast.ids, slow.ids, "{text:?} {ranges:?}");
        assert_eq!(fast.starts, slow.starts, "{text:?}");
        assert_eq!(fast.ends, slow.ends, "{text:?}");
    }

    /// The mask-driven tokeniser reads exactly the words of the byte-by-byte one: bullets,
    /// versions, `&`, case, non-ASCII letters and separators, words across 64-byte blocks.
    #[test]
    fn the_fast_tokeniser_reads_the_reference_words() {
        let pieces = [
            "Licence",
            "LICENSE",
            "Copyright",
            "OWNER",
            "owners",
            " ",
            "  ",
            "\n",
            "\n  ",
            "1.",
            "(a)",
            "iv)",
            "IV.",
            "Version",
            "v",
            "VER",
            "2.0",
            "3.",
            "&",
            "Sub-License",
            "sublicense",
            "Ünïcode",
            "straße",
            "©",
            "—",
            "“quoted”",
            "x",
            "2",
            "12.",
            "(c)",
            "PERCENT",
            "İstanbul",
            "ǅemal",
            "a1b2",
            "MiXeD8",
            ",",
            ".",
            "\t",
            "/*",
            " * ",
            "//",
            "#",
            "日本語",
            "ﬁle",
            "e\u{301}",
            "\u{a0}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(60) {
                text.push_str(pieces[next(pieces.len())]);
                if next(3) == 0 {
                    text.push(' ');
                }
            }
            assert_same(&text, &[(0, text.len())]);
            // Ranges cut at char boundaries, as the gate cuts them (at line starts or by bytes).
            let cuts: Vec<usize> = {
                let mut c: Vec<usize> = (0..4).map(|_| next(text.len() + 1)).collect();
                c.iter_mut().for_each(|k| {
                    while !text.is_char_boundary(*k) {
                        *k -= 1
                    }
                });
                c.sort_unstable();
                c
            };
            assert_same(&text, &[(cuts[0], cuts[1]), (cuts[2], cuts[3])]);
        }
        let licence = include_str!("../tests/fixtures/THIRD-PARTY-NOTICES.txt");
        assert_same(licence, &[(0, licence.len())]);
    }

    /// The one-table runtime path must agree word for word with the shared normaliser the
    /// templates went through.
    #[test]
    fn runtime_tokens_match_the_template_normaliser() {
        let text = "Licence: the Copyright Owner may SUB-LICENSE, sublicense or sub license; \
                    Non-commercial use & 50 per cent / percent.\n 1. Organisation (a) \
                    https://example.org Ünïcode ß";
        let mut expected = Vec::new();
        normalize::for_each_word(equivalences(), text, |w, _, _| expected.push(word_id(w)));
        assert_eq!(Tokens::new(text).ids, expected);
        assert_eq!(phrase_ids("licence"), phrase_ids("license"));
        assert_eq!(phrase_ids("copyright owner"), phrase_ids("copyright holder"));
        assert_eq!(phrase_ids("sublicense"), phrase_ids("sub-license"));
    }
}
