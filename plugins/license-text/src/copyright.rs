//! Copyright statements: `Copyright (c) 2019-2024 Jane Doe <jane@example.com>`, `© 2020 Acme
//! Inc.`, `SPDX-FileCopyrightText: 2021 Foo`, with holders and years. A statement starts its
//! line (after any comment marker); "copyright" inside prose or code ("the above copyright
//! notice", `copyright_holder = ...`) is not one, nor are template placeholders (`<year>`).

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Copyright, DetectOutput, LineRange};

/// Words that, right after "Copyright", show the word is used in prose.
const PROSE_AFTER: &[&str] = &[
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

/// Parses one line into a copyright statement.
pub fn parse_line(line: &str) -> Option<Copyright> {
    // Most lines of a window hold no marker at all: reject them without allocating.
    let b = line.as_bytes();
    let marker = b.windows(8).any(|w| w.eq_ignore_ascii_case(b"opyright"))
        || b.windows(3).any(|w| w.eq_ignore_ascii_case(b"(c)"))
        || line.contains('©');
    if !marker {
        return None;
    }
    let body = strip_prefix(line);
    let rest = after_marker(body)?;
    let lower = rest.to_ascii_lowercase();
    if PLACEHOLDERS.iter().any(|p| lower.contains(p)) {
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
    let mut holder = match years_at {
        Some((a, b)) => format!("{} {}", &rest[..a], &rest[b..]),
        None => rest.to_string(),
    };
    // Drop "All rights reserved", emails and URLs; keep the name.
    if let Some(i) = holder.to_ascii_lowercase().find("all rights reserved") {
        holder.truncate(i);
    }
    let mut cleaned = String::new();
    for word in holder.split_whitespace() {
        let w = word.trim_matches(|c: char| matches!(c, ',' | ';'));
        if (w.starts_with('<') && w.contains('@'))
            || w.contains("://")
            || w.contains('@') && !w.starts_with('@')
        {
            continue;
        }
        if cleaned.is_empty() && matches!(w.to_ascii_lowercase().as_str(), "by" | "(c)" | "©" | "c") {
            continue;
        }
        if !cleaned.is_empty() {
            cleaned.push(' ');
        }
        cleaned.push_str(word);
    }
    let holder = cleaned
        .trim()
        .trim_end_matches(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '<' | '>' | '(' | ')') || c.is_whitespace()
        })
        .trim_start_matches(|c: char| matches!(c, ',' | '.' | ':' | '-') || c.is_whitespace())
        .to_string();
    let years_text = years_at.map(|(a, b)| rest[a..b].trim().to_string());
    let symbol_only = !body.to_ascii_lowercase().contains("copyright") && !body.contains('©');
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
    Some(Copyright {
        path: String::new(),
        lines: None,
        statement,
        holders: if holder.is_empty() { Vec::new() } else { vec![holder] },
        years: years_text,
    })
}

/// Copyright statements of the lines in `regions` (the gate's windows hold every candidate).
pub fn detect(path: &str, text: &str, regions: &[(usize, usize)], lines: &LineIndex, out: &mut DetectOutput) {
    for &(a, b) in regions {
        let Some(part) = text.get(a..b) else { continue };
        let mut offset = a;
        for line in part.split_inclusive('\n') {
            if let Some(mut c) = parse_line(line) {
                let n = lines.line_of(offset);
                c.path = path.to_string();
                c.lines = Some(LineRange::line(n));
                out.copyrights.push(c);
            }
            offset += line.len();
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
