//! GitHub-flavoured Markdown tables whose cells cannot break the table or inject markup.

/// A table under construction.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&'static str]) -> Self {
        Table { header: header.to_vec(), rows: Vec::new() }
    }

    /// Adds a row of raw cell texts; they are escaped when written.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.rows.push(cells.into_iter().map(|c| cell(c.as_ref())).collect());
    }

    pub fn write(&self, out: &mut String) {
        out.push_str(&format!("| {} |\n", self.header.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for row in &self.rows {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
    }
}

/// Escapes text for a table cell: `|` would end the cell, a newline the row, and `*`, `_`, `~`,
/// backticks, brackets, angle brackets (HTML), `&` (entities) and a leading `#` would turn names
/// and e-mail addresses into markup. Control characters and bidi overrides (an ESC sequence, a
/// right-to-left override that makes a path read backwards) are written visibly (`\x1b`,
/// `\u{202e}`): a report is read in terminals too. Every string this reporter writes that a
/// plugin or the scanned tree supplied goes through here.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.trim();
    let mut chars = text.chars().peekable();
    if text.starts_with('#') {
        out.push('\\');
    }
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            '\\' | '|' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if is_unsafe_control(c) => visible(c, &mut out),
            c => out.push(c),
        }
    }
    if out.is_empty() { "–".to_string() } else { out }
}

/// C0/C1 controls and DEL, bidi embeddings, overrides and isolates, line/paragraph separators.
/// The host escapes the same set in its text output; a reporter cannot share host code, so
/// this small list is repeated here.
fn is_unsafe_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}') || c.is_control()
}

fn visible(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x80 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
        c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("line one\r\nline two\nthree"), "line one<br>line two<br>three");
        assert_eq!(cell("Jane Doe <jane@example.com>"), "Jane Doe \\<jane@example.com\\>");
        assert_eq!(cell("serde_json"), "serde\\_json");
        assert_eq!(cell(""), "–");
    }

    #[test]
    fn cells_cannot_inject_markup_or_control_characters() {
        assert_eq!(cell("# Title"), "\\# Title");
        assert_eq!(cell("a # b"), "a # b");
        assert_eq!(cell("~~gone~~ &amp;"), "\\~\\~gone\\~\\~ \\&amp;");
        assert_eq!(cell("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
        assert_eq!(cell("[x](https://evil.example)"), "\\[x\\](https://evil.example)");
        assert_eq!(cell("\x1b[2Jok\x07\u{9b}"), "\\x1b\\[2Jok\\x07\\u{9b}");
        assert_eq!(cell("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(cell("a\tb"), "a\\tb");
    }

    #[test]
    fn writes_header_separator_and_rows() {
        let mut table = Table::new(&["Expression", "Files"]);
        table.row(["MIT", "2"]);
        let mut out = String::new();
        table.write(&mut out);
        assert_eq!(out, "| Expression | Files |\n|---|---|\n| MIT | 2 |\n");
    }
}
