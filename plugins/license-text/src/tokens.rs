//! A file (or the parts of it worth reading) as normalised word ids with byte offsets.

use crate::data;
use crate::lexicon::{self, NONE, WordTable};
use crate::normalize::{self, Equivalences, WordReader, folded_eq};
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
    lexicon::foreign_id_of(lexicon::word_hash(word.as_bytes()))
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
    /// The raw words of [`WordReader`] (those of [`normalize::for_each_raw_word`]), mapped to ids
    /// with one table lookup each, ASCII words without a lowercased copy.
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
    words: WordReader,
    copyright: u32,
    /// [`normalize::AFTER_COPYRIGHT`] with the ids of the replacements.
    after: Vec<(&'static str, u32)>,
}

impl Reader {
    fn new() -> Self {
        Reader {
            lex: lexicon::lexicon(),
            words: WordReader::default(),
            copyright: word_id("copyright"),
            after: normalize::AFTER_COPYRIGHT.iter().map(|(w, to)| (*w, word_id(to))).collect(),
        }
    }

    /// Appends the words of `part`, which starts at byte `base` of the file.
    fn read(&mut self, part: &str, base: usize, out: &mut Tokens) {
        let (lex, copyright, after) = (self.lex, self.copyright, &self.after);
        self.words.read(part, |word, fold, start, end| {
            let (mut first, second) = lex.ids(word, fold);
            if out.ids.last() == Some(&copyright)
                && let Some((_, to)) = after.iter().find(|(w, _)| folded_eq(word, w.as_bytes()))
            {
                first = *to;
            }
            push(out, (first, second), base + start, base + end);
        });
    }
}

/// Appends one or two ids for the source bytes `start..end`.
#[inline(always)]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference tokeniser: the byte-by-byte raw-word reader, each word lowercased and looked
    /// up in the table.
    fn reference(text: &str, ranges: &[(usize, usize)]) -> Tokens {
        let lex = lexicon::lexicon();
        let copyright = word_id("copyright");
        let mut out = Tokens::default();
        for &(a, b) in ranges {
            let Some(part) = text.get(a..b) else { continue };
            normalize::oracle::for_each_raw_word(part, |w, s, e| {
                let (mut first, second) = lex.ids(w.as_bytes(), 0);
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
