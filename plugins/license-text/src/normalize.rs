//! Text normalisation after the SPDX matching guidelines (Annex B), shared by `build.rs` (which
//! turns the licence templates into tokens) and the runtime (which turns files into tokens), so
//! both sides agree token for token.
//!
//! What it does: words are maximal runs of letters and digits, lowercased; everything else
//! (whitespace, punctuation, quotes, dashes, comment markers such as `//`, `#`, ` * `, `--`) only
//! separates words. Bullets and numbering (`1.`, `(a)`, `iv)`) are dropped, and the varietal words
//! of `data/equivalentwords.txt` map to one spelling. This file and `words.rs` must stay
//! dependency-free: the build script includes both with `#[path]`.

use crate::words::Masks;

/// The word-pair list of the SPDX legal team (CC-BY-3.0, see `data/NOTICE.md`).
const EQUIVALENT_WORDS: &str = include_str!("../data/equivalentwords.txt");

/// Words of an n-gram for the index and the aligner.
pub const GRAM: usize = 5;

/// Single-word spellings mapped onto the one the templates use, from [`EQUIVALENT_WORDS`].
/// Multi-word entries are handled in [`canonical`] so that "sub-license", "sub license" and
/// "sublicense" all become `sub license`.
pub struct Equivalences {
    single: Vec<(String, String)>,
}

impl Equivalences {
    /// Parses the embedded list. Pairs whose sides are single words become a mapping from the
    /// second spelling to the first; the multi-word ones are expressed by [`canonical`].
    pub fn load() -> Self {
        let mut single = Vec::new();
        for line in EQUIVALENT_WORDS.lines() {
            let Some((a, b)) = line.split_once(',') else { continue };
            let (a, b) = (a.trim(), b.trim());
            let simple = |w: &str| !w.is_empty() && w.chars().all(char::is_alphanumeric);
            if simple(a) && simple(b) {
                single.push((b.to_string(), a.to_string()));
            }
        }
        single.push(("https".to_string(), "http".to_string()));
        single.sort();
        single.dedup_by(|x, y| x.0 == y.0);
        Equivalences { single }
    }

    /// (variant, canonical) pairs of single words.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.single.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    fn map<'a>(&'a self, word: &'a str) -> &'a str {
        match self.single.binary_search_by(|(k, _)| k.as_str().cmp(word)) {
            Ok(i) => &self.single[i].1,
            Err(_) => word,
        }
    }
}

/// Compounds split the way their spaced spelling would be ("sublicense" = "sub license").
pub const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("sublicense", "sub", "license"),
    ("sublicensed", "sub", "licensed"),
    ("sublicensing", "sub", "licensing"),
    ("sublicenses", "sub", "licenses"),
    ("noncommercial", "non", "commercial"),
    ("percent", "per", "cent"),
];

/// Words with another spelling after "copyright" ("copyright owner" = "copyright holder").
pub const AFTER_COPYRIGHT: &[(&str, &str)] = &[("owner", "holder"), ("owners", "holders")];

/// The canonical form of one lowercased word: one or two words.
fn canonical<'a>(eq: &'a Equivalences, word: &'a str, previous: &str) -> (&'a str, Option<&'a str>) {
    if let Some((_, a, b)) = COMPOUNDS.iter().find(|(w, _, _)| *w == word) {
        return (a, Some(b));
    }
    if previous == "copyright"
        && let Some((_, to)) = AFTER_COPYRIGHT.iter().find(|(w, _)| *w == word)
    {
        return (to, None);
    }
    (eq.map(word), None)
}

/// Calls `emit(word, start, end)` for every normalised word of `text`, where `start..end` is the
/// byte range of the source word it came from.
pub fn for_each_word(eq: &Equivalences, text: &str, mut emit: impl FnMut(&str, usize, usize)) {
    let mut previous = String::new();
    for_each_raw_word(text, |raw, start, end| {
        let (first, second) = canonical(eq, raw, &previous);
        emit(first, start, end);
        let last = match second {
            Some(second) => {
                emit(second, start, end);
                second
            }
            None => first,
        };
        previous.clear();
        previous.push_str(last);
    });
}

/// Like [`for_each_word`] but before the equivalences: lowercased words, bullets dropped, `&`
/// as "and". The runtime maps these through one table instead (see `tokens.rs`).
pub fn for_each_raw_word(text: &str, mut emit: impl FnMut(&str, usize, usize)) {
    let mut lower = String::new();
    WordReader::default().read(text, |word, fold, start, end| {
        lower.clear();
        if fold == 0 {
            lower.push_str(std::str::from_utf8(word).unwrap_or_default());
        } else {
            lower.extend(word.iter().map(|&b| char::from(b | 0x20)));
        }
        emit(&lower, start, end);
    });
}

/// ORed into each byte of an ASCII letter or digit, it lowercases it (digits have the bit).
pub const ASCII_FOLD: u64 = 0x2020_2020_2020_2020;

/// The raw-word reader behind [`for_each_raw_word`] and the runtime tokeniser. It steps from word
/// to word through the byte-class masks of `words.rs`: text alternates between words and
/// separators every few bytes, and a test of every byte mispredicted twice a word.
#[derive(Default)]
pub struct WordReader {
    masks: Masks,
    /// Lowercased words with non-ASCII letters.
    buf: String,
}

impl WordReader {
    /// Calls `emit(word, fold, start, end)` for every raw word of `text` (lowercase once each
    /// byte of `word` is ORed with `fold`: [`ASCII_FOLD`] for a word of ASCII letters and digits
    /// read straight from the text, 0 for one already lowercased), `start..end` being the bytes
    /// it came from. Bullets and numbering are dropped; `&` is "and".
    pub fn read(&mut self, text: &str, mut emit: impl FnMut(&[u8], u64, usize, usize)) {
        let bytes = text.as_bytes();
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
                emit(b"and", 0, start, start + 1);
                line_start = false;
                i += 1;
                continue;
            }
            let ascii_end = if b < 0x80 { self.masks.word_end(i).min(bytes.len()) } else { i };
            let (word, fold): (&[u8], u64) =
                if ascii_end > i && bytes.get(ascii_end).is_none_or(|&n| n < 0x80) {
                    i = ascii_end;
                    (&bytes[start..i], ASCII_FOLD)
                } else {
                    let (c, len) = char_at(text, i);
                    i += len;
                    if !c.is_alphanumeric() {
                        continue;
                    }
                    i = unicode_word(text, c, i, &mut self.buf);
                    (self.buf.as_bytes(), 0)
                };
            let end = i;
            let was_line_start = line_start;
            line_start = false;
            if is_bullet(word) {
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
            after_version_word = matches!(word.len(), 1 | 3 | 7)
                && [&b"version"[..], b"v", b"ver"].iter().any(|v| folded_eq(word, v));
            emit(word, fold, start, end);
        }
    }
}

/// Whether `word` (ASCII letters and digits in any case, or an already lowercased word) is the
/// lowercase ASCII `lower`: ORing 0x20 lowercases the first kind and leaves the second's bytes
/// that could equal a letter or digit alone.
pub fn folded_eq(word: &[u8], lower: &[u8]) -> bool {
    word.len() == lower.len() && word.iter().zip(lower).all(|(&a, &b)| a | 0x20 == b)
}

/// Whether a word, as [`folded_eq`] reads it, looks like list numbering: up to two digits, one
/// letter, or a short roman numeral.
fn is_bullet(word: &[u8]) -> bool {
    let n = word.len();
    n <= 4
        && ((n <= 2 && word.iter().all(u8::is_ascii_digit))
            || (n == 1 && word.iter().all(u8::is_ascii_alphabetic))
            || word.iter().all(|&b| matches!(b | 0x20, b'i' | b'v' | b'x')))
}

/// The char at byte `i` (a boundary) and its length; ASCII without decoding.
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b < 0x80 => (char::from(b), 1),
        _ => text[i..].chars().next().map_or(('\u{fffd}', 1), |c| (c, c.len_utf8())),
    }
}

/// A word holding non-ASCII letters, lowercased into `buf`: `first` is its first char, already
/// read up to `i`. Returns the byte just past the word.
fn unicode_word(text: &str, first: char, mut i: usize, buf: &mut String) -> usize {
    let bytes = text.as_bytes();
    buf.clear();
    push_lower(buf, first);
    loop {
        // ASCII letters and digits a run at a time, lowercased together below.
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        buf.push_str(&text[i..i + run]);
        i += run;
        if i >= bytes.len() || bytes[i].is_ascii() {
            break;
        }
        let (next, len) = char_at(text, i);
        if !next.is_alphanumeric() {
            break;
        }
        push_lower(buf, next);
        i += len;
    }
    buf.make_ascii_lowercase();
    i
}

fn push_lower(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
    } else {
        buf.extend(c.to_lowercase());
    }
}

/// Hash of a word n-gram (FNV-1a over the word ids). Never 0: the index uses 0 for empty slots.
pub fn gram_hash(ids: &[u16]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for id in ids {
        for byte in id.to_le_bytes() {
            h ^= u32::from(byte);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h.max(1)
}

/// The byte-by-byte raw-word reader that [`WordReader`] replaced, kept as the tests' oracle.
#[cfg(test)]
pub mod oracle {
    use super::{char_at, unicode_word};

    /// Whether a (lowercased) word looks like list numbering.
    fn is_bullet(word: &str) -> bool {
        let n = word.len();
        (n <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
            || (n == 1 && word.bytes().all(|b| b.is_ascii_alphabetic()))
            || (n <= 4 && word.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
    }

    /// [`super::for_each_raw_word`], one byte at a time.
    pub fn for_each_raw_word(text: &str, mut emit: impl FnMut(&str, usize, usize)) {
        let bytes = text.as_bytes();
        let mut buf = String::new();
        // Only separators seen since the last newline: numbering there is a bullet.
        let mut line_start = true;
        // Whether the last word emitted announces a version ("version", "v", "ver").
        let mut after_version_word = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let start = i;
            // Separators: ASCII ones a byte at a time, without decoding.
            if b < 0x80 && !b.is_ascii_alphanumeric() {
                i += 1;
                if b == b'\n' {
                    line_start = true;
                } else if b == b'&' {
                    emit("and", start, start + 1);
                    line_start = false;
                }
                continue;
            }
            // Most words are ASCII: borrowed from the text when already lowercase.
            let run = ascii_word(&bytes[i..]);
            let word: &str = if run.len > 0 && bytes.get(i + run.len).is_none_or(|&n| n < 0x80) {
                i += run.len;
                let raw = &text[start..i];
                if run.upper {
                    buf.clear();
                    buf.push_str(raw);
                    buf.make_ascii_lowercase();
                    &buf
                } else {
                    raw
                }
            } else {
                let (c, len) = char_at(text, i);
                i += len;
                if !c.is_alphanumeric() {
                    continue;
                }
                i = unicode_word(text, c, i, &mut buf);
                &buf
            };
            let end = i;
            let after = bytes.get(end).copied();
            let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let was_line_start = line_start;
            line_start = false;
            // "2." opening a line is numbering ("1.1" too), but "2.0" after "Version" is the
            // version, wrapped before its number.
            let version = after == Some(b'.')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                && after_version_word;
            if is_bullet(word)
                && ((was_line_start && !version && matches!(after, Some(b'.' | b')')))
                    || (before == Some(b'(') && after == Some(b')')))
            {
                continue;
            }
            emit(word, start, end);
            after_version_word = matches!(word, "version" | "v" | "ver");
        }
    }

    /// Length of the ASCII letters and digits at the start of `bytes`, and whether any is uppercase.
    struct AsciiRun {
        len: usize,
        upper: bool,
    }

    fn ascii_word(bytes: &[u8]) -> AsciiRun {
        let mut upper = false;
        let len = bytes
            .iter()
            .take_while(|b| {
                upper |= b.is_ascii_uppercase();
                b.is_ascii_alphanumeric()
            })
            .count();
        AsciiRun { len, upper }
    }
}
