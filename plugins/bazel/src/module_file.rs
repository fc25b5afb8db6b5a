//! `MODULE.bazel` (Starlark): the `bazel_dep(...)` calls a module declares, and the
//! `git_override`/`local_path_override` calls that take a module from elsewhere. Only literal
//! keyword arguments are read (`name = "x"`, `dev_dependency = True`); nothing is evaluated.

/// One `bazel_dep`.
#[derive(Debug, PartialEq, Eq)]
pub struct Dep {
    pub line: u32,
    pub name: String,
    /// The version asked for: under Bazel's minimal version selection, the lowest acceptable.
    pub version: Option<String>,
    pub dev: bool,
}

/// Where an override takes a module from.
#[derive(Debug, PartialEq, Eq)]
pub enum Override {
    Git { remote: String, commit: Option<String> },
    Path(String),
}

/// What a `MODULE.bazel` declares.
#[derive(Debug, Default)]
pub struct ModuleFile {
    pub deps: Vec<Dep>,
    pub overrides: Vec<(String, Override)>,
    /// Calls whose arguments could not be read: `(line, call)`.
    pub unreadable: Vec<(u32, String)>,
}

/// Reads the calls of interest from `text`.
pub fn parse(text: &str) -> ModuleFile {
    let mut file = ModuleFile::default();
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut line = 1u32;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\n' => line = line.saturating_add(1),
            b'#' => {
                // A comment runs to the end of the line.
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
                continue;
            }
            b'"' | b'\'' => {
                let end = string_end(bytes, at);
                line = line.saturating_add(count_lines(&bytes[at..end]));
                at = end;
                continue;
            }
            _ if is_word_start(bytes, at) => {
                let word_end =
                    at + text[at..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(0);
                let word = &text[at..word_end];
                let rest = text[word_end..].trim_start();
                if matches!(word, "bazel_dep" | "git_override" | "local_path_override")
                    && rest.starts_with('(')
                {
                    let open = text.len() - rest.len();
                    match call_args(text, open) {
                        Some((args, close)) => {
                            record(&mut file, word, line, &args);
                            line = line.saturating_add(count_lines(&bytes[at..close]));
                            at = close;
                            continue;
                        }
                        None => {
                            file.unreadable.push((line, word.to_string()));
                            break;
                        }
                    }
                }
                at = word_end.max(at + 1);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    file
}

fn record(file: &mut ModuleFile, call: &str, line: u32, args: &[(String, Arg)]) {
    let string = |key: &str| {
        args.iter().find_map(|(k, v)| match v {
            Arg::Str(s) if k == key => Some(s.clone()),
            _ => None,
        })
    };
    let truthy = |key: &str| args.iter().any(|(k, v)| k == key && *v == Arg::True);
    match call {
        "bazel_dep" => match string("name") {
            Some(name) => file.deps.push(Dep {
                line,
                name,
                version: string("version").filter(|v| !v.is_empty()),
                dev: truthy("dev_dependency"),
            }),
            None => file.unreadable.push((line, call.to_string())),
        },
        "git_override" => match (string("module_name"), string("remote")) {
            (Some(module), Some(remote)) => {
                file.overrides.push((module, Override::Git { remote, commit: string("commit") }))
            }
            _ => file.unreadable.push((line, call.to_string())),
        },
        _ => match (string("module_name"), string("path")) {
            (Some(module), Some(path)) => file.overrides.push((module, Override::Path(path))),
            _ => file.unreadable.push((line, call.to_string())),
        },
    }
}

/// A keyword argument's value, as far as this reader cares.
#[derive(Debug, PartialEq, Eq)]
enum Arg {
    Str(String),
    True,
    Other,
}

/// The keyword arguments of the call whose `(` is at `open`, and the offset after its `)`.
fn call_args(text: &str, open: usize) -> Option<(Vec<(String, Arg)>, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = open;
    let mut pieces = Vec::new();
    let mut start = open + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    pieces.push(text.get(start..at)?);
                    let args = pieces.into_iter().filter_map(keyword).collect();
                    return Some((args, at + 1));
                }
            }
            b',' if depth == 1 => {
                pieces.push(text.get(start..at)?);
                start = at + 1;
            }
            b'"' | b'\'' => {
                at = string_end(bytes, at);
                continue;
            }
            b'#' => {
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    None
}

fn keyword(piece: &str) -> Option<(String, Arg)> {
    let piece = strip_comments(piece);
    let (key, value) = piece.split_once('=')?;
    let value = value.trim().to_string();
    let arg = match value.as_str() {
        "True" => Arg::True,
        v if v.len() >= 2
            && (v.starts_with('"') && v.ends_with('"') || v.starts_with('\'') && v.ends_with('\'')) =>
        {
            v.get(1..v.len() - 1).map_or(Arg::Other, |s| Arg::Str(s.to_string()))
        }
        _ => Arg::Other,
    };
    Some((key.trim().to_string(), arg))
}

fn strip_comments(value: &str) -> String {
    value.lines().map(|l| l.split(" #").next().unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

/// The offset after the string literal starting at `at` (its quote), or the end of the text.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let Some(&quote) = bytes.get(at) else {
        return bytes.len();
    };
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            _ if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_word_start(bytes: &[u8], at: usize) -> bool {
    let Some(&b) = bytes.get(at) else {
        return false;
    };
    let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    (b.is_ascii_alphabetic() || b == b'_')
        && !before.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_' || p == b'.')
}

fn count_lines(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.iter().filter(|&&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deps_overrides_comments_and_strings() {
        let text = "# bazel_dep(name = \"commented\")\nx = \"bazel_dep(name='in a string')\"\nbazel_dep(\n    name = \"rules_go\",  # why\n    version = \"0.46.0\",\n    dev_dependency = True,\n)\n\
                    bazel_dep(name = 'foo', version = '1.0', dev_dependency = False)\n\
                    git_override(module_name = \"foo\", remote = \"https://github.com/x/foo.git\", commit = \"abc\")\n\
                    local_path_override(module_name = \"bar\", path = \"../bar\")\nbazel_dep(version = \"1\")\n";
        let file = parse(text);
        assert_eq!(
            file.deps,
            [
                Dep { line: 3, name: "rules_go".into(), version: Some("0.46.0".into()), dev: true },
                Dep { line: 8, name: "foo".into(), version: Some("1.0".into()), dev: false },
            ]
        );
        assert_eq!(file.overrides.len(), 2);
        assert_eq!(file.unreadable, [(11, "bazel_dep".to_string())]);
        assert_eq!(parse("bazel_dep(name = \"x\"").unreadable.len(), 1);
    }
}
