//! The line syntax go.mod and go.work share (`golang.org/x/mod/modfile`): a directive is a
//! verb and its arguments on one line, or a `verb (` block whose lines each take the verb;
//! `//` starts a comment; arguments may be quoted with `"` (Go escapes) or backquotes.

/// One directive: its verb, arguments, trailing comment and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub verb: String,
    pub args: Vec<String>,
    /// The text after `//` on that line, trimmed (`indirect` for `// indirect`).
    pub comment: Option<String>,
    pub line: u32,
}

impl Directive {
    /// Whether the comment marks the requirement `// indirect` (`indirect; ...` too, as Go reads it).
    pub fn indirect(&self) -> bool {
        self.comment.as_deref().is_some_and(|c| c == "indirect" || c.starts_with("indirect;"))
    }
}

/// A line that does not parse, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: u32,
    pub message: String,
}

/// Every directive of `text`, and the lines that do not parse (the rest is still read).
pub fn parse(text: &str) -> (Vec<Directive>, Vec<SyntaxError>) {
    let mut directives = Vec::new();
    let mut errors = Vec::new();
    // The open block's verb and the line it opened on.
    let mut block: Option<(String, u32)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let (tokens, comment) = match tokenize(raw) {
            Ok(parts) => parts,
            Err(message) => {
                errors.push(SyntaxError { line, message });
                continue;
            }
        };
        match (&block, tokens.as_slice()) {
            (_, []) => {}
            (Some(_), [close]) if close == ")" => block = None,
            (Some((verb, _)), _) => {
                directives.push(Directive { verb: verb.clone(), args: tokens, comment, line });
            }
            (None, [verb, open]) if open == "(" => block = Some((verb.clone(), line)),
            (None, [verb, open, close]) if open == "(" && close == ")" => {
                let _ = verb; // an empty block declares nothing
            }
            (None, [verb, args @ ..]) => {
                directives.push(Directive { verb: verb.clone(), args: args.to_vec(), comment, line });
            }
        }
    }
    if let Some((verb, line)) = block {
        errors.push(SyntaxError { line, message: format!("the `{verb} (` block is never closed") });
    }
    (directives, errors)
}

/// Splits a line into its tokens and its trailing comment.
fn tokenize(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut tokens = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '/' if line[at..].starts_with("//") => {
                let comment = line[at + 2..].trim();
                return Ok((tokens, Some(comment.to_string())));
            }
            '"' => {
                chars.next();
                let mut token = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, 'n')) => token.push('\n'),
                            Some((_, 't')) => token.push('\t'),
                            Some((_, other)) => token.push(other),
                            None => break,
                        },
                        other => token.push(other),
                    }
                }
                if !closed {
                    return Err("a quoted string is never closed".to_string());
                }
                tokens.push(token);
            }
            '`' => {
                chars.next();
                let rest = &line[at + 1..];
                let Some(end) = rest.find('`') else {
                    return Err("a backquoted string is never closed".to_string());
                };
                tokens.push(rest[..end].to_string());
                // Skip the string and its closing quote.
                while chars.peek().is_some_and(|&(i, _)| i <= at + 1 + end) {
                    chars.next();
                }
            }
            '(' | ')' => {
                chars.next();
                tokens.push(c.to_string());
            }
            _ => {
                let start = at;
                let mut end = line.len();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace()
                        || c == '"'
                        || c == '`'
                        || c == '('
                        || c == ')'
                        || line[i..].starts_with("//")
                    {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(line[start..end].to_string());
            }
        }
    }
    Ok((tokens, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_single_lines_comments_and_quotes() {
        let text = "module \"example.com/m\" // the module\n\ngo 1.22\nrequire (\n\ta v1 // indirect\n\tb v2\n)\n\
                    require c v3\nreplace d => `../d`\nexclude (\n)\n";
        let (directives, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(&str, Vec<&str>, u32, bool)> = directives
            .iter()
            .map(|d| (d.verb.as_str(), d.args.iter().map(String::as_str).collect(), d.line, d.indirect()))
            .collect();
        assert_eq!(
            got,
            [
                ("module", vec!["example.com/m"], 1, false),
                ("go", vec!["1.22"], 3, false),
                ("require", vec!["a", "v1"], 5, true),
                ("require", vec!["b", "v2"], 6, false),
                ("require", vec!["c", "v3"], 8, false),
                ("replace", vec!["d", "=>", "../d"], 9, false),
            ]
        );
        assert_eq!(directives[0].comment.as_deref(), Some("the module"));
    }

    #[test]
    fn broken_lines_are_errors_and_the_rest_is_read() {
        let (directives, errors) = parse("require (\n\t\"a v1\n\tb v2\n");
        assert_eq!(directives.len(), 1);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 1]);
    }
}
