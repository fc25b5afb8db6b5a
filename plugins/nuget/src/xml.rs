//! A small element tree over quick-xml for the MSBuild and NuGet XML files, each element with
//! its line. The files are small and read whole; a tree keeps the format modules free of
//! event-loop bookkeeping.

use ospo_plugin_sdk::text::LineIndex;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Deeper than any project file; a guard against hostile nesting.
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name (`PackageReference`), namespace prefix dropped.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Text directly inside, trimmed.
    pub text: String,
    pub line: u32,
    pub children: Vec<Element>,
}

impl Element {
    /// An attribute by name, in any case (MSBuild's are case-insensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The text of a direct child element, by name in any case.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.children.iter().find(|c| c.name.eq_ignore_ascii_case(name)).map(|c| c.text.as_str())
    }

    /// An attribute, or else a child element's text (`Version="1.0"` or `<Version>1.0</Version>`).
    pub fn attr_or_child(&self, name: &str) -> Option<&str> {
        self.attr(name).or_else(|| self.child_text(name)).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every element below this one (depth first, document order).
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(element) = stack.pop() {
            out.push(element);
            stack.extend(element.children.iter().rev());
        }
        out
    }
}

/// A parse failure and the line where it was noticed.
#[derive(Debug)]
pub struct XmlError {
    pub message: String,
    pub line: Option<u32>,
}

/// Parses `text` into the root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let index = LineIndex::new(text.as_bytes());
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let line = index.line_of(at.min(text.len()));
        let event = reader.read_event().map_err(|e| XmlError {
            message: e.to_string(),
            line: Some(index.line_of(usize::try_from(reader.error_position()).unwrap_or(0).min(text.len()))),
        })?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError {
                        message: "elements nested too deep".to_string(),
                        line: Some(line),
                    });
                }
                // The event starts after any whitespace before the tag: find the `<`.
                let line = index.line_of(tag_offset(text, at));
                stack.push(element(&start, line));
            }
            Event::Empty(start) => {
                let line = index.line_of(tag_offset(text, at));
                let element = element(&start, line);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        return Err(XmlError { message: "unbalanced end tag".to_string(), line: Some(line) });
                    }
                }
            }
            Event::Text(text_event) => {
                if let (Some(current), Ok(decoded)) = (stack.last_mut(), text_event.decode()) {
                    current.text.push_str(&decoded);
                }
            }
            Event::CData(data) => {
                if let (Some(current), Ok(decoded)) = (stack.last_mut(), data.decode()) {
                    current.text.push_str(&decoded);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => reference.decode().ok().and_then(|name| entity(&name).map(str::to_string)),
                };
                if let (Some(current), Some(resolved)) = (stack.last_mut(), resolved) {
                    current.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        let line = index.line_count();
        return Err(XmlError {
            message: "the document ends inside an element".to_string(),
            line: u32::try_from(line).ok(),
        });
    }
    let mut document = stack.pop().unwrap_or_default();
    trim(&mut document);
    // The document node holds the root element.
    match document.children.len() {
        1 => Ok(document.children.pop().unwrap_or_default()),
        0 => Err(XmlError { message: "no root element".to_string(), line: None }),
        _ => Err(XmlError { message: "more than one root element".to_string(), line: None }),
    }
}

fn tag_offset(text: &str, from: usize) -> usize {
    text.as_bytes()
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
        .map_or(from, |i| from + i)
}

fn element(start: &BytesStart<'_>, line: u32) -> Element {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let attrs = start
        .attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            (key, value)
        })
        .collect();
    Element { name, attrs, text: String::new(), line, children: Vec::new() }
}

fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

fn trim(element: &mut Element) {
    let mut stack = vec![element];
    while let Some(e) = stack.pop() {
        let trimmed = e.text.trim();
        if trimmed.len() != e.text.len() {
            e.text = trimmed.to_string();
        }
        stack.extend(e.children.iter_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_lines_attributes_and_text() {
        let text = "<?xml version=\"1.0\"?>\n<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A&amp;B\" />\n    <PackageReference Include=\"C\">\n      <Version>1.0</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>";
        let root = parse(text).expect("valid");
        assert_eq!(root.name, "Project");
        let refs: Vec<&Element> =
            root.descendants().into_iter().filter(|e| e.name == "PackageReference").collect();
        assert_eq!(refs.len(), 2);
        assert_eq!((refs[0].attr("include"), refs[0].line), (Some("A&B"), 4));
        assert_eq!((refs[1].attr_or_child("Version"), refs[1].line), (Some("1.0"), 5));
    }

    #[test]
    fn broken_documents_are_errors() {
        for bad in ["", "<a>", "<a></b>", "</a>", "<a/><b/>", "<a x=\"1></a>"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = "<a>".repeat(500);
        assert!(parse(&deep).is_err());
    }
}
