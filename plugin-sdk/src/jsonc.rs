//! JSON with comments and trailing commas (JSONC: `bun.lock`, `deno.json`, `tsconfig.json`)
//! made plain JSON for `serde_json`, byte for byte in place: comments and trailing commas become
//! spaces (newlines kept), so byte offsets and line numbers of the result are the input's, and
//! [`crate::json_lines::KeyLines`] or a `serde_json` error line points into the original file.
//!
//! ```
//! use ospo_plugin_sdk::jsonc::to_json;
//! let text = "{\n  // the lockfile\n  \"a\": [1, 2,],\n}";
//! let json = to_json(text);
//! assert_eq!(json.len(), text.len());
//! let value: serde_json::Value = serde_json::from_str(&json).unwrap();
//! assert_eq!(value["a"][1], 2);
//! ```

/// `text` with `//` and `/* */` comments and trailing commas blanked out. Strings are kept as
/// they are (a `//` inside one is not a comment); malformed input is passed through, for the
/// JSON parser to report.
pub fn to_json(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let bytes = text.as_bytes();
    // The last comma seen outside strings and comments, not yet followed by a value.
    let mut pending_comma: Option<usize> = None;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => {
                pending_comma = None;
                at += 1;
                while let Some(&b) = bytes.get(at) {
                    at += 1;
                    match b {
                        b'\\' => at += 1,
                        b'"' => break,
                        _ => {}
                    }
                }
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while let Some(&b) = bytes.get(at) {
                    if b == b'\n' {
                        break;
                    }
                    blank(&mut out, at);
                    at += 1;
                }
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let end = bytes
                    .get(at + 2..)
                    .and_then(|rest| memchr::memmem::find(rest, b"*/"))
                    .map(|i| at + 2 + i + 2);
                let end = end.unwrap_or(bytes.len());
                for i in at..end {
                    blank(&mut out, i);
                }
                at = end;
                continue;
            }
            b',' => pending_comma = Some(at),
            b'}' | b']' => {
                if let Some(comma) = pending_comma.take() {
                    blank(&mut out, comma);
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => pending_comma = None,
        }
        at += 1;
    }
    // Whole characters (of comments) or ASCII commas became spaces: the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Replaces a byte of a comment with a space, keeping newlines. A comment is blanked whole, so
/// every byte of a multi-byte character in it becomes a space and the result stays UTF-8.
fn blank(out: &mut [u8], at: usize) {
    if let Some(b) = out.get_mut(at).filter(|b| **b != b'\n') {
        *b = b' ';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_go_lines_stay() {
        let text = "{\n  \"url\": \"https://x/y\", // a comment with \"quotes\"\n  /* block\n é */ \"list\": [1, 2 ,\n  ],\n  \"o\": {\"k\": \"a,]\",},\n}\n";
        let json = to_json(text);
        assert_eq!(json.len(), text.len());
        assert_eq!(json.lines().count(), text.lines().count());
        let value: serde_json::Value = serde_json::from_str(&json).expect("plain JSON");
        assert_eq!(value["url"], "https://x/y");
        assert_eq!(value["list"], serde_json::json!([1, 2]));
        assert_eq!(value["o"]["k"], "a,]");
    }

    #[test]
    fn malformed_input_passes_through() {
        for hostile in ["", "\"", "/*", "//", "{,}", "[\"\\", ",]", "é/*é"] {
            let _ = to_json(hostile);
        }
        assert_eq!(to_json("{\"a\": 1 2}"), "{\"a\": 1 2}");
    }
}
