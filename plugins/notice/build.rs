//! Renders the full text of every licence and exception of the SPDX License List XML that
//! `license-text` carries (`../license-text/data/spdx-xml/`, read in place, not copied) as plain
//! text, and embeds them deflated: `texts.bin` (the deflated texts end to end) and `texts.rs`
//! (`TEXTS`: id, offset, length, sorted by id).
//!
//! Rendering: every paragraph, title and copyright line is a block separated by a blank line;
//! list items are one line each, indented by depth, with their bullet; `<br/>` breaks a line;
//! `<alt>` keeps its default wording and `<optional>` its text: the full text as the XML holds
//! it, which is what SPDX publishes as the licence text. (Leaving inline optional words out was
//! tried: it fixes MIT's "limitation on the rights" but breaks ISC's "and/or", so the data's own
//! full text wins.)
//! Whitespace inside a block is collapsed, as the XML's own indentation is not the licence's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(PartialEq)]
enum Kind {
    Para,
    Item,
}

#[derive(Default)]
struct Render {
    blocks: Vec<(Kind, usize, String)>,
    line: String,
    depth: usize,
    in_item: bool,
}

impl Render {
    /// Appends `s` with each run of whitespace as one space (none at a line's start).
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with([' ', '\n']) {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        while self.line.ends_with(' ') {
            self.line.pop();
        }
        self.line.push('\n');
    }

    fn flush(&mut self) {
        let text = self.line.trim().to_string();
        self.line.clear();
        if !text.is_empty() {
            let kind = if self.in_item { Kind::Item } else { Kind::Para };
            self.blocks.push((kind, self.depth, text));
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        let mut out = String::new();
        let mut previous: Option<&Kind> = None;
        for (kind, depth, text) in &self.blocks {
            if previous.is_some() {
                out.push_str(if *kind == Kind::Item && previous == Some(&Kind::Item) {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            let indent =
                if *kind == Kind::Item { "   ".repeat(depth.saturating_sub(1)) } else { String::new() };
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&indent);
                out.push_str(line.trim());
            }
            previous = Some(kind);
        }
        out.push('\n');
        out
    }
}

/// `(id, text)` of the licence or exception in `xml`.
fn render(xml: &str, file: &Path) -> Option<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut id = None;
    let mut r = Render::default();
    let mut in_text = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_vec();
                match name.as_slice() {
                    b"license" | b"exception" => {
                        for a in e.attributes().flatten() {
                            if a.key.as_ref() == b"licenseId" {
                                id = Some(String::from_utf8_lossy(&a.value).into_owned());
                            }
                        }
                    }
                    b"text" => in_text += 1,
                    _ if in_text == 0 => {}
                    b"p" | b"titleText" | b"copyrightText" | b"standardLicenseHeader" => r.flush(),
                    b"list" => {
                        r.flush();
                        r.depth += 1;
                    }
                    b"item" => {
                        r.flush();
                        r.in_item = true;
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"text" => in_text = in_text.saturating_sub(1),
                _ if in_text == 0 => {}
                b"p" | b"titleText" | b"copyrightText" | b"standardLicenseHeader" => r.flush(),
                b"list" => {
                    r.flush();
                    r.depth = r.depth.saturating_sub(1);
                    r.in_item = r.depth > 0;
                }
                b"item" => {
                    r.flush();
                    r.in_item = r.depth > 0;
                }
                _ => {}
            },
            Ok(Event::Empty(e)) if in_text > 0 && e.local_name().as_ref() == b"br" => r.line_break(),
            // Entities come as their own events (below): a text event is literal.
            Ok(Event::Text(t)) if in_text > 0 => r.text(&String::from_utf8_lossy(&t)),
            Ok(Event::GeneralRef(g)) if in_text > 0 => {
                let name = String::from_utf8_lossy(&g).into_owned();
                let c = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_string)
                    .or_else(|| g.resolve_char_ref().ok().flatten().map(|c| c.to_string()))
                    .unwrap_or_default();
                r.line.push_str(&c);
            }
            Ok(Event::CData(t)) if in_text > 0 => r.text(&String::from_utf8_lossy(&t)),
            Ok(Event::Eof) => break,
            Err(e) => panic!("{}: {e}", file.display()),
            _ => {}
        }
    }
    Some((id?, r.finish()))
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
}

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../license-text/data/spdx-xml");
    println!("cargo::rerun-if-changed={}", data.display());
    println!("cargo::rerun-if-changed=build.rs");
    let mut texts = Vec::new();
    for file in xml_files(&data).into_iter().chain(xml_files(&data.join("exceptions"))) {
        let xml = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Some(entry) = render(&xml, &file) {
            texts.push(entry);
        }
    }
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    texts.dedup_by(|a, b| a.0 == b.0);
    let mut bin = Vec::new();
    let mut table =
        String::from("/// `(SPDX id, offset, length)` of each deflated text in `texts.bin`, sorted by id.\n");
    table.push_str("pub static TEXTS: &[(&str, u32, u32)] = &[\n");
    for (id, text) in &texts {
        let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
        let _ = writeln!(table, "    ({id:?}, {}, {}),", bin.len(), packed.len());
        bin.extend_from_slice(&packed);
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("texts.bin"), bin).expect("writing texts.bin");
    std::fs::write(out.join("texts.rs"), table).expect("writing texts.rs");
}
