//! Accuracy and speed bench for the license-text detector. Deterministic: it builds its corpus
//! from the crate's own SPDX data (every licence and exception text of the list, every standard
//! header), realistic variants of each, hand-written short notices and references, and a
//! negative set (prose written here plus ordinary source files of the local cargo registry),
//! runs the detector natively and prints precision and recall per kind.
//!
//! `cargo run --release --example accuracy -p ospo-plugin-license-text [-- --tree DIR]`
//!
//! It also scores `tests/corpus/`: real files from public code (headers, notices, README
//! licence sections, tags, full texts, and prose naming licences as negatives), with the licence
//! ids each should yield in `EXPECTED.tsv` (`-- --corpus-only` scores only those;
//! `-- --scancode OUT.json` scores ScanCode's results on the same files the same way, OUT.json
//! from `scancode --license --json-pp OUT.json corpus/` run in `tests/`).
//!
//! With `--tree DIR` it also times the detector over every text file under DIR (compare with
//! `rg -j1 -c -i 'licen|copyright' DIR`); `--tree-only DIR` times the tree and skips the corpus
//! (for profiling).

use ospo_plugin_license_text::{Options, data, detect};
use ospo_plugin_sdk::{FindingKind, Strength};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts heap use so the bench can report the detector's peak (a proxy for instance memory).
struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Largest heap growth during one `detect` call (instance caches included).
static CALL_PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only keeps counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The SPDX XML rendered as plain text: default text of `<alt>`, `<optional>` kept, bullets
/// kept, one paragraph per `<p>`/`<item>`.
fn render(xml: &str, element: &str) -> Option<String> {
    let open = format!("<{element}");
    let start = xml.find(&open)?;
    let body_start = start + xml[start..].find('>')? + 1;
    let end = body_start + xml[body_start..].find(&format!("</{element}>"))?;
    let body = &xml[body_start..end];
    let mut out = String::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let gt = lt + rest[lt..].find('>')?;
        let tag = &rest[lt + 1..gt];
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
        if matches!(name, "p" | "br" | "br/" | "item" | "list" | "titleText" | "copyrightText") {
            out.push('\n');
        }
        if name == "bullet" && !tag.starts_with('/') {
            out.push('\n');
        }
        if tag.starts_with("!--") {
            let close = rest[lt..].find("-->").map_or(gt, |c| lt + c + 2);
            rest = &rest[close + 1..];
            continue;
        }
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#34;", "\"")
        .replace("&amp;", "&");
    // Collapse each paragraph's whitespace, keep paragraph breaks.
    let paras: Vec<String> = out
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    Some(paras.join("\n\n"))
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let mut line = String::new();
        for w in para.split_whitespace() {
            if !line.is_empty() && line.len() + w.len() + 1 > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

fn comment(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| if l.is_empty() { prefix.trim_end().to_string() } else { format!("{prefix}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One corpus file and the findings it should produce, as (kind, accepted expressions).
struct Case {
    name: String,
    text: String,
    expect: Vec<(FindingKind, Vec<String>)>,
}

/// The licence a text names, without the variant its text cannot show: `-only` / `-or-later`
/// (decided by notices) and GFDL's `-invariants` / `-no-invariants` (decided by the document).
fn family(id: &str) -> &str {
    let id = id.trim_end_matches("-only").trim_end_matches("-or-later");
    id.trim_end_matches("-no-invariants").trim_end_matches("-invariants")
}

/// Ids a correct detection of `id` may report: those sharing its template, and for texts its
/// `-only`/`-or-later` siblings.
fn group_of(id: &str, kind: data::TemplateKind) -> Vec<String> {
    let mut ids: Vec<String> = data::TEMPLATES
        .iter()
        .filter(|t| t.kind() == kind && t.ids.contains(&id))
        .flat_map(|t| t.ids.iter().map(|s| (*s).to_string()))
        .collect();
    if kind != data::TemplateKind::Header && !ids.is_empty() {
        ids.extend(data::NAMES.iter().filter(|n| family(n.id) == family(id)).map(|n| n.id.to_string()));
    }
    ids
}

const CODE: &str = "\nuse std::collections::HashMap;\n\n/// Counts words.\npub fn count(text: &str) -> HashMap<&str, usize> {\n    let mut m = HashMap::new();\n    for w in text.split_whitespace() {\n        *m.entry(w).or_insert(0) += 1;\n    }\n    m\n}\n";

fn spdx_cases(root: &Path) -> (Vec<Case>, Vec<Case>) {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [root.join("spdx-xml"), root.join("spdx-xml/exceptions")] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.retain(|p| p.extension().is_some_and(|e| e == "xml"));
        v.sort();
        files.extend(v);
    }
    let mut texts: Vec<(String, String, bool)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for f in &files {
        let Ok(xml) = std::fs::read_to_string(f) else { continue };
        let Some(id) = xml.split("licenseId=\"").nth(1).and_then(|s| s.split('"').next()).map(str::to_string)
        else {
            continue;
        };
        let exception = xml.contains("<exception");
        let Some(name) = data::name_of(&id) else { continue };
        if name.obsoleted {
            continue; // not a match target: its successor is
        }
        if let Some(t) = render(&xml, "text") {
            texts.push((id.clone(), t, exception));
        }
        if let Some(h) = render(&xml, "standardLicenseHeader") {
            headers.push((id, h));
        }
    }
    let prefixes = ["// ", " * ", "# ", "-- ", ";; "];
    let mut text_cases = Vec::new();
    for (k, (id, text, exception)) in texts.iter().enumerate() {
        let kind = if *exception { data::TemplateKind::Exception } else { data::TemplateKind::Text };
        let group = group_of(id, kind);
        if group.is_empty() {
            continue;
        }
        let expect = |g: &Vec<String>| vec![(FindingKind::Text, g.clone())];
        let copyright = "Copyright (c) 2017-2023 Example Corp. <legal@example.com>";
        text_cases.push(Case { name: format!("{id}/plain"), text: wrap(text, 78), expect: expect(&group) });
        text_cases.push(Case {
            name: format!("{id}/reflowed"),
            text: format!("{copyright}\n\n{}", wrap(text, 47)),
            expect: expect(&group),
        });
        let p = prefixes[k % prefixes.len()];
        // Named like source files of a language with that comment style, so the gate's
        // code-line rule for program source applies.
        let ext = ["rs", "c", "py", "lua", "el"][k % prefixes.len()];
        text_cases.push(Case {
            name: format!("{id}/comment.{ext}"),
            text: format!("{}\n{CODE}", comment(&wrap(text, 72), p)),
            expect: expect(&group),
        });
        text_cases.push(Case {
            name: format!("{id}/source-header.c"),
            text: format!("/*\n * {copyright}\n *\n{}\n */\n{CODE}", comment(&wrap(text, 70), " * ")),
            expect: expect(&group),
        });
        // Two licences in one file: this one and the next licence text of the list.
        if !exception && let Some((id2, text2, _)) = texts[k + 1..].iter().find(|t| !t.2) {
            let g2 = group_of(id2, data::TemplateKind::Text);
            if !g2.is_empty() {
                text_cases.push(Case {
                    name: format!("{id}+{id2}/two"),
                    text: format!("{}\n-----\n\n{}", wrap(text, 78), wrap(text2, 78)),
                    expect: vec![(FindingKind::Text, group.clone()), (FindingKind::Text, g2)],
                });
            }
        }
    }
    let mut notice_cases = Vec::new();
    for (k, (id, header)) in headers.iter().enumerate() {
        let group = group_of(id, data::TemplateKind::Header);
        if group.is_empty() {
            continue;
        }
        let p = prefixes[k % prefixes.len()];
        notice_cases.push(Case {
            name: format!("{id}/header"),
            text: format!("{}\n{CODE}", comment(&wrap(header, 76), p)),
            expect: vec![(FindingKind::Notice, group)],
        });
    }
    (text_cases, notice_cases)
}

/// Short notices and references as people write them.
fn short_cases() -> Vec<Case> {
    let n = |name: &str, text: &str, kind: FindingKind, ids: &[&str]| Case {
        name: name.to_string(),
        text: text.to_string(),
        expect: vec![(kind, ids.iter().map(|s| (*s).to_string()).collect())],
    };
    use FindingKind::{Notice, Reference};
    vec![
        n("readme-mit", "## License\n\nThis project is licensed under the MIT License.\n", Notice, &["MIT"]),
        n("mit-licensed", "Fast JSON parsing. MIT licensed.\n", Notice, &["MIT"]),
        n(
            "apache-short",
            "# Licensed under the Apache License, Version 2.0\nimport os\n",
            Notice,
            &["Apache-2.0"],
        ),
        n(
            "gpl2-later",
            "/* This file is released under the GNU GPL version 2 or later. */\n",
            Notice,
            &["GPL-2.0-or-later"],
        ),
        n(
            "gpl3-only",
            "Distributed under the terms of the GNU General Public License v3.0 only.\n",
            Notice,
            &["GPL-3.0-only"],
        ),
        n(
            "lgpl21",
            "-- Licensed under the GNU Lesser General Public License version 2.1\n",
            Notice,
            &["LGPL-2.1-only"],
        ),
        n("bsd3-under", "Released under the BSD-3-Clause license; see below.\n", Notice, &["BSD-3-Clause"]),
        n("mpl2", "// Available under the Mozilla Public License 2.0.\n", Notice, &["MPL-2.0"]),
        n("isc", "# This code is licensed under the ISC license.\n", Notice, &["ISC"]),
        n("zlib", "The library is made available under the zlib License.\n", Notice, &["Zlib"]),
        n("unlicense", "Released under the Unlicense.\n", Notice, &["Unlicense"]),
        n("cc0", "The icons in this folder are licensed under CC0-1.0.\n", Notice, &["CC0-1.0"]),
        n("epl2", "Licensed under the Eclipse Public License 2.0\n", Notice, &["EPL-2.0"]),
        n(
            "agpl",
            "Licensed under the GNU Affero General Public License v3.0 or later.\n",
            Notice,
            &["AGPL-3.0-or-later"],
        ),
        n("license-colon", "License: MIT\n", Notice, &["MIT"]),
        n("see-license", "See LICENSE for details.\n", Reference, &["LicenseRef-see-LICENSE"]),
        n(
            "see-license-file",
            "Please see the LICENSE.txt file in the root directory.\n",
            Reference,
            &["LicenseRef-see-LICENSE.txt"],
        ),
        n("license-mit-file", "Licensed as described in LICENSE-MIT.\n", Reference, &["MIT"]),
        n(
            "perl",
            "This library is free software; you can redistribute it and/or modify\nit under the same terms as Perl itself.\n",
            Reference,
            &["Artistic-1.0-Perl OR GPL-1.0-or-later"],
        ),
        n("copying", "For the full terms, refer to COPYING.\n", Reference, &["LicenseRef-see-COPYING"]),
        n(
            "url-osi",
            "License: see https://opensource.org/licenses/BSD-2-Clause\n",
            Reference,
            &["BSD-2-Clause"],
        ),
        n(
            "url-gnu",
            "/* For copying conditions, see <https://www.gnu.org/licenses/lgpl-2.1.html>. */\n",
            Reference,
            &["LGPL-2.1-only"],
        ),
    ]
}

/// Prose with licence-adjacent words that is no licence.
const NEGATIVE_PROSE: &[&str] = &[
    "The warranty on my laptop ran out last week, so I paid for the repair myself. The shop\nsaid the battery was the problem and replaced it within a day.\n",
    "To change file permissions, run chmod with the mode you want. Permission denied errors\nusually mean the process runs as another user.\n",
    "She renewed her driver's license at the office on Main Street, then drove to the patent\noffice to file the application for her new bicycle brake.\n",
    "Our liability insurance covers accidents at the venue. Please read the safety rules\nbefore the workshop and ask the staff if anything is unclear.\n",
    "Redistributing the load across the cluster took two hours; the scheduler now keeps\neach node under seventy percent.\n",
    "Granted, the new release is faster, but the memory use grew. We will look into it\nbefore the next milestone and publish the numbers.\n",
    "The museum's copyright exhibition explains how authors were paid in the nineteenth\ncentury, with letters from publishers and printers.\n",
    "fn permissions(user: &User) -> Vec<Permission> {\n    user.roles.iter().flat_map(|r| r.permissions.clone()).collect()\n}\n",
    "def check_license_key(key):\n    \"\"\"Returns True when the product key is valid.\"\"\"\n    return key.startswith('PK-') and len(key) == 24\n",
    "let license_plate = read_plate(&frame)?;\nif license_plate.is_empty() { return Ok(None); }\n",
];

fn negative_cases() -> Vec<Case> {
    let mut out: Vec<Case> = NEGATIVE_PROSE
        .iter()
        .enumerate()
        .map(|(i, t)| Case { name: format!("prose-{i}"), text: (*t).to_string(), expect: Vec::new() })
        .collect();
    // Ordinary source files of the cargo registry that carry no licence words at all.
    let home = std::env::var("HOME").unwrap_or_default();
    let reg = Path::new(&home).join(".cargo/registry/src");
    let mut files = Vec::new();
    walk(&reg, &mut files);
    files.sort();
    let strong = ["licen", "copyright", "spdx", "gpl", "warrant"];
    let mut taken = 0;
    for (k, f) in files.iter().enumerate() {
        if taken >= 600 || k % 7 != 0 {
            continue;
        }
        if !f.extension().is_some_and(|e| e == "rs" || e == "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let lower = text.to_ascii_lowercase();
        if strong.iter().any(|s| lower.contains(s)) || text.len() > 200_000 {
            continue;
        }
        taken += 1;
        out.push(Case { name: f.display().to_string(), text, expect: Vec::new() });
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, out),
            Ok(t) if t.is_file() => out.push(p),
            _ => {}
        }
    }
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn kind_name(k: &FindingKind) -> &'static str {
    match k {
        FindingKind::Text => "text",
        FindingKind::Notice => "notice",
        FindingKind::Reference => "reference",
        FindingKind::Manifest => "manifest",
        FindingKind::Tag => "tag",
    }
}

fn score(
    cases: &[Case],
    opts: &Options,
    tallies: &mut BTreeMap<&'static str, Tally>,
    errors: &mut Vec<String>,
) -> f64 {
    let started = Instant::now();
    for c in cases {
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let out = detect(&c.name, c.text.as_bytes(), opts);
        CALL_PEAK.fetch_max(PEAK.load(Ordering::Relaxed) - base, Ordering::Relaxed);
        let mut expected: Vec<(FindingKind, Vec<String>, bool)> =
            c.expect.iter().map(|(k, ids)| (*k, ids.clone(), false)).collect();
        // A clue is evidence, not a finding: it neither counts nor costs.
        for f in out.licenses.iter().filter(|f| f.strength != Strength::Clue) {
            let expr = f.expression.rsplit(" WITH ").next().unwrap_or(&f.expression);
            let hit = expected.iter_mut().find(|(k, ids, used)| {
                !*used && *k == f.kind && (ids.contains(&f.expression) || ids.iter().any(|i| i == expr))
            });
            let t = tallies.entry(kind_name(&f.kind)).or_default();
            match hit {
                Some(e) => {
                    e.2 = true;
                    t.tp += 1;
                }
                None => {
                    t.fp += 1;
                    errors.push(format!(
                        "FP {} {:?} {} [{}] conf={:.2}",
                        c.name, f.kind, f.expression, f.rule_id, f.confidence
                    ));
                }
            }
        }
        for (k, ids, used) in expected {
            if !used {
                tallies.entry(kind_name(&k)).or_default().fn_ += 1;
                errors.push(format!("FN {} {:?} {:?}", c.name, k, ids.first()));
            }
        }
    }
    started.elapsed().as_secs_f64()
}

#[allow(clippy::cast_precision_loss)]
fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 }
}

/// The licence ids an expression names (exceptions included), sorted.
fn ids_of(expression: &str) -> Vec<String> {
    let mut ids: Vec<String> = expression
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Per kind of the real-file corpus: licence ids right, wrong and missed, and files exactly right.
#[derive(Default)]
struct FileTally {
    files: usize,
    exact: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
}

/// Scores `tests/corpus/` (real files from public code, `EXPECTED.tsv`): per file the set of
/// licence ids the detections name (clues and `LicenseRef-unknown` are neither right nor
/// wrong) against the expected set, each expected id possibly a choice (`a|b`).
fn score_corpus(opts: &Options, errors: &mut Vec<String>) -> BTreeMap<String, FileTally> {
    score_corpus_with(errors, |file, bytes| {
        detect(file, bytes, opts)
            .licenses
            .iter()
            .filter(|f| f.strength != Strength::Clue)
            .flat_map(|f| ids_of(&f.expression))
            .collect()
    })
}

/// The corpus scored as [`score_corpus`] does, the ids of each file given by `reported` (this
/// detector, or another tool's results read from its output).
fn score_corpus_with(
    errors: &mut Vec<String>,
    mut reported_ids: impl FnMut(&str, &[u8]) -> Vec<String>,
) -> BTreeMap<String, FileTally> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let table = std::fs::read_to_string(root.join("EXPECTED.tsv")).unwrap_or_default();
    let mut tallies: BTreeMap<String, FileTally> = BTreeMap::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(file), Some(expected)) = (cols.next(), cols.next()) else { continue };
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            errors.push(format!("corpus: cannot read {file}"));
            continue;
        };
        let kind = file.split('/').next().unwrap_or("other").to_string();
        let mut reported: Vec<String> = reported_ids(file, &bytes)
            .into_iter()
            // `LicenseRef-unknown` names no licence, and a `LicenseRef-see-FILE` points at one the
            // host reads: neither is a wrong id unless the file expects it.
            .filter(|id| id != "LicenseRef-unknown")
            .collect();
        reported.sort();
        reported.dedup();
        let mut slots: Vec<(Vec<&str>, bool)> = expected
            .split_whitespace()
            .filter(|e| *e != "-")
            .map(|e| (e.split('|').collect(), false))
            .collect();
        let t = tallies.entry(kind).or_default();
        t.files += 1;
        let (mut tp, mut fp) = (0, 0);
        for id in &reported {
            // ScanCode's pointer names no file (`LicenseRef-see-*`): it takes a pointer slot.
            let fits =
                |alt: &&str| *alt == id.as_str() || (id == SEE_ANY && alt.starts_with("LicenseRef-see-"));
            match slots.iter_mut().find(|(alts, _)| alts.iter().any(&fits)) {
                Some(slot) if !slot.1 => {
                    slot.1 = true;
                    tp += 1;
                }
                // A second id of a choice already matched (`LicenseRef-see-LICENSE` and
                // `BSD-3-Clause` for one slot) is neither right nor wrong.
                Some(_) => {}
                None if id.starts_with("LicenseRef-see-") => {}
                None => {
                    fp += 1;
                    errors.push(format!("corpus FP {file}: {id}"));
                }
            }
        }
        let missed: Vec<String> = slots.iter().filter(|s| !s.1).map(|s| s.0.join("|")).collect();
        for m in &missed {
            errors.push(format!("corpus FN {file}: {m}"));
        }
        t.tp += tp;
        t.fp += fp;
        t.fn_ += missed.len();
        t.exact += usize::from(fp == 0 && missed.is_empty());
    }
    tallies
}

/// ScanCode's `unknown-license-reference` in the scorer's terms: a pointer to a licence named
/// elsewhere, its file not named.
const SEE_ANY: &str = "LicenseRef-see-*";

/// The corpus files `EXPECTED.tsv` lists.
fn corpus_files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let table = std::fs::read_to_string(root.join("EXPECTED.tsv")).unwrap_or_default();
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect()
}

/// ScanCode's results on the corpus (`scancode --license --json-pp OUT.json corpus/`, run in
/// `tests/`) as the ids of each file, in the terms this scorer uses: the SPDX ids of its
/// license detections (its `license_clues` are clues, left out as ours are); its
/// `unknown-license-reference` ("see the LICENSE file", a licence named elsewhere) is our
/// `LicenseRef-see-` pointer, and its other keys without an SPDX id our `LicenseRef-unknown`.
fn scancode_ids(json: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("ScanCode JSON: {e}"))?;
    let files = doc.get("files").and_then(|f| f.as_array()).ok_or("ScanCode JSON has no `files`")?;
    let mut out = BTreeMap::new();
    for f in files {
        let (Some(path), Some("file")) =
            (f.get("path").and_then(|p| p.as_str()), f.get("type").and_then(|t| t.as_str()))
        else {
            continue;
        };
        // Paths are `corpus/KIND/NAME` (the scanned folder first).
        let rel = path.split_once('/').map_or(path, |(_, rest)| rest).to_string();
        let mut ids = Vec::new();
        for d in f.get("license_detections").and_then(|d| d.as_array()).into_iter().flatten() {
            let expr = d.get("license_expression_spdx").and_then(|e| e.as_str()).unwrap_or_default();
            for id in ids_of(expr) {
                ids.push(match id.as_str() {
                    "LicenseRef-scancode-unknown-license-reference" => SEE_ANY.to_string(),
                    // ScanCode's own keys (`proprietary-license`, `other-permissive`,
                    // `warranty-disclaimer`...) name a kind of licence, no SPDX id: as
                    // neutral as our `LicenseRef-unknown`.
                    i if i.starts_with("LicenseRef-scancode-") => "LicenseRef-unknown".to_string(),
                    _ => id,
                });
            }
        }
        out.insert(rel, ids);
    }
    Ok(out)
}

fn print_corpus(tallies: &BTreeMap<String, FileTally>) {
    println!("real-file corpus (tests/corpus, licence ids per file):");
    println!("| kind | files | ids right | wrong | missed | precision | recall | exact per file |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    let mut all = FileTally::default();
    for (k, t) in tallies {
        println!(
            "| {k} | {} | {} | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
            t.files,
            t.tp,
            t.fp,
            t.fn_,
            pct(t.tp, t.tp + t.fp),
            pct(t.tp, t.tp + t.fn_),
            pct(t.exact, t.files)
        );
        all.files += t.files;
        all.exact += t.exact;
        all.tp += t.tp;
        all.fp += t.fp;
        all.fn_ += t.fn_;
    }
    println!(
        "| all | {} | {} | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
        all.files,
        all.tp,
        all.fp,
        all.fn_,
        pct(all.tp, all.tp + all.fp),
        pct(all.tp, all.tp + all.fn_),
        pct(all.exact, all.files)
    );
}

fn main() {
    let opts = Options::default();
    if let Some(json) = std::env::args().skip_while(|a| a != "--scancode").nth(1) {
        let by_file =
            match std::fs::read_to_string(&json).map_err(|e| e.to_string()).and_then(|j| scancode_ids(&j)) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("{json}: {e}");
                    std::process::exit(2);
                }
            };
        let mut errors = Vec::new();
        for file in corpus_files().iter().filter(|f| !by_file.contains_key(*f)) {
            errors.push(format!("{file}: not in {json} (scored as no findings)"));
        }
        let tallies =
            score_corpus_with(&mut errors, |file, _| by_file.get(file).cloned().unwrap_or_default());
        if std::env::args().any(|a| a == "--errors") {
            for e in &errors {
                println!("{e}");
            }
        }
        println!("ScanCode results from {json}:");
        print_corpus(&tallies);
        return;
    }
    if std::env::args().any(|a| a == "--corpus-only") {
        let mut errors = Vec::new();
        let tallies = score_corpus(&opts, &mut errors);
        if std::env::args().any(|a| a == "--errors") {
            for e in &errors {
                println!("{e}");
            }
        }
        print_corpus(&tallies);
        return;
    }
    if let Some(dir) = std::env::args().skip_while(|a| a != "--tree-only").nth(1) {
        time_tree(&dir, &opts);
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (texts, notices) = spdx_cases(&root);
    let short = short_cases();
    let negatives = negative_cases();
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut errors = Vec::new();
    let t_text = score(&texts, &opts, &mut tallies, &mut errors);
    let t_notice = score(&notices, &opts, &mut tallies, &mut errors);
    score(&short, &opts, &mut tallies, &mut errors);
    let mut neg_tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut neg_errors = Vec::new();
    let t_neg = score(&negatives, &opts, &mut neg_tallies, &mut neg_errors);
    let corpus = score_corpus(&opts, &mut errors);
    let neg_copyrights: usize =
        negatives.iter().map(|c| detect(&c.name, c.text.as_bytes(), &opts).copyrights.len()).sum();

    if std::env::args().any(|a| a == "--errors") {
        for e in errors.iter().chain(&neg_errors) {
            println!("{e}");
        }
    }
    println!(
        "corpus: {} text cases, {} header-notice cases, {} short notice/reference cases, {} negative files",
        texts.len(),
        notices.len(),
        short.len(),
        negatives.len()
    );
    println!("| kind | TP | FP | FN | precision | recall |");
    println!("|---|---|---|---|---|---|");
    for (k, t) in &tallies {
        println!(
            "| {k} | {} | {} | {} | {:.2}% | {:.2}% |",
            t.tp,
            t.fp,
            t.fn_,
            pct(t.tp, t.tp + t.fp),
            pct(t.tp, t.tp + t.fn_)
        );
    }
    print_corpus(&corpus);
    let neg_fp: usize = neg_tallies.values().map(|t| t.fp).sum();
    println!(
        "negative set: {} licence findings (false positives), {} copyright statements",
        neg_fp, neg_copyrights
    );
    for e in &neg_errors {
        println!("  {e}");
    }
    let bytes: usize = texts.iter().chain(&notices).map(|c| c.text.len()).sum();
    println!(
        "time: texts {t_text:.2}s, headers {t_notice:.2}s, negatives {t_neg:.2}s ({:.1} MB/s over licence text)",
        bytes as f64 / 1e6 / (t_text + t_notice)
    );
    println!(
        "heap: largest growth in one detect call {:.1} MiB; heap held after the bench (corpus included) {:.1} MiB",
        CALL_PEAK.load(Ordering::Relaxed) as f64 / 1048576.0,
        CURRENT.load(Ordering::Relaxed) as f64 / 1048576.0
    );

    if let Some(dir) = std::env::args().skip_while(|a| a != "--tree").nth(1) {
        time_tree(&dir, &opts);
    }
}

/// Times the detector over every text file under `dir` (as the host would hand them over).
fn time_tree(dir: &str, opts: &Options) {
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
    let started = Instant::now();
    let (mut n, mut total, mut found) = (0usize, 0usize, 0usize);
    let mut slowest: Vec<(f64, String)> = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else { continue };
        if bytes.len() > 4 << 20 || bytes[..bytes.len().min(8192)].contains(&0) {
            continue;
        }
        n += 1;
        total += bytes.len();
        let t0 = Instant::now();
        let out = detect(&f.to_string_lossy(), &bytes, opts);
        slowest.push((t0.elapsed().as_secs_f64(), f.display().to_string()));
        found += out.licenses.len();
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let secs = started.elapsed().as_secs_f64();
    println!(
        "tree {dir}: {n} files, {:.1} MB, {found} findings in {secs:.2}s ({:.1} MB/s, one thread); peak heap {:.1} MiB",
        total as f64 / 1e6,
        total as f64 / 1e6 / secs,
        PEAK.load(Ordering::Relaxed) as f64 / 1048576.0
    );
    for (secs, f) in slowest.iter().take(5) {
        println!("  slowest: {:.1} ms {f}", secs * 1000.0);
    }
}
