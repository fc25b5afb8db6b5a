//! Copyright statements: `Copyright (c) 2019-2024 Jane Doe <jane@example.com>`, `© 2020 Acme
//! Inc.`, `SPDX-FileCopyrightText: 2021 Foo`, with holders and years. A statement starts its
//! line (after any comment marker); "copyright" inside prose or code ("the above copyright
//! notice", `copyright_holder = ...`) is not one, nor are template placeholders (`<year>`).
//! A statement continues on the lines after it, in the same comment, that finish it (after a
//! trailing comma or "and", or years still waiting for a holder) or are indented under it, and
//! on an "All rights reserved." line; licence prose after it is not part of it.

use ospo_plugin_sdk::keywords::Keywords;
use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Copyright, DetectOutput, LineRange};
use std::sync::OnceLock;

/// Words that, right after "Copyright", show the word is used in prose.
const PROSE_AFTER: &[&str] = &[
    // MS-PL's "(A) Copyright Grant- Subject to the terms of this license".
    "grant",
    "notice",
    "notices",
    "holder",
    "holders",
    "owner",
    "owners",
    "law",
    "laws",
    "and",
    "or",
    "to",
    "of",
    "is",
    "are",
    "statement",
    "statements",
    "protection",
    "information",
    "infringement",
    "license",
    "licence",
    "act",
    "claim",
    "claims",
    "for",
    "in",
    "on",
    "under",
    "as",
    "may",
    "shall",
    "will",
    "file",
    "files",
    "header",
    "headers",
    "year",
    "years",
    "text",
    "line",
    "lines",
    "interest",
    "assignment",
    "policy",
    "this",
    "that",
    "which",
    "date",
    "string",
];

/// Placeholders of licence templates: a statement with one is not real.
const PLACEHOLDERS: &[&str] = &[
    "<year>",
    "yyyy",
    "<name",
    "[name",
    "{name",
    "name of author",
    "<owner>",
    "<copyright",
    "[year]",
    "{year}",
    "[fullname]",
    "[yyyy]",
    "<author",
    "copyright holders>",
];

/// Comment markers and whitespace a statement line may start with.
fn strip_prefix(line: &str) -> &str {
    let mut s = line.trim_start();
    loop {
        let before = s.len();
        for p in ["dnl ", "rem ", "REM ", "<!--", "{-", "(*", "\"\"\"", "'''"] {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest;
            }
        }
        s = s.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '/' | '*' | '#' | ';' | '-' | '\'' | '!' | '%' | '"' | '|')
        });
        if s.len() == before {
            return s;
        }
    }
}

/// The body after a leading copyright marker, or `None` when the line has none.
fn after_marker(s: &str) -> Option<&str> {
    let lower = s.to_ascii_lowercase();
    let mut rest = None;
    for (marker, _) in
        [("spdx-filecopyrighttext:", 0), ("portions copyright", 0), ("copyright", 0), ("©", 0), ("(c)", 0)]
    {
        if lower.starts_with(marker) {
            let r = &s[marker.len()..];
            // A whole word: `copyright_holder` and `copyrighted` are code or prose.
            if r.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            rest = Some(r);
            break;
        }
    }
    let mut rest = rest?;
    // `Copyright (c)`, `Copyright ©`, `Copyright:`.
    loop {
        let t = rest.trim_start();
        let t = t.strip_prefix(':').unwrap_or(t).trim_start();
        let lower = t.to_ascii_lowercase();
        let next = if lower.starts_with("(c)") {
            &t[3..]
        } else if let Some(x) = t.strip_prefix('©') {
            x
        } else {
            return Some(t);
        };
        rest = next;
    }
}

/// Finds the years cluster (`2019-2024`, `2015, 2016`) in `s`: its byte range.
fn years(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let is_year = |i: usize| {
        b.get(i..i + 4).is_some_and(|w| {
            w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20"))
        }) && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && !(i > 0 && b[i - 1].is_ascii_digit())
    };
    let first = (0..b.len()).find(|&i| is_year(i))?;
    let mut end = first + 4;
    let mut i = end;
    loop {
        // Separators between years: spaces, commas, dashes (ASCII and en dash).
        let mut k = i;
        while k < b.len() {
            if matches!(b[k], b' ' | b',' | b'-' | b'/') {
                k += 1;
            } else if b[k..].starts_with("–".as_bytes()) {
                k += "–".len();
            } else {
                break;
            }
        }
        if k < b.len() && is_year(k) {
            end = k + 4;
            i = end;
        } else if b.get(k..k + 7) == Some(b"present") {
            end = k + 7;
            i = end;
        } else {
            return Some((first, end));
        }
    }
}

/// Words ending in a full stop that do not end a holder's name.
const HOLDER_ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "corp", "co", "llc", "gmbh", "bros", "jr", "sr", "dr", "mr", "mrs", "ms", "st", "av",
    "ave", "dept", "univ", "assn", "intl", "plc", "pty", "srl", "spa", "kft", "oy", "ab", "as", "bv", "nv",
    "sa", "ag",
];

/// A holder as written, without "All rights reserved", emails, URLs, a leading "by" or symbol,
/// a joining "and" at either end, surrounding punctuation and a sentence after it.
fn clean_holder(raw: &str) -> String {
    let mut holder = raw.to_string();
    if let Some(i) = rights_reserved(&holder) {
        holder.truncate(i);
    }
    let mut words: Vec<&str> = Vec::new();
    for word in holder.split_whitespace() {
        let w = word.trim_matches(|c: char| matches!(c, ',' | ';'));
        if (w.starts_with('<') && w.contains('@'))
            || w.contains("://")
            || w.contains('@') && !w.starts_with('@')
        {
            continue;
        }
        if words.is_empty()
            && matches!(w.to_ascii_lowercase().as_str(), "by" | "(c)" | "©" | "c" | "and" | "&")
        {
            continue;
        }
        words.push(word);
        // "Ana Ruiz. See LICENSE for details.": a full stop after a word that is no initial
        // or abbreviation ends the holder's sentence.
        let stem = word.trim_end_matches('.');
        if word.ends_with('.')
            && stem.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !stem.contains('.')
            && !HOLDER_ABBREVIATIONS.contains(&stem.to_ascii_lowercase().as_str())
        {
            break;
        }
    }
    // "Google LLC and" on a line continued by "the Chromium Authors": the "and" joins holders.
    while words.last().is_some_and(|w| matches!(w.trim_end_matches(','), "and" | "&")) {
        words.pop();
    }
    words
        .join(" ")
        .trim_end_matches(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '<' | '>' | '(' | ')') || c.is_whitespace()
        })
        .trim_start_matches(|c: char| matches!(c, ',' | '.' | ':' | '-') || c.is_whitespace())
        .to_string()
}

/// What every statement holds: "copyright" (any case), "(c)" or "©".
fn markers() -> &'static Keywords {
    static MARKERS: OnceLock<Keywords> = OnceLock::new();
    MARKERS.get_or_init(|| Keywords::new(["opyright", "(c)", "\u{a9}"]))
}

/// The word lists searched on every statement line, compiled once: a `str::contains` per word
/// built a searcher per word and line (a tenth of the Linux kernel's scan).
fn placeholders() -> &'static Keywords {
    static WORDS: OnceLock<Keywords> = OnceLock::new();
    WORDS.get_or_init(|| Keywords::new(PLACEHOLDERS))
}

fn continuation_prose() -> &'static Keywords {
    static WORDS: OnceLock<Keywords> = OnceLock::new();
    WORDS.get_or_init(|| Keywords::new(CONTINUATION_PROSE))
}

/// Where "All rights reserved" starts in `text`, in any case.
fn rights_reserved(text: &str) -> Option<usize> {
    static WORDS: OnceLock<Keywords> = OnceLock::new();
    WORDS.get_or_init(|| Keywords::new(["all rights reserved"])).find_at(text.as_bytes(), 0).map(|h| h.start)
}

/// Whether `text` holds the word "copyright" in any case.
fn says_copyright(text: &str) -> bool {
    static WORDS: OnceLock<Keywords> = OnceLock::new();
    WORDS.get_or_init(|| Keywords::new(["copyright"])).is_match(text.as_bytes())
}

/// Parses one line into a copyright statement.
pub fn parse_line(line: &str) -> Option<Copyright> {
    // Most lines of a window hold no marker at all: reject them without allocating.
    if !markers().is_match(line.as_bytes()) {
        return None;
    }
    let body = strip_prefix(line);
    let rest = after_marker(body)?;
    // "notice of copyright, i.e., "Copyright (c) 2001 ..."": a marker followed by punctuation
    // ends a clause of prose; a statement goes on with a year, a name or "(c)".
    if rest.starts_with([',', ';', '.']) {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    if placeholders().is_match(rest.as_bytes()) {
        return None;
    }
    let first_word: String = lower.chars().take_while(|c| c.is_alphanumeric()).collect();
    if PROSE_AFTER.contains(&first_word.as_str()) {
        return None;
    }
    // Code, not a statement: assignments and calls.
    if rest.contains(" = ") || rest.contains("==") || rest.trim_end().ends_with(';') || rest.contains("()") {
        return None;
    }
    let statement_end = rest.find("*/").or_else(|| rest.find("-->")).unwrap_or(rest.len());
    let rest = rest[..statement_end].trim_end();
    let years_at = years(rest);
    let holder = clean_holder(&match years_at {
        Some((a, b)) => format!("{} {}", &rest[..a], &rest[b..]),
        None => rest.to_string(),
    });
    let years_text = years_at.map(|(a, b)| rest[a..b].trim().to_string());
    let symbol_only = !says_copyright(body) && !body.contains('©');
    if years_text.is_none() && symbol_only {
        // "(c)" alone is also list numbering ("(c) You must retain ..."): it needs a year.
        return None;
    }
    if years_text.is_none() {
        // Without a year, only a name-like holder makes it a statement.
        if !holder.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            return None;
        }
        if holder.split_whitespace().count() > 12 {
            return None;
        }
    }
    if holder.is_empty() && years_text.is_none() {
        return None;
    }
    let statement_start = body.len() - body.trim_start().len();
    let statement = body[statement_start..]
        .split("*/")
        .next()
        .unwrap_or("")
        .split("-->")
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    // The path and lines are set by the caller, which knows where the statement is.
    let mut copyright = Copyright::new("", &statement);
    if !holder.is_empty() {
        copyright = copyright.holders([holder]);
    }
    if let Some(years) = &years_text {
        copyright = copyright.years(years);
    }
    Some(copyright)
}

/// Lines at most that continue one statement: names and years, never a paragraph.
const MAX_CONTINUATION: usize = 4;

/// Words on a continuation line that make it licence prose or a file description, not a holder.
const CONTINUATION_PROSE: &[&str] = &[
    "licen",
    "permission",
    "warrant",
    "redistribut",
    "distribut",
    "granted",
    "hereby",
    "spdx",
    "liabil",
    "liable",
    "merchantab",
    "provided",
    "this program",
    "this file",
    "this library",
    "this software",
    "this source",
    "this project",
    "is free software",
    "you can",
    "you may",
    "use of",
    "terms of",
    "see ",
];

/// First words of a holder that finish the one before: "Inc." on the line after "Free Software
/// Foundation,".
const COMPANY_SUFFIXES: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "ag",
    "plc",
    "limited",
    "pty",
    "s.a",
    "b.v",
    "e.v",
];

/// Lowercase words a continued holder may start with.
const LOWERCASE_STARTS: &[&str] = &["and", "the", "its", "contributors", "others", "other", "individual"];

/// The comment marker a line starts with (`//`, `*`, `#`, `/*`; empty for plain text).
fn comment_marker(line: &str) -> String {
    let content = strip_prefix(line);
    line[..line.len() - content.len()].chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a line with marker `next` continues a comment whose statement line had `first`: the
/// same marker, or the inside of a block comment opened on the statement's line.
fn same_comment(first: &str, next: &str) -> bool {
    let block = ["/*", "<!--", "{-", "(*", "\"\"\"", "'''"].iter().any(|o| first.starts_with(o));
    first == next || (block && (next.is_empty() || next.chars().all(|c| c == '*')))
}

/// Whether a line ends in a separator of holders: a comma, "and" or "&".
fn separates(content: &str) -> bool {
    let t = content.trim_end();
    t.ends_with(',') || t.ends_with(" and") || t.ends_with(" &")
}

/// Whether a statement line leaves its holder to the next line: a separator, an article ("...
/// Centrum Amsterdam, The" then "Netherlands"), or years without a holder yet.
fn open_ended(content: &str, holders_yet: bool) -> bool {
    let last = content.trim_end().rsplit(char::is_whitespace).next().unwrap_or("").to_ascii_lowercase();
    !holders_yet || separates(content) || matches!(last.as_str(), "the" | "of" | "for")
}

/// Whether a continuation line reads like holders (and years): short, no licence prose, no
/// address or code.
fn holder_like(content: &str) -> bool {
    let lower = content.to_ascii_lowercase();
    if continuation_prose().is_match(content.as_bytes()) || content.split_whitespace().count() > 10 {
        return false;
    }
    let t = content.trim_end();
    if t.ends_with([':', ';', '{', '}', '(']) || t.contains(" = ") || t.contains("()") {
        return false;
    }
    let first_word = lower.split_whitespace().next().unwrap_or("");
    // A field ("Author: ...", "Date: ...") starts the file's description.
    if first_word.ends_with(':') {
        return false;
    }
    match content.chars().next() {
        // A street number ("51 Franklin Street, Fifth Floor") is an address, a year is not.
        Some(c) if c.is_ascii_digit() => years(content).is_some_and(|(a, _)| a == 0),
        Some(c) if c.is_uppercase() => true,
        Some('<' | '&') => true,
        _ => LOWERCASE_STARTS.contains(&first_word),
    }
}

/// Extends statement `c`, read from line `first`, over the lines of `rest` that continue it:
/// indented under it or finishing an open end, in the same comment. "All rights reserved."
/// belongs to the statement and ends it; a blank line, a new statement or licence prose ends it
/// before. Returns the lines and bytes taken.
fn continue_statement(c: &mut Copyright, first: &str, rest: &str) -> (u32, usize) {
    let body = strip_prefix(first);
    if body.contains("*/") || body.contains("-->") || rights_reserved(body).is_some() {
        return (0, 0);
    }
    let marker = comment_marker(first);
    let column = first.len() - body.len();
    let mut last = body.to_string();
    let (mut taken, mut bytes) = (0u32, 0usize);
    for line in rest.split_inclusive('\n').take(MAX_CONTINUATION) {
        let content = strip_prefix(line);
        let closes = content.contains("*/") || content.contains("-->");
        let content = content.split("*/").next().unwrap_or("").split("-->").next().unwrap_or("").trim();
        if content.is_empty() || !same_comment(&marker, &comment_marker(line)) {
            break;
        }
        if parse_line(line).is_some() || after_marker(content).is_some() {
            break;
        }
        let (names, rights) = match rights_reserved(content) {
            Some(i) => (content[..i].trim(), true),
            None => (content, false),
        };
        let has_names = !names.trim_matches(|c: char| c.is_ascii_punctuation()).is_empty();
        // A rule of `=` or `~` under the statement is decoration.
        if !has_names && !rights {
            break;
        }
        if has_names {
            let indented = line.len() - strip_prefix(line).len() > column;
            let joins = names.starts_with("and ") || names.starts_with("& ");
            if !(open_ended(&last, !c.holders.is_empty()) || indented || joins) || !holder_like(names) {
                break;
            }
            add_holders(c, names, joins || separates(&last));
        }
        c.statement.push(' ');
        c.statement.push_str(content);
        taken += 1;
        bytes += line.len();
        if rights || closes {
            break;
        }
        last = content.to_string();
    }
    (taken, bytes)
}

/// Adds the holders and years of continuation line `names` to `c`: a new holder after a comma
/// or "and" (or with years of its own), else the rest of the last one ("Inc.").
fn add_holders(c: &mut Copyright, names: &str, separated: bool) {
    let years_at = years(names);
    let holder = clean_holder(&match years_at {
        Some((a, b)) => format!("{} {}", &names[..a], &names[b..]),
        None => names.to_string(),
    });
    if let Some((a, b)) = years_at {
        let more = names[a..b].trim();
        c.years = Some(match c.years.take() {
            Some(y) => format!("{y}, {more}"),
            None => more.to_string(),
        });
    }
    if holder.is_empty() {
        return;
    }
    let first_word = holder.split_whitespace().next().unwrap_or("").trim_end_matches(['.', ',']);
    let suffix = COMPANY_SUFFIXES.contains(&first_word.to_ascii_lowercase().as_str());
    match c.holders.last_mut() {
        Some(last) if suffix || !(separated || years_at.is_some()) => {
            last.push_str(if suffix { ", " } else { " " });
            last.push_str(&holder);
        }
        _ => c.holders.push(holder),
    }
}

/// Copyright statements of the lines in `regions` (the gate's windows hold every candidate), each
/// with the lines that continue it.
pub fn detect(path: &str, text: &str, regions: &[(usize, usize)], lines: &LineIndex, out: &mut DetectOutput) {
    // Only lines holding a marker can hold a statement ([`parse_line`] checks again): found with
    // the SDK's vectorised search instead of three passes over every line of every region.
    let markers = markers();
    // Continuation lines already taken by a statement (they may run past a region's end).
    let mut taken_to = 0;
    for &(a, b) in regions {
        let Some(part) = text.get(a..b) else { continue };
        let bytes = part.as_bytes();
        let mut from = 0;
        while let Some(hit) = markers.find_at(bytes, from) {
            let line_start = memchr::memrchr(b'\n', &bytes[..hit.start]).map_or(0, |p| p + 1);
            let line_end =
                memchr::memchr(b'\n', &bytes[hit.start..]).map_or(bytes.len(), |p| hit.start + p + 1);
            from = line_end;
            let at = a + line_start;
            if at < taken_to {
                continue;
            }
            let Some(line) = part.get(line_start..line_end) else { continue };
            if let Some(mut c) = parse_line(line) {
                let offset = a + line_end;
                let (more, bytes) = continue_statement(&mut c, line, text.get(offset..).unwrap_or(""));
                taken_to = offset + bytes;
                let n = lines.line_of(at);
                c.path = path.to_string();
                c.lines = Some(LineRange::new(n, n + more));
                out.copyrights.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Option<(String, Vec<String>, Option<String>)> {
        parse_line(line).map(|c| (c.statement, c.holders, c.years))
    }

    #[test]
    fn statements_with_holders_and_years() {
        assert_eq!(
            parsed("// Copyright (c) 2019-2024 Jane Doe <jane@example.com>"),
            Some((
                "Copyright (c) 2019-2024 Jane Doe <jane@example.com>".into(),
                vec!["Jane Doe".into()],
                Some("2019-2024".into())
            ))
        );
        assert_eq!(
            parsed("© 2020 Acme Inc."),
            Some(("© 2020 Acme Inc.".into(), vec!["Acme Inc".into()], Some("2020".into())))
        );
        assert_eq!(
            parsed(" * Copyright 2015, 2016 The Foo Authors. All rights reserved."),
            Some((
                "Copyright 2015, 2016 The Foo Authors. All rights reserved.".into(),
                vec!["The Foo Authors".into()],
                Some("2015, 2016".into())
            ))
        );
        assert_eq!(
            parsed("# Copyright The Go Authors"),
            Some(("Copyright The Go Authors".into(), vec!["The Go Authors".into()], None))
        );
        assert_eq!(
            parsed("SPDX-FileCopyrightText: 2021 Free Software Foundation Europe e.V."),
            Some((
                "SPDX-FileCopyrightText: 2021 Free Software Foundation Europe e.V.".into(),
                vec!["Free Software Foundation Europe e.V".into()],
                Some("2021".into())
            ))
        );
    }

    /// (statement, holders, years, lines) of a statement.
    type Statement = (String, Vec<String>, Option<String>, (u32, u32));

    /// The statements of `text` read as one region.
    fn statements(text: &str) -> Vec<Statement> {
        let mut out = DetectOutput::default();
        let lines = LineIndex::new(text.as_bytes());
        detect("f", text, &[(0, text.len())], &lines, &mut out);
        out.copyrights
            .into_iter()
            .map(|c| {
                let l = c.lines.map_or((0, 0), |l| (l.start, l.end));
                (c.statement, c.holders, c.years, l)
            })
            .collect()
    }

    #[test]
    fn continuation_lines_add_holders_and_years() {
        // Aligned holders with years of their own.
        assert_eq!(
            statements("Copyright (c) 2004-2006 Lena Park\n              2007-2010 Omar Haddad\n\nText.\n"),
            [(
                "Copyright (c) 2004-2006 Lena Park 2007-2010 Omar Haddad".into(),
                vec!["Lena Park".into(), "Omar Haddad".into()],
                Some("2004-2006, 2007-2010".into()),
                (1, 2)
            )]
        );
        // A name broken after an article is one holder.
        assert_eq!(
            statements(
                "Copyright (c) 1991 - 1995, Stichting Mathematisch Centrum Amsterdam, The\n\
                 Netherlands. All rights reserved.\n"
            ),
            [(
                "Copyright (c) 1991 - 1995, Stichting Mathematisch Centrum Amsterdam, The Netherlands. All \
                 rights reserved."
                    .into(),
                vec!["Stichting Mathematisch Centrum Amsterdam, The Netherlands".into()],
                Some("1991 - 1995".into()),
                (1, 2)
            )]
        );
        // The comment closes on the continuation line.
        assert_eq!(
            statements("/* Copyright 2019 Acme Corp. and\n   Initech LLC */\nint x;\n"),
            [(
                "Copyright 2019 Acme Corp. and Initech LLC".into(),
                vec!["Acme Corp".into(), "Initech LLC".into()],
                Some("2019".into()),
                (1, 2)
            )]
        );
    }

    #[test]
    fn fields_code_and_other_comments_do_not_continue_a_statement() {
        // Years waiting for a holder do not take a field.
        assert_eq!(statements("# Copyright 2020,\n# Author: Lena Park\n")[0].3, (1, 1));
        // Another comment style is another comment.
        assert_eq!(statements("// Copyright 2020 Lena Park,\n# Omar Haddad\n")[0].3, (1, 1));
        // Same indentation and no open end: the next line is something else.
        assert_eq!(statements("Copyright 2020 Lena Park\nWidget Toolkit\n")[0].3, (1, 1));
        // A rule under the statement.
        assert_eq!(statements(" * Copyright 2020 Lena Park,\n * ========================\n")[0].3, (1, 1));
        // Code under a statement.
        assert_eq!(statements("// Copyright 2020 Lena Park,\n// let x = y;\n")[0].3, (1, 1));
    }

    #[test]
    fn prose_code_and_placeholders_are_not_statements() {
        assert_eq!(parsed("The above copyright notice and this permission notice shall be"), None);
        assert_eq!(parsed("copyright_holder = args.holder"), None);
        assert_eq!(parsed("    copyright = \"2020 Foo\";"), None);
        assert_eq!(parsed("Copyright (C) <year>  <name of author>"), None);
        assert_eq!(parsed("copyright notice, this list of conditions and the following"), None);
        assert_eq!(parsed("Copyright holders may not be liable"), None);
        assert_eq!(parsed("(c) You must retain, in the Source form of any Derivative Works"), None);
    }
}
