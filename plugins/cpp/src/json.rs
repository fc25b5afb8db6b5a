//! Line numbers `serde_json` does not give: where each element of a top-level array starts
//! (the SDK's `KeyLines` records object keys, and a vcpkg dependency or a Conan 2 reference is
//! often a bare string).

/// The 1-based line of each element of the array under the root object's `key`.
pub fn array_element_lines(text: &str, key: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let (mut at, mut line, mut depth) = (0usize, 1u32, 0usize);
    let mut lines = Vec::new();
    // Inside the wanted array: its depth, and whether the next value starts an element.
    let mut target: Option<usize> = None;
    let mut expect_element = false;
    let mut pending_key: Option<String> = None;
    while let Some(&byte) = bytes.get(at) {
        let element_start = |lines: &mut Vec<u32>, expect: &mut bool, depth: usize| {
            if target == Some(depth) && *expect {
                lines.push(line);
                *expect = false;
            }
        };
        match byte {
            b'\n' => line = line.saturating_add(1),
            b'"' => {
                element_start(&mut lines, &mut expect_element, depth);
                let start = at + 1;
                at += 1;
                while let Some(&b) = bytes.get(at) {
                    match b {
                        b'\\' => at += 1,
                        b'"' => break,
                        b'\n' => line = line.saturating_add(1),
                        _ => {}
                    }
                    at += 1;
                }
                let is_key = bytes.get(at + 1..).and_then(|r| r.iter().find(|b| !b.is_ascii_whitespace()))
                    == Some(&b':');
                if depth == 1 && is_key {
                    pending_key = bytes.get(start..at).map(|k| String::from_utf8_lossy(k).into_owned());
                }
            }
            b'[' | b'{' => {
                element_start(&mut lines, &mut expect_element, depth);
                depth += 1;
                if byte == b'[' && depth == 2 && pending_key.as_deref() == Some(key) && target.is_none() {
                    target = Some(depth);
                    expect_element = true;
                }
                pending_key = None;
            }
            b']' | b'}' => {
                if target == Some(depth) {
                    target = None;
                    // An empty array recorded nothing; a finished one is done.
                    if !lines.is_empty() || byte == b']' {
                        return lines;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            b',' => {
                if target == Some(depth) {
                    expect_element = true;
                }
            }
            b' ' | b'\t' | b'\r' | b':' => {}
            _ => element_start(&mut lines, &mut expect_element, depth),
        }
        at += 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_of_a_top_level_array() {
        let text = "{\n  \"other\": [\"x\"],\n  \"dependencies\": [\n    \"icu\",\n    {\n      \"name\": \"curl\",\n      \"features\": [\"icu\"]\n    },\n    \"woff2\"\n  ]\n}";
        assert_eq!(array_element_lines(text, "dependencies"), [4, 5, 9]);
        assert_eq!(array_element_lines(text, "missing"), Vec::<u32>::new());
        assert_eq!(array_element_lines("{\"dependencies\": []}", "dependencies"), Vec::<u32>::new());
        for hostile in ["", "[[[[", "{\"dependencies\": [\"", "\"\\"] {
            let _ = array_element_lines(hostile, "dependencies");
        }
    }
}
