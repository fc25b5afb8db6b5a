//! Validates a tag's SPDX expression and writes it in canonical form.
//!
//! Parsing is deliberately between the `spdx` crate's strict and lax modes:
//! - **accepted**: deprecated identifiers and `+` on GNU licences (`GPL-2.0`, `GPL-2.0+`). They are
//!   what the SPDX list said for years and what the Linux kernel still writes; rejecting them would
//!   bury real tags under diagnostics. They are rewritten to `GPL-2.0-only` / `GPL-2.0-or-later`.
//! - **accepted**: identifiers in the wrong case (`mit`, `apache-2.0`): the SPDX specification
//!   (annex "SPDX license expressions") says identifiers match case-insensitively. They are
//!   rewritten to the list's spelling.
//! - **rejected**: `/` for `OR` and imprecise names (`Apache 2`, `GPLv3`). A tag is a
//!   machine-readable claim by the author; guessing would hide a mistake the author should fix, so
//!   these become `license-expression-invalid` diagnostics.

use spdx::ParseMode;
use spdx::lexer::{Lexer, Token};

const MODE: ParseMode = ParseMode {
    allow_slash_as_or_operator: false,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
};

/// The canonical form of `raw`, or why it is not a valid SPDX expression.
pub fn canonical(raw: &str) -> Result<String, String> {
    let fixed = fix_identifier_case(raw);
    spdx::Expression::parse_mode(&fixed, MODE).map_err(|e| reason_with_term(&e))?;
    let mut out = String::with_capacity(fixed.len());
    let mut pending: Option<spdx::LicenseId> = None;
    for token in Lexer::new_mode(&fixed, MODE) {
        let token = token.map_err(|e| reason_with_term(&e))?.token;
        if let Token::Plus = token {
            if let Some(id) = pending.take() {
                push_term(&mut out, &or_later(id));
            }
            continue;
        }
        if let Some(id) = pending.take() {
            push_term(&mut out, &only(id));
        }
        match token {
            Token::Spdx(id) => pending = Some(id),
            Token::Exception(exception) => push_term(&mut out, exception.name),
            Token::And => push_term(&mut out, "AND"),
            Token::Or => push_term(&mut out, "OR"),
            Token::With => push_term(&mut out, "WITH"),
            Token::OpenParen => push_term(&mut out, "("),
            Token::CloseParen => out.push(')'),
            Token::LicenseRef { doc_ref, lic_ref } => {
                push_term(&mut out, &reference(doc_ref, "LicenseRef-", lic_ref));
            }
            Token::AdditionRef { doc_ref, add_ref } => {
                push_term(&mut out, &reference(doc_ref, "AdditionRef-", add_ref));
            }
            Token::Plus => {}
        }
    }
    if let Some(id) = pending {
        push_term(&mut out, &only(id));
    }
    Ok(out)
}

/// Appends a term with one space before it, none after `(`.
fn push_term(out: &mut String, term: &str) {
    if !out.is_empty() && !out.ends_with('(') {
        out.push(' ');
    }
    out.push_str(term);
}

fn reference(doc_ref: Option<&str>, kind: &str, name: &str) -> String {
    match doc_ref {
        Some(doc) => format!("DocumentRef-{doc}:{kind}{name}"),
        None => format!("{kind}{name}"),
    }
}

/// A bare GNU identifier (`GPL-2.0`, deprecated) means "only this version".
fn only(id: spdx::LicenseId) -> String {
    if id.is_gnu()
        && !has_gnu_suffix(id.name)
        && let Some(only) = spdx::gnu_license_id(id.name, false)
    {
        return only.name.to_string();
    }
    id.name.to_string()
}

/// `+` means "this version or later"; GNU licences spell that `-or-later`.
fn or_later(id: spdx::LicenseId) -> String {
    if id.is_gnu() {
        let base = id.name.trim_end_matches("-only");
        if let Some(later) = spdx::gnu_license_id(base, true) {
            return later.name.to_string();
        }
    }
    format!("{}+", id.name)
}

fn has_gnu_suffix(name: &str) -> bool {
    name.ends_with("-only") || name.ends_with("-or-later")
}

/// Rewrites identifiers written in the wrong case to the SPDX list's spelling, leaving operators
/// (which are case-sensitive) and everything unknown for the parser to judge.
fn fix_identifier_case(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut word = String::new();
    for c in raw.chars().chain(std::iter::once(' ')) {
        if c.is_whitespace() || c == '(' || c == ')' {
            out.push_str(&fix_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.pop();
    out
}

fn fix_word(word: &str) -> String {
    let (stem, plus) = match word.strip_suffix('+') {
        Some(stem) => (stem, "+"),
        None => (word, ""),
    };
    let known = spdx::license_id(stem).is_some() || spdx::exception_id(stem).is_some();
    if stem.is_empty() || known || ["AND", "OR", "WITH", "and", "or", "with"].contains(&stem) {
        return word.to_string();
    }
    let listed = spdx::identifiers::LICENSES
        .iter()
        .map(|(name, ..)| *name)
        .chain(spdx::identifiers::EXCEPTIONS.iter().map(|(name, _)| *name))
        .find(|name| name.eq_ignore_ascii_case(stem));
    match listed {
        Some(name) => format!("{name}{plus}"),
        None => word.to_string(),
    }
}

/// The parser's reason, naming the offending part of the expression.
fn reason_with_term(error: &spdx::ParseError) -> String {
    let term = error.original.get(error.span.clone()).unwrap_or_default().trim();
    if term.is_empty() { error.reason.to_string() } else { format!("{} (`{term}`)", error.reason) }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn keeps_canonical_expressions() {
        for expr in [
            "MIT",
            "MIT OR Apache-2.0",
            "Apache-2.0 WITH LLVM-exception",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "LicenseRef-Acme-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "Apache-1.0+",
        ] {
            assert_eq!(canonical(expr).as_deref(), Ok(expr));
        }
    }

    #[test]
    fn normalises_spacing_case_and_gnu_suffixes() {
        assert_eq!(
            canonical("  ( mit  or apache-2.0 )and Zlib").as_deref(),
            Ok("(MIT OR Apache-2.0) AND Zlib")
        );
        assert_eq!(canonical("GPL-2.0").as_deref(), Ok("GPL-2.0-only"));
        assert_eq!(canonical("GPL-2.0+").as_deref(), Ok("GPL-2.0-or-later"));
        assert_eq!(canonical("LGPL-2.1+ OR MIT").as_deref(), Ok("LGPL-2.1-or-later OR MIT"));
        assert_eq!(
            canonical("GPL-2.0 WITH linux-syscall-note").as_deref(),
            Ok("GPL-2.0-only WITH Linux-syscall-note")
        );
    }

    #[test]
    fn deprecated_identifiers_that_are_not_bare_gnu_names_stay_as_written() {
        for expr in ["GPL-2.0-with-classpath-exception", "wxWindows", "eCos-2.0"] {
            assert_eq!(canonical(expr).as_deref(), Ok(expr));
        }
        assert_eq!(canonical("AGPL-3.0").as_deref(), Ok("AGPL-3.0-only"));
        assert_eq!(canonical("LGPL-2.0+").as_deref(), Ok("LGPL-2.0-or-later"));
    }

    #[test]
    fn rejects_what_is_not_spdx() {
        for expr in
            ["", "Apache 2", "MIT/Apache-2.0", "GPLv3", "MIT OR", "(MIT", "MIT AND AND Zlib", "MIT WITH Zlib"]
        {
            assert!(canonical(expr).is_err(), "{expr:?} should be invalid");
        }
    }

    #[test]
    fn error_names_the_term() {
        let err = canonical("MIT OR Foo-1.0").expect_err("unknown licence");
        assert!(err.contains("Foo-1.0"), "{err}");
    }
}
