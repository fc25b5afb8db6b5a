//! Lax normalisation: licence fields as manifests and notices write them, mapped to a canonical
//! SPDX expression without guessing.
//!
//! In order: npm's `SEE LICENSE IN <file>` becomes the [`crate::convention`] reference to that
//! file; a strict SPDX expression is made canonical; a whole name is resolved (`Apache License,
//! Version 2.0`, `MIT/X11`); otherwise the text is split at `OR`/`or`/`/` (Cargo's legacy
//! syntax), `AND`/`and`/`&`, `WITH`/`with` and parentheses, and each name resolved on its own.
//! A name nothing resolves becomes `LicenseRef-<sanitised text>`, so nothing disappears.

use crate::names::{self, SLASH_NAMES};

/// What [`normalize`] made of a licence text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// A canonical SPDX expression (always valid: [`crate::parse`] accepts it).
    pub expression: String,
    /// The text as given, untrimmed.
    pub raw: String,
    /// True when every licence in `expression` is the one the text names: SPDX ids, and the
    /// conventional `LicenseRef-proprietary` / `LicenseRef-public-domain`. False when part of it
    /// is a `LicenseRef-` made from unrecognised text, a reference to a file whose licence is
    /// not known yet (`SEE LICENSE IN ...`), or a reading a reviewer should confirm (`MIT/X11`).
    pub exact: bool,
}

/// The longest idstring [`sanitize_ref`] keeps: a manifest may hold a whole licence text.
const MAX_REF: usize = 64;

/// Normalises a licence text as written in a manifest or notice. See the module docs.
pub fn normalize(raw: &str) -> Normalized {
    let text = raw.trim();
    let done = |expression: String, exact: bool| Normalized { expression, raw: raw.to_string(), exact };
    if let Some(file) = see_license_in(text) {
        return done(crate::convention::see_file_ref(file), false);
    }
    if let Ok(expression) = crate::canonical(text) {
        return done(expression, true);
    }
    if let Some(resolved) = names::resolve(text) {
        return done(resolved.expression, resolved.exact);
    }
    let tokens = tokenize(text);
    let mut parser = Parser { tokens: &tokens, at: 0, exact: true, resolved_any: false };
    if let Some(expression) = parser.or()
        && parser.at == tokens.len()
        && parser.resolved_any
        && let Ok(expression) = crate::canonical(&expression)
    {
        return done(expression, parser.exact);
    }
    done(sanitize_ref(text), false)
}

/// `LicenseRef-` and `text` made an SPDX idstring (`[A-Za-z0-9.-]+`): other characters (`_`,
/// spaces, `/`) become `-`, runs of `-` one, at most 64 characters; an existing `LicenseRef-`
/// prefix is not doubled. Empty text is `LicenseRef-unknown`.
pub fn sanitize_ref(text: &str) -> String {
    let text = text.trim();
    let text = match text.get(..11) {
        Some(prefix) if prefix.eq_ignore_ascii_case("LicenseRef-") => &text[11..],
        _ => text,
    };
    let mut id = String::new();
    for c in text.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' };
        if !(c == '-' && (id.is_empty() || id.ends_with('-'))) {
            id.push(c);
        }
        if id.len() >= MAX_REF {
            break;
        }
    }
    let id = id.trim_end_matches(['-', '.']);
    if id.is_empty() { "LicenseRef-unknown".to_string() } else { format!("LicenseRef-{id}") }
}

/// npm's `SEE LICENSE IN <file>` (any case): the file.
fn see_license_in(text: &str) -> Option<&str> {
    ["see license in ", "see licence in "].iter().find_map(|lead| {
        let head = text.get(..lead.len())?;
        let file = text[lead.len()..].trim();
        (head.eq_ignore_ascii_case(lead) && !file.is_empty()).then_some(file)
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    With,
    Word(String),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            let token = match word.to_ascii_lowercase().as_str() {
                "and" => Token::And,
                "or" => Token::Or,
                "with" => Token::With,
                _ => Token::Word(word.clone()),
            };
            tokens.push(token);
            word.clear();
        }
    };
    for c in text.chars() {
        let token = match c {
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            '/' => Some(Token::Or),
            '&' => Some(Token::And),
            c if c.is_whitespace() => None,
            c => {
                word.push(c);
                continue;
            }
        };
        flush(&mut word, &mut tokens);
        tokens.extend(token);
    }
    flush(&mut word, &mut tokens);
    // `MIT/X11` and `zlib/libpng` name one licence: join them back.
    let mut joined: Vec<Token> = Vec::new();
    for token in tokens {
        if let (Token::Word(right), [.., Token::Word(left), Token::Or]) = (&token, joined.as_slice()) {
            let pair = format!("{left}/{right}");
            if SLASH_NAMES.contains(&pair.to_ascii_lowercase().as_str()) {
                joined.truncate(joined.len() - 2);
                joined.push(Token::Word(pair));
                continue;
            }
        }
        joined.push(token);
    }
    joined
}

/// Recursive descent over the tokens, SPDX precedence (WITH, then AND, then OR), producing an
/// expression text whose names are resolved or sanitised.
struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    /// Every name resolved exactly.
    exact: bool,
    /// Some name resolved at all: otherwise the whole text is one `LicenseRef-`.
    resolved_any: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Option<String> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Some(parts.join(" OR "))
    }

    fn and(&mut self) -> Option<String> {
        let mut parts = vec![self.with()?];
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            parts.push(self.with()?);
        }
        Some(parts.join(" AND "))
    }

    fn with(&mut self) -> Option<String> {
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let inner = self.or()?;
            if self.peek() != Some(&Token::Close) {
                return None;
            }
            self.at += 1;
            return Some(format!("({inner})"));
        }
        let license = self.words()?;
        if self.peek() != Some(&Token::With) {
            return Some(self.name(&license));
        }
        self.at += 1;
        let exception = self.words()?;
        match (names::resolve(&license), exception_id(&exception)) {
            (Some(resolved), Some(exception)) if !resolved.expression.contains(' ') => {
                self.resolved_any = true;
                self.exact &= resolved.exact;
                Some(format!("{} WITH {exception}", resolved.expression))
            }
            _ => {
                self.exact = false;
                Some(sanitize_ref(&format!("{license} with {exception}")))
            }
        }
    }

    /// Consecutive words: one name.
    fn words(&mut self) -> Option<String> {
        let tokens = self.tokens;
        let mut words = Vec::new();
        while let Some(Token::Word(word)) = tokens.get(self.at) {
            words.push(word.as_str());
            self.at += 1;
        }
        (!words.is_empty()).then(|| words.join(" "))
    }

    fn name(&mut self, name: &str) -> String {
        match names::resolve(name) {
            Some(resolved) => {
                self.resolved_any = true;
                self.exact &= resolved.exact;
                // A resolved name is one term, or an expression of its own (a renamed id).
                if resolved.expression.contains(' ') {
                    format!("({})", resolved.expression)
                } else {
                    resolved.expression
                }
            }
            None => {
                self.exact = false;
                sanitize_ref(name)
            }
        }
    }
}

/// An exception id from its id in any case, or its id without the version when only one
/// version exists (`classpath exception` is `Classpath-exception-2.0`).
fn exception_id(text: &str) -> Option<&'static str> {
    let key = names::name_key(text).replace(' ', "-");
    if let Some(id) = crate::ids::exception(&key) {
        return Some(id);
    }
    let mut found = crate::ids::exceptions().filter(|id| {
        let lower = id.to_ascii_lowercase();
        lower
            .strip_prefix(key.as_str())
            .is_some_and(|rest| rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
    });
    match (found.next(), found.next()) {
        (Some(id), None) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
