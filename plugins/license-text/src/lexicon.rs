//! Raw words to ids: the vocabulary of the templates, its equivalent spellings and compounds,
//! in one table the tokeniser probes once a word.

use crate::data;
use crate::normalize;
use crate::tokens::{FOREIGN, equivalences, word_id};
use std::sync::OnceLock;

/// A foreign word's id (see [`crate::tokens::word_id`]) from its hash: a lookup that missed
/// has it already.
#[allow(clippy::cast_possible_truncation)]
pub fn foreign_id_of(hash: u64) -> u32 {
    FOREIGN + (hash >> 33) as u32
}

/// What a raw (lowercased) word becomes: one or two ids. `NONE` marks no second id.
pub const NONE: u32 = u32::MAX;

/// Raw word → ids, folding the equivalences of [`normalize`] into the vocabulary lookup so the
/// per-word cost is one hash lookup.
pub fn lexicon() -> &'static WordTable {
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
pub struct WordTable {
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
    #[cfg(test)]
    fn get(&self, word: &str) -> Result<(u32, u32), u64> {
        self.get_folded(word.as_bytes(), 0)
    }

    /// The ids of `word` with `fold` ORed into every byte ([`normalize::ASCII_FOLD`] lowercases a word of
    /// ASCII letters and digits, 0 leaves a lowercased word as it is); a word outside the table
    /// gets its foreign id.
    #[inline]
    pub fn ids(&self, word: &[u8], fold: u64) -> (u32, u32) {
        self.get_folded(word, fold).unwrap_or_else(|hash| (foreign_id_of(hash), NONE))
    }

    /// [`WordTable::get`] of `word` with `fold` ORed into every byte: [`normalize::ASCII_FOLD`] lowercases
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

/// A 64-bit hash of a word, eight bytes at a time.
pub fn word_hash(bytes: &[u8]) -> u64 {
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
}
