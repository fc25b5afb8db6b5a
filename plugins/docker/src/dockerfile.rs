//! A Dockerfile's instructions: continuation lines joined (the escape character is `\`, or the
//! one an `# escape=` parser directive chooses), comments and blank lines dropped, each
//! instruction with the line it starts on.

/// One instruction: keyword upper-cased, its arguments with continuations joined by spaces.
#[derive(Debug, PartialEq, Eq)]
pub struct Instruction {
    pub line: u32,
    pub keyword: String,
    pub args: String,
}

/// Splits `text` into instructions.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let escape = escape_directive(text);
    let mut out = Vec::new();
    let mut current: Option<Instruction> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim();
        // Comment lines end nothing: they may sit inside a continued instruction.
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_none()) {
            continue;
        }
        let (body, continues) = match trimmed.strip_suffix(escape) {
            Some(body) => (body.trim_end(), true),
            None => (trimmed, false),
        };
        match current.as_mut() {
            Some(open) => {
                if !body.is_empty() {
                    open.args.push(' ');
                    open.args.push_str(body);
                }
            }
            None => {
                let (keyword, args) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
                current = Some(Instruction {
                    line: line_no,
                    keyword: keyword.to_ascii_uppercase(),
                    args: args.trim().to_string(),
                });
            }
        }
        if !continues {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// `# escape=`` ` among the parser directives at the top (before any other line).
fn escape_directive(text: &str) -> char {
    for line in text.lines() {
        let Some(directive) = line.trim().strip_prefix('#') else {
            break;
        };
        if let Some((key, value)) = directive.split_once('=') {
            if key.trim().eq_ignore_ascii_case("escape") {
                return value.trim().chars().next().unwrap_or('\\');
            }
        } else {
            break;
        }
    }
    '\\'
}

/// Replaces `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` from `vars`; `Err` with
/// the first name that has no value (and no default).
pub fn substitute(text: &str, vars: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        if chars.peek().map(|&(_, c)| c) == Some('{') {
            chars.next();
            let mut inner = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if c == '}' {
                    closed = true;
                    break;
                }
                inner.push(c);
            }
            if !closed {
                return Err(format!("${{{inner}"));
            }
            let (name, modifier) = match inner.split_once(':') {
                Some((name, modifier)) => (name, Some(modifier)),
                None => (inner.as_str(), None),
            };
            let value = vars(name).filter(|v| !v.is_empty());
            match (modifier.and_then(|m| m.get(..1)), modifier.and_then(|m| m.get(1..))) {
                (Some("-"), Some(default)) => out.push_str(&value.unwrap_or_else(|| default.to_string())),
                (Some("+"), Some(alt)) => out.push_str(if value.is_some() { alt } else { "" }),
                _ => out.push_str(&value.ok_or_else(|| name.to_string())?),
            }
        } else {
            let mut name = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    name.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            if name.is_empty() {
                out.push('$');
            } else {
                out.push_str(&vars(&name).ok_or(name)?);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_comments_and_escape() {
        let got = instructions("FROM a \\\n  # note\n  AS b\n\nrun x\n");
        assert_eq!(got[0], Instruction { line: 1, keyword: "FROM".into(), args: "a AS b".into() });
        assert_eq!((got[1].line, got[1].keyword.as_str()), (5, "RUN"));
        let windows = instructions("# escape=`\nFROM mcr.microsoft.com/windows `\n  AS base\n");
        assert_eq!(windows[0].args, "mcr.microsoft.com/windows AS base");
    }

    #[test]
    fn variables() {
        let vars = |name: &str| (name == "V").then(|| "1.2".to_string());
        assert_eq!(substitute("go:${V}-alpine", &vars).as_deref(), Ok("go:1.2-alpine"));
        assert_eq!(substitute("go:$V", &vars).as_deref(), Ok("go:1.2"));
        assert_eq!(substitute("x:${W:-3}", &vars).as_deref(), Ok("x:3"));
        assert_eq!(substitute("x${V:+-slim}", &vars).as_deref(), Ok("x-slim"));
        assert_eq!(substitute("bin-$TARGETOS", &vars), Err("TARGETOS".to_string()));
        assert_eq!(substitute("x${V", &vars), Err("${V".to_string()));
    }
}
