//! Compiles the SPDX License List XML (`data/spdx-xml/`, the SPDX legal team's own source of the
//! list, copied verbatim) into the compact tables the matcher embeds:
//!
//! - `vocab.txt`: every template word, one a line; a word's id is its line number.
//! - `tokens.bin` (u16 word ids) and `flags.bin` (one byte a word: bit 7 = replaceable or optional
//!   text, bits 0..6 = extra words the file may hold before it, halved), all templates end to end.
//! - `index.bin`: an open-addressing table from word 5-gram hash to the templates holding it.
//! - `templates.rs`: per template its ids, kind and token range; `names.rs`: id, name and
//!   deprecation of every licence and exception (notices and manifests resolve names with it).
//!
//! Texts with identical templates (GPL-2.0-only / GPL-2.0-or-later) are stored once.
//!
//! It also compiles ScanCode's licence notices, references, tags and intros
//! (`data/scancode/rules.tsv.zz`, made by `data/scancode/extract.py`) into `rule_tokens.bin`
//! (u16 word ids of the same vocabulary) and `scancode_rules.rs` (per rule: kind, SPDX
//! expression, ScanCode name, token range, the words written with a `+` after them). Rules whose
//! words are the same but whose licences differ are dropped: the words cannot tell them apart.

#[path = "src/normalize.rs"]
#[allow(dead_code)]
mod normalize;
#[path = "src/words.rs"]
mod words;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug)]
enum Node {
    Elem { name: String, attrs: Vec<(String, String)>, children: Vec<Node> },
    Text(String),
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Node::Elem { attrs, .. } => attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }
    fn name(&self) -> &str {
        match self {
            Node::Elem { name, .. } => name,
            Node::Text(_) => "",
        }
    }
    fn children(&self) -> &[Node] {
        match self {
            Node::Elem { children, .. } => children,
            Node::Text(_) => &[],
        }
    }
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name() == name {
            out.push(self);
        }
        for c in self.children() {
            c.find_all(name, out);
        }
    }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let ent = &rest[1..end];
        let decoded = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A reader for the XML subset the SPDX files use: elements, attributes, text, entities,
/// comments and the prolog. No DTDs, no CDATA (none occur).
fn parse_xml(src: &str) -> Result<Node, String> {
    let mut stack: Vec<Node> =
        vec![Node::Elem { name: String::new(), attrs: Vec::new(), children: Vec::new() }];
    let mut rest = src;
    let push = |stack: &mut Vec<Node>, node: Node| {
        if let Some(Node::Elem { children, .. }) = stack.last_mut() {
            children.push(node);
        }
    };
    while !rest.is_empty() {
        if let Some(stripped) = rest.strip_prefix("<!--") {
            let end = stripped.find("-->").ok_or("unterminated comment")?;
            rest = &stripped[end + 3..];
        } else if let Some(stripped) = rest.strip_prefix("<?") {
            let end = stripped.find("?>").ok_or("unterminated prolog")?;
            rest = &stripped[end + 2..];
        } else if let Some(stripped) = rest.strip_prefix("</") {
            let end = stripped.find('>').ok_or("unterminated end tag")?;
            let node = stack.pop().ok_or("unbalanced end tag")?;
            if node.name() != stripped[..end].trim() {
                return Err(format!("mismatched </{}>", &stripped[..end]));
            }
            push(&mut stack, node);
            rest = &stripped[end + 1..];
        } else if let Some(stripped) = rest.strip_prefix('<') {
            let end = tag_end(stripped).ok_or("unterminated tag")?;
            let body = &stripped[..end];
            let self_closing = body.ends_with('/');
            let body = body.trim_end_matches('/');
            let (name, attrs) = parse_tag(body);
            let node = Node::Elem { name, attrs, children: Vec::new() };
            if self_closing {
                push(&mut stack, node);
            } else {
                stack.push(node);
            }
            rest = &stripped[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            push(&mut stack, Node::Text(decode_entities(&rest[..end])));
            rest = &rest[end..];
        }
    }
    if stack.len() != 1 {
        return Err("unclosed element".into());
    }
    stack.pop().ok_or_else(|| "empty document".into())
}

/// The `>` closing a start tag, skipping any inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_tag(body: &str) -> (String, Vec<(String, String)>) {
    let body = body.trim();
    let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
    let name = body[..name_end].to_string();
    let mut attrs = Vec::new();
    let mut rest = body[name_end..].trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next() else { break };
        let Some(close) = after[1..].find(q) else { break };
        attrs.push((key, decode_entities(&after[1..1 + close])));
        rest = after[close + 2..].trim_start();
    }
    (name, attrs)
}

/// Keep one template gram in this many (by hash) in the candidate index.
const SAMPLE: u32 = 4;
/// Tags an index value that is a template number rather than an offset into the postings.
const SINGLE: u32 = 1 << 31;

const KIND_TEXT: u8 = 0;
const KIND_HEADER: u8 = 1;
const KIND_EXCEPTION: u8 = 2;

/// Extra words a file may hold in place of a replaceable `<alt>`, estimated from its regex.
fn alt_slack(regex: &str) -> u32 {
    let unbounded = [".+", ".*", "\\S+", "\\w+", "]+", "]*", ")+", ")*"];
    if unbounded.iter().any(|u| regex.contains(u)) {
        return 60;
    }
    if let Some(open) = regex.find(".{") {
        let max = regex[open + 2..]
            .split(['}', ','])
            .filter_map(|n| n.trim().parse::<u32>().ok())
            .max()
            .unwrap_or(40);
        return max / 4 + 3;
    }
    let longest = regex
        .split('|')
        .map(|alt| alt.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count())
        .max()
        .unwrap_or(1);
    u32::try_from(longest).unwrap_or(40).min(40) + 2
}

/// A template as text plus the byte ranges of its replaceable and optional parts.
#[derive(Default)]
struct Flat {
    text: String,
    /// (start, end, slack) of variable segments.
    vars: Vec<(usize, usize, u32)>,
}

fn flatten(node: &Node, var: Option<u32>, out: &mut Flat) {
    match node {
        Node::Text(t) => {
            let start = out.text.len();
            out.text.push_str(t);
            if var.is_some() {
                // Only marks the words variable; the enclosing element carries the slack.
                out.vars.push((start, out.text.len(), 0));
            }
        }
        Node::Elem { name, children, .. } => {
            let mode = match name.as_str() {
                "bullet" => {
                    out.text.push('\n');
                    return;
                }
                "crossRefs" | "notes" | "obsoletedBys" => return,
                "titleText" => Some(20),
                "copyrightText" => Some(120),
                "optional" => Some(var.unwrap_or(0) + 2),
                "alt" => Some(alt_slack(node.attr("match").unwrap_or(".+"))),
                _ => var,
            };
            let block = matches!(name.as_str(), "p" | "br" | "item" | "list" | "titleText");
            if block {
                out.text.push('\n');
            }
            if mode != var && mode.is_some() {
                // Record the whole element so an empty <alt> still grants its slack.
                let start = out.text.len();
                for c in children {
                    flatten(c, mode, out);
                }
                out.vars.push((start, out.text.len(), mode.unwrap_or(0)));
            } else {
                for c in children {
                    flatten(c, mode, out);
                }
            }
            if block {
                out.text.push('\n');
            }
        }
    }
}

struct Template {
    ids: Vec<String>,
    kind: u8,
    tokens: Vec<u16>,
    flags: Vec<u8>,
}

struct Vocab {
    ids: HashMap<String, u16>,
    words: Vec<String>,
}

impl Vocab {
    fn id(&mut self, word: &str) -> u16 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u16::try_from(self.words.len()).expect("vocabulary fits u16");
        self.words.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }
}

fn tokenize(eq: &normalize::Equivalences, flat: &Flat, vocab: &mut Vocab) -> (Vec<u16>, Vec<u8>) {
    let mut tokens = Vec::new();
    let mut words = Vec::new();
    normalize::for_each_word(eq, &flat.text, |w, s, _| {
        tokens.push(vocab.id(w));
        words.push(s);
    });
    let mut flags = vec![0u32; tokens.len()];
    let mut variable = vec![false; tokens.len()];
    for &(start, end, slack) in &flat.vars {
        let first = words.partition_point(|&s| s < start);
        let last = words.partition_point(|&s| s < end);
        for v in &mut variable[first..last] {
            *v = true;
        }
        // The slack sits on the first word of the segment, or the word after an empty one.
        if let Some(f) = flags.get_mut(first) {
            *f += slack;
        }
    }
    let flags = flags
        .iter()
        .zip(&variable)
        .map(|(&slack, &var)| {
            let code = u8::try_from(slack.div_ceil(2).min(127)).unwrap_or(127);
            code | if var { 0x80 } else { 0 }
        })
        .collect();
    (tokens, flags)
}

struct LicenseMeta {
    id: String,
    name: String,
    deprecated: bool,
    exception: bool,
    obsoleted: bool,
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let data = Path::new(&manifest).join("data");
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=src/normalize.rs");

    let mut files = Vec::new();
    for dir in [data.join("spdx-xml"), data.join("spdx-xml/exceptions")] {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("data/spdx-xml is part of the crate")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        entries.sort();
        files.extend(entries);
    }

    let eq = normalize::Equivalences::load();
    let mut vocab = Vocab { ids: HashMap::new(), words: Vec::new() };
    let mut metas = Vec::new();
    let mut templates: Vec<Template> = Vec::new();
    let mut seen: HashMap<(u8, Vec<u16>, Vec<u8>), usize> = HashMap::new();
    for path in &files {
        let src = std::fs::read_to_string(path).expect("SPDX XML is UTF-8");
        let doc = parse_xml(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut roots = Vec::new();
        doc.find_all("license", &mut roots);
        doc.find_all("exception", &mut roots);
        for root in roots {
            let Some(id) = root.attr("licenseId") else { continue };
            let exception = root.name() == "exception";
            let deprecated =
                root.attr("deprecatedVersion").is_some() || root.attr("isDeprecated") == Some("true");
            let mut obs = Vec::new();
            root.find_all("obsoletedBy", &mut obs);
            let obsoleted = deprecated && !obs.is_empty();
            metas.push(LicenseMeta {
                id: id.to_string(),
                name: root.attr("name").unwrap_or(id).to_string(),
                deprecated,
                exception,
                obsoleted,
            });
            if obsoleted {
                // A non-deprecated equivalent exists: it is the match target.
                continue;
            }
            let mut texts = Vec::new();
            root.find_all("text", &mut texts);
            let mut headers = Vec::new();
            root.find_all("standardLicenseHeader", &mut headers);
            let kinds = texts
                .iter()
                .map(|t| (if exception { KIND_EXCEPTION } else { KIND_TEXT }, *t))
                .chain(headers.iter().map(|h| (KIND_HEADER, *h)));
            for (kind, node) in kinds {
                let mut flat = Flat::default();
                flatten(node, None, &mut flat);
                let (tokens, flags) = tokenize(&eq, &flat, &mut vocab);
                if tokens.iter().zip(&flags).filter(|(_, f)| **f & 0x80 == 0).count() < 4 {
                    continue;
                }
                let key = (kind, tokens, flags);
                match seen.get(&key) {
                    Some(&i) => templates[i].ids.push(id.to_string()),
                    None => {
                        seen.insert(key.clone(), templates.len());
                        let (kind, tokens, flags) = key;
                        templates.push(Template { ids: vec![id.to_string()], kind, tokens, flags });
                    }
                }
            }
        }
    }

    // Canonical id of a group: not deprecated, then `-only` over `-or-later`, then the shortest.
    let deprecated: HashMap<&str, bool> = metas.iter().map(|m| (m.id.as_str(), m.deprecated)).collect();
    for t in &mut templates {
        t.ids.sort_by_key(|id| {
            (
                deprecated.get(id.as_str()).copied().unwrap_or(false),
                id.ends_with("-or-later") || id.ends_with('+'),
                id.len(),
                id.clone(),
            )
        });
    }

    let out = Path::new(&out_dir);
    let mut tokens_bin = Vec::new();
    let mut flags_bin = Vec::new();
    let mut postings: BTreeMap<u32, Vec<u16>> = BTreeMap::new();
    let mut rs = String::from("&[\n");
    for (ti, t) in templates.iter().enumerate() {
        let start = tokens_bin.len() / 2;
        for tok in &t.tokens {
            tokens_bin.extend_from_slice(&tok.to_le_bytes());
        }
        flags_bin.extend_from_slice(&t.flags);
        let ti16 = u16::try_from(ti).expect("templates fit u16");
        // One gram in SAMPLE is enough to find a candidate and keeps the index four times
        // smaller; short templates keep every gram so they are still found.
        let sampled = t
            .tokens
            .windows(normalize::GRAM)
            .filter(|w| normalize::gram_hash(w).is_multiple_of(SAMPLE))
            .count();
        let keep_all = sampled < 12;
        let mut grams = 0u32;
        for w in t.tokens.windows(normalize::GRAM) {
            let hash = normalize::gram_hash(w);
            if !keep_all && !hash.is_multiple_of(SAMPLE) {
                continue;
            }
            let list = postings.entry(hash).or_default();
            if list.last() != Some(&ti16) {
                list.push(ti16);
                grams += 1;
            }
        }
        let required = t.flags.iter().filter(|f| **f & 0x80 == 0).count();
        writeln!(
            rs,
            "    TemplateMeta {{ ids: &{:?}, kind: {}, start: {start}, len: {}, required: {required}, grams: {grams} }},",
            t.ids,
            t.kind,
            t.tokens.len()
        )
        .expect("writing to a String");
    }
    rs.push_str("]\n");

    // Open addressing, linear probing, load factor <= 0.5. Each slot is a key (u32, 0 = empty)
    // beside its value (u32), so a probe touches one cache line: the value is the template
    // number itself, tagged with the top bit, when one template holds the gram (most grams), or
    // else an offset into the postings (a u16 count followed by that many u16 template numbers).
    let size = (postings.len() * 2).next_power_of_two();
    let mut slots = vec![(0u32, 0u32); size];
    let mut post_bin: Vec<u8> = Vec::new();
    for (hash, list) in &postings {
        let mut slot = (*hash as usize) & (size - 1);
        while slots[slot].0 != 0 {
            slot = (slot + 1) & (size - 1);
        }
        let value = if let [only] = list.as_slice() {
            SINGLE | u32::from(*only)
        } else {
            let offset = u32::try_from(post_bin.len() / 2).expect("postings fit u32");
            let n = u16::try_from(list.len()).expect("posting list fits u16");
            post_bin.extend_from_slice(&n.to_le_bytes());
            for t in list {
                post_bin.extend_from_slice(&t.to_le_bytes());
            }
            offset
        };
        slots[slot] = (*hash, value);
    }
    let mut index_bin = Vec::with_capacity(size * 8 + post_bin.len());
    for (key, value) in &slots {
        index_bin.extend_from_slice(&key.to_le_bytes());
        index_bin.extend_from_slice(&value.to_le_bytes());
    }
    index_bin.extend_from_slice(&post_bin);

    let mut names = String::from("&[\n");
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    metas.dedup_by(|a, b| a.id == b.id);
    for m in &metas {
        writeln!(
            names,
            "    LicenseName {{ id: {:?}, name: {:?}, deprecated: {}, exception: {}, obsoleted: {} }},",
            m.id, m.name, m.deprecated, m.exception, m.obsoleted
        )
        .expect("writing to a String");
    }
    names.push_str("]\n");

    let (rule_tokens, rules_rs) = compile_rules(&data, &eq, &mut vocab, &metas);

    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("writing {name}: {e}"));
    };
    write("vocab.txt", vocab.words.join("\n").as_bytes());
    write("tokens.bin", &tokens_bin);
    write("flags.bin", &flags_bin);
    write("index.bin", &index_bin);
    write("templates.rs", rs.as_bytes());
    write("names.rs", names.as_bytes());
    write("rule_tokens.bin", &rule_tokens);
    write("scancode_rules.rs", rules_rs.as_bytes());
    write(
        "consts.rs",
        format!("const INDEX_SLOTS: usize = {size};\nconst SAMPLE: u32 = {SAMPLE};\nconst SINGLE: u32 = {SINGLE};\n")
            .as_bytes(),
    );
}

/// One ScanCode rule as words.
struct Rule {
    kind: u8,
    /// The words state no version, the expression does.
    versionless: bool,
    expression: String,
    name: String,
    tokens: Vec<u16>,
    /// Positions of the words written with a `+` right after them (`GPLv2+`).
    plus: Vec<u16>,
}

/// Whether every id of `expression` is a licence (or, after WITH, an exception) of the list.
fn expression_known(expression: &str, metas: &[LicenseMeta]) -> bool {
    let mut after_with = false;
    let mut licences = 0;
    for tok in expression.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|t| !t.is_empty())
    {
        match tok {
            "AND" | "OR" => after_with = false,
            "WITH" => after_with = true,
            id => {
                let Some(m) = metas.iter().find(|m| m.id == id) else { return false };
                if m.exception != after_with {
                    return false;
                }
                licences += usize::from(!m.exception);
                after_with = false;
            }
        }
    }
    licences > 0
}

/// Kind preference when two rules of one licence have the same words.
fn kind_rank(kind: u8) -> u8 {
    match kind {
        b'n' => 0,
        b't' => 1,
        b'i' => 2,
        _ => 3,
    }
}

fn compile_rules(
    data: &Path,
    eq: &normalize::Equivalences,
    vocab: &mut Vocab,
    metas: &[LicenseMeta],
) -> (Vec<u8>, String) {
    let packed = std::fs::read(data.join("scancode/rules.tsv.zz"))
        .expect("data/scancode/rules.tsv.zz is part of the crate");
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).expect("rules.tsv.zz is zlib data");
    let text = String::from_utf8(raw).expect("rules are UTF-8");
    let mut by_words: HashMap<(Vec<u16>, Vec<u16>), Vec<Rule>> = HashMap::new();
    let mut order: Vec<(Vec<u16>, Vec<u16>)> = Vec::new();
    for line in text.lines() {
        let mut cols = line.splitn(5, '\t');
        let (Some(kind), Some(_relevance), Some(expression), Some(name), Some(body)) =
            (cols.next(), cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        if !expression_known(expression, metas) {
            continue;
        }
        // Required phrases are the whole rule here (it matches word for word): drop the marks.
        let plain = body.replace("{{", "  ").replace("}}", "  ");
        let mut tokens = Vec::new();
        let mut plus = Vec::new();
        normalize::for_each_word(eq, &plain, |w, _, end| {
            if plain[end..].starts_with('+') && tokens.len() < usize::from(u16::MAX) {
                plus.push(u16::try_from(tokens.len()).unwrap_or(u16::MAX));
            }
            tokens.push(vocab.id(w));
        });
        if tokens.len() < 3 {
            continue;
        }
        let words: Vec<&str> =
            plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let mut kind = kind.bytes().next().unwrap_or(b'r');
        // A bare "BSD license" names no variant: ScanCode reads it as BSD-3-Clause, a guess an
        // analyst must not take for the text's word.
        let bsd_variant =
            ["clause", "new", "revised", "simplified", "modified", "redistribution", "2", "3", "4"];
        if expression.starts_with("BSD-")
            && !bsd_variant.iter().any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
        {
            kind = b'r';
        }
        // A tag that is ids alone ("MIT / Apache-2.0") reads the same in prose about licences:
        // evidence, not a finding. "License: MIT" and classifiers name what they are.
        if kind == b't' && !words.iter().any(|w| w.to_ascii_lowercase().starts_with("licen")) {
            kind = b'r';
        }
        // No version in the words but one in the licence (ScanCode's `gpl` is GPL-1.0-or-later):
        // the file's own version, if it states one next to the rule, decides (see rules.rs).
        let versionless =
            !plain.bytes().any(|b| b.is_ascii_digit()) && expression.bytes().any(|b| b.is_ascii_digit());
        let key = (tokens.clone(), plus.clone());
        let group = by_words.entry(key.clone()).or_default();
        if group.is_empty() {
            order.push(key);
        }
        group.push(Rule {
            kind,
            versionless,
            expression: expression.to_string(),
            name: name.to_string(),
            tokens,
            plus,
        });
    }
    let mut bin = Vec::new();
    let mut rs = String::from("&[\n");
    let mut start = 0usize;
    for key in &order {
        let Some(group) = by_words.get_mut(key) else { continue };
        if group.iter().any(|r| r.expression != group[0].expression) {
            continue;
        }
        group.sort_by_key(|r| (kind_rank(r.kind), r.name.clone()));
        let r = &group[0];
        for t in &r.tokens {
            bin.extend_from_slice(&t.to_le_bytes());
        }
        writeln!(
            rs,
            "    RuleMeta {{ kind: {}, versionless: {}, expression: {:?}, name: {:?}, start: {start}, len: {}, plus: &{:?} }},",
            r.kind, r.versionless, r.expression, r.name, r.tokens.len(), r.plus
        )
        .expect("writing to a String");
        start += r.tokens.len();
    }
    rs.push_str("]\n");
    (bin, rs)
}
