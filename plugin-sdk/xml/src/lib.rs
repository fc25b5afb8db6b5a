//! A small element tree over `quick-xml` events, with the byte offset of every start tag so a
//! record gets the line of its entry. Package manifests (POMs, nuspecs, Gradle's verification
//! metadata) and XML SBOMs are small: a tree keeps the reading code plain. One crate for the
//! host and the plugins (re-exported by the SDK with its `xml` feature), so they read XML alike.

#![deny(missing_docs)]

use quick_xml::Reader;
use quick_xml::events::Event;

/// One element: its local name (namespace prefix dropped), attributes, text and children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// The local name (`project` for `<p:project>`).
    pub name: String,
    /// Attributes by local name, values unescaped, in document order.
    pub attributes: Vec<(String, String)>,
    /// The text directly inside, entities and CDATA resolved (not trimmed).
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Byte offset of the `<` of its start tag.
    pub offset: usize,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the child `name`, when it has some.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A document that does not parse past `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was wrong there.
    pub message: String,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (byte {})", self.message, self.offset)
    }
}

impl std::error::Error for XmlError {}

/// Parses `text` into its root element, or says why it cannot: for a document that is believed
/// whole or not at all (a package manifest whose identity decides which package a folder is).
pub fn parse_whole(text: &str) -> Result<Element, XmlError> {
    match parse(text) {
        (Some(root), None) => Ok(root),
        (_, Some(error)) => Err(error),
        (None, None) => Err(XmlError { offset: 0, message: "no root element".into() }),
    }
}

/// Deeper than any manifest or SBOM nests. The tree is dropped (and cloned) recursively, so a
/// hostile document of a few hundred thousand nested elements would overflow the stack: the
/// host's, where it reads cached poms and nuspecs.
pub const MAX_DEPTH: usize = 256;

/// Parses `text` into its root element. On malformed input the tree built so far is returned
/// with the error, so what came before the damage is still read.
pub fn parse(text: &str) -> (Option<Element>, Option<XmlError>) {
    let mut reader = Reader::from_str(text);
    // Open elements, innermost last; the finished root lands in `root`.
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut error = None;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match reader.read_event() {
            Ok(Event::Start(_)) if stack.len() >= MAX_DEPTH => {
                error =
                    Some(XmlError { offset, message: format!("elements nested deeper than {MAX_DEPTH}") });
                break;
            }
            Ok(Event::Start(e)) => stack.push(element(&e, offset)),
            Ok(Event::Empty(e)) => close(element(&e, offset), &mut stack, &mut root),
            Ok(Event::End(_)) => {
                if let Some(done) = stack.pop() {
                    close(done, &mut stack, &mut root);
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(open), Ok(text)) = (stack.last_mut(), t.decode()) {
                    open.text.push_str(&text);
                }
            }
            Ok(Event::CData(t)) => {
                if let (Some(open), Ok(text)) = (stack.last_mut(), t.decode()) {
                    open.text.push_str(&text);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r.decode().ok().and_then(|name| predefined(&name).map(str::to_string)),
                };
                if let (Some(open), Some(text)) = (stack.last_mut(), resolved) {
                    open.text.push_str(&text);
                }
            }
            Ok(Event::Eof) => {
                if !stack.is_empty() && error.is_none() {
                    error = Some(XmlError {
                        offset: text.len(),
                        message: "the document ends inside an element".into(),
                    });
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(offset);
                error = Some(XmlError { offset, message: e.to_string() });
                break;
            }
        }
    }
    // Close what is still open so a truncated document keeps its first entries.
    while let Some(done) = stack.pop() {
        close(done, &mut stack, &mut root);
    }
    (root, error)
}

fn element(e: &quick_xml::events::BytesStart<'_>, offset: usize) -> Element {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let attributes = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
            (key, value)
        })
        .collect();
    Element { name, attributes, offset, ..Element::default() }
}

fn close(done: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None if root.is_none() => *root = Some(done),
        None => {}
    }
}

/// XML's five predefined entities.
fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_text_attributes_and_offsets() {
        let text = "<?xml version=\"1.0\"?>\n<p:project xmlns:p=\"x\">\n  <a k=\"v&amp;w\">1 &lt; 2</a>\n  <b/>\n</p:project>";
        let (root, error) = parse(text);
        assert!(error.is_none());
        let root = root.expect("a root");
        assert_eq!(root.name, "project");
        let a = root.child("a").expect("a");
        assert_eq!((a.text.as_str(), a.attribute("k")), ("1 < 2", Some("v&w")));
        assert_eq!(&text[a.offset..a.offset + 2], "<a");
        assert!(root.child("b").is_some());
    }

    #[test]
    fn a_whole_document_or_why_not() {
        assert_eq!(parse_whole("<a><b/></a>").map(|r| r.children.len()), Ok(1));
        let cut = parse_whole("<a><b>").expect_err("cut short");
        assert_eq!(cut.message, "the document ends inside an element");
        assert_eq!(parse_whole("").expect_err("empty").message, "no root element");
        assert!(parse_whole("<a></b>").is_err());
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("<project><a>1</a>{}", "<x>".repeat(300_000));
        let (root, error) = parse(&text);
        let error = error.expect("too deep");
        assert_eq!(error.message, format!("elements nested deeper than {MAX_DEPTH}"));
        assert_eq!(root.expect("what came first").text_of("a"), Some("1"));
        assert!(parse(&format!("{}{}", "<x>".repeat(MAX_DEPTH), "</x>".repeat(MAX_DEPTH))).1.is_none());
    }

    #[test]
    fn truncated_documents_keep_what_came_first() {
        let (root, error) = parse("<project><a>1</a><b>2");
        assert!(error.is_some());
        let root = root.expect("a root");
        assert_eq!(root.text_of("a"), Some("1"));
    }
}
