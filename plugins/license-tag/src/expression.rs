//! Validates a tag's SPDX expression and writes it in canonical form.
//!
//! Parsing and the canonical text are the SDK's ([`ospo_plugin_sdk::expression`], shared with
//! the host and every plugin):
//! - **accepted**: deprecated identifiers and `+` on GNU licences (`GPL-2.0`, `GPL-2.0+`). They are
//!   what the SPDX list said for years and what the Linux kernel still writes; rejecting them would
//!   bury real tags under diagnostics. They are rewritten to `GPL-2.0-only` / `GPL-2.0-or-later`.
//! - **accepted**: identifiers in the wrong case (`mit`, `apache-2.0`): the SPDX specification
//!   (annex "SPDX license expressions") says identifiers match case-insensitively. They are
//!   rewritten to the list's spelling.
//! - **rejected**: `/` for `OR` and imprecise names (`Apache 2`, `GPLv3`). A tag is a
//!   machine-readable claim by the author; guessing would hide a mistake the author should fix, so
//!   these become `license-expression-invalid` diagnostics.
//!
//! What is this plugin's own: a tag's operators must be `AND`/`OR`/`WITH` in upper or lower case
//! (`And` is a typo the author should see), and `LicenseRef-`/`DocumentRef-`/`AdditionRef-` must
//! be spelled as SPDX spells them. The SDK accepts both in any case, as manifests need.

use ospo_plugin_sdk::expression::{self, ExprError};

/// The canonical form of `raw`, or why it is not a valid SPDX expression.
pub fn canonical(raw: &str) -> Result<String, String> {
    tag_spelling(raw)?;
    expression::canonical(raw).map_err(|e| reason_with_term(&e))
}

/// Operators and reference prefixes as a tag must write them (see the module docs).
fn tag_spelling(raw: &str) -> Result<(), String> {
    let words = raw.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|w| !w.is_empty());
    for word in words {
        let upper = word.to_ascii_uppercase();
        if matches!(upper.as_str(), "AND" | "OR" | "WITH")
            && word != upper
            && word != upper.to_ascii_lowercase()
        {
            return Err(format!("unknown term (`{word}`)"));
        }
        for part in word.split(':') {
            for prefix in ["LicenseRef-", "DocumentRef-", "AdditionRef-"] {
                let written = part.get(..prefix.len());
                if written.is_some_and(|w| w.eq_ignore_ascii_case(prefix) && w != prefix) {
                    return Err(format!("unknown term (`{word}`)"));
                }
            }
        }
    }
    Ok(())
}

/// The parser's reason, naming the offending part of the expression.
fn reason_with_term(error: &ExprError) -> String {
    let term = error.expression.get(error.span.clone()).unwrap_or_default().trim();
    if term.is_empty() { error.reason.clone() } else { format!("{} (`{term}`)", error.reason) }
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
        assert_eq!(canonical("AGPL-3.0").as_deref(), Ok("AGPL-3.0-only"));
        assert_eq!(canonical("LGPL-2.0+").as_deref(), Ok("LGPL-2.0-or-later"));
    }

    /// The SDK's canonical form: parentheses only where precedence needs them, renamed
    /// deprecated ids in their current spelling (the finding's `raw` keeps what was written).
    #[test]
    fn canonical_is_the_sdk_canonical() {
        assert_eq!(canonical("(GPL-2.0 OR MIT)").as_deref(), Ok("GPL-2.0-only OR MIT"));
        assert_eq!(canonical("(MIT AND ISC) OR Zlib").as_deref(), Ok("MIT AND ISC OR Zlib"));
        assert_eq!(
            canonical("GPL-2.0-with-classpath-exception").as_deref(),
            Ok("GPL-2.0-only WITH Classpath-exception-2.0")
        );
    }

    #[test]
    fn rejects_what_is_not_spdx() {
        for expr in [
            "",
            "Apache 2",
            "MIT/Apache-2.0",
            "GPLv3",
            "MIT OR",
            "(MIT",
            "MIT AND AND Zlib",
            "MIT WITH Zlib",
            "MIT And ISC",
            "licenseref-acme",
        ] {
            assert!(canonical(expr).is_err(), "{expr:?} should be invalid");
        }
    }

    #[test]
    fn error_names_the_term() {
        let err = canonical("MIT OR Foo-1.0").expect_err("unknown licence");
        assert!(err.contains("Foo-1.0"), "{err}");
    }
}
