//! Short notices ("Licensed under the MIT license", "MIT licensed", "released under the GNU GPL
//! version 2 or later"), references ("see LICENSE", "same terms as Perl itself") and licence-like
//! text that matched nothing (`LicenseRef-unknown`). Full headers of the SPDX list are templates
//! and matched by [`crate::matcher`]; these rules cover the short forms people write.

use crate::engine::{finding, line_range};
use crate::names;
use crate::tokens::{Tokens, phrase_ids, word_id};
use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{FindingKind, LicenseFinding};
use std::ops::Range;
use std::sync::OnceLock;

/// Phrases after which a licence name makes a notice.
const TRIGGERS: &[&str] = &[
    "licensed under",
    "licenced under",
    "released under",
    "distributed under",
    "available under",
    "provided under",
    "published under",
    "licensed to you under",
    "made available under",
    "under the terms of",
    "under the terms and conditions of",
    "licensed as",
    "is under",
    "dual licensed under",
    "licensed under either of",
    "license",
];

fn trigger_ids() -> &'static [Vec<u32>] {
    static T: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    T.get_or_init(|| TRIGGERS.iter().map(|t| phrase_ids(t)).collect())
}

fn overlaps(covered: &[Range<usize>], span: &Range<usize>) -> bool {
    covered.iter().any(|c| c.start < span.end && span.start < c.end)
}

/// Short notices and references outside `covered` (spans already explained by templates).
pub fn detect(
    path: &str,
    manifest: bool,
    text: &str,
    toks: &Tokens,
    lines: &LineIndex,
    covered: &[Range<usize>],
) -> Vec<(LicenseFinding, Range<usize>)> {
    let ids = &toks.ids;
    let mut out: Vec<(LicenseFinding, Range<usize>)> = Vec::new();
    let the = word_id("the");
    let licensed = word_id("licensed");
    let license = word_id("license");
    let mut j = 0;
    while j < ids.len() {
        let mut hit: Option<(String, Range<usize>, &'static str)> = None;
        // TRIGGER [the] NAME ...: the bare "license" trigger needs the name to follow directly
        // ("License: MIT"), the others take an optional "the".
        for (k, t) in trigger_ids().iter().enumerate() {
            // First word first: a slice comparison at every word of every file costs.
            if t.first() != ids.get(j) || ids.get(j..j + t.len()) != Some(&t[..]) {
                continue;
            }
            let mut at = j + t.len();
            let bare = TRIGGERS[k] == "license";
            if !bare && ids.get(at) == Some(&the) {
                at += 1;
            }
            if let Some(r) = names::resolve_at(ids, at) {
                // "License: MIT" only when the name is a whole id-like phrase on its own.
                if bare && r.len > 4 {
                    continue;
                }
                let mut end = at + r.len;
                if matches!(ids.get(end), Some(&w) if w == license || w == word_id("licence")) {
                    end += 1;
                }
                let rule = if bare { "notice/license-field" } else { "notice/licensed-under" };
                let mut expr = r.id;
                if !bare && let Some((second, second_end)) = alternative(text, toks, at + r.len, TRIGGERS[k])
                {
                    expr = format!("{expr} OR {second}");
                    end = second_end;
                }
                hit = Some((expr, j..end, rule));
                break;
            }
        }
        // NAME licensed ("MIT licensed", "BSD-3-Clause-licensed").
        if hit.is_none()
            && ids.get(j + 1..(j + 9).min(ids.len())).is_some_and(|w| w.contains(&licensed))
            && let Some(r) = names::resolve_at(ids, j)
            && ids.get(j + r.len) == Some(&licensed)
        {
            hit = Some((r.id, j..j + r.len + 1, "notice/name-licensed"));
        }
        if hit.is_none() {
            hit = reference_at(text, toks, j);
        }
        match hit {
            // A manifest's `license` field is its manifest finding, not a notice.
            Some((_, span, "notice/license-field")) if manifest => j = span.end,
            Some((expr, span, rule)) if !overlaps(covered, &span) => {
                let kind =
                    if rule.starts_with("reference/") { FindingKind::Reference } else { FindingKind::Notice };
                let lines_of = line_range(toks, lines, &span);
                let next = span.end;
                out.push((finding(path, lines_of, expr, kind, 0.9, None, rule.to_string()), span));
                j = next;
            }
            _ => j += 1,
        }
    }
    out
}

/// The second licence of a choice after a notice's first name ends at word `at`: "Licensed
/// under either of Apache License, Version 2.0 or MIT license at your option", also as a list
/// whose items name the licence files in parentheses (the Rust convention). An "or" must join
/// the names unless the trigger said "either of". Returns the licence and the word after it
/// (and after "at your option").
fn alternative(text: &str, toks: &Tokens, at: usize, trigger: &str) -> Option<(String, usize)> {
    static WORDS: OnceLock<[u32; 2]> = OnceLock::new();
    static OPTION: OnceLock<Vec<u32>> = OnceLock::new();
    let [or, the] = *WORDS.get_or_init(|| [word_id("or"), word_id("the")]);
    let ids = &toks.ids;
    let mut k = past_name(text, toks, at);
    let joined = ids.get(k) == Some(&or);
    if joined {
        k = skip_parenthesis(text, toks, k + 1);
    } else if !trigger.contains("either") {
        return None;
    }
    if ids.get(k) == Some(&the) {
        k += 1;
    }
    let second = crate::names::resolve_at(ids, k)?;
    let mut end = past_name(text, toks, k + second.len);
    let option = OPTION.get_or_init(|| phrase_ids("at your option"));
    if ids.get(end..end + option.len()) == Some(&option[..]) {
        end += option.len();
    }
    Some((second.id, end))
}

/// The word after a licence name ending at `at`: past a trailing "license" and a parenthesis.
fn past_name(text: &str, toks: &Tokens, at: usize) -> usize {
    let k = skip_parenthesis(text, toks, at);
    let word = toks.ids.get(k);
    if k == at && (word == Some(&word_id("license")) || word == Some(&word_id("licence"))) {
        skip_parenthesis(text, toks, k + 1)
    } else {
        k
    }
}

/// The first word at or after `at` outside a parenthesis (brackets nested) opening right
/// before word `at`: "Apache License, Version 2.0 ([LICENSE-APACHE](LICENSE-APACHE) or
/// https://...) or MIT" reads as "Apache License, Version 2.0 or MIT".
fn skip_parenthesis(text: &str, toks: &Tokens, at: usize) -> usize {
    let (Some(&start), Some(&prev_end)) =
        (toks.starts.get(at), at.checked_sub(1).and_then(|p| toks.ends.get(p)))
    else {
        return at;
    };
    let gap = text.get(prev_end..start).unwrap_or("");
    let Some(open) = gap.find('(') else { return at };
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in text[prev_end + open..].char_indices().take(400) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && c == ')' {
                    close = Some(prev_end + open + i);
                    break;
                }
            }
            '\n' if text[prev_end + open..prev_end + open + i].ends_with('\n') => break,
            _ => {}
        }
    }
    let Some(close) = close else { return at };
    toks.starts[at..].iter().position(|&s| s > close).map_or(toks.len(), |p| at + p)
}

/// References: a licence file named in prose, and the Perl formula.
fn reference_at(text: &str, toks: &Tokens, j: usize) -> Option<(String, Range<usize>, &'static str)> {
    let ids = &toks.ids;
    static PERL: OnceLock<Vec<u32>> = OnceLock::new();
    let perl = PERL.get_or_init(|| phrase_ids("same terms as perl itself"));
    if perl.first() == ids.get(j) && ids.get(j..j + perl.len()) == Some(&perl[..]) {
        return Some((
            "Artistic-1.0-Perl OR GPL-1.0-or-later".to_string(),
            j..j + perl.len(),
            "reference/perl",
        ));
    }
    let (expr, span) = file_reference(text, toks, j)?;
    Some((expr, span, "reference/see-license-file"))
}

/// Reference to a licence file by name, read from the raw text (the case and the dots matter:
/// "see the License for the specific language" is Apache prose, "see LICENSE" is a reference).
fn file_reference(text: &str, toks: &Tokens, j: usize) -> Option<(String, Range<usize>)> {
    static LEADS: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    let ids = &toks.ids;
    let lead =
        LEADS.get_or_init(|| ["see", "refer to", "found in", "in"].iter().map(|p| phrase_ids(p)).collect());
    let lead_len =
        lead.iter().find(|l| l.first() == ids.get(j) && ids.get(j..j + l.len()) == Some(&l[..]))?.len();
    let mut at = j + lead_len;
    if ids.get(at) == Some(&word_id("the")) || ids.get(at) == Some(&word_id("our")) {
        at += 1;
    }
    let start = *toks.starts.get(at)?;
    // The file name as written: letters, digits, '.', '-', '_'.
    let name: String = text
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let name = name.trim_end_matches('.');
    let stem = name.split(['.', '-', '_']).next().unwrap_or("");
    if !matches!(stem, "LICENSE" | "LICENCE" | "COPYING" | "COPYRIGHT" | "UNLICENSE") {
        return None;
    }
    // Words of the name, plus a trailing "file".
    let name_end = start + name.len();
    let mut end = at;
    while toks.starts.get(end).is_some_and(|&s| s < name_end) {
        end += 1;
    }
    if ids.get(end) == Some(&word_id("file")) || ids.get(end) == Some(&word_id("files")) {
        end += 1;
    }
    // LICENSE-MIT, LICENSE.APACHE2: the suffix names the licence.
    let suffix = name.get(stem.len() + 1..).unwrap_or("");
    let suffix = suffix.trim_end_matches(".txt").trim_end_matches(".md");
    // LICENSE-APACHE is the Rust and Go convention for the Apache-2.0 text.
    let expr = if suffix.eq_ignore_ascii_case("apache") {
        Some("Apache-2.0".to_string())
    } else {
        names::resolve(suffix)
    };
    let expr = expr.unwrap_or_else(|| format!("LicenseRef-see-{}", name.replace('_', "-")));
    Some((expr, j..end.max(at + 1)))
}

/// Strong licence vocabulary: a paragraph using several of these is licence-like.
const LICENSE_TERMS: &[&str] = &[
    "permission",
    "granted",
    "grant",
    "redistribution",
    "redistribute",
    "redistributions",
    "warranty",
    "warranties",
    "liable",
    "liability",
    "license",
    "licensed",
    "licensor",
    "licensee",
    "merchantability",
    "infringement",
    "royalty",
    "disclaimer",
    "disclaimed",
    "copyright",
    "sub",
    "conditions",
    "terms",
    "modify",
    "distribute",
];

/// Paragraphs of licence-like text not explained by any finding, as `LicenseRef-unknown`.
pub fn unknown(
    path: &str,
    toks: &Tokens,
    lines: &LineIndex,
    covered: &[Range<usize>],
) -> Vec<LicenseFinding> {
    static TERMS: OnceLock<Vec<u32>> = OnceLock::new();
    let terms = TERMS.get_or_init(|| LICENSE_TERMS.iter().map(|t| word_id(t)).collect());
    let mut out: Vec<(Range<usize>, LicenseFinding)> = Vec::new();
    let mut start = 0;
    for j in 1..=toks.len() {
        // A paragraph ends at a line without words between two words.
        let gap = j == toks.len() || lines.line_of(toks.starts[j]) > lines.line_of(toks.starts[j - 1]) + 1;
        if !gap {
            continue;
        }
        let span = start..j;
        start = j;
        if span.len() < 20 || overlaps(covered, &span) {
            continue;
        }
        let mut seen = Vec::new();
        let mut hits = 0usize;
        for id in &toks.ids[span.clone()] {
            if terms.contains(id) {
                hits += 1;
                if !seen.contains(id) {
                    seen.push(*id);
                }
            }
        }
        if seen.len() < 5 || hits * 10 < span.len() {
            continue;
        }
        let lr = line_range(toks, lines, &span);
        match out.last_mut() {
            // Adjacent licence-like paragraphs are one unknown text.
            Some((prev, f)) if prev.end == span.start => {
                prev.end = span.end;
                if let (Some(a), Some(b)) = (f.lines.as_mut(), lr) {
                    a.end = b.end;
                }
            }
            _ => out.push((
                span,
                finding(
                    path,
                    lr,
                    "LicenseRef-unknown".to_string(),
                    FindingKind::Text,
                    0.5,
                    None,
                    "unknown/license-like-text".to_string(),
                ),
            )),
        }
    }
    out.into_iter().map(|(_, f)| f).collect()
}
