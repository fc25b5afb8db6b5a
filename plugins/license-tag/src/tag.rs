//! Finds one `SPDX-…:` tag in one line of text, whatever the comment style, and cuts its value
//! out of the comment or string literal around it.
//!
//! A tag counts only when everything before it on the line is comment punctuation (`//`, `#`,
//! `/*`, ` * `, `--`, `;`, `<!--`, `{#`, `%`, `'`, a quote, ...) or a comment keyword (`rem`,
//! `dnl`). That keeps prose ("add an SPDX-License-Identifier: line") and code that *handles* tags
//! (`line.starts_with("SPDX-License-Identifier:")`) out, while REUSE `.license` sidecar files,
//! which hold bare tags, still count.

/// The licence tag.
pub const LICENSE_TAG: &str = "SPDX-License-Identifier";
/// The copyright tag.
pub const COPYRIGHT_TAG: &str = "SPDX-FileCopyrightText";

/// Characters that may precede a tag on its line: comment leaders of the common languages, quotes
/// that open a string literal, Markdown list/quote/emphasis marks, and diff `+`/`-`.
const PREFIX_CHARS: &[char] = &[
    '/', '*', '#', '-', ';', '%', '!', '<', '{', '(', '[', '"', '\'', '`', ',', '.', ':', '@', '>', '+', '|',
    '=',
];

/// Line-comment keywords (batch files, m4) that may precede a tag.
const PREFIX_KEYWORDS: &[&str] = &["@rem", "rem", "dnl"];

/// Where a block comment, template comment or string ends; the value stops at the first one.
const CLOSERS: &[&str] = &["*/", "-->", "#}", "-}", "*)", "]]", "%>", "\\n"];

/// Left over after the value when a tag sits in a literal or a list (`"…",`, `'…';`).
const TRAILING: &[char] = &['"', '\'', '`', ',', ';'];

/// The value of `tag` on `line`, trimmed of comment closers and string delimiters, or `None` when
/// the line holds no real tag. The value may be empty (`// SPDX-License-Identifier:`).
pub fn tag_value<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = find_ignore_ascii_case(line, tag, from) {
        from = at + tag.len();
        let prefix = &line[..at];
        if !is_comment_prefix(prefix) {
            continue;
        }
        let Some(value) = line[from..].trim_start_matches([' ', '\t']).strip_prefix(':') else {
            // `SPDX-License-Identifiers`, `SPDX-License-Identifier-Foo`: a longer word.
            continue;
        };
        return Some(clean_value(value, prefix));
    }
    None
}

fn clean_value<'a>(value: &'a str, prefix: &str) -> &'a str {
    let mut value = value;
    if let Some(end) = CLOSERS.iter().filter_map(|c| value.find(c)).min() {
        value = &value[..end];
    }
    // In a string literal the value ends where the literal does.
    if let Some(quote) = prefix.chars().rev().find(|c| matches!(c, '"' | '\'' | '`'))
        && let Some(end) = value.find(quote)
    {
        value = &value[..end];
    }
    value.trim().trim_end_matches(TRAILING).trim()
}

fn is_comment_prefix(prefix: &str) -> bool {
    let mut rest = prefix.trim();
    for keyword in PREFIX_KEYWORDS {
        if let Some(head) = rest.get(..keyword.len()) {
            let after = &rest[keyword.len()..];
            if head.eq_ignore_ascii_case(keyword)
                && (after.is_empty() || after.starts_with(char::is_whitespace))
            {
                rest = after;
                break;
            }
        }
    }
    rest.chars().all(|c| c.is_whitespace() || PREFIX_CHARS.contains(&c))
}

/// Byte offset of the first ASCII-case-insensitive match of `needle` in `hay` at or after `from`.
/// Offsets land on char boundaries because `needle` is ASCII.
fn find_ignore_ascii_case(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = needle.first()?.to_ascii_lowercase();
    (from..(hay.len() + 1).checked_sub(needle.len())?)
        .filter(|&i| hay[i].to_ascii_lowercase() == first)
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<&str> {
        tag_value(line, LICENSE_TAG)
    }

    #[test]
    fn reads_every_comment_style() {
        let lines = [
            "// SPDX-License-Identifier: MIT",
            "//! SPDX-License-Identifier: MIT",
            "# SPDX-License-Identifier: MIT",
            "/* SPDX-License-Identifier: MIT */",
            " * SPDX-License-Identifier: MIT",
            "-- SPDX-License-Identifier: MIT",
            ";; SPDX-License-Identifier: MIT",
            "<!-- SPDX-License-Identifier: MIT -->",
            "{# SPDX-License-Identifier: MIT #}",
            "{- SPDX-License-Identifier: MIT -}",
            "(* SPDX-License-Identifier: MIT *)",
            "% SPDX-License-Identifier: MIT",
            "rem SPDX-License-Identifier: MIT",
            "@REM SPDX-License-Identifier: MIT",
            ":: SPDX-License-Identifier: MIT",
            "dnl SPDX-License-Identifier: MIT",
            "' SPDX-License-Identifier: MIT",
            ".. SPDX-License-Identifier: MIT",
            "SPDX-License-Identifier: MIT",
            "\t# SPDX-License-Identifier:MIT",
            "    \"SPDX-License-Identifier: MIT\",",
            "'SPDX-License-Identifier: MIT';",
            "\"\"\"SPDX-License-Identifier: MIT\"\"\"",
            "+// SPDX-License-Identifier: MIT",
        ];
        for line in lines {
            assert_eq!(value(line), Some("MIT"), "{line:?}");
        }
    }

    #[test]
    fn keeps_the_whole_expression() {
        assert_eq!(
            value("/* SPDX-License-Identifier: (MIT OR Apache-2.0) AND GPL-2.0+ */ int x;"),
            Some("(MIT OR Apache-2.0) AND GPL-2.0+")
        );
    }

    #[test]
    fn ignores_prose_and_code_that_handles_tags() {
        let lines = [
            "Add an SPDX-License-Identifier: line to every file.",
            "if line.starts_with(\"SPDX-License-Identifier: \") {",
            "const TAG = 'SPDX-License-Identifier: MIT';",
            "remark SPDX-License-Identifier: MIT",
            "# MY_SPDX-License-Identifier: MIT",
            "# SPDX-License-Identifiers: MIT",
            "# SPDX-License-Identifier-Note: MIT",
            "# SPDX-License-Identifier MIT",
        ];
        for line in lines {
            assert_eq!(value(line), None, "{line:?}");
        }
    }

    #[test]
    fn empty_value_is_still_a_tag() {
        assert_eq!(value("// SPDX-License-Identifier:"), Some(""));
    }

    #[test]
    fn matches_the_tag_word_in_any_case() {
        assert_eq!(value("# spdx-license-identifier: MIT"), Some("MIT"));
    }

    #[test]
    fn survives_multibyte_text() {
        assert_eq!(value("// © SPDX-License-Identifier: MIT"), None);
        assert_eq!(tag_value("# SPDX-FileCopyrightText: © 2020 Jörg", COPYRIGHT_TAG), Some("© 2020 Jörg"));
    }
}
