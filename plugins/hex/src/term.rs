//! A tolerant reader for the term syntax `mix.lock` (Elixir) and `rebar.lock` (Erlang) are
//! written in: strings, binaries (`<<"x">>`), atoms (`:a`, `a`, `'a'`), numbers, tuples, lists,
//! maps (`%{k => v}`, `%{"k": v}`, `#{}`) and keyword pairs (`key: value`, read as the tuple
//! `{:key, value}` they stand for). Nothing is evaluated; anything else is an error with its
//! byte offset, and nesting is bounded so hostile input cannot exhaust the stack.

/// A term and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub at: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A string or a binary of one string.
    Str(String),
    Atom(String),
    /// A number, as written.
    Num(String),
    Tuple(Vec<Term>),
    List(Vec<Term>),
    Map(Vec<(Term, Term)>),
}

impl Term {
    /// The text of a string or an atom.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) | Kind::Atom(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Term]> {
        match &self.kind {
            Kind::Tuple(items) | Kind::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value of `key` in a keyword list (`[hex: :jason, optional: true]`).
    pub fn keyword(&self, key: &str) -> Option<&Term> {
        let Kind::List(items) = &self.kind else { return None };
        items.iter().find_map(|item| match &item.kind {
            Kind::Tuple(pair) if pair.len() == 2 && pair.first()?.text() == Some(key) => pair.get(1),
            _ => None,
        })
    }
}

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub at: usize,
    pub message: String,
}

/// Deeper than any lockfile nests; hostile input stops here instead of overflowing the stack.
const MAX_DEPTH: usize = 64;

pub struct Reader<'a> {
    bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { bytes: text.as_bytes(), pos: 0 }
    }

    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos >= self.bytes.len()
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, Error> {
        Err(Error { at: self.pos.min(self.bytes.len()), message: message.into() })
    }

    /// Skips whitespace and comments: `#` (Elixir) and `%` (Erlang, unless it opens `%{`).
    pub fn skip_ws(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' if self.peek_at(1) != Some(b'{') => self.skip_line(),
                b'%' if self.peek_at(1) != Some(b'{') => self.skip_line(),
                _ => break,
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(byte) = self.peek() {
            self.pos += 1;
            if byte == b'\n' {
                break;
            }
        }
    }

    /// Moves to the start of the line after `offset`: where a line-per-entry file resumes.
    pub fn resync_after(&mut self, offset: usize) {
        self.pos = self.pos.max(offset);
        self.skip_line();
    }

    /// Consumes `byte` (after whitespace) when it comes next.
    pub fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `text` (after whitespace) when it comes next.
    pub fn eat_str(&mut self, text: &str) -> bool {
        self.skip_ws();
        if self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(text.as_bytes())) {
            self.pos += text.len();
            true
        } else {
            false
        }
    }

    pub fn term(&mut self) -> Result<Term, Error> {
        self.term_at(0)
    }

    fn term_at(&mut self, depth: usize) -> Result<Term, Error> {
        if depth > MAX_DEPTH {
            return self.error("terms nested too deep");
        }
        self.skip_ws();
        let at = self.pos;
        let kind = match self.peek() {
            None => return self.error("the text ends where a term should be"),
            Some(b'"') => Kind::Str(self.string(b'"')?),
            Some(b'\'') => Kind::Atom(self.string(b'\'')?),
            Some(b'{') => {
                self.pos += 1;
                Kind::Tuple(self.sequence(b'}', depth)?)
            }
            Some(b'[') => {
                self.pos += 1;
                Kind::List(self.sequence(b']', depth)?)
            }
            Some(b'%' | b'#') if self.peek_at(1) == Some(b'{') => {
                self.pos += 2;
                Kind::Map(self.map(depth)?)
            }
            Some(b'<') if self.peek_at(1) == Some(b'<') => {
                self.pos += 2;
                Kind::Str(self.binary()?)
            }
            Some(b':') if self.peek_at(1) == Some(b'"') => {
                self.pos += 1;
                Kind::Atom(self.string(b'"')?)
            }
            Some(b':') if self.peek_at(1).is_some_and(is_ident_start) => {
                self.pos += 1;
                Kind::Atom(self.ident())
            }
            Some(b) if b == b'-' || b.is_ascii_digit() => Kind::Num(self.number()),
            Some(b) if is_ident_start(b) => Kind::Atom(self.ident()),
            Some(b) => return self.error(format!("unexpected `{}`", char::from(b).escape_default())),
        };
        Ok(Term { at, kind })
    }

    /// Elements up to `close`, comma separated (a trailing comma and an Erlang `|` tail are
    /// accepted); `key: value` pairs become two-element tuples.
    fn sequence(&mut self, close: u8, depth: usize) -> Result<Vec<Term>, Error> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Ok(items);
            }
            items.push(self.element(depth + 1)?);
            if !(self.eat(b',') || self.eat(b'|')) {
                if self.eat(close) {
                    return Ok(items);
                }
                return self.error(format!("expected `,` or `{}`", char::from(close)));
            }
        }
    }

    /// A term, or a keyword pair `key: value` / `"key": value`.
    fn element(&mut self, depth: usize) -> Result<Term, Error> {
        let key = self.term_at(depth)?;
        if matches!(key.kind, Kind::Atom(_) | Kind::Str(_))
            && self.peek() == Some(b':')
            && self.peek_at(1).is_none_or(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
            let value = self.term_at(depth)?;
            let at = key.at;
            let key = Term { at, kind: Kind::Atom(key.text().unwrap_or_default().to_string()) };
            return Ok(Term { at, kind: Kind::Tuple(vec![key, value]) });
        }
        Ok(key)
    }

    fn map(&mut self, depth: usize) -> Result<Vec<(Term, Term)>, Error> {
        let mut entries = Vec::new();
        loop {
            if self.eat(b'}') {
                return Ok(entries);
            }
            entries.push(self.map_entry(depth + 1)?);
            if !self.eat(b',') {
                if self.eat(b'}') {
                    return Ok(entries);
                }
                return self.error("expected `,` or `}` in a map");
            }
        }
    }

    /// One `key => value`, `key: value` or `"key": value` entry of a map.
    pub fn map_entry(&mut self, depth: usize) -> Result<(Term, Term), Error> {
        let pair = self.element(depth)?;
        if let Kind::Tuple(items) = &pair.kind
            && let [key, value] = items.as_slice()
            && self.bytes.get(pair.at) != Some(&b'{')
        {
            return Ok((key.clone(), value.clone()));
        }
        if self.eat_str("=>") {
            let value = self.term_at(depth)?;
            return Ok((pair, value));
        }
        self.error("expected `=>` or `:` after a map key")
    }

    fn string(&mut self, quote: u8) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match byte {
                b'\\' => {
                    let escaped = self.peek();
                    self.pos += 1;
                    out.push(match escaped {
                        Some(b'n') => b'\n',
                        Some(b't') => b'\t',
                        Some(b'r') => b'\r',
                        Some(other) => other,
                        None => break,
                    });
                }
                b if b == quote => return Ok(String::from_utf8_lossy(&out).into_owned()),
                b => out.push(b),
            }
        }
        Err(Error { at: start, message: "a string is not closed".to_string() })
    }

    /// `<<"text">>`, `<<>>`, or bytes (kept as written).
    fn binary(&mut self) -> Result<String, Error> {
        self.skip_ws();
        let text = if self.peek() == Some(b'"') { self.string(b'"')? } else { String::new() };
        let start = self.pos;
        while self.bytes.get(self.pos..).is_some_and(|rest| !rest.starts_with(b">>")) {
            if self.pos >= self.bytes.len() {
                break;
            }
            self.pos += 1;
        }
        if self.pos >= self.bytes.len() {
            return Err(Error { at: start, message: "a binary is not closed with `>>`".to_string() });
        }
        self.pos += 2;
        Ok(text)
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'@' | b'?' | b'!'))
        {
            self.pos += 1;
        }
        String::from_utf8_lossy(self.bytes.get(start..self.pos).unwrap_or_default()).into_owned()
    }

    fn number(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'#')) {
            self.pos += 1;
        }
        String::from_utf8_lossy(self.bytes.get(start..self.pos).unwrap_or_default()).into_owned()
    }
}

fn is_ident_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Term, Error> {
        Reader::new(text).term()
    }

    #[test]
    fn elixir_terms() {
        let term =
            read(r#"{:hex, :jason, "1.4.1", [{:decimal, "~> 1.0", [hex: :decimal, optional: true]}]}"#)
                .expect("valid term");
        let items = term.items().expect("a tuple");
        assert_eq!(items.first().and_then(Term::text), Some("hex"));
        assert_eq!(items.get(2).and_then(Term::text), Some("1.4.1"));
        let dep = items.get(3).and_then(Term::items).and_then(|d| d.first()).expect("one dep");
        let opts = dep.items().and_then(|d| d.get(2)).expect("options");
        assert_eq!(opts.keyword("hex").and_then(Term::text), Some("decimal"));
        assert_eq!(opts.keyword("optional").and_then(Term::text), Some("true"));
    }

    #[test]
    fn maps_of_both_languages() {
        let term = read("%{\n  \"a\": {:git, \"u\", \"c\", []},\n  b => 1,\n}").expect("valid map");
        let Kind::Map(entries) = term.kind else { panic!("a map") };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0.text(), Some("a"));
        assert_eq!(entries[0].0.at, 5);
        assert_eq!(entries[1].1.kind, Kind::Num("1".to_string()));
    }

    #[test]
    fn erlang_terms() {
        let term = read("{\"1.2.0\",\n[{<<\"katana_code\">>,{pkg,<<\"katana_code\">>,<<\"2.0.1\">>},0}]}")
            .expect("valid term");
        let pkgs = term.items().and_then(|t| t.get(1)).and_then(Term::items).expect("a list");
        let entry = pkgs.first().and_then(Term::items).expect("an entry");
        assert_eq!(entry.first().and_then(Term::text), Some("katana_code"));
        assert_eq!(entry.get(2).map(|t| &t.kind), Some(&Kind::Num("0".to_string())));
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        for bad in ["", "{", "[1,", "\"open", "<<\"x\"", "{a b}", "%{a}", "@", &"[".repeat(10_000)] {
            assert!(read(bad).is_err(), "{bad:.20}");
        }
    }
}
