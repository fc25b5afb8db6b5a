//! The embedded SPDX tables produced by `build.rs` from `data/spdx-xml/`: templates (word ids and
//! flags), the 5-gram candidate index, the vocabulary and the licence names.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// What a template is the text of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// A full licence text.
    Text,
    /// A licence's standard header (`standardLicenseHeader`): matched as a notice.
    Header,
    /// A licence exception text (`WITH ...`).
    Exception,
}

/// One template of the embedded list.
pub struct TemplateMeta {
    /// SPDX ids sharing this exact template, canonical (the one reported) first.
    pub ids: &'static [&'static str],
    kind: u8,
    start: usize,
    len: usize,
    /// Words that are neither replaceable nor optional.
    pub required: usize,
    /// Distinct 5-grams of this template in the candidate index.
    pub grams: u32,
}

impl TemplateMeta {
    /// Whether a text, header or exception.
    pub fn kind(&self) -> TemplateKind {
        match self.kind {
            1 => TemplateKind::Header,
            2 => TemplateKind::Exception,
            _ => TemplateKind::Text,
        }
    }

    /// The id reported for a match.
    pub fn id(&self) -> &'static str {
        self.ids.first().copied().unwrap_or("LicenseRef-unknown")
    }

    /// Word ids, widened to the runtime's `u32`.
    pub fn tokens(&self) -> Vec<u32> {
        TOKENS
            .get(self.start * 2..(self.start + self.len) * 2)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|c| u32::from(u16::from_le_bytes([c[0], c[1]])))
            .collect()
    }

    /// Per word: bit 7 = replaceable/optional, bits 0..6 = extra words allowed before it, halved.
    pub fn flags(&self) -> &'static [u8] {
        FLAGS.get(self.start..self.start + self.len).unwrap_or(&[])
    }
}

/// Id, name and status of a licence or exception of the SPDX list.
pub struct LicenseName {
    /// The SPDX id.
    pub id: &'static str,
    /// The full name (`MIT License`).
    pub name: &'static str,
    /// Deprecated in the list.
    pub deprecated: bool,
    /// An exception rather than a licence.
    pub exception: bool,
    /// Deprecated with a named successor (`GPL-2.0` → `GPL-2.0-only`).
    pub obsoleted: bool,
}

include!(concat!(env!("OUT_DIR"), "/consts.rs"));

/// Every template, in build order (the order breaks ties).
pub static TEMPLATES: &[TemplateMeta] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));
/// Every licence and exception id of the list, sorted by id.
pub static NAMES: &[LicenseName] = include!(concat!(env!("OUT_DIR"), "/names.rs"));

static TOKENS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tokens.bin"));
static FLAGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/flags.bin"));
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.bin"));
static VOCAB: &str = include_str!(concat!(env!("OUT_DIR"), "/vocab.txt"));

fn u32_at(bytes: &[u8], index: usize) -> u32 {
    bytes.get(index * 4..index * 4 + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u16_at(bytes: &[u8], index: usize) -> u16 {
    bytes.get(index * 2..index * 2 + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

/// Calls `f` with each template number holding the 5-gram `hash`.
pub fn postings(hash: u32, mut f: impl FnMut(usize)) {
    // Long templates index one gram in SAMPLE (by hash); any other gram can only be a short
    // template's, and a small bitset of those rules out most without touching the big table.
    if !hash.is_multiple_of(SAMPLE) {
        let bits = unsampled_bits();
        let b = hash as usize & (bits.len() * 64 - 1);
        if bits[b / 64] & (1 << (b % 64)) == 0 {
            return;
        }
    }
    let mask = INDEX_SLOTS - 1;
    let mut slot = hash as usize & mask;
    loop {
        let key = u32_at(INDEX, slot * 2);
        if key == 0 {
            return;
        }
        if key == hash {
            let value = u32_at(INDEX, slot * 2 + 1);
            if value & SINGLE != 0 {
                f((value & !SINGLE) as usize);
                return;
            }
            let post = &INDEX[INDEX_SLOTS * 8..];
            let offset = value as usize;
            let count = usize::from(u16_at(post, offset));
            for k in 0..count {
                f(usize::from(u16_at(post, offset + 1 + k)));
            }
            return;
        }
        slot = (slot + 1) & mask;
    }
}

/// Bitset of the indexed gram hashes that are not multiples of SAMPLE (short templates keep
/// every gram), built once per instance from the index keys.
fn unsampled_bits() -> &'static [u64] {
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    BITS.get_or_init(|| {
        let keys = (0..INDEX_SLOTS)
            .map(|slot| u32_at(INDEX, slot * 2))
            .filter(|&k| k != 0 && !k.is_multiple_of(SAMPLE));
        let count = keys.clone().count();
        // About 16 bits a key: a file gram outside the index passes with probability ~1/16.
        let mut bits = vec![0u64; (count * 16 / 64).next_power_of_two().max(8)];
        let mask = bits.len() * 64 - 1;
        for key in keys {
            let b = key as usize & mask;
            bits[b / 64] |= 1 << (b % 64);
        }
        bits
    })
}

/// FxHash (rustc's): the vocabulary lookup runs once per word of every licence-ish file.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words as plain loads; only the tail is assembled byte by byte (a copy of a
        // variable-length chunk is a `memcpy` call in wasm).
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let word = tail.iter().rev().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Word → id of the template vocabulary, built once per instance.
pub fn vocab() -> &'static FxMap<&'static str, u16> {
    static MAP: OnceLock<FxMap<&'static str, u16>> = OnceLock::new();
    MAP.get_or_init(|| {
        VOCAB.split('\n').enumerate().filter_map(|(i, w)| u16::try_from(i).ok().map(|i| (w, i))).collect()
    })
}

/// The word of a vocabulary id (for diagnostics and the accuracy bench).
pub fn word(id: u32) -> Option<&'static str> {
    VOCAB.split('\n').nth(id as usize)
}

/// The list entry of an id, compared exactly.
pub fn name_of(id: &str) -> Option<&'static LicenseName> {
    NAMES.binary_search_by(|n| n.id.cmp(id)).ok().and_then(|i| NAMES.get(i))
}

/// The list entry of an id, compared without case (manifests write `mit`, `apache-2.0`).
pub fn name_of_ignore_case(id: &str) -> Option<&'static LicenseName> {
    NAMES.iter().find(|n| n.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_licence_and_exception_is_embedded() {
        assert!(NAMES.len() >= 800, "{} names", NAMES.len());
        assert!(name_of("MIT").is_some());
        assert!(name_of("Classpath-exception-2.0").is_some_and(|n| n.exception));
        assert!(name_of("GPL-2.0").is_some_and(|n| n.obsoleted));
    }

    #[test]
    fn obsoleted_ids_are_no_match_target_but_their_successors_are() {
        let text_ids =
            |id: &str| TEMPLATES.iter().any(|t| t.kind() == TemplateKind::Text && t.ids.contains(&id));
        assert!(text_ids("GPL-2.0-only") && text_ids("GPL-2.0-or-later"));
        assert!(!text_ids("GPL-2.0") && !text_ids("GPL-2.0+"));
        // Identical templates are stored once, under all their ids.
        assert!(TEMPLATES.iter().any(|t| t.ids.len() > 1));
    }
}
