//! Splits the value of an `SPDX-FileCopyrightText:` tag into years and holder.
//!
//! REUSE writes one holder per tag (`2019-2024 Jane Doe <jane@example.com>`), so the holder is
//! everything after the years, minus a "Copyright"/"(c)"/"©" lead-in and a trailing e-mail
//! address. Years are kept as written.

/// Years and holders read from a copyright tag value.
#[derive(Debug, PartialEq)]
pub struct Parts {
    /// As written: `2019`, `2019-2024`, `2019, 2021`.
    pub years: Option<String>,
    /// Empty when the tag names only years.
    pub holders: Vec<String>,
}

/// Reads the years and holder of `value`.
pub fn parts(value: &str) -> Parts {
    let rest = strip_lead_in(value);
    let (years, rest) = split_years(rest);
    let holder = strip_email(strip_lead_in(rest.trim_start_matches([',', ' ', '\t'])));
    Parts {
        years: years.map(str::to_string),
        holders: if holder.is_empty() { Vec::new() } else { vec![holder.to_string()] },
    }
}

/// Drops any of "Copyright", "(c)", "©" (and a colon) in front of the years or holder.
fn strip_lead_in(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        let before = s.len();
        for lead in ["copyright", "(c)", "©", ":"] {
            if s.get(..lead.len()).is_some_and(|head| head.eq_ignore_ascii_case(lead)) {
                s = &s[lead.len()..];
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// The leading run of four-digit years and separators (`2019`, `2019-2024`, `2019, 2021 - 2023`),
/// and what follows it.
fn split_years(s: &str) -> (Option<&str>, &str) {
    let mut end = 0;
    let mut at = 0;
    let bytes = s.as_bytes();
    loop {
        let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits != 4 {
            break;
        }
        at += digits;
        end = at;
        // Separators between years: `-`, `,`, spaces, and the en dash `–`.
        let sep = s[at..]
            .char_indices()
            .find(|(_, c)| !matches!(c, '-' | ',' | ' ' | '–'))
            .map_or(s.len() - at, |(i, _)| i);
        if sep == 0 {
            break;
        }
        at += sep;
    }
    if end == 0 { (None, s) } else { (Some(&s[..end]), &s[end..]) }
}

/// `Jane Doe <jane@example.com>` → `Jane Doe`.
fn strip_email(s: &str) -> &str {
    let s = s.trim();
    match (s.rfind('<'), s.ends_with('>')) {
        (Some(open), true) if s[open..].contains('@') => s[..open].trim(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(years: Option<&str>, holders: &[&str]) -> Parts {
        Parts { years: years.map(str::to_string), holders: holders.iter().map(|h| h.to_string()).collect() }
    }

    #[test]
    fn reuse_style() {
        assert_eq!(parts("2019-2024 Jane Doe <jane@example.com>"), p(Some("2019-2024"), &["Jane Doe"]));
        assert_eq!(parts("2021 The Tokio Authors"), p(Some("2021"), &["The Tokio Authors"]));
    }

    #[test]
    fn lead_ins_and_year_lists() {
        assert_eq!(parts("Copyright (c) 2019, 2021 ACME Inc."), p(Some("2019, 2021"), &["ACME Inc."]));
        assert_eq!(parts("© 2018–2020 Jörg Müller"), p(Some("2018–2020"), &["Jörg Müller"]));
        assert_eq!(
            parts("Copyright: 2020, Free Software Foundation"),
            p(Some("2020"), &["Free Software Foundation"])
        );
    }

    #[test]
    fn holder_without_years_and_years_without_holder() {
        assert_eq!(parts("The Rust Project Developers"), p(None, &["The Rust Project Developers"]));
        assert_eq!(parts("2024"), p(Some("2024"), &[]));
        assert_eq!(parts("12345 Main Street Ltd"), p(None, &["12345 Main Street Ltd"]));
    }
}
