//! The SPDX licence and exception texts `build.rs` embedded, inflated on demand.

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

static BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/texts.bin"));

/// The full text of SPDX licence or exception `id` (exact id; `+` is not part of one).
pub fn spdx_text(id: &str) -> Option<String> {
    let i = TEXTS.binary_search_by(|(key, _, _)| (*key).cmp(id)).ok()?;
    let (_, offset, len) = TEXTS.get(i)?;
    let packed = BIN.get(*offset as usize..(*offset as usize).checked_add(*len as usize)?)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec(packed).ok()?;
    String::from_utf8(bytes).ok()
}

/// How many texts are embedded.
pub fn count() -> usize {
    TEXTS.len()
}
