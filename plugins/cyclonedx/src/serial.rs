//! The serial number: a UUID derived from the scan, so the same scan gives the same document.

use ospo_plugin_sdk::ScanResult;
use sha2::{Digest, Sha256};

/// `urn:uuid:...` from a SHA-256 of the scan's timestamp, root, packages, edges and advisories.
/// Shaped as an RFC 9562 version 8 ("custom") UUID: that is what a digest-derived UUID is.
pub fn serial_number(scan: &ScanResult) -> String {
    let mut digest = Sha256::new();
    let mut field = |s: &str| {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        digest.update((s.len() as u64).to_le_bytes());
        digest.update(s.as_bytes());
    };
    field("cyclonedx");
    field(&scan.metadata.timestamp);
    if let Some(root) = &scan.metadata.root_component {
        field(&root.name);
        field(root.version.as_deref().unwrap_or(""));
        field(root.purl.as_deref().unwrap_or(""));
    }
    for p in &scan.packages {
        field(&p.id);
        field(p.version.as_deref().unwrap_or(""));
        for h in &p.hashes {
            field(&h.value);
        }
        field(p.declared_license.as_ref().map_or("", |d| d.expression.as_str()));
        field(p.concluded_license.as_ref().map_or("", |c| c.expression.as_str()));
        field(p.detected_license.as_deref().unwrap_or(""));
    }
    for e in &scan.edges {
        field(&e.from);
        field(&e.to);
    }
    for a in &scan.advisories {
        field(&a.id);
        field(&a.package_id);
    }
    uuid(&digest.finalize())
}

/// Formats the first 16 bytes of `digest` as a version 8, variant 10 UUID.
pub fn uuid(digest: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (slot, byte) in b.iter_mut().zip(digest) {
        *slot = *byte;
    }
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}
