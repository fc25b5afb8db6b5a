//! Small algebra over canonical expressions: dedupe, combine with correct parentheses, list ids.

use crate::expr::{Expression, parse};

/// `expr` with repeated operands of each `AND`/`OR` removed (first occurrence kept, order
/// stable): `MIT AND MIT` is `MIT`, `(MIT OR ISC) AND (ISC OR MIT)` stays (different order is
/// a different operand). Canonical on output; text that does not parse is returned trimmed.
pub fn simplify(expr: &str) -> String {
    match parse(expr) {
        Ok(parsed) => dedupe(parsed).to_string(),
        Err(_) => expr.trim().to_string(),
    }
}

/// All of `parts` as one expression (`AND`), each parenthesised where its own `OR` needs it,
/// repeats removed, empty parts skipped: `and(&["MIT OR ISC", "Zlib"])` is
/// `(MIT OR ISC) AND Zlib`. A part that does not parse is wrapped in parentheses as written.
pub fn and(parts: &[&str]) -> String {
    combine(parts, true)
}

/// Any of `parts` (`OR`), like [`and`].
pub fn or(parts: &[&str]) -> String {
    combine(parts, false)
}

fn combine(parts: &[&str], all: bool) -> String {
    let parts: Vec<&str> = parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    let parsed: Result<Vec<Expression>, _> = parts.iter().map(|p| parse(p)).collect();
    match parsed {
        Ok(parsed) if !parsed.is_empty() => {
            let joined = if all { Expression::all(parsed) } else { Expression::any(parsed) };
            dedupe(joined).to_string()
        }
        Ok(_) => String::new(),
        Err(_) => {
            let op = if all { " AND " } else { " OR " };
            let wrapped: Vec<String> = parts
                .iter()
                .map(|p| if parts.len() > 1 && p.contains(' ') { format!("({p})") } else { (*p).to_string() })
                .collect();
            wrapped.join(op)
        }
    }
}

/// The licence ids in `expr`, in order of first appearance, each once (`LicenseRef-`s
/// included, exceptions not). Empty when `expr` does not parse.
pub fn licenses(expr: &str) -> Vec<String> {
    let Ok(parsed) = parse(expr) else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for term in parsed.terms() {
        if !out.contains(&term.license) {
            out.push(term.license.clone());
        }
    }
    out
}

fn dedupe(expr: Expression) -> Expression {
    let (parts, all) = match expr {
        Expression::Term(_) => return expr,
        Expression::And(parts) => (parts, true),
        Expression::Or(parts) => (parts, false),
    };
    let mut kept: Vec<Expression> = Vec::new();
    for part in parts.into_iter().map(dedupe) {
        if !kept.contains(&part) {
            kept.push(part);
        }
    }
    // A part that collapsed to the same operator is flattened by `all`/`any`.
    if all { Expression::all(kept) } else { Expression::any(kept) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_dedupes_in_order() {
        for (given, want) in [
            ("MIT AND MIT", "MIT"),
            ("MIT OR Apache-2.0 OR MIT", "MIT OR Apache-2.0"),
            ("Apache-2.0 AND MIT AND Apache-2.0", "Apache-2.0 AND MIT"),
            ("(MIT AND MIT) OR ISC", "MIT OR ISC"),
            ("(MIT OR ISC) AND (MIT OR ISC)", "MIT OR ISC"),
            ("(MIT OR ISC) AND (ISC OR MIT)", "(MIT OR ISC) AND (ISC OR MIT)"),
            ("MIT AND (MIT AND ISC)", "MIT AND ISC"),
            ("mit and MIT", "MIT"),
            ("not an expression ", "not an expression"),
        ] {
            assert_eq!(simplify(given), want, "{given}");
        }
    }

    #[test]
    fn combinators_parenthesise() {
        assert_eq!(and(&["MIT OR ISC", "Zlib"]), "(MIT OR ISC) AND Zlib");
        assert_eq!(and(&["MIT AND ISC", "Zlib"]), "MIT AND ISC AND Zlib");
        assert_eq!(or(&["MIT AND ISC", "Zlib"]), "MIT AND ISC OR Zlib");
        assert_eq!(or(&["MIT OR ISC", "ISC"]), "MIT OR ISC");
        assert_eq!(and(&["MIT", "", "MIT"]), "MIT");
        assert_eq!(and(&[]), "");
        assert_eq!(and(&["MIT", "not valid"]), "MIT AND (not valid)");
    }

    #[test]
    fn licenses_lists_ids_once() {
        assert_eq!(
            licenses("MIT AND (Apache-2.0 WITH LLVM-exception OR MIT OR LicenseRef-x)"),
            ["MIT", "Apache-2.0", "LicenseRef-x"]
        );
        assert!(licenses("MIT OR").is_empty());
    }
}
