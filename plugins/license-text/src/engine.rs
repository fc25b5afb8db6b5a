//! The per-file pipeline: manifests, the cheap gate, then texts and headers, short notices and
//! references, unknown licence-like text and copyrights.

use crate::custom::Options;
use crate::data::{self, TemplateKind};
use crate::matcher::{self, Template, Thresholds};
use crate::rules::RuleHit;
use crate::tokens::Tokens;
use crate::{copyright, gate, manifests, memo, notices, rules};
use ospo_plugin_sdk::text::{LineIndex, lossy};
use ospo_plugin_sdk::{DetectOutput, FindingKind, LicenseFinding, LineRange};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// Embedded template `t` widened for alignment, built on first use and kept for the instance.
fn builtin(t: usize) -> Option<&'static Template> {
    static BUILT: OnceLock<Vec<OnceLock<Template>>> = OnceLock::new();
    let cells = BUILT.get_or_init(|| data::TEMPLATES.iter().map(|_| OnceLock::new()).collect());
    let meta = data::TEMPLATES.get(t)?;
    Some(
        cells
            .get(t)?
            .get_or_init(|| Template::new(meta.id(), meta.kind(), meta.tokens(), meta.flags().to_vec())),
    )
}

/// File lines of words `span`.
pub(crate) fn line_range(toks: &Tokens, lines: &LineIndex, span: &Range<usize>) -> Option<LineRange> {
    let start = *toks.starts.get(span.start)?;
    let end = toks.ends.get(span.end.checked_sub(1)?)?.saturating_sub(1);
    Some(LineRange::new(lines.line_of(start), lines.line_of(end.max(start))))
}

/// A finding of this plugin (the host fills in `detector`).
pub(crate) fn finding(
    path: &str,
    lines: Option<LineRange>,
    expression: String,
    kind: FindingKind,
    confidence: f32,
    coverage: Option<f32>,
    rule_id: String,
) -> LicenseFinding {
    let mut f = LicenseFinding::new(path, &expression, kind).confidence(confidence).rule(&rule_id);
    if let Some(lines) = lines {
        f = f.lines(lines);
    }
    if let Some(coverage) = coverage {
        f = f.coverage(coverage);
    }
    f
}

/// Finds licences and copyrights in one file.
pub fn detect(path: &str, bytes: &[u8], opts: &Options) -> DetectOutput {
    // A lockfile's licence fields are its packages' (the parsers report them as declared
    // licences), not the licence of the project that holds the lockfile.
    if ospo_plugin_sdk::expression::convention::is_lockfile(path) {
        return DetectOutput::default();
    }
    // The gate reads the raw bytes: most files stop here, before decoding and line indexing.
    // Decoding only replaces invalid sequences, which hold no needle, so it finds the same lines.
    let gate = gate::scan(path, bytes, opts.keywords());
    let manifest = manifests::is_manifest(path);
    if gate.regions.is_empty() && !manifest {
        return DetectOutput::default();
    }
    // Only the path of a finding depends on the path (manifests aside).
    let key = (!manifest && memo::worth_keeping(bytes, &gate.regions)).then(|| memo::key(bytes));
    if let Some(key) = key
        && let Some(out) = opts.memo.get(key, path, bytes)
    {
        return out;
    }
    let out = detect_uncached(path, bytes, gate, manifest, opts);
    if let Some(key) = key {
        opts.memo.put(key, bytes, &out);
    }
    out
}

fn detect_uncached(
    path: &str,
    bytes: &[u8],
    raw: gate::Gate,
    manifest: bool,
    opts: &Options,
) -> DetectOutput {
    let mut out = DetectOutput::default();
    // `from_utf8` checks ASCII a word at a time; the lossy decoder only for the rare others.
    let text = std::str::from_utf8(bytes).map_or_else(|_| lossy(bytes), Cow::Borrowed);
    let gate = match &text {
        Cow::Borrowed(_) => raw,
        Cow::Owned(t) => gate::scan(path, t.as_bytes(), opts.keywords()),
    };
    let regions = gate.regions;
    // Lines are only asked of offsets inside the regions, a manifest's aside: a source file
    // with a licence header indexes its header, not its thousand lines of code.
    let indexed = if manifest { text.len() } else { regions.last().map_or(0, |r| r.1) };
    let lines = LineIndex::new(text.as_bytes().get(..indexed).unwrap_or_default());
    manifests::detect(path, &text, &lines, &mut out);
    if regions.is_empty() {
        return out;
    }
    copyright::detect(path, &text, &regions, &lines, &mut out);
    // Only an SPDX tag (license-tag's finding) and copyright lines: no licence text to match.
    // A custom licence's words may be anywhere, so its files are always read whole.
    if gate.tags_and_copyrights_only && !manifest && opts.custom.is_empty() {
        return out;
    }
    let toks = Tokens::from_ranges(&text, &regions);
    if toks.is_empty() {
        return out;
    }

    let mut templates: Vec<&Template> = Vec::new();
    let mut windows: Vec<Range<usize>> = Vec::new();
    for (t, window) in matcher::candidates(&toks) {
        if let Some(tpl) = builtin(t) {
            templates.push(tpl);
            windows.push(window);
        }
    }
    for c in &opts.custom {
        templates.push(&c.template);
        windows.push(0..toks.len());
    }
    let limits = Thresholds {
        coverage: opts.min_confidence,
        confidence: opts.min_confidence,
        ..Thresholds::default()
    };
    let mut matches = matcher::find(&templates, &windows, &toks, limits);
    matches.retain(|m| {
        templates
            .get(m.template)
            .is_none_or(|t| t.kind != TemplateKind::Header || twins_agree(t, &toks, &m.span))
    });

    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut texts: Vec<(LicenseFinding, Range<usize>, TemplateKind)> = Vec::new();
    let custom_base = templates.len() - opts.custom.len();
    for m in &matches {
        let Some(t) = templates.get(m.template) else { continue };
        let (kind, rule) = match t.kind {
            TemplateKind::Text if m.template >= custom_base => {
                (FindingKind::Text, format!("custom-text/{}", t.id))
            }
            TemplateKind::Text => (FindingKind::Text, format!("spdx-text/{}", t.id)),
            TemplateKind::Header => (FindingKind::Notice, format!("notice/{}", t.id)),
            TemplateKind::Exception => (FindingKind::Text, format!("spdx-exception/{}", t.id)),
        };
        let f = finding(
            path,
            line_range(&toks, &lines, &m.span),
            t.id.clone(),
            kind,
            m.confidence(),
            Some(m.coverage()),
            rule,
        );
        covered.push(m.span.clone());
        texts.push((f, m.span.clone(), t.kind));
    }

    only_by_default(&mut texts);
    covered.extend(notices::contribution_clauses(&toks));
    // ScanCode's rules first: a curated notice read word for word is surer than the short-notice
    // patterns, which then read only what no rule explained. A manifest's fields are its own.
    let (rule_hits, tagged) = if manifest {
        (Vec::new(), Vec::new())
    } else {
        // Words of an address or a badge are the URL rules' (notices.rs), which know the
        // canonical licence pages from the rest.
        let urls = notices::url_spans(&text, &regions);
        let mut hits = rules::find(&text, &toks, &covered);
        // An `SPDX-License-Identifier:` line is license-tag's finding: ScanCode's rules for
        // tags and for the ids in them would repeat it, or a part of it as a clue. What they
        // read there still states the file's licences for the rules elsewhere (a bare "GPL"
        // near a GPL-2.0 tag is that GPL, a clue of a tagged licence adds nothing).
        let bytes = text.as_bytes();
        let tag_line = |at: usize| {
            let (start, end) = gate::line_around(bytes, at);
            gate::is_tag_line(&bytes[start..end])
        };
        hits.retain(|h| {
            let (a, b) = (toks.starts[h.span.start], toks.ends[h.span.end - 1]);
            !urls.iter().any(|u| u.start < b && a < u.end)
        });
        let (tagged, hits): (Vec<RuleHit>, Vec<RuleHit>) =
            hits.into_iter().partition(|h| tag_line(toks.starts[h.span.start]));
        let tagged = tagged.iter().map(|h| (h.meta().expression.to_string(), h.span.clone())).collect();
        (hits, tagged)
    };
    let mut short = notices::detect(path, manifest, &text, &regions, &toks, &lines, &covered);
    let stated: Vec<(String, Range<usize>)> =
        texts.iter().map(|(f, s, _)| (f.expression.clone(), s.clone())).collect();
    merge_rules(path, &toks, &lines, &rule_hits, &stated, &tagged, &mut short);
    // Weak where they stand: a change log's entries, and a bare `license: X` in a Markdown code
    // block (a value in example code; a whole notice there is still the header a project asks
    // its files to carry).
    let entries_from = notices::changelog_entries(path, &text);
    let code = notices::markdown_code_blocks(path, &text);
    if entries_from.is_some() || !code.is_empty() {
        short = short
            .into_iter()
            .map(|(f, s)| {
                let at = toks.starts.get(s.start).copied();
                let entry = at.zip(entries_from).is_some_and(|(b, from)| b >= from);
                let example = f.rule_id == "notice/license-field"
                    && at.is_some_and(|b| code.iter().any(|c| c.contains(&b)));
                if entry || example { (f.clue(), s) } else { (f, s) }
            })
            .collect();
    }
    apply_or_later(&mut texts, &short);
    pair_exceptions(&mut texts);
    drop_headings(&mut short, &texts);
    drop_extended(&mut texts, &mut short);
    let headers: Vec<(&str, Range<usize>)> = texts
        .iter()
        .filter(|(_, _, k)| *k == TemplateKind::Header)
        .map(|(f, s, _)| (f.expression.as_str(), s.clone()))
        .collect();
    notices::drop_explained_links(&headers, &mut short);
    for (_, span, _) in &texts {
        covered.push(span.clone());
    }
    covered.extend(short.iter().map(|(_, s)| s.clone()));
    let unknown = notices::unknown(path, &text, &toks, &lines, &covered);
    out.licenses.extend(texts.into_iter().map(|(f, _, _)| f));
    out.licenses.extend(short.drain(..).map(|(f, _)| f));
    out.licenses.extend(unknown);
    out
}

/// The licence ids of an expression, sorted.
fn ids_of(expression: &str) -> Vec<&str> {
    let mut ids: Vec<&str> = expression
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Merges ScanCode's rule hits into the short notices the patterns found. Where both read the
/// same words, the notice stays when it names every licence the rule names (it keeps the file's
/// order, choices and exceptions: "either of A or B" against a rule for "A"); a rule naming a
/// licence the notice does not (another version, "or later", a second licence) replaces it: a
/// curated rule read word for word is surer than a pattern. A clue is left out beside any
/// finding on its lines (the licence name of "Licensed under the MIT License") and after
/// `SPDX-License-Identifier:` (license-tag's finding). `tagged` holds what the rules read on tag
/// lines: never reported, but stated all the same.
///
/// A rule whose words state no version (ScanCode's bare "GNU General Public License" is
/// GPL-1.0-or-later) near a finding of the same licence family with another version is part
/// of that notice (its warranty paragraph, "See the GNU General Public License for more
/// details"), not a second licence.
fn merge_rules(
    path: &str,
    toks: &Tokens,
    lines: &LineIndex,
    hits: &[RuleHit],
    stated: &[(String, Range<usize>)],
    tagged: &[(String, Range<usize>)],
    short: &mut Vec<(LicenseFinding, Range<usize>)>,
) {
    if hits.is_empty() {
        return;
    }
    let detections: Vec<&RuleHit> = hits.iter().filter(|h| !h.clue).collect();
    let losing: Vec<bool> = short
        .iter()
        .map(|(f, s)| {
            let ids = ids_of(&f.expression);
            // "found in the LICENSE file" names the file the host reads the licence from.
            !f.expression.starts_with("LicenseRef-see-")
                && detections.iter().any(|h| {
                    overlap(&h.span, s) && ids_of(h.meta().expression).iter().any(|i| !ids.contains(i))
                })
        })
        .collect();
    let mut index = 0;
    short.retain(|_| {
        index += 1;
        !losing[index - 1]
    });
    let identifier = crate::tokens::word_id("identifier");
    let mut added: Vec<(LicenseFinding, Range<usize>)> = Vec::new();
    for h in hits {
        if short.iter().any(|(_, s)| overlap(s, &h.span)) {
            continue;
        }
        let lines_of = line_range(toks, lines, &h.span);
        if h.clue {
            let same_line = |f: &LicenseFinding| matches!((&f.lines, &lines_of), (Some(a), Some(b)) if a.start <= b.end && b.start <= a.end);
            let after_tag = h.span.start.checked_sub(1).and_then(|p| toks.ids.get(p)) == Some(&identifier);
            // A clue of a licence the file states anyway adds nothing.
            let stated = |f: &LicenseFinding| f.expression == h.meta().expression;
            let in_tag = tagged.iter().any(|(e, _)| e == h.meta().expression);
            if after_tag || in_tag || short.iter().chain(&added).any(|(f, _)| same_line(f) || stated(f)) {
                continue;
            }
        }
        let rule = h.meta();
        if rule.versionless {
            let near = |e: &str, s: &Range<usize>| {
                let gap = s.start.saturating_sub(h.span.end).max(h.span.start.saturating_sub(s.end));
                gap <= VERSION_NEAR
                    && e != rule.expression
                    && ids_of(e)
                        .iter()
                        .any(|i| ids_of(rule.expression).iter().any(|r| family(i) == family(r)))
            };
            let others = short.iter().chain(&added).map(|(f, s)| (f.expression.as_str(), s));
            let written = stated.iter().chain(tagged).map(|(e, s)| (e.as_str(), s));
            if written.chain(others).any(|(e, s)| near(e, s)) {
                continue;
            }
        }
        let kind = if rule.kind == b'r' { FindingKind::Reference } else { FindingKind::Notice };
        let rule_id = format!("scancode/{}", rule.name);
        let mut f = finding(path, lines_of, rule.expression.to_string(), kind, 0.95, None, rule_id);
        if h.clue {
            f = f.clue();
        }
        added.push((f, h.span.clone()));
    }
    short.extend(added);
    short.sort_by_key(|(_, s)| s.start);
}

/// Words at most between a version-less rule and a finding of the same family that states the
/// version (a GPL notice's grant and its warranty paragraph).
const VERSION_NEAR: usize = 80;

/// A licence's family: its id before the version (`GPL` of `GPL-3.0-or-later`).
fn family(id: &str) -> &str {
    id.char_indices()
        .find(|&(i, c)| c.is_ascii_digit() && id[..i].ends_with('-'))
        .map_or(id, |(i, _)| &id[..i - 1])
}

/// Vocabulary ids of the words that tell near-twin headers apart: version digits and the
/// family words of the GNU licences.
fn twin_ids() -> &'static (Vec<u32>, [u32; 3]) {
    static IDS: OnceLock<(Vec<u32>, [u32; 3])> = OnceLock::new();
    IDS.get_or_init(|| {
        // One digit: version numbers ("2", "1" of 2.1), not a street number of the FSF's
        // address, which older notices write differently.
        let mut digits: Vec<u32> = data::vocab()
            .iter()
            .filter(|(w, _)| w.len() == 1 && w.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, &i)| u32::from(i))
            .collect();
        digits.sort_unstable();
        let w = crate::tokens::word_id;
        (digits, [w("lesser"), w("library"), w("affero")])
    })
}

/// Whether a standard header matched at `span` names what the file's words name: the same GNU
/// family ("Lesser General", "Library General", "Affero General": an LGPL notice is no GPL-3.0
/// header at 94% coverage) and every version number
/// the header requires (a GPL version 2 notice is no GPL-3.0 header).
fn twins_agree(t: &Template, toks: &Tokens, span: &Range<usize>) -> bool {
    let (digits, family_words) = twin_ids();
    let file = toks.ids.get(span.clone()).unwrap_or_default();
    let required = t.tokens.iter().zip(&t.flags).filter(|(_, f)| **f & 0x80 == 0).map(|(id, _)| *id);
    let required: Vec<u32> = required.collect();
    // "Lesser General", not "Library" of "OCLC Online Computer Library Center".
    let general = crate::tokens::word_id("general");
    let names = |words: &[u32], w: u32| words.windows(2).any(|p| p[0] == w && p[1] == general);
    let families_agree = family_words.iter().all(|&w| names(&required, w) == names(file, w));
    let versions_present =
        required.iter().filter(|id| digits.binary_search(id).is_ok()).all(|id| file.contains(id));
    families_agree && versions_present
}

/// Words at most between a notice and the notice that extends it (MPL-2.0's Exhibit A followed
/// by Exhibit B, "Incompatible With Secondary Licenses": MPL-2.0-no-copyleft-exception).
const EXTENSION_GAP: usize = 16;

/// A notice followed (or preceded) by a notice of a licence whose id extends its id is part of
/// it: only the extended licence is reported.
fn drop_extended(
    texts: &mut Vec<(LicenseFinding, Range<usize>, TemplateKind)>,
    short: &mut Vec<(LicenseFinding, Range<usize>)>,
) {
    let notices: Vec<(String, Range<usize>)> = texts
        .iter()
        .filter(|(_, _, k)| *k == TemplateKind::Header)
        .map(|(f, s, _)| (f.expression.clone(), s.clone()))
        .chain(short.iter().map(|(f, s)| (f.expression.clone(), s.clone())))
        .collect();
    let extended = |e: &str, s: &Range<usize>| {
        notices.iter().any(|(x, t)| {
            let gap = t.start.saturating_sub(s.end).max(s.start.saturating_sub(t.end));
            x.len() > e.len()
                && x.starts_with(e)
                && x.as_bytes().get(e.len()) == Some(&b'-')
                && gap <= EXTENSION_GAP
        })
    };
    texts.retain(|(f, s, k)| *k != TemplateKind::Header || !extended(&f.expression, s));
    short.retain(|(f, s)| !extended(&f.expression, s));
}

/// Words at most between a notice and the full text it heads: a copyright line ("The MIT License
/// (MIT)", "Copyright (c) 2015 Andrew Gallant", then the text).
const HEADING_GAP: usize = 16;

/// A notice directly heading a full text of the same licence is the text's title, not a notice
/// of its own (notices inside a text never get this far: the text covers them).
fn drop_headings(
    short: &mut Vec<(LicenseFinding, Range<usize>)>,
    texts: &[(LicenseFinding, Range<usize>, TemplateKind)],
) {
    short.retain(|(f, s)| {
        !texts.iter().any(|(t, span, kind)| {
            *kind == TemplateKind::Text
                && t.expression == f.expression
                && s.end <= span.start
                && span.start - s.end <= HEADING_GAP
        })
    });
}

/// The `-only` and `-or-later` texts of a licence differ at most in their how-to appendix, so
/// the text alone says `-only` (see the crate docs); notices decide `-or-later`.
fn only_by_default(texts: &mut [(LicenseFinding, Range<usize>, TemplateKind)]) {
    for (f, _, kind) in texts.iter_mut() {
        if *kind != TemplateKind::Text {
            continue;
        }
        if let Some(base) = f.expression.strip_suffix("-or-later")
            && data::name_of(&format!("{base}-only")).is_some()
        {
            f.expression = format!("{base}-only");
        }
    }
}

/// A bare GPL-family text is `-only`; an "or any later version" notice for the same licence in
/// the same file, outside the text, makes it `-or-later`.
fn apply_or_later(
    texts: &mut [(LicenseFinding, Range<usize>, TemplateKind)],
    short: &[(LicenseFinding, Range<usize>)],
) {
    let header_notices = texts.iter().filter(|(_, _, k)| *k == TemplateKind::Header).map(|(f, s, _)| (f, s));
    let bases: Vec<(String, Range<usize>)> = header_notices
        .chain(short.iter().map(|(f, s)| (f, s)))
        .filter_map(|(f, s)| {
            let base = f.expression.strip_suffix("-or-later")?;
            Some((base.to_string(), s.clone()))
        })
        .collect();
    for (f, span, kind) in texts.iter_mut() {
        if *kind != TemplateKind::Text {
            continue;
        }
        let Some(base) = f.expression.strip_suffix("-only") else { continue };
        let outside = |s: &Range<usize>| s.end <= span.start || s.start >= span.end;
        if bases.iter().any(|(b, s)| b == base && outside(s)) {
            f.expression = format!("{base}-or-later");
        }
    }
}

/// Words at most between a licence text and the exception text that completes it ("--- LLVM
/// Exceptions to the Apache 2.0 License ----" and the like).
const EXCEPTION_GAP: usize = 24;

/// An exception text is reported as `LICENCE WITH EXCEPTION`, with the nearest licence found in
/// the same file (its text or notice), else `LicenseRef-unknown`. An exception text right after
/// its licence's full text (the `Apache-2.0 WITH LLVM-exception` file) makes one text with it:
/// one finding spanning both parts, not the bare licence beside the combination.
fn pair_exceptions(texts: &mut Vec<(LicenseFinding, Range<usize>, TemplateKind)>) {
    let licences: Vec<usize> = (0..texts.len()).filter(|&i| texts[i].2 != TemplateKind::Exception).collect();
    // (exception, licence text it completes)
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for e in 0..texts.len() {
        if texts[e].2 != TemplateKind::Exception {
            continue;
        }
        let span = texts[e].1.clone();
        let Some(&l) = licences.iter().min_by_key(|&&l| texts[l].1.start.abs_diff(span.start)) else {
            texts[e].0.expression = format!("LicenseRef-unknown WITH {}", texts[e].0.expression);
            continue;
        };
        let lspan = texts[l].1.clone();
        texts[e].0.expression = format!("{} WITH {}", texts[l].0.expression, texts[e].0.expression);
        let adjacent = lspan.end <= span.start && span.start - lspan.end <= EXCEPTION_GAP;
        if texts[l].2 == TemplateKind::Text && adjacent && !merged.iter().any(|&(_, m)| m == l) {
            merged.push((e, l));
        }
    }
    for &(e, l) in &merged {
        let (licence, lspan) = (texts[l].0.clone(), texts[l].1.clone());
        let (f, span, _) = &mut texts[e];
        *span = lspan.start..span.end;
        if let (Some(lines), Some(from)) = (f.lines.as_mut(), licence.lines.as_ref()) {
            lines.start = from.start;
        }
        f.confidence = f.confidence.min(licence.confidence);
        f.coverage = match (f.coverage, licence.coverage) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        f.rule_id = format!("spdx-text/{}", f.expression.replace(' ', "-"));
    }
    let mut index = 0;
    texts.retain(|_| {
        index += 1;
        !merged.iter().any(|&(_, l)| l == index - 1)
    });
}
