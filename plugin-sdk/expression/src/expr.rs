//! Strict SPDX expressions: parsing (through the `spdx` crate), the tree, and the canonical text.

use std::fmt;

use spdx::expression::{ExprNode, Operator};
use spdx::{AdditionItem, LicenseItem, LicenseReq, ParseMode};

/// Why a text is not an SPDX expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid licence expression `{expression}`: {reason} (at byte {})", span.start)]
pub struct ExprError {
    /// The text as given.
    pub expression: String,
    /// Byte range of the offending part.
    pub span: std::ops::Range<usize>,
    /// What is wrong, in words.
    pub reason: String,
}

/// One licence, optionally `WITH` an exception: the leaf of an [`Expression`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Term {
    /// The canonical id: an SPDX id (`GPL-2.0-or-later`, `MPL-1.1+` keeps its `+`), a
    /// `LicenseRef-...` or a `DocumentRef-...:LicenseRef-...`.
    pub license: String,
    /// The exception id (`LLVM-exception`) or `AdditionRef-...`, when there is one.
    pub exception: Option<String>,
}

/// A parsed SPDX expression. [`fmt::Display`] writes the canonical text: listed id case,
/// current ids for deprecated ones, single spaces, and only the parentheses SPDX precedence
/// needs (`AND` binds tighter than `OR`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expression {
    /// A single licence.
    Term(Term),
    /// All of these, two or more, none itself an `And`.
    And(Vec<Expression>),
    /// Any one of these, two or more, none itself an `Or`.
    Or(Vec<Expression>),
}

/// SPDX 2.3 syntax: ids of the licence list (any case, deprecated ones included), `LicenseRef-`,
/// `DocumentRef-`, `WITH`, and `+` (GNU licences too: `GPL-2.0+` is the deprecated spelling
/// of `GPL-2.0-or-later`). No `/`, no guessed names: that is [`crate::normalize`].
const MODE: ParseMode = ParseMode {
    allow_slash_as_or_operator: false,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
};

/// Parses a strict SPDX expression.
pub fn parse(text: &str) -> Result<Expression, ExprError> {
    let fixed = fix_case(text);
    let parsed = spdx::Expression::parse_mode(&fixed, MODE).map_err(|e| ExprError {
        expression: text.to_string(),
        span: e.span.clone(),
        reason: e.reason.to_string(),
    })?;
    let broken = || ExprError {
        expression: text.to_string(),
        span: 0..text.len(),
        reason: "operator without operands".to_string(),
    };
    let mut stack: Vec<Expression> = Vec::new();
    for node in parsed.iter() {
        match node {
            ExprNode::Req(req) => stack.push(Expression::Term(term_of(&req.req))),
            ExprNode::Op(op) => {
                let right = stack.pop().ok_or_else(broken)?;
                let left = stack.pop().ok_or_else(broken)?;
                stack.push(match op {
                    Operator::And => Expression::all([left, right]),
                    Operator::Or => Expression::any([left, right]),
                });
            }
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (Some(expression), true) => Ok(expression),
        _ => Err(broken()),
    }
}

/// Checks that `text` is a strict SPDX expression.
pub fn validate(text: &str) -> Result<(), ExprError> {
    parse(text).map(drop)
}

/// The canonical text of a strict SPDX expression: `mit or gpl-2.0+` is
/// `MIT OR GPL-2.0-or-later`, `(MIT)` is `MIT`.
pub fn canonical(text: &str) -> Result<String, ExprError> {
    parse(text).map(|e| e.to_string())
}

impl Expression {
    /// All of `parts` (`AND`), flattening nested `AND`s; one part is itself.
    pub fn all(parts: impl IntoIterator<Item = Expression>) -> Expression {
        Self::join(parts, true)
    }

    /// Any of `parts` (`OR`), flattening nested `OR`s; one part is itself.
    pub fn any(parts: impl IntoIterator<Item = Expression>) -> Expression {
        Self::join(parts, false)
    }

    fn join(parts: impl IntoIterator<Item = Expression>, and: bool) -> Expression {
        let mut flat = Vec::new();
        for part in parts {
            match (part, and) {
                (Expression::And(inner), true) | (Expression::Or(inner), false) => flat.extend(inner),
                (other, _) => flat.push(other),
            }
        }
        match (flat.len(), and) {
            (1, _) => flat.pop().unwrap_or_else(|| Expression::And(Vec::new())),
            (_, true) => Expression::And(flat),
            (_, false) => Expression::Or(flat),
        }
    }

    /// The terms, left to right, repeats included.
    pub fn terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        self.collect_terms(&mut out);
        out
    }

    fn collect_terms<'a>(&'a self, out: &mut Vec<&'a Term>) {
        match self {
            Expression::Term(term) => out.push(term),
            Expression::And(parts) | Expression::Or(parts) => {
                parts.iter().for_each(|p| p.collect_terms(out));
            }
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.license)?;
        match &self.exception {
            Some(exception) => write!(f, " WITH {exception}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (parts, op) = match self {
            Expression::Term(term) => return term.fmt(f),
            Expression::And(parts) => (parts, " AND "),
            Expression::Or(parts) => (parts, " OR "),
        };
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(op)?;
            }
            // Only an OR inside an AND needs parentheses; AND binds tighter.
            if matches!((self, part), (Expression::And(_), Expression::Or(_))) {
                write!(f, "({part})")?;
            } else {
                write!(f, "{part}")?;
            }
        }
        Ok(())
    }
}

/// Puts ids, operators and ref prefixes into their listed case, byte for byte the same length
/// (all ASCII), so the `spdx` parser's error spans still point into the caller's text.
fn fix_case(text: &str) -> String {
    let is_token = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_token) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(|c: char| !is_token(c)).unwrap_or(tail.len());
        out.push_str(&fix_token(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn fix_token(token: &str) -> String {
    let upper = token.to_ascii_uppercase();
    if matches!(upper.as_str(), "AND" | "OR" | "WITH") {
        return upper;
    }
    if let Some(id) = crate::ids::license(token).or_else(|| crate::ids::exception(token)) {
        return id.to_string();
    }
    // `documentref-x:licenseref-y`: fix each prefix, keep the user's idstring.
    token
        .split(':')
        .map(|part| {
            for prefix in ["DocumentRef-", "LicenseRef-", "AdditionRef-"] {
                if part.len() >= prefix.len() && part[..prefix.len()].eq_ignore_ascii_case(prefix) {
                    return format!("{prefix}{}", &part[prefix.len()..]);
                }
            }
            part.to_string()
        })
        .collect::<Vec<_>>()
        .join(":")
}

fn term_of(req: &LicenseReq) -> Term {
    let exception = req.addition.as_ref().map(|a| match a {
        AdditionItem::Spdx(id) => id.name.to_string(),
        AdditionItem::Other { doc_ref, add_ref } => with_doc(doc_ref.as_deref(), "AdditionRef-", add_ref),
    });
    match &req.license {
        LicenseItem::Other { doc_ref, lic_ref } => {
            Term { license: with_doc(doc_ref.as_deref(), "LicenseRef-", lic_ref), exception }
        }
        LicenseItem::Spdx { id, or_later } => {
            let (license, implied) = current_id(*id, *or_later);
            match (implied, exception) {
                (Some(implied), None) => Term { license, exception: Some(implied.to_string()) },
                // A deprecated `-with-exception` id given another exception: keep it as written.
                (Some(_), Some(given)) => Term { license: plus(id.name, *or_later), exception: Some(given) },
                (None, exception) => Term { license, exception },
            }
        }
    }
}

fn with_doc(doc_ref: Option<&str>, prefix: &str, id: &str) -> String {
    match doc_ref {
        Some(doc) => format!("DocumentRef-{doc}:{prefix}{id}"),
        None => format!("{prefix}{id}"),
    }
}

fn plus(id: &str, or_later: bool) -> String {
    if or_later { format!("{id}+") } else { id.to_string() }
}

/// The current spelling of a listed id: GNU ids always with `-only` or `-or-later`, renamed
/// deprecated ids by [`crate::deprecated`]. Returns the exception a renamed id implies.
fn current_id(id: spdx::LicenseId, or_later: bool) -> (String, Option<&'static str>) {
    if let Some((new, exception)) = crate::deprecated::renamed(id.name) {
        let new = match (or_later, new.strip_suffix("-only")) {
            (true, Some(base)) => format!("{base}-or-later"),
            _ => new.to_string(),
        };
        return (new, exception);
    }
    if id.is_gnu() {
        let (base, later) = match (id.name.strip_suffix("-only"), id.name.strip_suffix("-or-later")) {
            (Some(base), _) => (base, or_later),
            (_, Some(base)) => (base, true),
            _ => (id.name, or_later),
        };
        let suffix = if later { "-or-later" } else { "-only" };
        if let Some(current) = spdx::license_id(&format!("{base}{suffix}")) {
            return (current.name.to_string(), None);
        }
    }
    (plus(id.name, or_later), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let cases = [
            ("MIT", "MIT"),
            ("mit", "MIT"),
            ("  MIT   OR  Apache-2.0 ", "MIT OR Apache-2.0"),
            ("mit or apache-2.0", "MIT OR Apache-2.0"),
            ("(MIT)", "MIT"),
            ("((MIT OR ISC))", "MIT OR ISC"),
            ("MIT AND (ISC OR Zlib)", "MIT AND (ISC OR Zlib)"),
            ("(MIT AND ISC) OR Zlib", "MIT AND ISC OR Zlib"),
            ("MIT OR (ISC OR Zlib)", "MIT OR ISC OR Zlib"),
            ("GPL-2.0+", "GPL-2.0-or-later"),
            ("GPL-2.0", "GPL-2.0-only"),
            ("LGPL-2.1+", "LGPL-2.1-or-later"),
            ("GPL-3.0-or-later", "GPL-3.0-or-later"),
            ("AGPL-3.0", "AGPL-3.0-only"),
            ("GFDL-1.3", "GFDL-1.3-only"),
            ("MPL-1.1+", "MPL-1.1+"),
            ("Apache-2.0 with llvm-exception", "Apache-2.0 WITH LLVM-exception"),
            ("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0"),
            ("eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0"),
            ("BSD-2-Clause-FreeBSD", "BSD-2-Clause"),
            ("StandardML-NJ", "SMLNJ"),
            ("licenseref-acme-1.0", "LicenseRef-acme-1.0"),
            (
                "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
                "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            ),
            ("Net-SNMP", "Net-SNMP"),
        ];
        for (given, want) in cases {
            assert_eq!(canonical(given).as_deref(), Ok(want), "{given}");
        }
    }

    #[test]
    fn invalid_expressions_are_errors() {
        for given in
            ["", "MIT OR", "MIT AND AND ISC", "(MIT", "MIT)", "Apache 2", "MIT/Apache-2.0", "NOPE", "MIT +"]
        {
            assert!(parse(given).is_err(), "{given} parsed");
        }
        let err = parse("MIT OR NOPE").err();
        assert_eq!(err.as_ref().map(|e| e.span.clone()), Some(7..11));
    }

    #[test]
    fn terms_in_order() {
        let expr = parse("MIT AND (Apache-2.0 WITH LLVM-exception OR MIT)").expect("valid");
        let ids: Vec<_> = expr.terms().iter().map(|t| t.to_string()).collect();
        assert_eq!(ids, ["MIT", "Apache-2.0 WITH LLVM-exception", "MIT"]);
    }
}
