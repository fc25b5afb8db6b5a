//! Lines of YAML mapping keys: `serde_yaml_ng` gives values, not where they are. Pub writes
//! block style only (`packages:` at column 0, one entry per key indented below it), so a line
//! scan finds each child key of a top-level section; flow style or anchors are not looked for.

use std::collections::HashMap;

/// The 1-based line of each key directly under the top-level key `section`.
pub fn child_key_lines(text: &str, section: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut inside = false;
    let mut child_indent = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let content = raw.trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        if indent == 0 {
            inside = key_of(trimmed).is_some_and(|k| k == section);
            child_indent = None;
            continue;
        }
        if !inside {
            continue;
        }
        let child = *child_indent.get_or_insert(indent);
        if indent == child
            && let Some(key) = key_of(trimmed)
        {
            lines.entry(key).or_insert(line);
        }
    }
    lines
}

/// The key of a `key:` or `key: value` line, unquoted.
fn key_of(line: &str) -> Option<String> {
    let (key, rest) = if let Some(quoted) = line.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], &quoted[end + 1..])
    } else if let Some(quoted) = line.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let end = line.find(':')?;
        (&line[..end], &line[end..])
    };
    (rest.starts_with(':') && (rest.len() == 1 || rest[1..].starts_with([' ', '\t'])))
        .then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_under_a_section() {
        let text = "# c\npackages:\n  args:\n    dependency: transitive\n  \"quoted\":\n    x: 1\n\n  # note\n  path: {}\nsdks:\n  dart: \">=3\"\n";
        let lines = child_key_lines(text, "packages");
        assert_eq!(lines.get("args"), Some(&3));
        assert_eq!(lines.get("quoted"), Some(&5));
        assert_eq!(lines.get("path"), Some(&9));
        assert_eq!(lines.get("dependency"), None, "deeper keys are not children");
        assert_eq!(lines.get("dart"), None, "another section");
        assert_eq!(child_key_lines(text, "sdks").get("dart"), Some(&11));
        assert!(child_key_lines("packages: {a: 1}\n\"x", "packages").is_empty());
    }
}
