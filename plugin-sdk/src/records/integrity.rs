//! Hashes: the record, algorithm names, and the integrity strings lockfiles write
//! (`sha512-<base64>` in npm and yarn, `sha256:<hex>` in others), decoded to lowercase hex.

use crate::{Hash, HashAlgorithm};

impl Hash {
    /// A hash of `algorithm` with `value` in hex (stored lowercase).
    pub fn new(algorithm: HashAlgorithm, value: &str) -> Self {
        Hash { algorithm, value: value.to_ascii_lowercase() }
    }

    /// An integrity string: `<alg>-<base64>` (Subresource Integrity, as npm and yarn write it)
    /// or `<alg>:<hex>`. `None` for an unknown algorithm or a malformed value; for an SRI list
    /// (`sha1-... sha512-...`) the first entry.
    pub fn parse_integrity(integrity: &str) -> Option<Hash> {
        // Byte scans, no char iterators: this runs for every entry of a lockfile. SRI separates
        // its entries with ASCII whitespace.
        let integrity = integrity.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let end = integrity.bytes().position(|b| b.is_ascii_whitespace()).unwrap_or(integrity.len());
        let first = integrity.get(..end).filter(|f| !f.is_empty())?;
        if let Some(colon) = first.bytes().position(|b| b == b':') {
            let (alg, hex) = (&first[..colon], &first[colon + 1..]);
            let algorithm = HashAlgorithm::parse(alg)?;
            let is_hex = !hex.is_empty() && hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit());
            return is_hex.then(|| Hash::new(algorithm, hex));
        }
        // The algorithm's own name may hold a `-` (`sha3-256`): take the first prefix that is one.
        let (algorithm, b64) = first
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'-')
            .find_map(|(at, _)| Some((HashAlgorithm::parse(&first[..at])?, &first[at + 1..])))?;
        // SRI allows options after `?`; none are defined, so they are ignored.
        let b64 = match b64.bytes().position(|b| b == b'?') {
            Some(at) => &b64[..at],
            None => b64,
        };
        let bytes = decode_base64(b64)?;
        Some(Hash { algorithm, value: lower_hex(&bytes) })
    }
}

impl HashAlgorithm {
    /// An algorithm by its usual name, in any case: `sha256`, `SHA-256`, `sha3-256`, `blake2b-512`,
    /// `blake3`, `md5`.
    pub fn parse(name: &str) -> Option<HashAlgorithm> {
        // Compared in place: this runs for every hash of a lockfile, so no lowercased copy.
        const NAMES: &[(&str, HashAlgorithm)] = &[
            ("sha512", HashAlgorithm::Sha512),
            ("sha256", HashAlgorithm::Sha256),
            ("sha1", HashAlgorithm::Sha1),
            ("sha384", HashAlgorithm::Sha384),
            ("md5", HashAlgorithm::Md5),
            ("sha-1", HashAlgorithm::Sha1),
            ("sha-256", HashAlgorithm::Sha256),
            ("sha-384", HashAlgorithm::Sha384),
            ("sha-512", HashAlgorithm::Sha512),
            ("sha3-256", HashAlgorithm::Sha3256),
            ("sha3-512", HashAlgorithm::Sha3512),
            ("blake2b-256", HashAlgorithm::Blake2b256),
            ("blake2b-512", HashAlgorithm::Blake2b512),
            ("blake3", HashAlgorithm::Blake3),
        ];
        NAMES.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, algorithm)| *algorithm)
    }

    /// The algorithm's name as people and CycloneDX write it (`SHA-256`, `SHA3-512`,
    /// `BLAKE2b-256`): one table for every report, so two reports never name a hash differently.
    pub fn display_name(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            HashAlgorithm::Sha512 => "SHA-512",
            HashAlgorithm::Sha3256 => "SHA3-256",
            HashAlgorithm::Sha3512 => "SHA3-512",
            HashAlgorithm::Blake2b256 => "BLAKE2b-256",
            HashAlgorithm::Blake2b512 => "BLAKE2b-512",
            HashAlgorithm::Blake3 => "BLAKE3",
        }
    }
}

/// `bytes` as lowercase hex; a table, not `format!` per byte (a lockfile has thousands of hashes).
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = vec![0u8; bytes.len() * 2];
    for (pair, &byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Each byte's base64 digit value (both alphabets), or `INVALID`.
const INVALID: u8 = 0xff;
const BASE64: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut at = 0;
    while at < 26 {
        table[b'A' as usize + at] = at as u8;
        table[b'a' as usize + at] = 26 + at as u8;
        at += 1;
    }
    let mut digit = 0;
    while digit < 10 {
        table[b'0' as usize + digit] = 52 + digit as u8;
        digit += 1;
    }
    table[b'+' as usize] = 62;
    table[b'-' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'_' as usize] = 63;
    table
};

/// Standard base64 (RFC 4648 §4, `+/`, and the URL-safe `-_` too), padding optional. A table
/// rather than a dependency for the one place the SDK needs it.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(text.len() * 3 / 4 + 1);
    let mut chunks = text.chunks_exact(4);
    for chunk in &mut chunks {
        let mut acc = 0u32;
        for &byte in chunk {
            let value = BASE64[usize::from(byte)];
            if value == INVALID {
                return None;
            }
            acc = (acc << 6) | u32::from(value);
        }
        out.extend_from_slice(&acc.to_be_bytes()[1..]);
    }
    let (mut acc, mut bits) = (0u32, 0u32);
    for &byte in chunks.remainder() {
        let value = BASE64[usize::from(byte)];
        if value == INVALID {
            return None;
        }
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // One leftover base64 digit cannot end a byte: the text was cut.
    (bits < 6 && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGVsbG8"), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("AAEC"), Some(vec![0, 1, 2]));
        assert_eq!(decode_base64("a"), None);
        assert_eq!(decode_base64("a*"), None);
    }

    #[test]
    fn integrity_strings() {
        // sha512 of the empty string.
        let sri =
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
        let hash = Hash::parse_integrity(sri).expect("valid SRI");
        assert_eq!(hash.algorithm, HashAlgorithm::Sha512);
        assert!(hash.value.starts_with("cf83e1357eefb8bdf1542850d66d8007"), "{}", hash.value);
        assert_eq!(hash.value.len(), 128);
        let hex = Hash::parse_integrity("sha256:E3B0C442").expect("valid hex");
        assert_eq!((hex.algorithm, hex.value.as_str()), (HashAlgorithm::Sha256, "e3b0c442"));
        assert_eq!(Hash::parse_integrity("sha3-256-AAEC").map(|h| h.value), Some("000102".to_string()));
        assert_eq!(
            Hash::parse_integrity("sha1-AAEC sha512-AAEC").map(|h| h.algorithm),
            Some(HashAlgorithm::Sha1)
        );
        for bad in ["", "sha999-AAEC", "sha256:xyz", "sha256:abc", "sha512-!!!", "sha512"] {
            assert_eq!(Hash::parse_integrity(bad), None, "{bad}");
        }
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(HashAlgorithm::parse("SHA-256"), Some(HashAlgorithm::Sha256));
        for algorithm in [
            HashAlgorithm::Md5,
            HashAlgorithm::Sha1,
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha512,
            HashAlgorithm::Sha3256,
            HashAlgorithm::Sha3512,
            HashAlgorithm::Blake2b256,
            HashAlgorithm::Blake2b512,
            HashAlgorithm::Blake3,
        ] {
            assert_eq!(HashAlgorithm::parse(algorithm.display_name()), Some(algorithm), "{algorithm:?}");
        }
        assert_eq!(HashAlgorithm::parse("blake2b-512"), Some(HashAlgorithm::Blake2b512));
        assert_eq!(HashAlgorithm::parse("crc32"), None);
    }
}
