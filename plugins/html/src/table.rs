//! Data tables: written as plain HTML (readable and printable without script); the page's
//! script makes each `sortable` table sort by a click on its header and each `filterable` one
//! filter by text and by the values of the columns marked for it.

use crate::escape;

/// How a column sorts and filters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Text, sorted in natural order (`a2` before `a10`).
    Text,
    /// A number, right-aligned and sorted by value.
    Num,
    /// Text the reader can also pick a value of from a list.
    Pick,
}

/// One cell: escaped text, or markup this reporter built from escaped parts.
pub enum Cell {
    Text(String),
    Html(String),
    Num(u64),
    /// Markup sorted by `key` rather than by its text (a severity by rank).
    Keyed {
        html: String,
        key: String,
    },
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// Text, or a dash when there is none (so the cell says "nothing" rather than looking broken).
    pub fn opt(value: Option<&str>) -> Cell {
        match value.filter(|v| !v.is_empty()) {
            Some(v) => Cell::Text(v.to_string()),
            None => Cell::Text("–".to_string()),
        }
    }

    /// Inline code (a licence expression, a purl, a path).
    pub fn code(value: &str) -> Cell {
        if value.is_empty() {
            return Cell::opt(None);
        }
        Cell::Html(escape::code(value))
    }
}

pub struct Table {
    id: &'static str,
    label: &'static str,
    columns: Vec<(&'static str, Col)>,
    rows: Vec<String>,
    compact: bool,
    limit: Option<usize>,
}

impl Table {
    /// A table with the element id `id` (fixed by the reporter, never from the result).
    pub fn new(id: &'static str, label: &'static str, columns: &[(&'static str, Col)]) -> Self {
        Table { id, label, columns: columns.to_vec(), rows: Vec::new(), compact: false, limit: None }
    }

    /// As wide as its content rather than the page (a few short columns).
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }

    /// With script, only the first `rows` show until the reader asks for all (or filters).
    pub fn limit(mut self, rows: usize) -> Self {
        self.limit = Some(rows);
        self
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.row_with_class("", cells);
    }

    /// A row with a class (`deny`, `review`) the stylesheet marks.
    pub fn row_with_class(&mut self, class: &str, cells: impl IntoIterator<Item = Cell>) {
        let mut row = if class.is_empty() { "<tr>".to_string() } else { format!("<tr class=\"{class}\">") };
        for cell in cells {
            match cell {
                Cell::Text(text) => row.push_str(&format!("<td>{}</td>", escape::text(&text))),
                Cell::Html(html) => row.push_str(&format!("<td>{html}</td>")),
                Cell::Num(n) => row.push_str(&format!("<td class=\"num\">{n}</td>")),
                Cell::Keyed { html, key } => {
                    row.push_str(&format!("<td data-v=\"{}\">{html}</td>", escape::attr(&key)))
                }
            }
        }
        row.push_str("</tr>\n");
        self.rows.push(row);
    }

    /// Writes the table; `filter` adds the tool bar the script fills (search box, pickers, count).
    pub fn write(&self, out: &mut String, filter: bool) {
        let mut classes = String::from("data sortable");
        if self.compact {
            classes.push_str(" compact");
        }
        if filter {
            classes.push_str(" filterable");
            out.push_str(&format!("<div class=\"tools\" data-for=\"{}\"></div>\n", self.id));
        }
        let mut id = if self.id.is_empty() { String::new() } else { format!(" id=\"{}\"", self.id) };
        if let Some(rows) = self.limit.filter(|_| filter) {
            id.push_str(&format!(" data-limit=\"{rows}\""));
        }
        out.push_str(&format!(
            "<div class=\"scroll\"><table{id} class=\"{classes}\" aria-label=\"{}\">\n<thead><tr>",
            self.label
        ));
        for (title, col) in &self.columns {
            match col {
                Col::Text => out.push_str(&format!("<th>{title}</th>")),
                Col::Num => out.push_str(&format!("<th class=\"num\">{title}</th>")),
                Col::Pick => out.push_str(&format!("<th data-filter=\"pick\">{title}</th>")),
            }
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str(row);
        }
        out.push_str("</tbody></table></div>\n");
    }
}
