//! Text helpers most detectors need: byte offsets to line numbers, lossy decoding.

/// Maps byte offsets of a file to 1-based line numbers in O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `bytes`.
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        let index = match self.starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(insert) => insert - 1,
        };
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences, without copying valid input.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Iterates `(1-based line number, line text)` over lossily-decoded text.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines().enumerate().map(|(i, line)| (u32::try_from(i + 1).unwrap_or(u32::MAX), line))
}

/// Builds a package URL (`pkg:type/namespace/name@version`) with the `packageurl` crate, which
/// handles the spec's per-type normalisation and percent-encoding.
pub fn purl(
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
) -> Result<String, String> {
    purl_with_qualifiers(kind, namespace, name, version, &[])
}

/// Like [`purl`], with qualifiers (`vcs_url`, `repository_url`, `classifier`, ...). Keys are
/// lower-cased and sorted and values percent-encoded as the purl spec requires.
pub fn purl_with_qualifiers(
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
) -> Result<String, String> {
    let mut purl = packageurl::PackageUrl::new(kind, name).map_err(|e| e.to_string())?;
    if let Some(ns) = namespace.filter(|ns| !ns.is_empty()) {
        purl.with_namespace(ns).map_err(|e| e.to_string())?;
    }
    if let Some(version) = version {
        purl.with_version(version).map_err(|e| e.to_string())?;
    }
    for (key, value) in qualifiers {
        purl.add_qualifier(*key, *value).map_err(|e| e.to_string())?;
    }
    Ok(purl.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new(b"a\nbc\n\nd");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(5), 3);
        assert_eq!(idx.line_of(6), 4);
        assert_eq!(idx.line_count(), 4);
    }

    #[test]
    fn purl_encodes_parts() {
        assert_eq!(purl("cargo", None, "serde", Some("1.0.0")).as_deref(), Ok("pkg:cargo/serde@1.0.0"));
        assert_eq!(
            purl("npm", Some("@types"), "node", Some("20.1.0")).as_deref(),
            Ok("pkg:npm/%40types/node@20.1.0")
        );
    }

    #[test]
    fn purl_qualifiers_are_sorted_and_encoded() {
        let url = purl_with_qualifiers(
            "cargo",
            None,
            "acme-macros",
            Some("0.1.0"),
            &[("vcs_url", "git+https://github.com/acme/acme-macros@3f2c1a9"), ("arch", "x86_64")],
        );
        assert_eq!(
            url.as_deref(),
            Ok(
                "pkg:cargo/acme-macros@0.1.0?arch=x86_64&vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Facme%2Facme-macros%403f2c1a9"
            )
        );
    }
}
