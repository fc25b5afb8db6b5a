//! Short notices ("Licensed under the MIT license", "MIT licensed", "released under the GNU GPL
//! version 2 or later"), references ("see LICENSE", "same terms as Perl itself") and licence-like
//! text that matched nothing (`LicenseRef-unknown`). Full headers of the SPDX list are templates
//! and matched by [`crate::matcher`]; these rules cover the short forms people write.

use crate::engine::{finding, line_range};
use crate::names;
use crate::tokens::{FOREIGN, Tokens, phrase_ids, word_id};
use ospo_plugin_sdk::expression::convention::{SEE_RULE, see_file_ref};
use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{FindingKind, LicenseFinding, LicenseReference};
use std::ops::Range;
use std::sync::OnceLock;

/// A notice or reference found at a word: expression, word span, rule id, and what a reference
/// points to.
type Hit = (String, Range<usize>, &'static str, Option<LicenseReference>);

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
    "triple licensed under",
    "licensed under either of",
    // "Part of the LLVM Project, under the Apache License v2.0 with LLVM Exceptions."
    "llvm project under",
    "license",
];

fn trigger_ids() -> &'static [Vec<u32>] {
    static T: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    T.get_or_init(|| TRIGGERS.iter().map(|t| phrase_ids(t)).collect())
}

/// First words of the phrases [`detect`] tries at a word: triggers, reference leads, the Perl
/// formula; sorted.
fn starter_ids() -> &'static [u32] {
    static S: OnceLock<Vec<u32>> = OnceLock::new();
    S.get_or_init(|| {
        let phrases = trigger_ids().iter().chain(reference_leads()).chain(std::iter::once(perl_ids()));
        let mut s: Vec<u32> = phrases.filter_map(|p| p.first().copied()).collect();
        s.sort_unstable();
        s.dedup();
        s
    })
}

fn overlaps(covered: &[Range<usize>], span: &Range<usize>) -> bool {
    covered.iter().any(|c| c.start < span.end && span.start < c.end)
}

/// Covered word spans by start, for a scan that steps over them.
struct Covered {
    spans: Vec<Range<usize>>,
    next: usize,
}

impl Covered {
    fn new(covered: &[Range<usize>]) -> Self {
        let mut spans = covered.to_vec();
        spans.sort_by_key(|s| s.start);
        Covered { spans, next: 0 }
    }

    /// The end of a covered span holding word `j`, if one does. `j` never decreases between
    /// calls.
    fn end_of(&mut self, j: usize) -> Option<usize> {
        while self.spans.get(self.next).is_some_and(|s| s.end <= j) {
            self.next += 1;
        }
        self.spans.get(self.next).filter(|s| s.start <= j).map(|s| s.end)
    }
}

/// Short notices and references outside `covered` (spans already explained by templates).
pub fn detect(
    path: &str,
    manifest: bool,
    text: &str,
    regions: &[(usize, usize)],
    toks: &Tokens,
    lines: &LineIndex,
    covered: &[Range<usize>],
) -> Vec<(LicenseFinding, Range<usize>)> {
    let ids = &toks.ids;
    let mut out: Vec<(LicenseFinding, Range<usize>)> = Vec::new();
    let the = word_id("the");
    let licensed = word_id("licensed");
    let license = word_id("license");
    let urls = url_spans(text, regions);
    let mut url = 0;
    // Most words start nothing: neither a trigger, a reference lead, nor a name followed by
    // "licensed" within eight words. Skipping them costs a lookup, not thirty comparisons.
    let starters = starter_ids();
    let licensed_at: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] == licensed).collect();
    let mut next_licensed = 0;
    // A notice starting inside a matched text would overlap it and be dropped: the words of
    // the texts are skipped whole.
    let mut skip = Covered::new(covered);
    let mut j = 0;
    while j < ids.len() {
        if let Some(end) = skip.end_of(j) {
            j = end;
            continue;
        }
        // A badge's "license-MIT%2FApache" is part of an address, not a notice.
        while urls.get(url).is_some_and(|u| u.end <= toks.starts[j]) {
            url += 1;
        }
        if urls.get(url).is_some_and(|u| u.start <= toks.starts[j]) {
            j += 1;
            continue;
        }
        while licensed_at.get(next_licensed).is_some_and(|&p| p <= j) {
            next_licensed += 1;
        }
        let licensed_follows = licensed_at.get(next_licensed).is_some_and(|&p| p < j + 9);
        if !licensed_follows && starters.binary_search(&ids[j]).is_err() {
            j += 1;
            continue;
        }
        let mut hit: Option<Hit> = None;
        // TRIGGER [the] NAME ...: the bare "license" trigger needs the name to follow directly
        // ("License: MIT"), the others take an optional "the".
        for (k, t) in trigger_ids().iter().enumerate() {
            // First word first: a slice comparison at every word of every file costs.
            if t.first() != ids.get(j) || ids.get(j..j + t.len()) != Some(&t[..]) {
                continue;
            }
            let mut at = j + t.len();
            let bare = TRIGGERS[k] == "license";
            if bare && in_file_name(text, toks, j) {
                continue;
            }
            if !bare && ids.get(at) == Some(&the) {
                at += 1;
            }
            // "Licensed under either of <a href="LICENSE-APACHE">Apache License</a>": the tag
            // is markup, not words of the notice.
            // Where the words before the name end (the trigger, or a LibreJS magnet link).
            let mut lead = at - 1;
            if !bare {
                at = skip_tag(text, toks, at);
            } else {
                let after_link = skip_magnet(text, toks, at);
                if after_link > at {
                    lead = after_link - 1;
                    at = after_link;
                }
            }
            if let Some(r) = names::resolve_at(&ids[..tag_end(text, toks, at)], at) {
                // "License: MIT" only when the name is a whole id-like phrase on its own, and
                // follows in the same sentence ("...the MIT/Apache 2.0 license.\n\n#![doc" names
                // no DOC licence).
                if bare && (r.len > 4 || ends_sentence(text, toks, lead, at)) {
                    continue;
                }
                let mut end = at + r.len;
                // "MIT License", not the `@license` tag of the next line ("@license MIT\n *\n
                // * @license GPL-2.0+").
                let same_line = |k: usize| {
                    let (Some(&a), Some(&b)) = (toks.ends.get(k - 1), toks.starts.get(k)) else {
                        return false;
                    };
                    !text.get(a..b).unwrap_or("\n").contains('\n')
                };
                if matches!(ids.get(end), Some(&w) if w == license || w == word_id("licence"))
                    && same_line(end)
                {
                    end += 1;
                }
                let rule = if bare { "notice/license-field" } else { "notice/licensed-under" };
                let mut expr = plus_later(text, toks, at + r.len, r.id);
                let mut name_end = at + r.len;
                if let Some((exception, exception_end)) = exception_after(text, toks, name_end) {
                    expr = format!("{expr} WITH {exception}");
                    name_end = exception_end;
                    end = end.max(exception_end);
                } else if expr.starts_with("GPL-2.0")
                    && let Some(exception_end) = classpath_designation(toks, name_end)
                {
                    expr = format!("{expr} WITH Classpath-exception-2.0");
                    end = end.max(exception_end);
                }
                if bare {
                    // `license = "MIT OR Apache-2.0"`: the whole value, never its first id.
                    if let Some((whole, whole_end)) = field_expression(text, toks, at) {
                        expr = whole;
                        end = end.max(whole_end);
                    }
                } else if let Some((more, more_end)) = alternatives(text, toks, name_end, TRIGGERS[k]) {
                    expr = format!("{expr} OR {}", more.join(" OR "));
                    end = more_end;
                }
                hit = Some((expr, j..end, rule, None));
                break;
            }
        }
        // NAME licensed ("MIT licensed", "BSD-3-Clause-licensed").
        if hit.is_none()
            && ids.get(j + 1..(j + 9).min(ids.len())).is_some_and(|w| w.contains(&licensed))
            && let Some(r) = names::resolve_at(ids, j)
            && ids.get(j + r.len) == Some(&licensed)
        {
            hit = Some((r.id, j..j + r.len + 1, "notice/name-licensed", None));
        }
        if hit.is_none() {
            hit = reference_at(text, toks, j).or_else(|| styled_file_reference(text, toks, j));
        }
        // "Version 2 or later" read as `-only` is the wrong licence: the words after decide.
        if let Some((expr, span, _, _)) = hit.as_mut()
            && expr.ends_with("-only")
            && !expr.contains(' ')
        {
            match later_after(text, toks, span.end) {
                Some(true) => {
                    let later = format!("{}-or-later", expr.trim_end_matches("-only"));
                    if crate::data::name_of(&later).is_some() {
                        *expr = later;
                    } else {
                        hit = None;
                    }
                }
                Some(false) => hit = None,
                None => {}
            }
        }
        match hit {
            // A manifest's `license` field is its manifest finding, not a notice.
            Some((_, span, "notice/license-field", _)) if manifest => j = span.end,
            Some((expr, span, rule, reference)) if !overlaps(covered, &span) => {
                let kind =
                    if rule.starts_with("reference/") { FindingKind::Reference } else { FindingKind::Notice };
                let lines_of = line_range(toks, lines, &span);
                let next = span.end;
                let mut f = finding(path, lines_of, expr, kind, 0.9, None, rule.to_string());
                if let Some(reference) = reference {
                    f = f.reference(reference);
                }
                out.push((f, span));
                j = next;
            }
            _ => j += 1,
        }
    }
    url_references(path, text, &urls, toks, lines, covered, &mut out);
    out
}

/// Words at most between a notice and an address of the same licence for the address to be
/// the notice's link ("Licensed under the Apache License, Version 2.0 ... You may obtain a copy
/// of the License at http://www.apache.org/licenses/LICENSE-2.0"), not a reference of its own.
const URL_NEAR: usize = 60;

/// Licences named by their canonical address ("See https://opensource.org/licenses/MIT"), as
/// references. An address inside a template's span (the Apache-2.0 header has one), inside or
/// near a notice of the same licence, or behind a badge is no finding of its own; an address
/// naming no known SPDX licence is none either.
fn url_references(
    path: &str,
    text: &str,
    urls: &[Range<usize>],
    toks: &Tokens,
    lines: &LineIndex,
    covered: &[Range<usize>],
    out: &mut Vec<(LicenseFinding, Range<usize>)>,
) {
    let found = out.len();
    for u in urls {
        let Some(url) = text.get(u.clone()) else { continue };
        if !url.contains("://") || badge_link(text, u) {
            continue;
        }
        let Some(id) = url_licence(url) else { continue };
        let url = url.trim_end_matches(URL_CLOSERS);
        let span = toks.starts.partition_point(|&s| s < u.start)..toks.starts.partition_point(|&s| s < u.end);
        if span.is_empty() || overlaps(covered, &span) {
            continue;
        }
        // A GPL address names no choice of versions: compare licences without it.
        let base = names::id_base(&id);
        let explained = out.iter().any(|(f, s)| {
            let gap = if s.end <= span.start {
                span.start - s.end
            } else if span.end <= s.start {
                s.start - span.end
            } else {
                return true;
            };
            gap <= URL_NEAR && expression_ids(&f.expression).any(|i| names::id_base(i) == base)
        });
        if explained {
            continue;
        }
        let lines_of = line_range(toks, lines, &span);
        let f =
            finding(path, lines_of, id, FindingKind::Reference, 0.9, None, "reference/license-url".into())
                .reference(LicenseReference::url(url));
        out.push((f, span));
    }
    if out.len() > found {
        out.sort_by_key(|(_, s)| s.start);
    }
}

/// Drops the licence addresses a standard notice explains: an address near the notice of the
/// same licence, or of a later version of a licence it grants "or later" ("Full GNU General
/// Public License can be viewed here: https://www.gnu.org/licenses/gpl-3.0.en.html" above a
/// GPL-2.0-or-later notice is its text's link, not a GPL-3.0 grant). `notices` are the
/// notices the templates matched (the patterns' own are explained in [`url_references`]).
pub fn drop_explained_links(
    notices: &[(&str, Range<usize>)],
    short: &mut Vec<(LicenseFinding, Range<usize>)>,
) {
    let covers = |notice: &str, id: &str| {
        let (base, url_base) = (names::id_base(notice), names::id_base(id));
        if base == url_base {
            return true;
        }
        // `GPL-2.0-or-later` covers `GPL-3.0-only`: same family, a version no lower.
        let split = |b: &str| b.rsplit_once('-').map(|(f, v)| (f.to_string(), v.parse::<f32>().ok()));
        notice.ends_with("-or-later")
            && matches!((split(base), split(url_base)), (Some((f, Some(v))), Some((g, Some(w)))) if f == g && w >= v)
    };
    short.retain(|(f, s)| {
        f.rule_id != "reference/license-url"
            || !notices.iter().any(|(n, t)| {
                let gap = t.start.saturating_sub(s.end).max(s.start.saturating_sub(t.end));
                gap <= URL_NEAR && expression_ids(n).any(|i| covers(i, &f.expression))
            })
    });
}

/// The licence ids of an expression.
fn expression_ids(expression: &str) -> impl Iterator<Item = &str> {
    expression
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
}

/// Whether the address at `u` is the target of a badge: a Markdown image link
/// (`[![License](https://img.shields.io/...)](https://opensource.org/licenses/MIT)`), an HTML
/// link around an image, or reStructuredText's `:target:` of an image.
fn badge_link(text: &str, u: &Range<usize>) -> bool {
    let before = text.get(..u.start).unwrap_or("");
    let after = text.get(u.end..).unwrap_or("");
    before.ends_with(")](")
        || before.trim_end().ends_with(":target:")
        || after.trim_start_matches(['"', '\'', '>']).trim_start().starts_with("<img")
}

/// Punctuation closing the sentence or the markup around an address, not part of it.
const URL_CLOSERS: &[char] = &['.', ',', ';', ':', '!', '?', '*', '_'];

/// The SPDX licence a canonical licence address names: the pages of opensource.org, spdx.org,
/// apache.org, gnu.org, mozilla.org, creativecommons.org, eclipse.org and boost.org. Only ids of
/// the list count; an address of no known licence (or of an exception) is `None`.
fn url_licence(url: &str) -> Option<String> {
    // Punctuation closing the sentence or the markup around the address.
    let url = url.trim_end_matches(URL_CLOSERS);
    let (_, rest) = url.split_once("://")?;
    let rest = rest.split(['?', '#']).next()?.to_ascii_lowercase();
    let (host, path) = rest.split_once('/').unwrap_or((&rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // `gpl-3.0.en.html`, `gpl-3.0-standalone.html`, `LICENSE-2.0.txt`, `mit-license.php`.
    let page = |s: &str| -> String {
        let mut s = s;
        for ext in [".html", ".htm", ".php", ".txt", ".json", ".md", ".en", "-standalone"] {
            s = s.strip_suffix(ext).unwrap_or(s);
        }
        s.to_string()
    };
    let candidate = match (host, segments.as_slice()) {
        ("opensource.org", ["licenses" | "license", id]) => page(id).trim_end_matches("-license").to_string(),
        ("spdx.org", ["licenses", id]) => page(id),
        ("apache.org", ["licenses", file]) => format!("apache-{}", page(file).strip_prefix("license-")?),
        ("gnu.org", ["licenses", file] | ["licenses", "old-licenses", file]) => {
            let name = page(file);
            // The FDL's pages are `fdl-1.3.html`; its ids are `GFDL-*`.
            if name.starts_with("fdl-") { format!("g{name}") } else { name }
        }
        ("mozilla.org", ["mpl", version] | ["mpl", version, "index.txt" | "index.html"]) => {
            let version = page(version);
            if version.starts_with("mpl-") { version } else { format!("mpl-{version}") }
        }
        ("creativecommons.org", ["licenses", kind, version, rest @ ..]) => {
            let mut id = format!("cc-{kind}-{version}");
            // A ported licence names its jurisdiction (`by/3.0/us/`); deeds and legal codes do not.
            if let Some(port) = rest.first().filter(|p| !p.starts_with("legalcode") && !p.starts_with("deed"))
            {
                id = format!("{id}-{port}");
            }
            id
        }
        ("creativecommons.org", ["publicdomain", "zero", version, ..]) => format!("cc0-{version}"),
        ("eclipse.org", ["legal", file, ..]) => match page(file).as_str() {
            "epl-v10" => "epl-1.0".to_string(),
            "epl-v20" => "epl-2.0".to_string(),
            other => other.to_string(),
        },
        ("boost.org", ["license_1_0.txt"]) => "bsl-1.0".to_string(),
        _ => return None,
    };
    // Only a whole id of the list: `names::resolve` reads names too ("gpl-3.0" is obsolete, read
    // as `GPL-3.0-only` like a notice naming it).
    let id = names::resolve(&candidate)?;
    let entry = crate::data::name_of(&id)?;
    (!entry.exception).then_some(id)
}

/// Byte ranges of the addresses (`scheme://...`) and image links (`![alt](...)`) of `text`, in
/// order: their words name files and badges, they state no licence.
pub(crate) fn url_spans(text: &str, regions: &[(usize, usize)]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let stop =
        |b: &u8| b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'"' | b'\'' | b')' | b']' | b'`');
    static FINDERS: OnceLock<(memchr::memmem::Finder<'static>, memchr::memmem::Finder<'static>)> =
        OnceLock::new();
    let (scheme, image) =
        FINDERS.get_or_init(|| (memchr::memmem::Finder::new("://"), memchr::memmem::Finder::new("![")));
    let mut out: Vec<Range<usize>> = Vec::new();
    // Words exist only inside the gate's regions, so only addresses there can hide one; searching
    // the whole file cost as much as tokenising it.
    for &(a, b) in regions {
        let Some(part) = text.get(a..b) else { continue };
        let mut from = 0;
        while let Some(p) = scheme.find(&part.as_bytes()[from..]).map(|p| a + from + p) {
            let start = bytes[..p].iter().rposition(|b| !b.is_ascii_alphanumeric()).map_or(0, |i| i + 1);
            let end = bytes[p..].iter().position(stop).map_or(bytes.len(), |i| p + i);
            if start < p {
                out.push(start..end);
            }
            from = end.max(p + 3).min(b) - a;
        }
        let mut from = 0;
        while let Some(p) = image.find(&part.as_bytes()[from..]).map(|p| a + from + p) {
            let end = text[p..].find(['\n', ']']).map_or(text.len(), |i| p + i);
            out.push(p..end);
            from = end.max(p + 2).min(b) - a;
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Whether word `j` ("license") is part of a file name or path (`<LICENSE-MIT or ...>`,
/// `LICENSE-Apache-2.0_WITH_LLVM-exception`, `docs/license.md`, Perl's `Software::License::GPL_2`)
/// rather than a field name.
/// Whether a sentence ends between word `j` and word `at`: a full stop or a blank line.
/// A list item opening the next line also ends it ("a single license:\n- **MIT**: React" names
/// examples, not this file's licence).
fn ends_sentence(text: &str, toks: &Tokens, j: usize, at: usize) -> bool {
    let (Some(&from), Some(&to)) = (toks.ends.get(j), toks.starts.get(at)) else { return false };
    let list_item = |gap: &str| {
        gap.split('\n')
            .skip(1)
            .any(|l| matches!(l.trim_start().chars().next(), Some('-' | '*' | '+' | '\u{2022}')))
    };
    text.get(from..to).is_some_and(|gap| {
        gap.contains('.') || gap.contains("\n\n") || gap.contains("\n\r\n") || list_item(gap)
    })
}

/// What follows a notice naming a fixed version: "or later" (or `+`, `_plus`) makes it the
/// `-or-later` licence; a "later" a few words on says something the pattern did not read, so
/// the notice is no finding (a wrong version is worse than none). `None` keeps it as it is.
fn later_after(text: &str, toks: &Tokens, end: usize) -> Option<bool> {
    static WORDS: OnceLock<[u32; 5]> = OnceLock::new();
    let [or, any, later, plus, newer] = *WORDS
        .get_or_init(|| [word_id("or"), word_id("any"), word_id("later"), word_id("plus"), word_id("newer")]);
    let ids = &toks.ids;
    let next = |k: usize| ids.get(end + k).copied();
    let plus_sign = end.checked_sub(1).and_then(|e| toks.ends.get(e)).and_then(|&b| text.as_bytes().get(b))
        == Some(&b'+');
    if plus_sign
        || next(0) == Some(plus)
        || (next(0) == Some(or) && (next(1) == Some(later) || next(1) == Some(newer)))
        || (next(0) == Some(or) && next(1) == Some(any) && next(2) == Some(later))
    {
        return Some(true);
    }
    let window = ids.get(end..(end + 10).min(ids.len())).unwrap_or_default();
    (window.contains(&later) || window.contains(&newer)).then_some(false)
}

fn in_file_name(text: &str, toks: &Tokens, j: usize) -> bool {
    let bytes = text.as_bytes();
    // Python's `__license__ = 'GPLv3'` is the module's licence field.
    if bytes[..toks.starts[j]].ends_with(b"__") && bytes[toks.ends[j]..].starts_with(b"__") {
        return false;
    }
    let before = toks.starts[j].checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(toks.ends[j]..toks.ends[j] + 2).unwrap_or(&[]);
    matches!(before, Some(b'<' | b'/' | b'-' | b'_' | b'.' | b':'))
        || matches!(after, [b'-' | b'_' | b'.', c] if c.is_ascii_alphanumeric())
}

/// The further licences of a choice after a notice's first name ends at word `at`: "Licensed
/// under either of Apache License, Version 2.0 or MIT license at your option", also as a list
/// whose items name the licence files in parentheses or angle brackets (the Rust convention),
/// and with more than two items ("Apache 2.0 with the LLVM Exception, Apache 2.0, or MIT"). An
/// "or" must join the names unless the trigger said "either of"; a list's items count up to the
/// last one so joined. Returns the licences, each with its exception, and the word after the
/// last (and after "at your option").
fn alternatives(text: &str, toks: &Tokens, at: usize, trigger: &str) -> Option<(Vec<String>, usize)> {
    static WORDS: OnceLock<[u32; 3]> = OnceLock::new();
    static OPTION: OnceLock<Vec<u32>> = OnceLock::new();
    let [or, and, the] = *WORDS.get_or_init(|| [word_id("or"), word_id("and"), word_id("the")]);
    let ids = &toks.ids;
    // "Dual-licensed under the Unlicense and MIT licenses": dual (or triple) licensing is a
    // choice, so an "and" joins the alternatives too.
    let multi = trigger.starts_with("dual") || trigger.starts_with("triple");
    let either = trigger.contains("either");
    let mut items: Vec<(String, usize)> = Vec::new();
    let mut chosen = 0;
    let mut name_end = at;
    // A notice names a handful of licences at most.
    while items.len() < 6 {
        let mut k = past_name(text, toks, name_end);
        let joined = ids.get(k) == Some(&or) || (multi && ids.get(k) == Some(&and));
        if joined {
            k = skip_parenthesis(text, toks, k + 1);
        } else if !((either && items.is_empty()) || list_gap(text, toks, k)) {
            break;
        }
        if ids.get(k) == Some(&the) {
            k += 1;
        }
        k = skip_tag(text, toks, k);
        let Some(next) = crate::names::resolve_at(ids, k) else { break };
        let (mut id, mut end) = (plus_later(text, toks, k + next.len, next.id), k + next.len);
        if let Some((exception, exception_end)) = exception_after(text, toks, end) {
            id = format!("{id} WITH {exception}");
            end = exception_end;
        }
        items.push((id, end));
        if joined || either {
            chosen = items.len();
        }
        name_end = end;
    }
    items.truncate(chosen);
    let mut end = past_name(text, toks, items.last()?.1);
    let option = OPTION.get_or_init(|| phrase_ids("at your option"));
    if ids.get(end..end + option.len()) == Some(&option[..]) {
        end += option.len();
    }
    Some((items.into_iter().map(|(id, _)| id).collect(), end))
}

/// `id` read from words ending before word `end`, with a `+` written right after them ("GNU
/// Lesser General Public License 2.1+ or GNU General Public License 2+"): the `-or-later`
/// licence, which the words alone do not show.
fn plus_later(text: &str, toks: &Tokens, end: usize, id: String) -> String {
    let plus = end
        .checked_sub(1)
        .and_then(|last| toks.ends.get(last))
        .is_some_and(|&e| text.as_bytes().get(e) == Some(&b'+'));
    let later = format!("{}-or-later", id.trim_end_matches("-only"));
    if plus && id.ends_with("-only") && crate::data::name_of(&later).is_some() { later } else { id }
}

/// Whether the text before word `k` continues a list of licences in the same sentence: a comma
/// or a new bullet ("- ", "* "), and no full stop.
fn list_gap(text: &str, toks: &Tokens, k: usize) -> bool {
    let (Some(&start), Some(&prev_end)) =
        (toks.starts.get(k), k.checked_sub(1).and_then(|p| toks.ends.get(p)))
    else {
        return false;
    };
    let gap = text.get(prev_end..start).unwrap_or("");
    let last_line = gap.rsplit('\n').next().unwrap_or("");
    let bullet = gap.contains('\n')
        && matches!(
            last_line.trim_start_matches([' ', '\t', '/', '#']).chars().next(),
            Some('-' | '*' | '+')
        );
    // Bullets may stand a blank line apart; a comma may not.
    let full_stop = gap.contains(". ") || gap.contains(".\n");
    !full_stop && (bullet || (gap.contains(',') && gap.matches('\n').count() < 2))
}

/// The word after a licence name ending at `at`: past a trailing "license(s)", a parenthesis
/// and a closing tag ("MIT license</a>").
fn past_name(text: &str, toks: &Tokens, at: usize) -> usize {
    static WORDS: OnceLock<[u32; 4]> = OnceLock::new();
    let licence_words = WORDS
        .get_or_init(|| [word_id("license"), word_id("licence"), word_id("licenses"), word_id("licences")]);
    let k = skip_tag(text, toks, skip_parenthesis(text, toks, at));
    match toks.ids.get(k) {
        Some(w) if k == at && licence_words.contains(w) => {
            skip_tag(text, toks, skip_parenthesis(text, toks, k + 1))
        }
        _ => k,
    }
}

/// The first word at or after `at` outside an HTML tag written right before word `at`:
/// `<a href="LICENSE-MIT">MIT license</a>` reads as "MIT license", and `</a> or` as "or".
fn skip_tag(text: &str, toks: &Tokens, at: usize) -> usize {
    let (Some(&start), Some(&prev_end)) =
        (toks.starts.get(at), at.checked_sub(1).and_then(|p| toks.ends.get(p)))
    else {
        return at;
    };
    let gap = text.get(prev_end..start).unwrap_or("");
    let Some(open) = gap.rfind('<') else { return at };
    // Only a tag: `<` then a tag name (`<a`, `</a`), not `<LICENSE-MIT or https://...>`.
    if !gap[open + 1..].trim_start_matches('/').is_empty() || gap[open..].contains('>') {
        return at;
    }
    let tag_start = prev_end + open;
    let Some(close) = text.get(tag_start..).and_then(|t| t.get(..t.len().min(300))?.find('>')) else {
        return at;
    };
    let close = tag_start + close;
    let name: String = text[start..close].chars().take_while(char::is_ascii_alphanumeric).collect();
    if !matches!(name.to_ascii_lowercase().as_str(), "a" | "b" | "i" | "em" | "strong" | "code" | "span") {
        return at;
    }
    let next = toks.starts[at..].iter().position(|&s| s > close).map_or(toks.len(), |p| at + p);
    // A closing tag right after: `<a href="...">` then the words, `</a>` after them.
    skip_tag(text, toks, next).max(next)
}

/// The word before which the next doc-comment tag starts, from word `at` on: a licence name
/// does not run into it ("@license MIT\n *\n * @license GPL-2.0+" is MIT, not "MIT license").
fn tag_end(text: &str, toks: &Tokens, at: usize) -> usize {
    let limit = (at + 12).min(toks.len());
    (at + 1..limit)
        .find(|&k| text.get(toks.ends[k - 1]..toks.starts[k]).is_some_and(|gap| gap.contains('@')))
        .unwrap_or(toks.len())
}

/// LibreJS's `@license magnet:?xt=urn:btih:...&dn=agpl-3.0.txt AGPL v3`: the licence's name
/// follows the magnet link naming its text. Returns the first word after the link (or `at`).
fn skip_magnet(text: &str, toks: &Tokens, at: usize) -> usize {
    let Some(&start) = toks.starts.get(at) else { return at };
    let rest = text.get(start..).unwrap_or("");
    if !rest.starts_with("magnet:") {
        return at;
    }
    let link_end = start + rest.find(char::is_whitespace).unwrap_or(rest.len());
    toks.starts[at..].iter().position(|&s| s >= link_end).map_or(toks.len(), |p| at + p)
}

/// An exception named after a licence name ending at `at`: "Apache License v2.0 with LLVM
/// Exceptions". Returns its id and the word after it.
fn exception_after(text: &str, toks: &Tokens, at: usize) -> Option<(&'static str, usize)> {
    static EXCEPTIONS: OnceLock<Vec<(Vec<u32>, &'static str)>> = OnceLock::new();
    let table = EXCEPTIONS.get_or_init(|| {
        [
            ("with llvm exceptions", "LLVM-exception"),
            ("with llvm exception", "LLVM-exception"),
            ("with the llvm exceptions", "LLVM-exception"),
            ("with the llvm exception", "LLVM-exception"),
            ("with the classpath exception", "Classpath-exception-2.0"),
            ("with classpath exception", "Classpath-exception-2.0"),
            ("with the classpath exceptions", "Classpath-exception-2.0"),
            ("with classpath exceptions", "Classpath-exception-2.0"),
        ]
        .iter()
        .map(|(p, id)| (phrase_ids(p), *id))
        .collect()
    });
    let k = past_name(text, toks, at);
    table
        .iter()
        .find_map(|(p, id)| (toks.ids.get(k..k + p.len()) == Some(&p[..])).then_some((*id, k + p.len())))
}

/// A path's file name and its extension in lower case (`""` without one).
fn name_and_extension(path: &str) -> (&str, String) {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    (name, name.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase())
}

/// The fenced code blocks of a Markdown document (```` ``` ```` or `~~~` fences, closed by a
/// bare fence as long; an unclosed one runs to the end), as byte ranges: what a README shows as code is
/// an example (`parse('BSD-2-Clause')`, `{license: 'MIT'}`), not a statement of its licence.
pub fn markdown_code_blocks(path: &str, text: &str) -> Vec<Range<usize>> {
    let (_, ext) = name_and_extension(path);
    if !matches!(ext.as_str(), "md" | "markdown" | "mdx") {
        return Vec::new();
    }
    let fence = |line: &str| -> Option<(u8, usize, bool)> {
        // Any indentation: a fence inside a list item is indented with it.
        let trimmed = line.trim_start_matches([' ', '\t']);
        let c = *trimmed.as_bytes().first()?;
        let run = trimmed.bytes().take_while(|&b| b == c).count();
        ((c == b'`' || c == b'~') && run >= 3).then(|| (c, run, trimmed[run..].trim().is_empty()))
    };
    let mut blocks = Vec::new();
    let mut open: Option<(usize, u8, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        match (open, fence(line)) {
            (None, Some((c, run, _))) => open = Some((offset + line.len(), c, run)),
            (Some((start, c, run)), Some((d, closing, bare))) if d == c && closing >= run && bare => {
                blocks.push(start..offset);
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _, _)) = open {
        blocks.push(start..text.len());
    }
    blocks
}

/// Where the entries of a change log start (`CHANGELOG.md`, `CHANGES`, `HISTORY.rst`, `NEWS`,
/// `debian/changelog`), as a byte offset; `None` for any other file. The entries' licence
/// names record changes ("Change license from GPL to MIT", "Updated project license from MIT
/// to AGPL v3"), they grant nothing, so notices and references there are clues (the issue's
/// "prose that names many licences"). A licence header above the first heading is the file's
/// own (zerocopy's `<!-- Licensed under ... -->`) and stays.
pub fn changelog_entries(path: &str, text: &str) -> Option<usize> {
    let (name, ext) = name_and_extension(path);
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    // A document, not program source (`changes.rs`).
    if !matches!(
        ext.as_str(),
        "" | "md" | "markdown" | "txt" | "rst" | "adoc" | "asciidoc" | "org" | "textile"
    ) {
        return None;
    }
    // `CHANGELOG-1.0.md`, `old_changes`: a part of the name says it.
    let changelog = stem.split(['-', '_']).any(|p| matches!(p, "changelog" | "changelogs" | "changes"))
        || matches!(stem.as_str(), "history" | "news" | "release_notes" | "release-notes" | "releasenotes");
    if !changelog {
        return None;
    }
    // The first heading: `# Changelog` (Markdown) or a line underlined with `===`/`---` (reST).
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let underlined = lines.peek().is_some_and(|next| {
            let n = next.trim_end();
            n.len() >= 3 && (n.bytes().all(|b| b == b'=') || n.bytes().all(|b| b == b'-'))
        });
        if line.starts_with('#') || (underlined && !line.trim().is_empty()) {
            return Some(offset);
        }
        offset += line.len();
    }
    Some(0)
}

/// Words after a GPL-2.0 notice within which OpenJDK's formula designates its exception.
const DESIGNATION_NEAR: usize = 40;

/// OpenJDK's formula after a GPL-2.0 notice ending at word `at`: "Oracle designates this
/// particular file as subject to the "Classpath" exception as provided by Oracle in the LICENSE
/// file", "All code in this project has been designated as subject to the "Classpath"
/// exception". Returns the word after it.
fn classpath_designation(toks: &Tokens, at: usize) -> Option<usize> {
    static PHRASE: OnceLock<Vec<u32>> = OnceLock::new();
    let p = PHRASE.get_or_init(|| phrase_ids("subject to the classpath exception"));
    (at..at + DESIGNATION_NEAR).find(|&k| toks.ids.get(k..k + p.len()) == Some(&p[..])).map(|k| k + p.len())
}

/// A licence field's whole value when it is an expression: `license = "MIT OR Apache-2.0"`,
/// `License: MIT/Apache-2.0`, with the name starting at word `at`. Returns the normalised
/// expression and the word after the value.
fn field_expression(text: &str, toks: &Tokens, at: usize) -> Option<(String, usize)> {
    let start = *toks.starts.get(at)?;
    let line = text.get(start..)?.lines().next()?;
    let value = line.split(['"', '\'', '`', ',', ';', '#']).next()?.trim_end();
    let has_operator = value.contains('/')
        || value.split_whitespace().any(|w| matches!(w.to_ascii_uppercase().as_str(), "OR" | "AND" | "WITH"));
    if !has_operator {
        return None;
    }
    let expr = crate::manifests::normalize_expression(value);
    if expr.contains("LicenseRef-") {
        return None;
    }
    let value_end = start + value.len();
    let end = toks.starts[at..].iter().position(|&s| s >= value_end).map_or(toks.len(), |p| at + p);
    Some((expr, end))
}

/// The first word at or after `at` outside a parenthesis (brackets nested) opening right
/// before word `at`: "Apache License, Version 2.0 ([LICENSE-APACHE](LICENSE-APACHE) or
/// https://...) or MIT" reads as "Apache License, Version 2.0 or MIT". Angle brackets group a
/// licence's file and URL the same way ("Apache License, Version 2.0 <LICENSE-APACHE or
/// http://...>"), also as two groups joined by "or" ("<LICENSE-MIT> or <http://...>"); an HTML
/// tag is no such group (see [`skip_tag`]).
fn skip_parenthesis(text: &str, toks: &Tokens, at: usize) -> usize {
    let (Some(&start), Some(&prev_end)) =
        (toks.starts.get(at), at.checked_sub(1).and_then(|p| toks.ends.get(p)))
    else {
        return at;
    };
    let gap = text.get(prev_end..start).unwrap_or("");
    let Some(open) = gap.find(['(', '<']) else { return at };
    let open = prev_end + open;
    let angle = text[open..].starts_with('<');
    let close = if angle { angle_close(text, open) } else { parenthesis_close(text, open) };
    let Some(close) = close else { return at };
    let next = toks.starts[at..].iter().position(|&s| s > close).map_or(toks.len(), |p| at + p);
    if angle && toks.ids.get(next) == Some(&word_id("or")) {
        let after = skip_parenthesis(text, toks, next + 1);
        let second_angle = toks
            .ends
            .get(next)
            .and_then(|&e| text.get(e..toks.starts[next + 1]))
            .is_some_and(|g| g.contains('<'));
        if after > next + 1 && second_angle {
            return after;
        }
    }
    next
}

/// The byte of the `)` closing the parenthesis opening at byte `open` (brackets nested), within
/// 400 characters and one paragraph.
fn parenthesis_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices().take(400) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && c == ')' {
                    return Some(open + i);
                }
            }
            '\n' if text[open..open + i].ends_with('\n') => return None,
            _ => {}
        }
    }
    None
}

/// The byte of the `>` closing a file or URL group `<...>` opening at byte `open`, within 300
/// characters and one paragraph; `None` for an HTML tag (`<a href=...>`, `</a>`, `<br>`).
fn angle_close(text: &str, open: usize) -> Option<usize> {
    let inner = text.get(open + 1..)?;
    let name: String = inner.chars().take_while(char::is_ascii_alphanumeric).collect();
    let after_name = inner[name.len()..].chars().next();
    let tag = name.is_empty()
        || (matches!(after_name, Some(' ' | '>' | '/'))
            && matches!(
                name.to_ascii_lowercase().as_str(),
                "a" | "b" | "i" | "em" | "strong" | "code" | "span" | "br" | "p" | "img" | "sup" | "sub"
            ));
    if tag {
        return None;
    }
    for (i, c) in inner.char_indices().take(300) {
        match c {
            '>' => return Some(open + 1 + i),
            '<' => return None,
            '\n' if inner[..i].trim_end_matches([' ', '\t', '/', '#', '*']).ends_with('\n') => return None,
            _ => {}
        }
    }
    None
}

fn perl_ids() -> &'static Vec<u32> {
    static PERL: OnceLock<Vec<u32>> = OnceLock::new();
    PERL.get_or_init(|| phrase_ids("same terms as perl itself"))
}

/// Words that lead to a licence file's name ("see LICENSE").
fn reference_leads() -> &'static [Vec<u32>] {
    static LEADS: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    LEADS.get_or_init(|| ["see", "refer to", "found in", "in"].iter().map(|p| phrase_ids(p)).collect())
}

/// References: a licence file named in prose, and the Perl formula.
fn reference_at(text: &str, toks: &Tokens, j: usize) -> Option<Hit> {
    let ids = &toks.ids;
    let perl = perl_ids();
    if perl.first() == ids.get(j) && ids.get(j..j + perl.len()) == Some(&perl[..]) {
        return Some((
            "Artistic-1.0-Perl OR GPL-1.0-or-later".to_string(),
            j..j + perl.len(),
            "reference/perl",
            Some(LicenseReference::name("same terms as Perl itself")),
        ));
    }
    let (expr, span, file) = file_reference(text, toks, j)?;
    Some((expr, span, SEE_RULE, Some(LicenseReference::file(&file))))
}

/// "Licensed under a BSD-style license <LICENSE-BSD>" (zerocopy's header in every file): a
/// licence of a style, named by the file that holds it. The "style" names no variant, the file
/// does; the host resolves the pointer to that file's licence.
fn styled_file_reference(text: &str, toks: &Tokens, j: usize) -> Option<Hit> {
    static LEAD: OnceLock<Vec<u32>> = OnceLock::new();
    let lead = LEAD.get_or_init(|| phrase_ids("licensed under"));
    let ids = &toks.ids;
    if ids.get(j..j + lead.len()) != Some(&lead[..]) {
        return None;
    }
    let mut k = j + lead.len();
    if matches!(ids.get(k), Some(&w) if w == word_id("a") || w == word_id("the")) {
        k += 1;
    }
    // One or two words of the style ("BSD", "MIT"), "style", "license".
    let style = (k + 1..k + 3).find(|&s| ids.get(s) == Some(&word_id("style")))?;
    let licence = style + 1;
    if !matches!(ids.get(licence), Some(&w) if w == word_id("license") || w == word_id("licence")) {
        return None;
    }
    let file = licence + 1;
    let (&prev_end, &start) = (toks.ends.get(licence)?, toks.starts.get(file)?);
    if !text.get(prev_end..start)?.trim_start().starts_with(['<', '(']) {
        return None;
    }
    let name: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let stem = name.split(['.', '-', '_']).next().unwrap_or("");
    if !matches!(stem, "LICENSE" | "LICENCE" | "COPYING") {
        return None;
    }
    let end =
        toks.starts[file..].iter().position(|&s| s >= start + name.len()).map_or(toks.len(), |p| file + p);
    Some((see_file_ref(&name), j..end, SEE_RULE, Some(LicenseReference::file(&name))))
}

/// Reference to a licence file by name, read from the raw text (the case and the dots matter:
/// "see the License for the specific language" is Apache prose, "see LICENSE" is a reference).
/// Returns the expression, the words and the file name as written.
fn file_reference(text: &str, toks: &Tokens, j: usize) -> Option<(String, Range<usize>, String)> {
    let ids = &toks.ids;
    let lead = reference_leads();
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
    // In lower case only with an extension: "See license.txt for terms of usage" names a
    // file, "see the license for the specific language" does not.
    let lower_file = name.len() > stem.len() + 1
        && name[stem.len()..].starts_with('.')
        && matches!(stem, "license" | "licence" | "copying" | "License" | "Licence" | "Copying");
    if !lower_file && !matches!(stem, "LICENSE" | "LICENCE" | "COPYING" | "COPYRIGHT" | "UNLICENSE") {
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
    // Unresolved here: the host's convention, resolved to the named file's licence later.
    let expr = expr.unwrap_or_else(|| see_file_ref(name));
    Some((expr, j..end.max(at + 1), name.to_string()))
}

/// The contribution clause of Rust and Apache projects: "Unless you explicitly state otherwise,
/// any contribution intentionally submitted for inclusion in the work by you, as defined in the
/// Apache-2.0 license, shall be dual licensed as above, without any additional terms or
/// conditions." It licenses contributions under the project's own licence, which the notice
/// before it already reports; it is no licence of its own, so it yields no finding and its
/// words are neither a notice nor unknown licence-like text. Returns the clauses' word spans.
pub fn contribution_clauses(toks: &Tokens) -> Vec<Range<usize>> {
    static PHRASES: OnceLock<[Vec<u32>; 2]> = OnceLock::new();
    let [open, close] = PHRASES.get_or_init(|| {
        [
            phrase_ids("any contribution intentionally submitted for inclusion"),
            phrase_ids("without any additional terms or conditions"),
        ]
    });
    let ids = &toks.ids;
    let lead = phrase_ids("unless you explicitly state otherwise");
    let mut out = Vec::new();
    let mut j = 0;
    while j < ids.len() {
        if open.first() != ids.get(j) || ids.get(j..j + open.len()) != Some(&open[..]) {
            j += 1;
            continue;
        }
        let start = if j >= lead.len() && ids[j - lead.len()..j] == lead[..] { j - lead.len() } else { j };
        // The clause is one sentence: its close within 60 words, else only the opening.
        let limit = (j + 60).min(ids.len());
        let end = (j + open.len()..limit)
            .find(|&k| ids.get(k..k + close.len()) == Some(&close[..]))
            .map_or(j + open.len(), |k| k + close.len());
        out.push(start..end);
        j = end;
    }
    out
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
    text: &str,
    toks: &Tokens,
    lines: &LineIndex,
    covered: &[Range<usize>],
) -> Vec<LicenseFinding> {
    // Licence terms as a bitset over vocabulary ids (the test runs for every word of a region),
    // and any outside the vocabulary in a list.
    static TERMS: OnceLock<(Vec<u64>, Vec<u32>)> = OnceLock::new();
    let (bits, foreign) = TERMS.get_or_init(|| {
        let mut bits = vec![0u64; (FOREIGN as usize).div_ceil(64)];
        let mut foreign = Vec::new();
        for id in LICENSE_TERMS.iter().map(|t| word_id(t)) {
            match bits.get_mut(id as usize / 64) {
                Some(word) => *word |= 1 << (id % 64),
                None => foreign.push(id),
            }
        }
        (bits, foreign)
    });
    let is_term = |id: u32| match bits.get(id as usize / 64) {
        Some(word) => word & (1 << (id % 64)) != 0,
        None => foreign.contains(&id),
    };
    let mut out: Vec<(Range<usize>, LicenseFinding)> = Vec::new();
    let mut start = 0;
    // A paragraph holding a word of a matched text is dropped: the gaps inside a text (between
    // two of its words) are not looked at.
    let mut skip = Covered::new(covered);
    let mut j = 0;
    while j < toks.len() {
        j += 1;
        // Words j - 1 and j both covered: a gap between them ends no paragraph worth a look.
        if let Some(end) = skip.end_of(j - 1).filter(|&end| end > j) {
            j = end;
        }
        // A paragraph ends at a line without words between two words.
        // Two line breaks between the words (two ids of one word have no bytes between them).
        let gap = j == toks.len() || {
            let between = text.as_bytes().get(toks.ends[j - 1]..toks.starts[j]).unwrap_or(&[]);
            // Mostly a space or two: a plain count beats setting up a search.
            between.iter().filter(|&&b| b == b'\n').nth(1).is_some()
        };
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
            if is_term(*id) {
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

#[cfg(test)]
mod tests {
    use super::{changelog_entries, markdown_code_blocks};

    #[test]
    fn markdown_code_blocks_are_fenced_as_commonmark_fences_them() {
        let md = "Licensed under MIT.\n\n```js\nparse('BSD-2-Clause')\n```\n  ~~~~\n{license: 'MIT'}\n~~~\n~~~~\nafter\n1.  list\n    ```\n    {license: 'ISC'}\n    ```\n````\nunclosed";
        let blocks: Vec<&str> = markdown_code_blocks("README.md", md).into_iter().map(|r| &md[r]).collect();
        assert_eq!(
            blocks,
            ["parse('BSD-2-Clause')\n", "{license: 'MIT'}\n~~~\n", "    {license: 'ISC'}\n", "unclosed"]
        );
        assert!(markdown_code_blocks("index.js", md).is_empty(), "only Markdown documents");
    }

    #[test]
    fn change_log_entries_start_at_the_first_heading() {
        let md =
            "<!-- Licensed under the MIT license -->\n\n# Changelog\n\n- Change license from GPL to MIT\n";
        assert_eq!(changelog_entries("CHANGELOG.md", md), md.find("# Changelog"));
        let rst = "Licensed under the MIT license.\n\nHistory\n=======\n\n1.0: relicensed\n";
        assert_eq!(changelog_entries("docs/HISTORY.rst", rst), rst.find("History"));
        assert_eq!(changelog_entries("debian/changelog", "pkg (1.0) unstable\n"), Some(0));
        assert_eq!(changelog_entries("CHANGELOG-1.0.md", "# 1.0\n"), Some(0));
    }

    #[test]
    fn other_files_have_no_change_log_entries() {
        for path in ["README.md", "src/news_feed.rs", "LICENSE", "src/changes.rs", "NEWS.py"] {
            assert_eq!(changelog_entries(path, "# Title\nLicensed under MIT\n"), None, "{path}");
        }
    }
}
