//! Lines of a pretty-printed JSON lockfile's entries, from one cheap pass over its lines.
//!
//! npm, Bun and Deno write their lockfiles indented (two spaces a level), one entry key a line.
//! The SDK's `KeyLines` reads any JSON but decodes every key of the file on the way; a
//! 10,000-package lockfile has ten times as many keys as entries. This index records only keys
//! that start a line, by the key of the object that holds them, and gives way to `KeyLines`
//! when the text is not laid out that way (minified, or hand-written on one line).

use ospo_plugin_sdk::json_lines::KeyLines;
use rustc_hash::FxHashMap;

/// Entry lines by `(parent key, key)`, or the general index for text not laid out by line.
pub enum EntryLines {
    /// Lines by parent key, then key: looked up with borrowed strings, nothing allocated.
    Indented(FxHashMap<String, FxHashMap<String, u32>>),
    General(KeyLines),
}

impl EntryLines {
    /// Indexes keys at most `depth` levels deep in `text` (a key of the root object is at
    /// level 1); `depth` is also how deep the general index goes when it is needed.
    pub fn new(text: &str, depth: usize) -> Self {
        let mut lines: FxHashMap<String, FxHashMap<String, u32>> = FxHashMap::default();
        // The last key seen at each indentation level (2 spaces a level).
        let mut parents: Vec<String> = Vec::new();
        let mut laid_out = false;
        let mut start = 0;
        // memchr's line ends, not `split('\n')`: a lockfile has half a million lines.
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
        for (index, end) in ends.enumerate() {
            let raw = text.get(start..end).unwrap_or_default();
            start = end + 1;
            // Most lines are deeper than wanted: `depth` levels of indentation and one more space.
            if raw.as_bytes().get(..2 * depth + 1).is_some_and(|lead| lead.iter().all(|&b| b == b' ')) {
                continue;
            }
            let indent = raw.bytes().take_while(|&b| b == b' ').count();
            // Deeper lines (most of them) are not wanted: skip them before looking further.
            if indent % 2 != 0 || indent / 2 > depth {
                continue;
            }
            let content = &raw[indent..];
            if !content.starts_with('"') {
                continue;
            }
            let level = indent / 2;
            if level == 0 || level > depth {
                continue;
            }
            let Some(key) = leading_key(content) else { continue };
            laid_out = true;
            parents.truncate(level - 1);
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            // Only the parent's own level: a key two levels below a same-named one is elsewhere.
            if parents.len() == level - 1 {
                let parent = parents.last().map_or("", String::as_str);
                let keys = match lines.get_mut(parent) {
                    Some(keys) => keys,
                    None => lines.entry(parent.to_string()).or_default(),
                };
                keys.entry(key.clone()).or_insert(line);
            }
            while parents.len() < level - 1 {
                parents.push(String::new());
            }
            parents.push(key);
        }
        if laid_out { EntryLines::Indented(lines) } else { EntryLines::General(KeyLines::new(text, depth)) }
    }

    /// The line of `key` in the object held by `parent` (`""` for the root object), where the
    /// general index finds it by the whole path `path` instead.
    pub fn get(&self, parent: &str, key: &str, path: &[&str]) -> Option<u32> {
        match self {
            EntryLines::Indented(lines) => lines.get(parent).and_then(|keys| keys.get(key)).copied(),
            EntryLines::General(lines) => lines.key_line(path),
        }
    }
}

/// The key a line starts with (`"name": ...`), decoded.
fn leading_key(content: &str) -> Option<String> {
    let bytes = content.as_bytes();
    let mut at = 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => at += 2,
            b'"' => break,
            _ => at += 1,
        }
    }
    let raw = content.get(1..at)?;
    let rest = content.get(at + 1..)?.trim_start();
    if !rest.starts_with(':') {
        return None;
    }
    if raw.contains('\\') {
        serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
    } else {
        Some(raw.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_by_parent() {
        let text = "{\n  \"packages\": {\n    \"\": {\n      \"name\": \"a\"\n    },\n    \"node_modules/b\": {\n      \"version\": \"1\"\n    }\n  },\n  \"dependencies\": {\n    \"b\": {}\n  }\n}\n";
        let lines = EntryLines::new(text, 2);
        assert_eq!(lines.get("packages", "", &[]), Some(3));
        assert_eq!(lines.get("packages", "node_modules/b", &[]), Some(6));
        assert_eq!(lines.get("dependencies", "b", &[]), Some(11));
        assert_eq!(lines.get("", "packages", &[]), Some(2));
        assert_eq!(lines.get("packages", "b", &[]), None);
        let minified = "{\"packages\":{\"node_modules/b\":{}}}";
        assert_eq!(
            EntryLines::new(minified, 2).get("packages", "node_modules/b", &["packages", "node_modules/b"]),
            Some(1)
        );
        for hostile in ["", "  \"", "  \"\\", "    \"a\" x", "\n\n      \"deep\": 1"] {
            let _ = EntryLines::new(hostile, 2).get("", "a", &["a"]);
        }
    }
}
