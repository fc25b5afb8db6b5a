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

/// Escapes text for a table cell: `|` would end the cell, a newline the row, and `*`, `_`,
/// backticks, brackets and angle brackets would turn names and e-mail addresses into markup.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.trim();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if out.is_empty() { "–".to_string() } else { out }
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
    fn writes_header_separator_and_rows() {
        let mut table = Table::new(&["Expression", "Files"]);
        table.row(["MIT", "2"]);
        let mut out = String::new();
        table.write(&mut out);
        assert_eq!(out, "| Expression | Files |\n|---|---|\n| MIT | 2 |\n");
    }
}
