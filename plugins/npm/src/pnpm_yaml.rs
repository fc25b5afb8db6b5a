//! The YAML pnpm writes, read fast: block mappings indented two spaces a level, plain or
//! quoted scalars, one-line flow mappings (`{integrity: sha512-...}`) and sequences
//! (`[darwin]`), `{}` for an empty entry. A general YAML parser spends most of a 10,000-package
//! lockfile's parse time on generality pnpm never uses; this reader builds the same
//! `serde_yaml_ng::Value` and gives up (`None`) at the first line outside that subset, so the
//! caller can hand the text to the general parser instead.

use serde_yaml_ng::{Mapping, Value};

/// The document, or `None` when the text is not in the subset pnpm writes.
pub fn parse(text: &str) -> Option<Value> {
    // Open mappings: (indent of their keys, the mapping, the key it will be stored under).
    let mut stack: Vec<(usize, Mapping, Option<String>)> = vec![(0, Mapping::new(), None)];
    let mut pending: Option<(usize, String)> = None;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') || content == "---" {
            continue;
        }
        let indent = raw.len() - content.len();
        if let Some((parent_indent, key)) = pending.take() {
            if indent > parent_indent {
                stack.push((indent, Mapping::new(), Some(key)));
            } else {
                // `key:` with nothing below it is null.
                stack.last_mut()?.1.insert(Value::String(key), Value::Null);
            }
        }
        while stack.last().is_some_and(|(i, _, _)| *i > indent) {
            close(&mut stack)?;
        }
        if stack.last()?.0 != indent {
            return None;
        }
        if content.starts_with("- ") || content == "-" {
            return None;
        }
        let (key, rest) = split_key(content)?;
        if rest.is_empty() {
            pending = Some((indent, key));
            continue;
        }
        let value = scalar_or_flow(rest)?;
        stack.last_mut()?.1.insert(Value::String(key), value);
    }
    if let Some((_, key)) = pending {
        stack.last_mut()?.1.insert(Value::String(key), Value::Null);
    }
    while stack.len() > 1 {
        close(&mut stack)?;
    }
    stack.pop().map(|(_, mapping, _)| Value::Mapping(mapping))
}

fn close(stack: &mut Vec<(usize, Mapping, Option<String>)>) -> Option<()> {
    let (_, mapping, key) = stack.pop()?;
    stack.last_mut()?.1.insert(Value::String(key?), Value::Mapping(mapping));
    Some(())
}

/// `key: rest` with the key unquoted; `rest` empty for `key:`.
fn split_key(content: &str) -> Option<(String, &str)> {
    let (key, after) = match content.as_bytes().first()? {
        b'\'' | b'"' => {
            let (key, used) = quoted(content)?;
            (key, content.get(used..)?)
        }
        _ => {
            // A plain key runs to the `: ` (or the line's final `:`); pnpm keys hold `:` inside.
            let end = content.find(": ").or_else(|| content.strip_suffix(':').map(str::len))?;
            (content.get(..end)?.to_string(), content.get(end..)?)
        }
    };
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim()))
}

/// A quoted scalar at the start of `text`: its value and the bytes it used.
fn quoted(text: &str) -> Option<(String, usize)> {
    let quote = *text.as_bytes().first()?;
    let mut out = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        if c as u32 == u32::from(quote) {
            // `''` inside single quotes is one quote.
            if quote == b'\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                out.push('\'');
                continue;
            }
            return Some((out, at + 1));
        }
        if c == '\\' && quote == b'"' {
            // pnpm never escapes in double quotes; anything else is for the general parser.
            return None;
        }
        out.push(c);
    }
    None
}

fn scalar_or_flow(text: &str) -> Option<Value> {
    match text.as_bytes().first()? {
        b'{' => flow_mapping(text),
        b'[' => flow_sequence(text),
        b'\'' | b'"' => {
            let (value, used) = quoted(text)?;
            text.get(used..)?.trim().is_empty().then_some(Value::String(value))
        }
        b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ => Some(plain(text)),
    }
}

/// A plain scalar: booleans as YAML reads them, everything else a string (pnpm's numbers,
/// `lockfileVersion: 5.4`, are read back as text by the caller anyway).
fn plain(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" | "~" => Value::Null,
        _ => Value::String(text.to_string()),
    }
}

/// `{a: 1, b: 'x'}` on one line, values scalars.
fn flow_mapping(text: &str) -> Option<Value> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?.trim();
    let mut mapping = Mapping::new();
    for item in split_flow(inner)? {
        let (key, rest) = split_key(item)?;
        let value = if rest.is_empty() { Value::Null } else { scalar_or_flow(rest)? };
        mapping.insert(Value::String(key), value);
    }
    Some(Value::Mapping(mapping))
}

fn flow_sequence(text: &str) -> Option<Value> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
    let items = split_flow(inner)?.into_iter().map(scalar_or_flow).collect::<Option<Vec<_>>>()?;
    Some(Value::Sequence(items))
}

/// Comma-separated items of a flow collection, commas inside quotes or nested braces kept.
fn split_flow(inner: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<u8>, 0usize);
    for (at, b) in inner.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'{' | b'[') => depth += 1,
            (None, b'}' | b']') => depth -= 1,
            (None, b',') if depth == 0 => {
                items.push(inner.get(start..at)?.trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    let last = inner.get(start..)?.trim();
    if !last.is_empty() {
        items.push(last);
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_pnpm_writes_reads_like_yaml() {
        let text = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n\n  .:\n    dependencies:\n      '@babel/code-frame':\n        specifier: ^7.24.0\n        version: 7.29.7\n\npackages:\n\n  '@babel/code-frame@7.29.7':\n    resolution: {integrity: sha512-Aup7==, tarball: 'https://x/a, b.tgz'}\n    engines: {node: '>=6.9.0'}\n    os: [darwin, linux]\n    hasBin: true\n\n  local-lib@file:local-lib:\n    resolution: {directory: local-lib, type: directory}\n\nsnapshots:\n\n  ms@2.1.3: {}\n  it''s@1.0.0:\n";
        let ours = parse(text).expect("in the subset");
        let theirs: Value = serde_yaml_ng::from_str(text).expect("valid YAML");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn outside_the_subset_gives_up() {
        for text in [
            "a:\n  - b\n",
            "a: &x 1\n",
            "a:\n   b: 1\n  c: 2\n",
            "a: {b: 1\n",
            "a: \"\\u0041\"\n",
            "a: |\n  x\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
