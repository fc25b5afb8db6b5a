//! URIs of artifacts (relative paths, percent-encoded as RFC 3986 wants) and the stable
//! fingerprint of a result.

/// Percent-encodes a relative `/`-separated path: everything but unreserved characters and `/`.
pub fn path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `file:///abs/root/` for an absolute POSIX root; `None` otherwise (then results keep
/// relative URIs only, which code-scanning services resolve against the checkout).
pub fn root(root: &str) -> Option<String> {
    if !root.starts_with('/') {
        return None;
    }
    let trimmed = root.trim_end_matches('/');
    Some(format!("file://{}/", path(trimmed)))
}

/// 64-bit FNV-1a of the parts (with a separator no part can forge), as 16 hex digits: stable
/// across runs, platforms and ospo versions, which is all a fingerprint needs.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(path("src/main.rs"), "src/main.rs");
        assert_eq!(path("docs/road map#1.md"), "docs/road%20map%231.md");
        assert_eq!(path("naïve/ü.txt"), "na%C3%AFve/%C3%BC.txt");
        assert_eq!(root("/home/ci/my project/"), Some("file:///home/ci/my%20project/".to_string()));
        assert_eq!(root("relative"), None);
    }

    #[test]
    fn fingerprints_are_stable_and_unambiguous() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        // Pinned: a change would re-open every alert a service already knows.
        assert_eq!(fingerprint(&["license-denied", "pkg:cargo/x@1.0.0", "GPL-3.0-only"]).len(), 16);
        assert_eq!(fingerprint(&[]), "cbf29ce484222325");
    }
}
