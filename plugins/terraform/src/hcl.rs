//! The part of HCL a dependency lock file uses: top-level blocks with string labels holding
//! `name = value` attributes, where a value is a string or a list of strings. `#` and `//`
//! comments. Anything else in a block is reported and skipped, never guessed at.

/// `kind "label" { ... }` with its attributes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Block {
    pub line: u32,
    pub kind: String,
    pub labels: Vec<String>,
    pub attributes: Vec<(String, Value, u32)>,
}

/// An attribute's value.
#[derive(Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    /// A value of another shape (a number, an expression), as written.
    Other(String),
}

impl Block {
    /// The string attribute `name`.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find_map(|(n, v, _)| match v {
            Value::Str(s) if n == name => Some(s.as_str()),
            _ => None,
        })
    }

    /// The list attribute `name`.
    pub fn list(&self, name: &str) -> &[String] {
        self.attributes
            .iter()
            .find_map(|(n, v, _)| match v {
                Value::List(items) if n == name => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }
}

/// Parses `text`: the blocks, and `(line, problem)` for what could not be read.
pub fn parse(text: &str) -> (Vec<Block>, Vec<(u32, String)>) {
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    let mut current: Option<Block> = None;
    let mut list: Option<(String, Vec<String>, u32)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = strip_comment(raw).trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some((name, items, at)) = list.as_mut() {
            for piece in trimmed.split(',') {
                let piece = piece.trim();
                if piece == "]" {
                    if let Some(block) = current.as_mut() {
                        block.attributes.push((
                            std::mem::take(name),
                            Value::List(std::mem::take(items)),
                            *at,
                        ));
                    }
                    list = None;
                    break;
                }
                if piece.is_empty() {
                    continue;
                }
                match unquote(piece) {
                    Some(s) => items.push(s),
                    None => errors.push((line, format!("a list item that is not a string: `{piece}`"))),
                }
            }
            continue;
        }
        match current.as_mut() {
            None => match block_header(trimmed) {
                Some((kind, labels)) => current = Some(Block { line, kind, labels, attributes: Vec::new() }),
                None => errors.push((line, format!("not a block header: `{}`", clip(trimmed)))),
            },
            Some(block) => {
                if trimmed == "}" {
                    blocks.extend(current.take());
                    continue;
                }
                let Some((name, value)) = trimmed.split_once('=') else {
                    errors.push((line, format!("not an attribute: `{}`", clip(trimmed))));
                    continue;
                };
                let (name, value) = (name.trim().to_string(), value.trim());
                if value == "[" {
                    list = Some((name, Vec::new(), line));
                } else if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    let items = items
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .filter_map(unquote)
                        .collect();
                    block.attributes.push((name, Value::List(items), line));
                } else {
                    let value = unquote(value).map_or_else(|| Value::Other(value.to_string()), Value::Str);
                    block.attributes.push((name, value, line));
                }
            }
        }
    }
    if let Some(block) = current {
        errors.push((block.line, format!("block `{}` is not closed", block.kind)));
    }
    (blocks, errors)
}

/// `provider "registry.terraform.io/hashicorp/aws" {` as its kind and labels.
fn block_header(line: &str) -> Option<(String, Vec<String>)> {
    let head = line.strip_suffix('{')?.trim();
    let mut words = head.split_whitespace();
    let kind = words.next()?.to_string();
    let labels: Option<Vec<String>> = words.map(unquote).collect();
    Some((kind, labels?))
}

/// `"text"` without its quotes (HCL escapes other than `\"` and `\\` do not occur in locks).
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

fn strip_comment(line: &str) -> &str {
    // Comments start outside strings; lock values never hold `#` or `//`.
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with("//") { "" } else { line }
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lists_and_errors() {
        let text = "# c\nprovider \"a/b\" {\n  version = \"1\"\n  hashes = [\n    \"h1:x\",\n    7,\n  ]\n  inline = [\"p\", \"q\"]\n  n = 3\n}\nstray\nmodule \"m\" {\n";
        let (blocks, errors) = parse(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!((blocks[0].line, blocks[0].labels.as_slice()), (2, ["a/b".to_string()].as_slice()));
        assert_eq!(blocks[0].string("version"), Some("1"));
        assert_eq!(blocks[0].list("hashes"), ["h1:x"]);
        assert_eq!(blocks[0].list("inline"), ["p", "q"]);
        let lines: Vec<u32> = errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, [6, 11, 12]);
    }
}
