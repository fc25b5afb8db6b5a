//! Seeded mutations of a real input, for parsers' no-panic tests: inputs are hostile, and a
//! parser must return (with diagnostics) on anything. No `rand`, no proptest: a xorshift64
//! generator gives the same mutants for the same seed on every machine.
//!
//! ```
//! use ospo_plugin_sdk::mutate::Mutations;
//! let lock = b"GEM\n  specs:\n    rake (13.0.6)\n";
//! for mutant in Mutations::new(lock, 42).take(100) {
//!     let _ = String::from_utf8_lossy(&mutant).lines().count(); // parse it here
//! }
//! ```

/// An endless stream of mutants of one input: truncations, flipped bytes, deleted and
/// duplicated lines, and inserted `{`, `[`, `"`, `:`, NUL, newlines or indentation.
#[derive(Debug, Clone)]
pub struct Mutations<'a> {
    input: &'a [u8],
    state: u64,
}

impl<'a> Mutations<'a> {
    /// Mutants of `input` drawn from `seed` (any value; 0 is replaced).
    pub fn new(input: &'a [u8], seed: u64) -> Self {
        Mutations { input, state: seed.max(1) }
    }

    fn next_u64(&mut self) -> u64 {
        // xorshift64 (Marsaglia 2003).
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    fn line_bounds(&mut self, bytes: &[u8]) -> (usize, usize) {
        let at = self.below(bytes.len());
        let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i + 1);
        (start, end)
    }
}

/// Bytes worth inserting: structure JSON, YAML, XML and line formats care about.
const INSERTS: &[&[u8]] = &[
    b"{", b"}", b"[", b"]", b"\"", b":", b"\0", b"\n", b"    ", b"<", b">", b"- ", b"\\", b"\xff", b"(", b")",
];

impl Iterator for Mutations<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        let mut bytes = self.input.to_vec();
        // One to three edits on top of each other.
        let edits = 1 + self.below(3);
        for _ in 0..edits {
            if bytes.is_empty() {
                bytes.extend_from_slice(INSERTS[self.below(INSERTS.len())]);
                continue;
            }
            match self.below(6) {
                0 => {
                    let at = self.below(bytes.len());
                    bytes.truncate(at);
                }
                1 => {
                    let at = self.below(bytes.len());
                    bytes[at] ^= 1 << self.below(8);
                }
                2 => {
                    let (start, end) = self.line_bounds(&bytes);
                    bytes.drain(start..end);
                }
                3 => {
                    let (start, end) = self.line_bounds(&bytes);
                    let line = bytes[start..end].to_vec();
                    bytes.splice(start..start, line);
                }
                _ => {
                    let at = self.below(bytes.len() + 1);
                    let insert = INSERTS[self.below(INSERTS.len())];
                    bytes.splice(at..at, insert.iter().copied());
                }
            }
        }
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_varied() {
        let input = b"line one\nline two\n{\"a\": [1, 2]}\n";
        let first: Vec<Vec<u8>> = Mutations::new(input, 7).take(50).collect();
        let again: Vec<Vec<u8>> = Mutations::new(input, 7).take(50).collect();
        assert_eq!(first, again, "same seed, same mutants");
        assert!(first.iter().any(|m| m.len() < input.len()));
        assert!(first.iter().any(|m| m.len() > input.len()));
        assert!(first.iter().filter(|m| m.as_slice() != input).count() > 40);
        assert_ne!(first, Mutations::new(input, 8).take(50).collect::<Vec<_>>());
        assert_eq!(Mutations::new(b"", 1).take(5).count(), 5);
    }
}
