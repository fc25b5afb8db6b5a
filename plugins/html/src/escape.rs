//! Escaping: every string of the scan result is untrusted (a package name, a path, a licence
//! text, a plugin's message all come from the scanned tree or a plugin), so each reaches the page
//! only through [`text`] or [`attr`], and only `http(s)` URLs become links ([`href`]).

/// Escapes `value` for HTML text and for a double- or single-quoted attribute value: `&`, `<`,
/// `>`, `"` and `'` become references, so no string can open a tag, end an attribute or start
/// an entity. Control characters and bidi overrides are written visibly (`\x1b`, `\u{202e}`):
/// a right-to-left override would make a path read backwards. Newlines and tabs stay (CSS
/// decides how they show); a carriage return is dropped before a newline and shown elsewhere.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_unsafe_control(c) => visible(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// `value` as inline code. An identifier, a licence id, a short path never breaks inside (a
/// squeezed table column would otherwise show `Apache-` over `2.0`); an expression breaks only
/// between its words; only a long unbroken value (a deep path, a digest) breaks anywhere.
pub fn code(value: &str) -> String {
    const SHORT: usize = 48;
    if !value.contains(' ') {
        let class = if value.chars().count() <= SHORT { " class=\"nw\"" } else { "" };
        return format!("<code{class}>{}</code>", text(value));
    }
    let words: Vec<String> = value
        .split(' ')
        .map(|word| match word.chars().count() {
            0 => String::new(),
            n if n <= SHORT => format!("<span class=\"nw\">{}</span>", text(word)),
            _ => text(word),
        })
        .collect();
    format!("<code>{}</code>", words.join(" "))
}

/// A sentence the host wrote (a verdict's explanation), where `backticks` mark a licence, a
/// rule or a config line: those parts become inline code, the rest text. Unbalanced backticks
/// stay as they are.
pub fn prose(value: &str) -> String {
    let parts: Vec<&str> = value.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return text(value);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{}</code>", text(part)) } else { text(part) })
        .collect()
}

/// [`text`] under the name that says where it goes.
pub fn attr(value: &str) -> String {
    text(value)
}

/// The URL, escaped for an `href`, when it is an `http`/`https` URL; `javascript:`, `data:` and
/// the rest stay text.
pub fn href(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (web && !url.chars().any(|c| c.is_whitespace() || c.is_control())).then(|| attr(url))
}

/// C0/C1 controls and DEL, bidi embeddings, overrides and isolates, line/paragraph separators
/// (the set the host and the Markdown reporter escape too).
fn is_unsafe_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}') || c.is_control()
}

fn visible(c: char, out: &mut String) {
    match u32::from(c) {
        code if code < 0x80 => out.push_str(&format!("\\x{code:02x}")),
        code => out.push_str(&format!("\\u{{{code:x}}}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_references() {
        assert_eq!(text("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(attr("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
        assert_eq!(text("AT&T &amp;"), "AT&amp;T &amp;amp;");
    }

    #[test]
    fn controls_and_bidi_overrides_are_visible() {
        assert_eq!(text("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(text("\x1b[2J\x07"), "\\x1b[2J\\x07");
        assert_eq!(text("a\r\nb\rc\td"), "a\nb\\x0dc\td");
    }

    #[test]
    fn code_keeps_short_words_whole() {
        assert_eq!(code("Apache-2.0"), "<code class=\"nw\">Apache-2.0</code>");
        assert_eq!(
            code("MIT OR <x>"),
            "<code><span class=\"nw\">MIT</span> <span class=\"nw\">OR</span> <span class=\"nw\">&lt;x&gt;</span></code>"
        );
        let long = "a/".repeat(30);
        assert_eq!(code(&long), format!("<code>{long}</code>"));
    }

    #[test]
    fn backticks_in_prose_are_code() {
        assert_eq!(prose("`MIT` is <ok>"), "<code>MIT</code> is &lt;ok&gt;");
        assert_eq!(prose("a `b` c `d"), "a `b` c `d");
        assert_eq!(prose("`<script>`"), "<code>&lt;script&gt;</code>");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(
            href("https://example.com/a?b=1&c=2").as_deref(),
            Some("https://example.com/a?b=1&amp;c=2")
        );
        assert_eq!(href("javascript:alert(1)"), None);
        assert_eq!(href(" JavaScript:alert(1)"), None);
        assert_eq!(href("data:text/html,<script>"), None);
        assert_eq!(
            href("https://example.com/\"><script>"),
            Some("https://example.com/&quot;&gt;&lt;script&gt;".into())
        );
        assert_eq!(href("https://a b"), None);
    }
}
