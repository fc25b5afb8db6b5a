//! Blank-line separated records of `Field: value` lines, the shape both package databases use:
//! Debian control syntax (deb822: a line starting with a space or tab continues the field above)
//! and apk's `K:value` lines (no continuations).

/// One record: the line it starts on and its fields in order.
#[derive(Debug, Default)]
pub struct Stanza<'a> {
    /// 1-based line of the record's first field.
    pub line: u32,
    /// `(name, value, line)`; a continued value keeps its line breaks.
    pub fields: Vec<(&'a str, String, u32)>,
}

impl Stanza<'_> {
    /// The first value of field `name` (case-insensitive, as deb822 field names are).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)).map(|(_, v, _)| v.as_str())
    }

    /// Every value of field `name` (apk repeats some keys).
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.fields.iter().filter(move |(n, _, _)| *n == name).map(|(_, v, _)| v.as_str())
    }
}

/// A line that is neither a field nor a continuation: its line number and text.
pub type Stray<'a> = (u32, &'a str);

/// Splits `text` into records. `continuations` says whether indented lines continue a field
/// (deb822) or are stray (apk). Lines that are not `name:value` are returned as strays.
pub fn parse(text: &str, continuations: bool) -> (Vec<Stanza<'_>>, Vec<Stray<'_>>) {
    let mut stanzas = Vec::new();
    let mut strays = Vec::new();
    let mut current = Stanza::default();
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !current.fields.is_empty() {
                stanzas.push(std::mem::take(&mut current));
            }
            continue;
        }
        if continuations && line.starts_with([' ', '\t']) {
            match current.fields.last_mut() {
                Some((_, value, _)) => {
                    value.push('\n');
                    value.push_str(line.trim());
                }
                None => strays.push((line_no, line)),
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                if current.fields.is_empty() {
                    current.line = line_no;
                }
                current.fields.push((name, value.trim().to_string(), line_no));
            }
            _ => strays.push((line_no, line)),
        }
    }
    if !current.fields.is_empty() {
        stanzas.push(current);
    }
    (stanzas, strays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_fields_continuations_and_strays() {
        let text = "Package: a\nDescription: short\n long line\n .\n\n\nPackage: b\ngarbage\nVersion: 1\n";
        let (stanzas, strays) = parse(text, true);
        assert_eq!(stanzas.len(), 2);
        assert_eq!(stanzas[0].get("description"), Some("short\nlong line\n."));
        assert_eq!((stanzas[1].line, stanzas[1].get("Version")), (7, Some("1")));
        assert_eq!(strays, [(8, "garbage")]);
        let (apk, strays) = parse("P:x\nV:1\n indented\n", false);
        assert_eq!((apk.len(), strays.len()), (1, 1));
    }
}
