//! Line numbers of JSON object keys. `serde_json` gives a lockfile's values but not where they
//! are; parsers still owe every package the line of its entry. One pass over the text records
//! the line of each key down to a depth the caller chooses, by its path from the root.
//!
//! ```
//! use ospo_plugin_sdk::json_lines::{KeyLines, Segment};
//! let text = "{\n  \"packages\": [\n    {\n      \"name\": \"a/b\"\n    }\n  ]\n}";
//! let lines = KeyLines::new(text, 3);
//! let path = [Segment::key("packages"), Segment::Index(0), Segment::key("name")];
//! assert_eq!(lines.line(&path), Some(4));
//! ```
//!
//! The scanner never fails: on malformed text it records what it saw before the damage, so a
//! parser that got its values elsewhere (or got none) still has lines for what is there.

use std::collections::HashMap;

/// One step of a path from the document's root: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A key of an object, decoded.
    Key(String),
    /// A 0-based position in an array.
    Index(usize),
}

impl Segment {
    /// A key segment.
    pub fn key(key: &str) -> Self {
        Segment::Key(key.to_string())
    }
}

/// The 1-based line of every object key at most `depth` levels deep.
#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    lines: HashMap<Vec<Segment>, u32>,
}

/// A container being walked: an object with the key whose value comes next, or an array
/// with the index of its next element.
enum Frame {
    Object(Option<String>),
    Array(usize),
}

impl KeyLines {
    /// Scans `text`, recording keys whose path has at most `depth` segments (a key of the root
    /// object has one). Where a key appears twice the first line is kept.
    pub fn new(text: &str, depth: usize) -> Self {
        let bytes = text.as_bytes();
        let mut lines = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        // Whether each open container added a segment to `path` (the root, or a value where
        // malformed text gave no key, adds none).
        let mut pushed: Vec<bool> = Vec::new();
        let mut path: Vec<Segment> = Vec::new();
        let (mut at, mut line) = (0usize, 1u32);
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'\n' => line = line.saturating_add(1),
                b'{' | b'[' => {
                    // A value starts: it extends the path by the key or index it sits at.
                    let segment = value_segment(&mut stack);
                    pushed.push(segment.is_some());
                    path.extend(segment);
                    stack.push(if byte == b'{' { Frame::Object(None) } else { Frame::Array(0) });
                }
                b'}' | b']' => {
                    stack.pop();
                    if pushed.pop() == Some(true) {
                        path.pop();
                    }
                }
                b',' => {
                    if let Some(Frame::Array(index)) = stack.last_mut() {
                        *index += 1;
                    }
                }
                b'"' => {
                    let (end, raw) = string_at(bytes, at);
                    let is_key = matches!(stack.last(), Some(Frame::Object(None)))
                        && next_significant(bytes, end) == Some(b':');
                    if is_key {
                        // Below the depth asked for a key is neither recorded nor needed in a
                        // path, so it is not decoded: a placeholder keeps the nesting.
                        let key = if path.len() < depth {
                            let key = decode(raw);
                            let mut key_path = Vec::with_capacity(path.len() + 1);
                            key_path.extend(path.iter().cloned());
                            key_path.push(Segment::Key(key.clone()));
                            lines.entry(key_path).or_insert(line);
                            key
                        } else {
                            String::new()
                        };
                        if let Some(Frame::Object(pending)) = stack.last_mut() {
                            *pending = Some(key);
                        }
                    } else {
                        // A string value: its object key, if any, is used up.
                        value_segment(&mut stack);
                    }
                    // Strings hold no newlines in valid JSON, but count them if they do.
                    line = line.saturating_add(count_newlines(raw));
                    at = end;
                    continue;
                }
                b' ' | b'\t' | b'\r' | b':' => {}
                _ => {
                    // A number, `true`, `false` or `null`: skip it and use up the pending key.
                    value_segment(&mut stack);
                    while bytes.get(at + 1).is_some_and(|b| !b",}]\n \t\r".contains(b)) {
                        at += 1;
                    }
                }
            }
            at += 1;
        }
        KeyLines { lines }
    }

    /// The line of the key at `path`, when the scan saw it.
    pub fn line(&self, path: &[Segment]) -> Option<u32> {
        self.lines.get(path).copied()
    }

    /// The line of the key reached by object keys only (`["dependencies", "net8.0", "Foo"]`).
    pub fn key_line(&self, keys: &[&str]) -> Option<u32> {
        let path: Vec<Segment> = keys.iter().map(|k| Segment::key(k)).collect();
        self.line(&path)
    }
}

/// Takes the segment a value starting now sits at: the pending key of an object (cleared), or
/// the current index of an array. `None` at the root.
fn value_segment(stack: &mut [Frame]) -> Option<Segment> {
    match stack.last_mut()? {
        Frame::Object(pending) => pending.take().map(Segment::Key),
        Frame::Array(index) => Some(Segment::Index(*index)),
    }
}

/// The string starting at the quote at `start`: the offset just past its closing quote, and
/// its raw contents (escapes kept). An unterminated string runs to the end of the text.
fn string_at(bytes: &[u8], start: usize) -> (usize, &[u8]) {
    let mut at = start + 1;
    while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
        at += found;
        if bytes.get(at) == Some(&b'"') {
            return (at + 1, bytes.get(start + 1..at).unwrap_or_default());
        }
        // A backslash: skip it and the byte it escapes.
        at += 2;
    }
    (bytes.len(), bytes.get(start + 1..).unwrap_or_default())
}

fn next_significant(bytes: &[u8], from: usize) -> Option<u8> {
    bytes.get(from..)?.iter().copied().find(|b| !b" \t\r\n".contains(b))
}

fn count_newlines(raw: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', raw).count()).unwrap_or(u32::MAX)
}

/// A key's text with its escapes resolved; one that does not decode is kept as written.
fn decode(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !raw.contains(&b'\\') {
        return text.into_owned();
    }
    serde_json::from_str::<String>(&format!("\"{text}\"")).unwrap_or_else(|_| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
    "_readme": ["a", "b"],
    "packages": [
        {
            "name": "monolog/monolog",
            "version": "3.5.0",
            "require": {"php": ">=8.1", "psr/log": "^2.0 || ^3.0"}
        },
        {
            "name": "psr/log",
            "n\u0061me2": true,
            "version": "3.0.0"
        }
    ],
    "stability-flags": {},
    "prefer-lowest": false
}"#;

    #[test]
    fn keys_by_path() {
        let lines = KeyLines::new(LOCK, 4);
        let at = |path: &[Segment]| lines.line(path);
        assert_eq!(lines.key_line(&["_readme"]), Some(2));
        assert_eq!(lines.key_line(&["packages"]), Some(3));
        assert_eq!(at(&[Segment::key("packages"), Segment::Index(0), Segment::key("name")]), Some(5));
        assert_eq!(at(&[Segment::key("packages"), Segment::Index(1), Segment::key("name")]), Some(10));
        assert_eq!(at(&[Segment::key("packages"), Segment::Index(1), Segment::key("name2")]), Some(11));
        let require =
            [Segment::key("packages"), Segment::Index(0), Segment::key("require"), Segment::key("psr/log")];
        assert_eq!(at(&require), Some(7));
        assert_eq!(lines.key_line(&["prefer-lowest"]), Some(16));
    }

    #[test]
    fn depth_limits_what_is_kept() {
        let lines = KeyLines::new(LOCK, 1);
        assert_eq!(lines.key_line(&["packages"]), Some(3));
        assert_eq!(lines.line(&[Segment::key("packages"), Segment::Index(0), Segment::key("name")]), None);
    }

    #[test]
    fn malformed_text_keeps_what_came_before() {
        let cut = &LOCK[..LOCK.find("psr/log\",\n").unwrap_or(LOCK.len())];
        let lines = KeyLines::new(cut, 3);
        assert_eq!(lines.line(&[Segment::key("packages"), Segment::Index(0), Segment::key("name")]), Some(5));
        for hostile in ["", "}}}]]]", "{\"a\":", "[\"\\", "{\"a\" \"b\": [1, {\"c\": 2}]}", "\"\u{0}\""] {
            let _ = KeyLines::new(hostile, 8);
        }
    }
}
