//! PEP 508 dependency specifiers (`name[extra]>=1.0,<2; python_version < "3.11"`,
//! `name @ https://...`), as every format but conda's writes them, and Poetry's older
//! `name (>=1.0)` form. Lax on purpose: a specifier that is not valid PEP 508 but still names a
//! distribution gives that name, and only a missing name is an error.

/// One dependency specifier, split into its parts, each trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Requirement {
    /// As written (not normalised).
    pub name: String,
    pub extras: Vec<String>,
    /// The version specifier without parentheses (`>=1.0,<2`), empty when there is none.
    pub spec: String,
    /// A direct reference (`name @ URL`).
    pub url: Option<String>,
    /// The environment marker after `;`.
    pub marker: Option<String>,
}

impl Requirement {
    /// The exact version a `==X` / `===X` specifier pins (no wildcard, no second clause).
    pub fn pinned(&self) -> Option<&str> {
        pinned_version(&self.spec)
    }

    /// True when the marker only holds for an extra (`extra == "socks"`).
    pub fn needs_extra(&self) -> bool {
        self.marker.as_deref().is_some_and(|m| m.contains("extra"))
    }
}

/// The version `spec` pins exactly, if it does: `==1.2.3`, `=== 1.2.3`.
pub fn pinned_version(spec: &str) -> Option<&str> {
    let spec = spec.trim();
    let version = spec.strip_prefix("===").or_else(|| spec.strip_prefix("=="))?.trim();
    let exact = !version.is_empty()
        && !version.contains([',', '*', ' ', ';', '<', '>', '=', '!', '~'])
        && version.bytes().all(|b| b.is_ascii_graphic());
    exact.then_some(version)
}

/// Splits a specifier; `None` when it does not start with a distribution name.
pub fn parse(text: &str) -> Option<Requirement> {
    let text = text.trim();
    let (body, marker) = split_marker(text);
    let name_end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(body.len());
    let name = body[..name_end].trim_end_matches(['.', '_', '-']);
    if name.is_empty() || !crate::names::is_valid(name) {
        return None;
    }
    let mut rest = body[name.len()..].trim_start();
    let mut extras = Vec::new();
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        extras =
            inner[..close].split(',').map(str::trim).filter(|e| !e.is_empty()).map(str::to_string).collect();
        rest = inner[close + 1..].trim_start();
    }
    let mut url = None;
    let mut spec = String::new();
    if let Some(reference) = rest.strip_prefix('@') {
        url = Some(reference.trim().to_string()).filter(|u| !u.is_empty());
    } else {
        // A version specifier starts with an operator; anything else is not PEP 508.
        if !rest.is_empty() && !rest.starts_with(['(', '<', '>', '=', '!', '~']) {
            return None;
        }
        let inner = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
        spec = inner.split_whitespace().collect::<Vec<_>>().join("");
    }
    Some(Requirement { name: name.to_string(), extras, spec, url, marker })
}

/// Splits off the marker at the first `;` outside quotes. A direct URL may hold `;` only when
/// followed by no whitespace, so PEP 508 requires ` ;` there; both readings agree on real files.
fn split_marker(text: &str) -> (&str, Option<String>) {
    let mut quote = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ';') => {
                let marker = text[at + 1..].trim();
                return (text[..at].trim_end(), (!marker.is_empty()).then(|| marker.to_string()));
            }
            _ => {}
        }
    }
    (text, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_specifier() {
        let r = parse("requests[security, socks] >= 2.31 , <3 ; python_version >= \"3.8\"").expect("valid");
        assert_eq!(r.name, "requests");
        assert_eq!(r.extras, ["security", "socks"]);
        assert_eq!(r.spec, ">=2.31,<3");
        assert_eq!(r.marker.as_deref(), Some("python_version >= \"3.8\""));
        assert_eq!(r.pinned(), None);
    }

    #[test]
    fn pins_urls_and_poetry_parentheses() {
        assert_eq!(
            parse("Django==4.2.7").and_then(|r| r.pinned().map(str::to_string)).as_deref(),
            Some("4.2.7")
        );
        assert_eq!(parse("x===1.0").map(|r| r.spec), Some("===1.0".into()));
        assert_eq!(parse("x==1.*").and_then(|r| r.pinned().map(str::to_string)), None);
        let r = parse("pkg @ https://example.invalid/pkg-1.0.whl ; sys_platform == 'linux'").expect("valid");
        assert_eq!(r.url.as_deref(), Some("https://example.invalid/pkg-1.0.whl"));
        assert_eq!(r.marker.as_deref(), Some("sys_platform == 'linux'"));
        let r = parse("coverage[toml] (>=5.0.2)").expect("valid");
        assert_eq!((r.name.as_str(), r.spec.as_str(), r.extras.len()), ("coverage", ">=5.0.2", 1));
        let r = parse("brotli>=1.2.0; (platform_python_implementation == 'CPython') and extra == 'brotli'");
        assert!(r.is_some_and(|r| r.needs_extra()));
    }

    #[test]
    fn not_a_requirement() {
        for bad in ["", ">=1.0", "[x]", "-e .", "  ;", "not a requirement"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse("name[unclosed"), None);
    }
}
