//! A small element tree over `quick-xml` events for the package manifests of the Maven and NuGet
//! caches (`*.pom`, `*.nuspec`): both are small, and a tree keeps the reading code plain. Entities
//! and CDATA are resolved so a licence name reads as written (`Apache 2.0 &amp; MIT`).

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One element: its local name (a namespace prefix dropped), attributes, text and children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
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

/// Parses `text` into its root element, or says why it cannot: a manifest that does not parse
/// is not believed in part (its identity decides which package the folder is).
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(element(&e)),
            Ok(Event::Empty(e)) => close(element(&e), &mut stack, &mut root),
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
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("not well-formed XML at byte {}: {e}", reader.error_position())),
        }
    }
    if !stack.is_empty() {
        return Err("the document ends inside an element".into());
    }
    root.ok_or_else(|| "no root element".into())
}

fn element(e: &BytesStart<'_>) -> Element {
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
    Element { name, attributes, ..Element::default() }
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
    fn names_lose_their_prefix_and_entities_resolve() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<p:package xmlns:p=\"x\"><a k=\"v&amp;w\">1 &lt; 2</a><b/></p:package>",
        )
        .expect("well-formed");
        assert_eq!(root.name, "package");
        let a = root.child("a").expect("a");
        assert_eq!((a.text.as_str(), a.attribute("k")), ("1 < 2", Some("v&w")));
        assert!(root.child("b").is_some());
    }

    #[test]
    fn a_truncated_document_is_refused() {
        assert!(parse("<project><a>1</a><b>2").is_err());
        assert!(parse("").is_err());
    }
}
