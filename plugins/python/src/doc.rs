//! Reading documents so that one broken entry costs only itself, and finding entry lines in
//! formats whose parsers keep no positions (JSON, YAML).

use ospo_plugin_sdk::text::LineIndex;
use ospo_plugin_sdk::{Diagnostic, Level};
use serde::de::DeserializeOwned;

/// A part of a file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub line: Option<u32>,
    pub message: String,
}

impl Malformed {
    pub fn diagnostic(&self, path: &str, what: &str) -> Diagnostic {
        Diagnostic::new("manifest-malformed", Level::Error, format!("{what}: {}", self.message))
            .at(path, self.line)
    }
}

/// Parses TOML `text` as `T`. When the whole does not parse, each `[[array_key]]` table (with
/// its sub-tables) and each other top-level table is parsed on its own, so every readable entry
/// is kept; each part is returned with the byte offset it starts at, for line numbers.
pub fn toml_parts<T: DeserializeOwned>(
    text: &str,
    array_key: &str,
    index: &LineIndex,
) -> (Vec<(usize, T)>, Vec<Malformed>) {
    let whole_error = match toml::from_str::<T>(text) {
        Ok(doc) => return (vec![(0, doc)], Vec::new()),
        Err(error) => toml_error(&error, index, 0),
    };
    let mut starts = vec![0];
    let mut offset = 0;
    let mut current_array = false;
    for line in text.split_inclusive('\n') {
        if let Some(header) = table_header(line) {
            let is_array = line.trim_start().starts_with("[[");
            let first = header.split('.').next().unwrap_or("").trim().trim_matches('"');
            // A sub-table of the current array entry (`[package.dependencies]`) stays with it.
            let continues = !is_array && current_array && first == array_key;
            if offset > 0 && !continues {
                starts.push(offset);
            }
            current_array = is_array && first == array_key || continues;
        }
        offset += line.len();
    }
    starts.push(text.len());
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for pair in starts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(chunk) = text.get(start..end) else { continue };
        match toml::from_str::<T>(chunk) {
            Ok(doc) => parts.push((start, doc)),
            Err(error) => errors.push(toml_error(&error, index, start)),
        }
    }
    if errors.is_empty() {
        // Every part reads alone but not together (a key defined twice, say).
        errors.push(whole_error);
    }
    (parts, errors)
}

/// The header of a table line (`[a.b]` gives `a.b`, `[[a]]` gives `a`), if the line is one.
fn table_header(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix("[[") {
        return rest.split("]]").next().map(str::trim);
    }
    line.strip_prefix('[')?.split(']').next().map(str::trim)
}

fn toml_error(error: &toml::de::Error, index: &LineIndex, base: usize) -> Malformed {
    Malformed {
        line: error.span().map(|span| index.line_of(base + span.start)),
        message: error.message().trim().to_string(),
    }
}

/// Finds entry lines by searching the text for what the writer puts on the entry's first line,
/// in file order: each search starts after the previous match, and falls back to the whole
/// file when the entries are not in file order.
pub struct LineFinder<'a> {
    text: &'a str,
    index: LineIndex,
    cursor: usize,
}

impl<'a> LineFinder<'a> {
    pub fn new(text: &'a str) -> Self {
        LineFinder { text, index: LineIndex::new(text.as_bytes()), cursor: 0 }
    }

    /// The line of the next occurrence of `needle`.
    pub fn next(&mut self, needle: &str) -> Option<u32> {
        if needle.is_empty() {
            return None;
        }
        let tail = self.text.get(self.cursor..).unwrap_or("");
        let at = match tail.find(needle) {
            Some(at) => self.cursor + at,
            None => self.text.find(needle)?,
        };
        self.cursor = at + needle.len();
        Some(self.index.line_of(at))
    }

    /// Moves the search start to byte `offset` (a section's start).
    pub fn seek(&mut self, offset: usize) {
        self.cursor = offset.min(self.text.len());
    }

    /// The line of the first occurrence of `needle` at or after byte `from`, without moving.
    pub fn find_from(&self, from: usize, needle: &str) -> Option<u32> {
        let at = from + self.text.get(from..)?.find(needle)?;
        Some(self.index.line_of(at))
    }

    /// The byte offset of the first `needle`.
    pub fn offset_of(&self, needle: &str) -> Option<usize> {
        self.text.find(needle)
    }

    pub fn line_of(&self, offset: usize) -> u32 {
        self.index.line_of(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        package: Vec<toml::Spanned<Pkg>>,
    }

    #[derive(Deserialize)]
    struct Pkg {
        name: String,
    }

    #[test]
    fn a_broken_table_costs_only_itself() {
        let text = "[[package]]\nname = \"a\"\n\n[package.x]\ny = 1\n\n[[package]]\nname = \n\n[[package]]\nname = \"c\"\n\n[metadata]\nz = 1\n";
        let index = LineIndex::new(text.as_bytes());
        let (parts, errors) = toml_parts::<Doc>(text, "package", &index);
        let names: Vec<(String, u32)> = parts
            .iter()
            .flat_map(|(base, doc)| {
                let (base, index) = (*base, &index);
                doc.package
                    .iter()
                    .map(move |p| (p.get_ref().name.clone(), index.line_of(base + p.span().start)))
            })
            .collect();
        assert_eq!(names, [("a".to_string(), 1), ("c".to_string(), 10)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(8));
    }

    #[test]
    fn finder_walks_in_order() {
        let mut f = LineFinder::new("a\nb\na\nc\n");
        assert_eq!(
            (f.next("a"), f.next("a"), f.next("c"), f.next("b")),
            (Some(1), Some(3), Some(4), Some(2))
        );
        assert_eq!(f.next("zzz"), None);
    }
}
