//! ScanCode's licence notices, references, tags and intros (`data/scancode/`, compiled by
//! `build.rs`), matched word for word against a file's words.
//!
//! A rule is the words people write ("This library is MIT licensed. See the LICENSE.md for
//! details.", "License :: OSI Approved :: BSD License", "licensed under European Union Public
//! License, version 1.2") with the SPDX expression ScanCode's maintainers gave it. A rule
//! matches only as a whole, so its required phrases are all there; the longest rule starting at
//! a word wins. Precision first, because an analyst trusts an id:
//! - a word the rule writes with a `+` (`GPLv2+`) must have it in the file, and one without
//!   must not: the `+` is the "or later" the words alone do not show;
//! - a match of a fixed version followed by "or later", "any later version", a `+` or more of
//!   the version number (`version 2` then `.1`) is no match: the text says something else;
//! - references (a licence's name or address on its own) and any rule in a stretch naming
//!   several licences (a classifier list, a changelog) are clues, not findings.

use crate::data::FxMap;
use crate::tokens::{Tokens, word_id};
use std::ops::Range;
use std::sync::OnceLock;

/// One compiled rule.
pub struct RuleMeta {
    /// `n` notice, `r` reference, `t` tag, `i` intro (ScanCode's `is_license_*`; build.rs files
    /// generic and very short notices under `r`, evidence only).
    pub kind: u8,
    /// The rule's words state no version but its licence has one (ScanCode reads a bare "GNU
    /// General Public License" as GPL-1.0-or-later): only right where the file states none.
    pub versionless: bool,
    /// The SPDX expression the rule states.
    pub expression: &'static str,
    /// ScanCode's rule name (the `.RULE` file's stem).
    pub name: &'static str,
    start: usize,
    len: usize,
    /// Word positions written with a `+` right after them.
    plus: &'static [u16],
}

/// Every rule, in ScanCode's name order.
pub static RULES: &[RuleMeta] = include!(concat!(env!("OUT_DIR"), "/scancode_rules.rs"));
static TOKENS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rule_tokens.bin"));

impl RuleMeta {
    /// The word id at rule position `k`.
    fn token(&self, k: usize) -> u32 {
        let at = (self.start + k) * 2;
        TOKENS.get(at..at + 2).map_or(u32::MAX, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the rule has no words (never: build.rs keeps rules of three words and more).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Bits of the first-three-words filter: a file word triple outside every rule's start costs one
/// bit test, not a map lookup. Three words, not two: "licensed under" starts hundreds of rules,
/// "licensed under the" far fewer to compare.
const PAIR_BITS: usize = 1 << 18;

/// Rules by a key of their first three words, longest first, and the bitset of those keys.
struct Index {
    by_pair: FxMap<u64, Vec<u32>>,
    bits: Vec<u64>,
}

/// The key of three words (a hash: a hit is compared word for word).
fn pair_key(a: u32, b: u32, c: u32) -> u64 {
    let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h ^ u64::from(c)).wrapping_mul(0xd6e8_feb8_6659_fd93)
}

#[allow(clippy::cast_possible_truncation)]
fn pair_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & (PAIR_BITS - 1)
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_pair: FxMap<u64, Vec<u32>> = FxMap::default();
        let mut bits = vec![0u64; PAIR_BITS / 64];
        for (i, r) in RULES.iter().enumerate() {
            let (Ok(i), true) = (u32::try_from(i), r.len >= 3) else { continue };
            let key = pair_key(r.token(0), r.token(1), r.token(2));
            by_pair.entry(key).or_default().push(i);
            let b = pair_bit(key);
            bits[b / 64] |= 1 << (b % 64);
        }
        for list in by_pair.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(RULES[i as usize].len));
        }
        Index { by_pair, bits }
    })
}

/// A rule matched at file words `span`.
#[derive(Debug, Clone)]
pub struct RuleHit {
    /// Index into [`RULES`].
    pub rule: usize,
    /// File words.
    pub span: Range<usize>,
    /// Weak evidence: reported as a clue.
    pub clue: bool,
}

impl RuleHit {
    /// The rule.
    pub fn meta(&self) -> &'static RuleMeta {
        &RULES[self.rule]
    }
}

/// Words after a match read for an "or later" the rule did not state.
const LATER_WINDOW: usize = 10;
/// Words after a version-less rule read for the version the file states ("the GNU General
/// Public License as published by the Free Software Foundation; either version 3").
const VERSION_WINDOW: usize = 12;
/// Words within which rules naming this many different licences make a list, not a grant.
const CROWD_WINDOW: usize = 120;
const CROWD_LICENCES: usize = 3;

/// Rules matched in `toks` outside `covered` (spans already explained by full texts), in order.
pub fn find(text: &str, toks: &Tokens, covered: &[Range<usize>]) -> Vec<RuleHit> {
    let ids = &toks.ids;
    let idx = index();
    let bytes = text.as_bytes();
    let plus_after = |j: usize| toks.ends.get(j).and_then(|&e| bytes.get(e)) == Some(&b'+');
    let mut blocked = vec![false; ids.len()];
    for c in covered {
        for b in blocked.get_mut(c.start..c.end.min(ids.len())).unwrap_or_default() {
            *b = true;
        }
    }
    let mut out: Vec<RuleHit> = Vec::new();
    let mut j = 0;
    while j + 2 < ids.len() {
        let key = pair_key(ids[j], ids[j + 1], ids[j + 2]);
        let b = pair_bit(key);
        if blocked[j] || idx.bits[b / 64] & (1 << (b % 64)) == 0 {
            j += 1;
            continue;
        }
        let Some(list) = idx.by_pair.get(&key) else {
            j += 1;
            continue;
        };
        let matched = list.iter().map(|&r| r as usize).find(|&r| {
            let rule = &RULES[r];
            let end = j + rule.len;
            end <= ids.len()
                && (0..rule.len).all(|k| ids[j + k] == rule.token(k))
                && !blocked[j..end].contains(&true)
                && !crosses_tag(text, toks, j..end)
                && (0..rule.len)
                    .all(|k| plus_after(j + k) == rule.plus.contains(&u16::try_from(k).unwrap_or(0)))
        });
        match matched {
            Some(r)
                if !says_more(text, toks, &RULES[r], j..j + RULES[r].len)
                    && !in_identifier(text, toks, j..j + RULES[r].len) =>
            {
                let span = j..j + RULES[r].len;
                j = span.end;
                out.push(RuleHit { rule: r, span, clue: RULES[r].kind == b'r' });
            }
            _ => j += 1,
        }
    }
    mark_crowds(&mut out, toks);
    out
}

/// Words before a cluster of rules within which a choice introduces it.
const CHOICE_WINDOW: usize = 30;

/// Phrases that make the licences named after them a choice the file grants ("made available
/// subject to the terms of either of the following licenses", "licensed under the terms of any
/// of the following licenses at your choice", "the MPL 1.1/GPL 2.0/LGPL 2.1 tri-license").
const CHOICES: &[&str] = &[
    "either of the following",
    "any of the following licenses",
    "any of the following licences",
    "one of the following licenses",
    "one of the following licences",
    "tri license",
    "tri licensed",
    "triple licensed",
    "multi licensed",
];

/// Whether a choice phrase starts within [`CHOICE_WINDOW`] words before word `from` or before
/// word `to` (among the names of the list: "the MPL 1.1/GPL 2.0/LGPL 2.1 tri-license").
fn choice_in(toks: &Tokens, from: usize, to: usize) -> bool {
    static PHRASES: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| CHOICES.iter().map(|p| crate::tokens::phrase_ids(p)).collect());
    (from.saturating_sub(CHOICE_WINDOW)..to)
        .any(|j| phrases.iter().any(|p| toks.ids.get(j..j + p.len()) == Some(&p[..])))
}

/// Whether a line of the words at `span` after the first starts a doc-comment tag: "@license
/// MIT\n *\n * @license GPL-2.0+" holds two tags, no "license MIT license" rule.
fn crosses_tag(text: &str, toks: &Tokens, span: Range<usize>) -> bool {
    (span.start + 1..span.end).any(|k| {
        text.get(toks.ends[k - 1]..toks.starts[k]).is_some_and(|gap| gap.contains('\n') && gap.contains('@'))
    })
}

/// Whether the words at `span` are part of a program identifier (Perl's
/// `Software::License::GPL_2`, `License_GPL_2_plus`): a name in code, not a statement.
fn in_identifier(text: &str, toks: &Tokens, span: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let (Some(&a), Some(&b)) = (toks.starts.get(span.start), toks.ends.get(span.end - 1)) else {
        return false;
    };
    let before = bytes.get(..a).unwrap_or_default();
    before.ends_with(b"::") || before.ends_with(b"_") || bytes.get(b) == Some(&b'_')
}

/// Whether the file goes on to say what the rule does not: "or later" after a fixed version,
/// or more digits of the version the rule ends with.
fn says_more(text: &str, toks: &Tokens, rule: &RuleMeta, span: Range<usize>) -> bool {
    static WORDS: OnceLock<[u32; 3]> = OnceLock::new();
    let [later, newer, any] = *WORDS.get_or_init(|| [word_id("later"), word_id("newer"), word_id("any")]);
    let bytes = text.as_bytes();
    let Some(&end_byte) = toks.ends.get(span.end - 1) else { return false };
    // "...GNU General Public License as published by the Free Software Foundation; either
    // version 3": the version follows the words the rule has.
    if rule.versionless {
        // A version: one or two digits, after a `v` or not (`3`, `v2`; not a year).
        let version = |j: usize| {
            let (Some(&a), Some(&b)) = (toks.starts.get(j), toks.ends.get(j)) else { return false };
            let w = bytes.get(a..b).unwrap_or_default();
            let w = w.strip_prefix(b"v").or_else(|| w.strip_prefix(b"V")).unwrap_or(w);
            (1..=2).contains(&w.len()) && w.iter().all(u8::is_ascii_digit)
        };
        if (span.end..(span.end + VERSION_WINDOW).min(toks.ids.len())).any(version) {
            return true;
        }
    }
    // `version 2` then `.1`: the rule named another version.
    let rest = bytes.get(end_byte..).unwrap_or_default();
    if rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit) {
        return true;
    }
    let fixed = rule.expression.split([' ', '(', ')']).any(|id| {
        id.ends_with("-only") || (id.contains("GPL") && !id.ends_with("-or-later") && !id.ends_with('+'))
    });
    if !fixed {
        return false;
    }
    if rest.first() == Some(&b'+') {
        return true;
    }
    let after = toks.ids.get(span.end..(span.end + LATER_WINDOW).min(toks.ids.len())).unwrap_or_default();
    after.contains(&later) || after.contains(&newer) || after.windows(2).any(|w| w[0] == any && w[1] == later)
}

/// Rules naming [`CROWD_LICENCES`] different expressions or more within [`CROWD_WINDOW`] words
/// of each other are a list of licences (classifiers, a changelog, a licence chooser): clues.
/// Unless a choice introduces them ([`CHOICES`]): then the list is the grant, and each licence
/// named in it, a reference's bare name too, is one of the licences offered.
fn mark_crowds(hits: &mut [RuleHit], toks: &Tokens) {
    let n = hits.len();
    let mut i = 0;
    while i < n {
        // The cluster of hits each within the window of the previous.
        let mut k = i + 1;
        while k < n && hits[k].span.start.saturating_sub(hits[k - 1].span.end) <= CROWD_WINDOW {
            k += 1;
        }
        let mut expressions: Vec<&str> = hits[i..k].iter().map(|h| h.meta().expression).collect();
        expressions.sort_unstable();
        expressions.dedup();
        if choice_in(toks, hits[i].span.start, hits[k - 1].span.start) {
            // Each licence as the list names it; a rule naming the whole choice at once ("MPL
            // 1.1/GPL 2.0/LGPL 2.1") is its summary, whose versions the list's items state.
            for h in hits[i..k].iter_mut().filter(|h| !h.meta().expression.contains(' ')) {
                h.clue = false;
            }
        } else if expressions.len() >= CROWD_LICENCES {
            for h in &mut hits[i..k] {
                h.clue = true;
            }
        }
        i = k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<(String, bool)> {
        let toks = Tokens::new(text);
        find(text, &toks, &[]).iter().map(|h| (h.meta().expression.to_string(), h.clue)).collect()
    }

    #[test]
    fn the_rules_are_embedded() {
        assert!(RULES.len() > 10_000, "{} rules", RULES.len());
        assert!(RULES.iter().all(|r| r.len >= 3));
    }

    #[test]
    fn a_notice_rule_matches_word_for_word() {
        let h = hits("/*\n * This library is MIT licensed. See the LICENSE.md for details.\n */\n");
        assert!(h.contains(&("MIT".to_string(), false)), "{h:?}");
    }

    #[test]
    fn a_fixed_version_followed_by_or_later_is_no_match() {
        for h in hits("Licensed under the GNU General Public License version 2 or any later version.") {
            assert_ne!(h.0, "GPL-2.0-only", "the text says or later");
        }
    }
}
