//! Text from plugins and from the scanned tree, made safe for a terminal or a log line.
//!
//! Plugin strings and file names are untrusted: an ESC sequence can clear the screen, rewrite
//! what was printed before it or plant an OSC 8 link, a CR can overwrite a line, and a bidi
//! override can make a path read differently than it is (CVE-2021-42574). Every such character
//! is written visibly (`\x1b`, `\r`, `\u{202e}`) instead. Backslashes are left alone: this is
//! for reading, not a format to parse back. JSON needs none of this (serde writes `\u001b`).

use std::fmt::{self, Write as _};

/// `text` for one line of output: a newline is escaped too, so a message stays on its line.
pub fn line(text: &str) -> Escaped<'_> {
    Escaped { text, keep_newlines: false }
}

/// `text` for a block that may span lines (an error report): newlines are kept, every other
/// control character is escaped.
pub fn block(text: &str) -> Escaped<'_> {
    Escaped { text, keep_newlines: true }
}

/// Writes its text with unsafe characters escaped; see [`line`] and [`block`].
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a> {
    text: &'a str,
    keep_newlines: bool,
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.text;
        // Runs of safe text are written whole: most strings hold nothing to escape.
        while let Some(at) = rest.find(|c| needs_escape(c, self.keep_newlines)) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write_escaped(f, c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// C0 and C1 controls and DEL (`char::is_control`), bidi embeddings, overrides and isolates,
/// and the Unicode line and paragraph separators (some terminals and viewers break lines there).
fn needs_escape(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' => !keep_newlines,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => true,
        c => c.is_control(),
    }
}

fn write_escaped(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        c if u32::from(c) < 0x80 => write!(f, "\\x{:02x}", u32::from(c)),
        c => {
            f.write_str("\\u{")?;
            write!(f, "{:x}", u32::from(c))?;
            f.write_char('}')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        let text = "src/main.rs: MIT OR Apache-2.0 — naïve 日本語 \\x1b (a literal backslash)";
        assert_eq!(line(text).to_string(), text);
    }

    #[test]
    fn terminal_sequences_are_written_visibly() {
        assert_eq!(line("\x1b[2J\x1b[Hcleared").to_string(), "\\x1b[2J\\x1b[Hcleared");
        assert_eq!(
            line("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07").to_string(),
            "\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07"
        );
        assert_eq!(line("ok\rFORGED").to_string(), "ok\\rFORGED");
        assert_eq!(line("a\tb\x7f\u{9b}31m").to_string(), "a\\tb\\x7f\\u{9b}31m");
        assert_eq!(line("\0").to_string(), "\\x00");
    }

    #[test]
    fn bidi_controls_are_written_visibly() {
        assert_eq!(line("evil\u{202e}txt.exe").to_string(), "evil\\u{202e}txt.exe");
        for c in
            ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            assert!(!line(&format!("a{c}b")).to_string().contains(c), "{c:?} passed through");
        }
    }

    #[test]
    fn newlines_are_kept_only_in_blocks() {
        assert_eq!(line("one\ntwo").to_string(), "one\\ntwo");
        assert_eq!(block("one\ntwo\r\x1b").to_string(), "one\ntwo\\r\\x1b");
    }
}
