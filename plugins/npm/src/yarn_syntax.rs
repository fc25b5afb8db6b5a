//! The text both `yarn.lock` dialects share: entries at column 0 (`key, key:`), fields indented
//! two spaces, maps one level deeper. Yarn classic writes `field "value"`, Berry writes the
//! YAML subset its own serializer emits (`field: value`); this reader takes either, line by
//! line, so every entry keeps its line and a damaged entry costs only itself.

/// One field: a scalar, or a map of scalars (a deeper level is flattened to `key/child`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Scalar(String),
    Map(Vec<(String, String)>),
}

/// One entry: the descriptors it resolves, its line, and its fields.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub keys: Vec<String>,
    pub line: u32,
    pub fields: Vec<(String, Field)>,
}

impl Entry {
    /// A scalar field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find_map(|(k, v)| match v {
            Field::Scalar(s) if k == key => Some(s.as_str()),
            _ => None,
        })
    }

    /// A map field's entries.
    pub fn map(&self, key: &str) -> &[(String, String)] {
        self.fields
            .iter()
            .find_map(|(k, v)| match v {
                Field::Map(m) if k == key => Some(m.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// A line that fits no part of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub line: u32,
    pub message: String,
}

/// Every entry of `text`, and the lines that could not be read.
pub fn parse(text: &str) -> (Vec<Entry>, Vec<Bad>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut bad = Vec::new();
    // The map field being filled, and the deeper key under it (Berry's `dependenciesMeta`).
    let mut open_map: Option<(String, Vec<(String, String)>)> = None;
    let mut sub_key: Option<String> = None;
    let close = |entries: &mut Vec<Entry>, open: &mut Option<(String, Vec<(String, String)>)>| {
        if let (Some(entry), Some((key, map))) = (entries.last_mut(), open.take()) {
            entry.fields.push((key, Field::Map(map)));
        }
    };
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = raw.trim_end_matches('\r');
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        match indent {
            0 => {
                close(&mut entries, &mut open_map);
                sub_key = None;
                let Some(header) = content.strip_suffix(':') else {
                    bad.push(Bad {
                        line,
                        message: format!("expected an entry header ending in ':', found {content:?}"),
                    });
                    entries.push(Entry { line, ..Entry::default() });
                    continue;
                };
                entries.push(Entry { keys: header_keys(header), line, fields: Vec::new() });
            }
            2 => {
                close(&mut entries, &mut open_map);
                sub_key = None;
                if entries.is_empty() {
                    bad.push(Bad { line, message: "a field outside any entry".to_string() });
                    continue;
                }
                let Some((key, value)) = key_value(content) else {
                    bad.push(Bad { line, message: format!("cannot read the field {content:?}") });
                    continue;
                };
                match value {
                    Some(value) => {
                        if let Some(entry) = entries.last_mut() {
                            entry.fields.push((key, Field::Scalar(value)));
                        }
                    }
                    None => open_map = Some((key, Vec::new())),
                }
            }
            _ => {
                let Some((_, map)) = open_map.as_mut() else {
                    bad.push(Bad { line, message: format!("an indented line outside any map: {content:?}") });
                    continue;
                };
                let Some((key, value)) = key_value(content) else {
                    bad.push(Bad { line, message: format!("cannot read the map entry {content:?}") });
                    continue;
                };
                match (indent, value) {
                    (4, Some(value)) => {
                        sub_key = None;
                        map.push((key, value));
                    }
                    (4, None) => sub_key = Some(key),
                    (_, value) => match &sub_key {
                        Some(parent) => map.push((format!("{parent}/{key}"), value.unwrap_or_default())),
                        None => bad.push(Bad { line, message: format!("unexpected nesting at {content:?}") }),
                    },
                }
            }
        }
    }
    close(&mut entries, &mut open_map);
    (entries, bad)
}

/// `"a@^1", a@^2` (classic) or `"a@npm:^1, a@npm:^2"` (Berry) as its descriptors.
fn header_keys(header: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = header.trim();
    while !rest.is_empty() {
        let (token, after) = if rest.starts_with('"') {
            let (token, after) = quoted(rest);
            (token, after)
        } else {
            match rest.find(',') {
                Some(at) => (rest[..at].trim().to_string(), &rest[at..]),
                None => (rest.trim().to_string(), ""),
            }
        };
        keys.extend(token.split(", ").map(str::trim).filter(|k| !k.is_empty()).map(str::to_string));
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    keys
}

/// A quoted string at the start of `text`, unescaped, and what follows it.
fn quoted(text: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            '"' => return (out, &text[at + 1..]),
            c => out.push(c),
        }
    }
    (out, "")
}

/// `key "value"`, `key value`, `key: value`, `"key": value`, or `key:` (a map opens: `None`).
fn key_value(content: &str) -> Option<(String, Option<String>)> {
    let (key, rest) = if content.starts_with('"') {
        quoted(content)
    } else {
        let end = content.find([' ', ':']).unwrap_or(content.len());
        (content[..end].to_string(), &content[end..])
    };
    if key.is_empty() {
        return None;
    }
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    if rest.is_empty() {
        return Some((key, None));
    }
    let value = if rest.starts_with('"') { quoted(rest).0 } else { rest.to_string() };
    Some((key, Some(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects() {
        let classic = "# yarn lockfile v1\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.24.0\":\n  version \"7.29.7\"\n  dependencies:\n    \"@babel/x\" \"^7.29.7\"\n    js-tokens \"^4.0.0\"\n\nms@^2.1.3:\n  version \"2.1.3\"\n";
        let (entries, bad) = parse(classic);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].keys, ["@babel/code-frame@^7.0.0", "@babel/code-frame@^7.24.0"]);
        assert_eq!((entries[0].line, entries[0].get("version")), (3, Some("7.29.7")));
        assert_eq!(entries[0].map("dependencies")[0], ("@babel/x".to_string(), "^7.29.7".to_string()));
        assert_eq!(entries[1].line, 9);

        let berry = "__metadata:\n  version: 8\n\n\"a@npm:^1, a@npm:^1.1\":\n  version: 1.2.0\n  dependencies:\n    b: \"npm:^2\"\n  dependenciesMeta:\n    fsevents:\n      optional: true\n  checksum: 10c0/ab\n";
        let (entries, bad) = parse(berry);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(entries[0].keys, ["__metadata"]);
        assert_eq!(entries[1].keys, ["a@npm:^1", "a@npm:^1.1"]);
        assert_eq!(entries[1].map("dependencies"), [("b".to_string(), "npm:^2".to_string())]);
        assert_eq!(
            entries[1].map("dependenciesMeta"),
            [("fsevents/optional".to_string(), "true".to_string())]
        );
        assert_eq!(entries[1].get("checksum"), Some("10c0/ab"));
    }

    #[test]
    fn damage_costs_only_its_line() {
        let (entries, bad) =
            parse("a@1:\n  version \"1\"\n   \"\n      x\nnot a header\nb@2:\n  version \"2\"\n");
        assert_eq!(entries.iter().filter_map(|e| e.get("version")).collect::<Vec<_>>(), ["1", "2"]);
        assert!(!bad.is_empty());
        for hostile in ["\"", ":", "\"\\", "  :", "a:\n  \"", "a:\n    b"] {
            let _ = parse(hostile);
        }
    }
}
