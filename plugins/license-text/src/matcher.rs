//! Aligns licence templates against a file's words.
//!
//! Candidates come from the 5-gram index (templates sharing enough grams with the file). Each
//! candidate is aligned: exact 5-gram hits between template and file are merged into diagonal
//! runs, and a chain of runs increasing in both template and file position is chosen by dynamic
//! programming, where a gap costs the required template words it skips or the file words it
//! inserts beyond what the template's replaceable and optional parts allow (whichever is larger,
//! so a substituted word costs one). The best-scoring acceptable match is taken, its words are
//! blocked, and the rest of the file is matched again: that finds several licences in one file.

use crate::data::{self, TemplateKind};
use crate::normalize::GRAM;
use crate::tokens::Tokens;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

/// A template ready to align: the embedded ones and custom licences alike.
pub struct Template {
    /// Reported expression (the canonical SPDX id, or a `LicenseRef-`).
    pub id: String,
    /// What kind of text it is.
    pub kind: TemplateKind,
    /// Word ids.
    pub tokens: Vec<u32>,
    /// Per word: bit 7 variable, bits 0..6 slack (halved).
    pub flags: Vec<u8>,
    /// Per gram position: the next position holding the same gram, [`NO_GRAM`] for none, so a
    /// key's positions form an ascending chain from its first.
    next: Vec<u32>,
    /// Bloom-style bitset of the gram keys: most file grams miss every candidate, cheaply.
    bits: Vec<u64>,
    /// Per gram position: its gram occurs nowhere else in the template.
    unique: Vec<bool>,
    /// Open-addressing table (a power of two, at most half full): gram key → 1 + its first
    /// position; 0 is empty. Built in one pass (an instance builds every template it meets,
    /// and sorting the grams was most of that).
    slots: Vec<u32>,
    prefix: Prefix,
}

impl Template {
    /// A template from word ids and flags.
    pub fn new(id: &str, kind: TemplateKind, tokens: Vec<u32>, flags: Vec<u8>) -> Self {
        let keys: Vec<u64> = gram_keys(&tokens).collect();
        let words = (keys.len() * 8 / 64).next_power_of_two().max(8);
        let mut bits = vec![0u64; words];
        for key in &keys {
            let b = bit_of(*key, words);
            bits[b / 64] |= 1 << (b % 64);
        }
        let mut slots = vec![0u32; (keys.len() * 2).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        let mut next = vec![NO_GRAM; keys.len()];
        // Last position first, each pushed at the head of its key's chain: chains ascend.
        for i in (0..keys.len()).rev() {
            let Ok(position) = u32::try_from(i) else { continue };
            let mut slot = slot_of(keys[i], mask);
            loop {
                match (slots[slot] as usize).checked_sub(1) {
                    None => {
                        slots[slot] = position + 1;
                        break;
                    }
                    Some(head) if keys[head] == keys[i] => {
                        next[i] = slots[slot] - 1;
                        slots[slot] = position + 1;
                        break;
                    }
                    Some(_) => slot = (slot + 1) & mask,
                }
            }
        }
        // A gram is unique when its chain is itself alone: nothing follows it, nothing leads to it.
        let mut led_to = vec![false; keys.len()];
        for &n in &next {
            if let Some(slot) = led_to.get_mut(n as usize) {
                *slot = true;
            }
        }
        let unique = next.iter().zip(&led_to).map(|(&n, &led)| n == NO_GRAM && !led).collect();
        let prefix = Prefix::new(&flags);
        // The keys are not kept: a word of every template an instance builds costs 8 bytes
        // less, and a lookup recomputes the few it compares.
        Template { id: id.to_string(), kind, tokens, flags, next, bits, unique, slots, prefix }
    }

    /// The key of the gram at template position `p`.
    fn key_at(&self, p: usize) -> Option<u64> {
        self.tokens.get(p..p + GRAM).map(gram_key)
    }

    fn may_hold(&self, key: u64) -> bool {
        let b = bit_of(key, self.bits.len());
        self.bits[b / 64] & (1 << (b % 64)) != 0
    }

    /// The first position of gram `key`.
    fn first(&self, key: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(key, mask);
        loop {
            let head = (self.slots[slot] as usize).checked_sub(1)?;
            if self.key_at(head) == Some(key) {
                return Some(head);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The positions of gram `key`, ascending.
    fn positions(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.first(key), |&i| {
            let n = self.next[i];
            (n != NO_GRAM).then_some(n as usize)
        })
    }

    /// Words that are neither replaceable nor optional.
    pub fn required(&self) -> usize {
        self.prefix.req(0..self.tokens.len())
    }
}

/// One aligned template.
#[derive(Debug, Clone)]
pub struct Match {
    /// Template number (into the matcher's list).
    pub template: usize,
    /// File words `span.start..span.end`.
    pub span: Range<usize>,
    /// Required template words found.
    pub matched: usize,
    /// Template words found, replaceable and optional ones included.
    pub matched_any: usize,
    /// Required template words in all.
    pub required: usize,
    /// File words inside the span the template does not explain.
    pub unexplained: usize,
}

impl Match {
    /// Fraction of the template's required words present.
    pub fn coverage(&self) -> f32 {
        ratio(self.matched, self.required)
    }
    /// Coverage discounted by the file words inside the span the template does not explain.
    pub fn confidence(&self) -> f32 {
        ratio(self.matched, self.required + self.unexplained)
    }
    /// Ranking in words: file words explained, less required words missing and file words
    /// left unexplained, so BSD-3-Clause beats BSD-2-Clause on a BSD-3 text and loses on a
    /// BSD-2 one, and MIT beats JSON (MIT plus a sentence) on an MIT text.
    fn rank(&self) -> i64 {
        let any = i64::try_from(self.matched_any).unwrap_or(i64::MAX / 4);
        let missing = i64::try_from(self.required - self.matched.min(self.required)).unwrap_or(0);
        let u = i64::try_from(self.unexplained).unwrap_or(i64::MAX / 4);
        any - missing - u
    }
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 { 0.0 } else { (a as f32 / b as f32).min(1.0) }
}

/// Bit of a gram key in a bitset of `words` u64s (a power of two).
#[allow(clippy::cast_possible_truncation)]
fn bit_of(key: u64, words: usize) -> usize {
    ((key >> 17) as usize) & (words * 64 - 1)
}

/// Slot of a gram key in a table of `mask + 1` slots (other bits than [`bit_of`]'s).
#[allow(clippy::cast_possible_truncation)]
fn slot_of(key: u64, mask: usize) -> usize {
    ((key >> 32) as usize) & mask
}

/// End of a chain of gram positions.
const NO_GRAM: u32 = u32::MAX;
/// A diagonal with no run yet.
const NO_RUN: u32 = u32::MAX;

/// Multiplier of the gram keys' polynomial hash (odd).
const KEY_BASE: u64 = 0x9e37_79b9_7f4a_7c15;
/// `KEY_BASE` to the power GRAM - 1: the weight of a gram's first word, removed as it rolls on.
const KEY_LEAD: u64 = KEY_BASE.wrapping_mul(KEY_BASE).wrapping_mul(KEY_BASE).wrapping_mul(KEY_BASE);

/// The key of one gram: the polynomial hash of [`gram_keys`], mixed.
fn gram_key(ids: &[u32]) -> u64 {
    mix(ids.iter().fold(0u64, |h, &id| h.wrapping_mul(KEY_BASE).wrapping_add(u64::from(id))))
}

/// The keys of every gram of `ids`, in order. The polynomial hash rolls from one gram to the
/// next with two multiplications, where hashing each gram afresh costs five in a chain:
/// keys are computed for every word of every file and template aligned.
fn gram_keys(ids: &[u32]) -> impl Iterator<Item = u64> + '_ {
    let mut h =
        ids.iter().take(GRAM - 1).fold(0u64, |h, &id| h.wrapping_mul(KEY_BASE).wrapping_add(u64::from(id)));
    ids.windows(GRAM).map(move |w| {
        h = h.wrapping_mul(KEY_BASE).wrapping_add(u64::from(w[GRAM - 1]));
        let key = mix(h);
        h = h.wrapping_sub(u64::from(w[0]).wrapping_mul(KEY_LEAD));
        key
    })
}

/// Spreads the polynomial hash over all 64 bits (a bijection: distinct hashes stay distinct);
/// the tables take their bits from the top.
fn mix(h: u64) -> u64 {
    let h = (h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93);
    h ^ (h >> 32)
}

#[derive(Debug, Clone, Copy)]
struct Run {
    i: usize,
    j: usize,
    len: usize,
}

/// Prefix sums over a template so gap costs are O(1); built once per template (u32: the
/// instance may keep every template built). Variable words before `x` are `x - required[x]`.
struct Prefix {
    required: Vec<u32>,
    slack: Vec<u32>,
}

impl Prefix {
    fn new(flags: &[u8]) -> Self {
        let n = flags.len();
        let mut p = Prefix { required: Vec::with_capacity(n + 1), slack: Vec::with_capacity(n + 1) };
        let (mut r, mut s) = (0u32, 0u32);
        p.required.push(0);
        p.slack.push(0);
        for f in flags {
            r += u32::from(f & 0x80 == 0);
            s += u32::from(f & 0x7f) * 2;
            p.required.push(r);
            p.slack.push(s);
        }
        p
    }
    /// Variable (replaceable or optional) words before template position `x`.
    #[inline]
    #[allow(clippy::cast_possible_truncation)]
    fn variable(&self, x: usize) -> u32 {
        x as u32 - self.required[x]
    }
    #[inline]
    fn req(&self, r: Range<usize>) -> usize {
        (self.required[r.end] - self.required[r.start]) as usize
    }
    /// Chain weight of template words `r`: a required word counts four, a variable one one, so
    /// a chain runs on through matched optional text (LGPL-3.0's optional GPL-3.0 text is part
    /// of the LGPL match, not a second licence).
    #[inline]
    fn weight(&self, r: Range<usize>) -> i64 {
        let req = i64::from(self.required[r.end] - self.required[r.start]);
        let var = i64::from(self.variable(r.end) - self.variable(r.start));
        req * 4 + var
    }
    /// File words the template tolerates between template positions `a` and `b`: its variable
    /// words plus the slack of the words up to and including `b`.
    #[inline]
    fn free(&self, a: usize, b: usize) -> usize {
        let b_incl = (b + 1).min(self.slack.len() - 1);
        ((self.variable(b) - self.variable(a)) + (self.slack[b_incl] - self.slack[a])) as usize
    }
}

/// Aligns template `t` against `file.ids[window]`, ignoring blocked words.
pub fn align(t: &Template, file: &Tokens, window: Range<usize>, blocked: &[bool]) -> Option<Match> {
    let keys: Vec<u64> = gram_keys(&file.ids).collect();
    chain(t, runs_of(t, file, &keys, window, blocked))
}

/// The runs of `t` in `file.ids[window]`: per diagonal, each longest stretch of consecutive
/// grams the template and the file share whose words are all unblocked. The file's gram keys
/// are computed once for all candidates.
fn runs_of(t: &Template, file: &Tokens, keys: &[u64], window: Range<usize>, blocked: &[bool]) -> Vec<Run> {
    if t.tokens.len() < GRAM {
        return Vec::new();
    }
    let end = window.end.min(file.ids.len());
    // Per diagonal (j - i, offset by the template length so it starts at 0): the run last
    // opened on it, `NO_RUN` for none. Dense: a map lookup per hit cost more than the array.
    let diagonals = (end + t.tokens.len()).saturating_sub(window.start);
    let mut open: Vec<u32> = vec![NO_RUN; diagonals];
    let diagonal = |i: usize, j: usize| j + t.tokens.len() - i - window.start;
    let mut runs: Vec<Run> = Vec::new();
    // (template position, run) of the only hit at file word j - 1, when there was one.
    let mut single: Option<(usize, usize)> = None;
    // Nothing is blocked in the first round: one pass instead of a check at every word.
    let any_blocked = blocked.get(window.start.min(end)..end).is_some_and(|b| b.contains(&true));
    let mut j = window.start;
    while j + GRAM <= end {
        if any_blocked && blocked.get(j..j + GRAM).is_some_and(|b| b.iter().any(|&x| x)) {
            single = None;
            j += 1;
            continue;
        }
        let g = &file.ids[j..j + GRAM];
        // Fast path, same result: the run of the previous word goes on, and its next gram
        // occurs nowhere else in the template, so the lookup could only find that position.
        if let Some((i, r)) = single
            && t.unique.get(i + 1).is_some_and(|&u| u)
            && same_gram(&t.tokens, i + 1, g)
        {
            runs[r].len += 1;
            single = Some((i + 1, r));
            j += 1;
            continue;
        }
        single = None;
        let key = keys[j];
        if t.may_hold(key) {
            let mut hits = 0;
            for i in t.positions(key) {
                if !same_gram(&t.tokens, i, g) {
                    continue;
                }
                let d = diagonal(i, j);
                let r = match open.get(d).map(|&r| r as usize) {
                    Some(r) if r < runs.len() && runs[r].j + runs[r].len - GRAM + 1 == j => {
                        runs[r].len += 1;
                        r
                    }
                    _ => {
                        if let Some(slot) = open.get_mut(d) {
                            *slot = u32::try_from(runs.len()).unwrap_or(NO_RUN);
                        }
                        runs.push(Run { i, j, len: GRAM });
                        runs.len() - 1
                    }
                };
                hits += 1;
                single = (hits == 1).then_some((i, r));
            }
        }
        j += 1;
    }
    runs
}

/// Cuts `runs` where the words of `span` became blocked, leaving what [`runs_of`] would find
/// with them blocked: a gram touching a blocked word belongs to no run, so a run loses those
/// grams and keeps the stretches before and after them.
fn cut_runs(runs: &mut Vec<Run>, span: &Range<usize>) {
    let mut tails = Vec::new();
    runs.retain_mut(|r| {
        // The run's grams start at first..=last; gram p touches the span when p < span.end and
        // p + GRAM > span.start.
        let (first, last) = (r.j, r.j + r.len - GRAM);
        if first >= span.end || last + GRAM <= span.start {
            return true;
        }
        if span.end <= last {
            tails.push(Run { i: r.i + (span.end - first), j: span.end, len: last + GRAM - span.end });
        }
        r.len = span.start.saturating_sub(first);
        r.len >= GRAM
    });
    runs.append(&mut tails);
}

/// Whether `tokens[at..at + GRAM]` is the gram `g`: a fixed-size compare, not a `memcmp` call.
fn same_gram(tokens: &[u32], at: usize, g: &[u32]) -> bool {
    match (
        tokens.get(at..at + GRAM).and_then(|t| <&[u32; GRAM]>::try_from(t).ok()),
        <&[u32; GRAM]>::try_from(g),
    ) {
        (Some(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Most file words a gap between two chained runs may span: beyond it a chain is two matches.
const MAX_GAP: usize = 1500;

/// The best chain of `runs` as one match; `None` when there are no runs.
fn chain(t: &Template, mut runs: Vec<Run>) -> Option<Match> {
    // A run's rank is its place in file order (start, then template position): a run may only
    // follow runs of lower rank, and among equally good predecessors the highest rank wins.
    runs.sort_by_key(|r| (r.j, r.i));
    // Runs are scored in order of their file end instead: a predecessor must end before the run
    // it precedes, so every candidate is scored first, and the bounds below, being maxima over
    // the runs scored so far, are not held up by a long run that started earlier but ends
    // later (LGPL-3.0's one run over the whole text, with hundreds of short repeats inside it).
    let mut rank: Vec<usize> = (0..runs.len()).collect();
    rank.sort_by_key(|&k| (runs[k].j + runs[k].len, k));
    let runs: Vec<Run> = rank.iter().map(|&k| runs[k]).collect();
    let prefix = &t.prefix;
    let n = runs.len();
    let mut score = vec![0i64; n];
    let mut pred: Vec<Option<(usize, usize)>> = vec![None; n];
    // top[p]: the best score of runs 0..=p. A predecessor adds at most its score to the run's
    // whole weight, so once `top` of the rest cannot beat the best link the scan stops.
    let mut top = vec![0i64; n];
    // ends[p]: the furthest file word runs 0..=p reach. A link from `p` inserts at least the
    // file words between that and `cur` beyond what the template tolerates up to `cur`'s end
    // (`tolerated`), four points each: with `top`, a bound that only falls as the scan goes back.
    let mut ends = vec![0usize; n];
    // top_skipping[p]: the best of score + 4 × required words before the run's template end,
    // over runs 0..=p. A link from `q` skips the required words between its template end and
    // `cur`'s start, so it is worth at most top_skipping - 4 × required words before `cur` +
    // `cur`'s whole weight: the bound that stops the scan for runs far ahead in the template.
    let mut top_skipping = vec![0i64; n];
    for r in 0..n {
        let cur = runs[r];
        let whole = prefix.weight(cur.i..cur.i + cur.len);
        let tolerated = prefix.free(0, cur.i + cur.len - 1);
        let before_cur = 4 * i64::from(prefix.required[cur.i]);
        let mut best = whole;
        let mut best_pred: Option<(usize, usize)> = None;
        // Whether a link worth `value` (or at most that) from `p` could still be chosen.
        let could_win = |value: i64, p: Option<usize>, best: i64, best_pred: Option<(usize, usize)>| {
            value > best
                || (value == best && best_pred.is_some_and(|(b, _)| p.is_none_or(|p| rank[p] > rank[b])))
        };
        for p in (0..r).rev() {
            let least_inserted = cur.j.saturating_sub(ends[p] + tolerated);
            let least_penalty = 4 * i64::try_from(least_inserted).unwrap_or(i64::MAX / 16);
            let bound = (top[p] + whole - least_penalty).min(top_skipping[p] - before_cur + whole);
            if !could_win(bound, None, best, best_pred) {
                break;
            }
            let prev = runs[p];
            // Ends only fall as the scan goes back: every run left is as far away.
            if prev.j + prev.len + MAX_GAP < cur.j {
                break;
            }
            if rank[p] > rank[r] || prev.i >= cur.i || !could_win(score[p] + whole, Some(p), best, best_pred)
            {
                continue;
            }
            let Some((gain, shift)) = link(prefix, prev, cur) else { continue };
            let value = score[p] + gain;
            if could_win(value, Some(p), best, best_pred) {
                best = value;
                best_pred = Some((p, shift));
            }
        }
        score[r] = best;
        pred[r] = best_pred;
        top[r] = r.checked_sub(1).map_or(best, |q| top[q].max(best));
        ends[r] = r.checked_sub(1).map_or(cur.j + cur.len, |q| ends[q].max(cur.j + cur.len));
        let skipping = best + 4 * i64::from(prefix.required[cur.i + cur.len]);
        top_skipping[r] = r.checked_sub(1).map_or(skipping, |q| top_skipping[q].max(skipping));
    }
    let (last, _) = score.iter().enumerate().max_by_key(|&(k, s)| (*s, Reverse(rank[k])))?;
    Some(chained(t, &runs, &pred, last))
}

/// What linking run `prev` before run `cur` adds to `prev`'s score: `cur`'s weight past their
/// overlap, less four points a required template word skipped or file word inserted beyond
/// what the template tolerates (whichever is more), and how many of `cur`'s words the overlap
/// drops; `None` when the overlap swallows `cur`.
fn link(prefix: &Prefix, prev: Run, cur: Run) -> Option<(i64, usize)> {
    let (pi_end, pj_end) = (prev.i + prev.len, prev.j + prev.len);
    let shift = pi_end.saturating_sub(cur.i).max(pj_end.saturating_sub(cur.j));
    if shift >= cur.len {
        return None;
    }
    let (ci, cj) = (cur.i + shift, cur.j + shift);
    let skipped = prefix.req(pi_end..ci);
    let inserted = (cj - pj_end).saturating_sub(prefix.free(pi_end, ci));
    let penalty = 4 * i64::try_from(skipped.max(inserted)).unwrap_or(i64::MAX / 16);
    Some((prefix.weight(ci..cur.i + cur.len) - penalty, shift))
}

/// The match of the chain that ends with run `last`, each run linked to `pred` (the run before
/// it, and how many of its words that link's overlap drops).
fn chained(t: &Template, runs: &[Run], pred: &[Option<(usize, usize)>], last: usize) -> Match {
    let prefix = &t.prefix;
    // Walk back: (run, shift of its start given its predecessor), first run first.
    let mut links = Vec::new();
    let mut r = last;
    loop {
        links.push((r, pred[r].map_or(0, |(_, s)| s)));
        match pred[r] {
            Some((p, _)) => r = p,
            None => break,
        }
    }
    links.reverse();
    let mut matched = 0;
    let mut matched_any = 0;
    let mut unexplained = 0;
    for (k, &(r, s)) in links.iter().enumerate() {
        let cur = runs[r];
        let ci = cur.i + s;
        matched += prefix.req(ci..cur.i + cur.len);
        matched_any += cur.len - s;
        if let Some(&(p, _)) = k.checked_sub(1).and_then(|k| links.get(k)) {
            let prev = runs[p];
            let (pi_end, pj_end) = (prev.i + prev.len, prev.j + prev.len);
            let inserted = (cur.j + s - pj_end).saturating_sub(prefix.free(pi_end, ci));
            unexplained += inserted.saturating_sub(prefix.req(pi_end..ci));
        }
    }
    let (first, first_shift) = links.first().copied().unwrap_or((last, 0));
    Match {
        template: 0,
        span: runs[first].j + first_shift..runs[last].j + runs[last].len,
        matched,
        matched_any,
        required: prefix.req(0..t.tokens.len()),
        unexplained,
    }
}

/// What [`find`] accepts.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Least fraction of a template's required words.
    pub coverage: f32,
    /// Least confidence.
    pub confidence: f32,
    /// Least required words matched (tiny templates match ordinary sentences).
    pub min_words: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { coverage: 0.8, confidence: 0.8, min_words: 12 }
    }
}

/// Embedded templates sharing enough 5-grams with `file`, each with the file window to align in.
pub fn candidates(file: &Tokens) -> Vec<(usize, Range<usize>)> {
    // Per template: votes, first and last hit, side by side (one cache line per vote).
    #[derive(Clone, Copy)]
    struct Tally {
        votes: u32,
        first: u32,
        last: u32,
    }
    let mut tallies = vec![Tally { votes: 0, first: 0, last: 0 }; data::TEMPLATES.len()];
    // The templates with a vote: a file meets a few dozen of the list's eight hundred.
    let mut voted: Vec<usize> = Vec::new();
    for j in 0..file.len() {
        let Some(hash) = file.index_hash(j) else { continue };
        let at = u32::try_from(j).unwrap_or(u32::MAX);
        data::postings(hash, |t| {
            if let Some(tally) = tallies.get_mut(t) {
                if tally.votes == 0 {
                    tally.first = at;
                    voted.push(t);
                }
                tally.votes += 1;
                tally.last = at;
            }
        });
    }
    voted.sort_unstable();
    let mut out = Vec::new();
    for t in voted {
        let (Some(meta), Some(tally)) = (data::TEMPLATES.get(t), tallies.get(t)) else { continue };
        // Half the sampled grams: a text at 0.8 coverage keeps far more of its grams than that.
        if tally.votes * 2 < meta.grams.max(1) {
            continue;
        }
        // Hits cover an acceptable match end to end (one gram in four is indexed), so a
        // margin past the first and last hit is enough.
        let reach = meta.required / 2 + 32;
        let lo = (tally.first as usize).saturating_sub(reach);
        let hi = (tally.last as usize + reach).min(file.len());
        out.push((t, lo..hi));
    }
    out
}

/// Finds the acceptable matches of `templates` (each with a window) in `file`, best first,
/// non-overlapping.
pub fn find(
    templates: &[&Template],
    windows: &[Range<usize>],
    file: &Tokens,
    limits: Thresholds,
) -> Vec<Match> {
    let mut blocked = vec![false; file.len()];
    let mut cache: Vec<Option<Option<Match>>> = vec![None; templates.len()];
    let mut found = Vec::new();
    // free_before[j]: unblocked words before j, to skip windows too full to hold a match.
    let mut free_before: Vec<usize> = (0..=file.len()).collect();
    let keys: Vec<u64> = gram_keys(&file.ids).collect();
    // The last bound `reach` gave each template: blocking words only lowers it, so a later
    // round starts from it and skips the pass for templates that cannot win any more.
    let mut reached: Vec<Option<i64>> = vec![None; templates.len()];
    // Each aligned template's runs, kept across rounds and cut where words get blocked: a file
    // holding many texts (a bundle's LICENSE with the licences of hundreds of packages) would
    // otherwise have its whole window re-read for every text found in it.
    let mut runs: Vec<Option<Vec<Run>>> = vec![None; templates.len()];
    for _ in 0..200 {
        let mut best: Option<Match> = None;
        // Candidates by the best rank they can reach, highest first (then the earlier
        // template): cheap bounds (length, free words) at first; a template whose cheap bound
        // could still win gets its exact bound from `reach` and goes back in the queue, so the
        // many that cannot beat the first good alignment never cost a pass over their words.
        let mut queue: BinaryHeap<(i64, Reverse<usize>, bool)> = BinaryHeap::new();
        for (k, t) in templates.iter().enumerate() {
            match &cache[k] {
                Some(Some(m)) => queue.push((m.rank(), Reverse(k), true)),
                Some(None) => {}
                // Too few free words left in its window (blocking only takes more): dead for
                // good, without the pass over the template that the bound costs.
                None if !windows.get(k).is_some_and(|w| room(w, &free_before, t, limits)) => {
                    cache[k] = Some(None)
                }
                None => {
                    let free = windows.get(k).map_or(0, |w| free_in(w, &free_before));
                    let length = i64::try_from(t.tokens.len()).unwrap_or(i64::MAX);
                    let earlier = reached[k].unwrap_or(i64::MAX);
                    queue.push((length.min(free).min(earlier), Reverse(k), false));
                }
            }
        }
        // Gram keys of the file whose words are all free (an alignment only uses these), as a
        // Bloom-style bitset, made when a bound first needs it: a false hit only loosens it.
        let mut present: Option<Vec<u64>> = None;
        while let Some((ub, Reverse(k), exact)) = queue.pop() {
            if best.as_ref().is_some_and(|b| ub < b.rank()) {
                break; // neither this one nor any after it can win this round
            }
            let t = templates[k];
            if !exact {
                let present = present.get_or_insert_with(|| free_grams(&keys, &blocked, found.is_empty()));
                match reach(t, present, limits) {
                    Some(bound) => {
                        reached[k] = Some(bound);
                        queue.push((bound.min(ub), Reverse(k), true));
                    }
                    // Blocking words only shrinks what a template can reach: dead for good.
                    None => cache[k] = Some(None),
                }
                continue;
            }
            if cache[k].is_none() {
                let m = windows
                    .get(k)
                    .filter(|w| room(w, &free_before, t, limits))
                    .and_then(|w| {
                        let runs =
                            runs[k].get_or_insert_with(|| runs_of(t, file, &keys, w.clone(), &blocked));
                        chain(t, runs.clone())
                    })
                    .map(|m| Match { template: k, ..m });
                cache[k] = Some(m);
            }
            let Some(Some(m)) = &cache[k] else { continue };
            // Tiny templates (short headers) must match whole.
            let enough = m.matched >= limits.min_words || (m.matched > GRAM && m.matched == m.required);
            let ok = m.coverage() >= limits.coverage && m.confidence() >= limits.confidence && enough;
            if ok && best.as_ref().is_none_or(|b| better(m, b)) {
                best = Some(m.clone());
            }
        }
        let Some(m) = best else { break };
        for b in &mut blocked[m.span.clone()] {
            *b = true;
        }
        for kept in runs.iter_mut().flatten() {
            cut_runs(kept, &m.span);
        }
        // Only counts past the span's start change.
        let mut free = free_before[m.span.start];
        for (j, slot) in free_before.iter_mut().enumerate().skip(m.span.start) {
            *slot = free;
            if blocked.get(j).is_some_and(|b| !b) {
                free += 1;
            }
        }
        // Only alignments that used the now-blocked words change, and blocking words never
        // improves an alignment: one that was not acceptable stays dead.
        for c in &mut cache {
            if let Some(Some(old)) = c
                && old.span.start < m.span.end
                && m.span.start < old.span.end
            {
                *c = if acceptable(old, limits) { None } else { Some(None) };
            }
        }
        found.push(m);
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// The gram keys of the file whose words are all unblocked, as a bitset by [`bit_of`].
fn free_grams(keys: &[u64], blocked: &[bool], none_blocked: bool) -> Vec<u64> {
    let mut present = vec![0u64; (keys.len() / 4).next_power_of_two().max(8)];
    let mut set = |key: u64| {
        let b = bit_of(key, present.len());
        present[b / 64] |= 1 << (b % 64);
    };
    if none_blocked {
        keys.iter().for_each(|&key| set(key));
    } else {
        // The gram ending at word `i` is free when the GRAM words up to `i` are: one look at
        // each word, not GRAM.
        let mut free_run = 0;
        for (i, &b) in blocked.iter().enumerate() {
            free_run = if b { 0 } else { free_run + 1 };
            if free_run >= GRAM
                && let Some(&key) = keys.get(i + 1 - GRAM)
            {
                set(key);
            }
        }
    }
    present
}

/// Upper bound on the rank an alignment of `t` can reach when the file holds the gram keys
/// `present` (a bitset by [`bit_of`]), or `None` when no alignment can pass `limits`. The runs of a chain are exact gram
/// hits that do not overlap in the template, so the words they explain lie in the union `C` of
/// the template's grams found in the file, and rank = explained - missing - unexplained is at
/// most |C| - (required words outside C). Costs one set lookup per template word, a fraction
/// of an alignment: near-identical families (X11, HPND: a hundred templates) are ruled out by it.
fn reach(t: &Template, present: &[u64], limits: Thresholds) -> Option<i64> {
    let n = t.tokens.len();
    if n < GRAM {
        return None;
    }
    // One pass in template order: word p is covered when a gram starting in p-4..=p is present.
    let (mut any, mut req) = (0usize, 0usize);
    let mut last: Option<usize> = None;
    let mut keys = gram_keys(&t.tokens);
    for (p, f) in t.flags.iter().enumerate() {
        // Positions past the last gram start none (the iterator ends there).
        if let Some(key) = keys.next() {
            let b = bit_of(key, present.len());
            if present[b / 64] & (1 << (b % 64)) != 0 {
                last = Some(p);
            }
        }
        if last.is_some_and(|l| p - l < GRAM) {
            any += 1;
            req += usize::from(f & 0x80 == 0);
        }
    }
    let required = t.required();
    let probe = Match { template: 0, span: 0..0, matched: req, matched_any: any, required, unexplained: 0 };
    let whole = req > GRAM && req == required;
    if probe.coverage() < limits.coverage || (req < limits.min_words && !whole) {
        return None;
    }
    Some(probe.rank())
}

/// Whether a match passes the thresholds. Tiny templates (short headers) must match whole.
fn acceptable(m: &Match, limits: Thresholds) -> bool {
    let enough = m.matched >= limits.min_words || (m.matched > GRAM && m.matched == m.required);
    m.coverage() >= limits.coverage && m.confidence() >= limits.confidence && enough
}

/// Unblocked words in `window`: no alignment in it explains more.
fn free_in(window: &Range<usize>, free_before: &[usize]) -> i64 {
    let end = window.end.min(free_before.len() - 1);
    let start = window.start.min(end);
    i64::try_from(free_before[end] - free_before[start]).unwrap_or(i64::MAX)
}

/// Whether `window` still has enough unblocked words for `t` to reach the coverage limit.
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn room(window: &Range<usize>, free_before: &[usize], t: &Template, limits: Thresholds) -> bool {
    let end = window.end.min(free_before.len() - 1);
    let start = window.start.min(end);
    let free = free_before[end] - free_before[start];
    let need = (t.required() as f32 * limits.coverage) as usize;
    free >= need
}

/// Higher rank, then higher coverage, then the earlier template.
fn better(a: &Match, b: &Match) -> bool {
    a.rank()
        .cmp(&b.rank())
        .then(a.coverage().total_cmp(&b.coverage()))
        .then(b.template.cmp(&a.template))
        .is_gt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain as first written: every earlier run (file order) tried as the predecessor of
    /// every run, no bounds; the best link wins, the latest run among equals.
    fn plain_chain(t: &Template, mut runs: Vec<Run>) -> Option<Match> {
        runs.sort_by_key(|r| (r.j, r.i));
        let prefix = &t.prefix;
        let mut score = vec![0i64; runs.len()];
        let mut pred: Vec<Option<(usize, usize)>> = vec![None; runs.len()];
        for r in 0..runs.len() {
            let cur = runs[r];
            let mut best = prefix.weight(cur.i..cur.i + cur.len);
            for p in (0..r).rev() {
                let prev = runs[p];
                if prev.j + prev.len + MAX_GAP < cur.j || prev.i >= cur.i {
                    continue;
                }
                let Some((gain, shift)) = link(prefix, prev, cur) else { continue };
                let value = score[p] + gain;
                if value > best {
                    best = value;
                    pred[r] = Some((p, shift));
                }
            }
            score[r] = best;
        }
        let (last, _) = score.iter().enumerate().max_by_key(|&(k, s)| (*s, Reverse(k)))?;
        Some(chained(t, &runs, &pred, last))
    }

    /// A small deterministic generator of numbers below `n`: the tests need variety, not quality.
    fn xorshift(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n.max(1) as u64).unwrap_or(0)
        }
    }

    /// Cutting kept runs where a match blocks words gives what reading the window again with
    /// those words blocked gives: random files made of template pieces, blocked span by span.
    #[test]
    fn cut_runs_are_the_runs_read_again() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for case in 0..300 {
            let n = GRAM + next(60);
            // A small alphabet: grams repeat inside the template and across the file.
            let tokens: Vec<u32> = (0..n).map(|_| u32::try_from(next(6)).unwrap_or(0)).collect();
            let t = Template::new("T", TemplateKind::Text, tokens.clone(), vec![0; n]);
            let mut ids = Vec::new();
            while ids.len() < 300 {
                let (from, len) = (next(n), 1 + next(n));
                ids.extend_from_slice(&tokens[from..(from + len).min(n)]);
                ids.extend((0..next(3)).map(|_| 100 + u32::try_from(next(4)).unwrap_or(0)));
            }
            let file = Tokens { starts: vec![0; ids.len()], ends: vec![0; ids.len()], ids };
            let keys: Vec<u64> = gram_keys(&file.ids).collect();
            let window = next(20)..file.len() - next(20);
            let mut blocked = vec![false; file.len()];
            let mut kept = runs_of(&t, &file, &keys, window.clone(), &blocked);
            for round in 0..6 {
                let start = next(file.len());
                let span = start..(start + 1 + next(40)).min(file.len());
                blocked[span.clone()].iter_mut().for_each(|b| *b = true);
                cut_runs(&mut kept, &span);
                let mut cut: Vec<(usize, usize, usize)> = kept.iter().map(|r| (r.j, r.i, r.len)).collect();
                let mut again: Vec<(usize, usize, usize)> =
                    runs_of(&t, &file, &keys, window.clone(), &blocked)
                        .iter()
                        .map(|r| (r.j, r.i, r.len))
                        .collect();
                cut.sort_unstable();
                again.sort_unstable();
                assert_eq!(cut, again, "case {case}, round {round}, span {span:?}");
            }
        }
    }

    /// Rolling the keys gives each gram the key it has on its own.
    #[test]
    fn rolled_keys_are_the_keys_of_each_gram() {
        let ids: Vec<u32> = (0..200u32).map(|i| i.wrapping_mul(2_654_435_761) % 70_000).collect();
        let rolled: Vec<u64> = gram_keys(&ids).collect();
        let each: Vec<u64> = ids.windows(GRAM).map(gram_key).collect();
        assert_eq!(rolled, each);
        assert_eq!(gram_keys(&ids[..GRAM - 1]).count(), 0);
    }

    /// Scoring runs in order of their file end, with its bounds, picks the plain scan's chain:
    /// same span and counts on random runs over a template with variable words and slack.
    #[test]
    fn the_bounded_chain_is_the_plain_chain() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for case in 0..400 {
            let n = 40 + next(400);
            let tokens: Vec<u32> = (0..n).map(|_| u32::try_from(next(50)).unwrap_or(0)).collect();
            let flags: Vec<u8> = (0..n)
                .map(|_| match next(10) {
                    0 | 1 => 0x80,
                    2 => u8::try_from(next(3)).unwrap_or(0),
                    _ => 0,
                })
                .collect();
            let t = Template::new("T", TemplateKind::Text, tokens, flags);
            let mut runs = Vec::new();
            // A main diagonal broken into pieces, and short repeats around and inside it.
            let shift = next(30);
            let mut i = 0;
            while i + GRAM < n {
                let len = GRAM + next(if case % 3 == 0 { n } else { 40 });
                let len = len.min(n - i);
                runs.push(Run { i, j: i + shift, len });
                i += len + next(12);
            }
            for _ in 0..next(120) {
                let (i, len) = (next(n - GRAM), GRAM + next(4));
                runs.push(Run { i, j: next(n + 60), len: len.min(n - i) });
            }
            runs.sort_by_key(|r| (r.j, r.i));
            runs.dedup_by_key(|r| (r.j, r.i));
            let plain =
                plain_chain(&t, runs.clone()).map(|m| (m.span, m.matched, m.matched_any, m.unexplained));
            let bounded = chain(&t, runs).map(|m| (m.span, m.matched, m.matched_any, m.unexplained));
            assert_eq!(bounded, plain, "case {case}");
        }
    }
}
