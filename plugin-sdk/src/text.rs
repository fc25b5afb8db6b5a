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
    // `from_utf8` validates valid text several times faster than the lossy chunk iterator.
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Iterates `(1-based line number, line text)` over lossily-decoded text.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines().enumerate().map(|(i, line)| (u32::try_from(i + 1).unwrap_or(u32::MAX), line))
}

/// Package URLs: kept here for plugins written against 0.1; see [`crate::purl`].
pub use crate::purl::{purl, with_qualifiers as purl_with_qualifiers};

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
}
