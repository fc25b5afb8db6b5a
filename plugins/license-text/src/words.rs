//! Where the words of a text start and end, found 64 bytes at a time.
//!
//! The tokeniser used to test every byte for "separator or word", and text alternates between
//! the two every few bytes: two mispredicted branches a word were most of its time. Here each
//! 64-byte block becomes bit masks first (a dozen vector instructions in a simd128 guest), and
//! the tokeniser steps from word to word with `trailing_zeros`.

/// Bit masks over a text, one bit a byte, 64 bytes a word (the last one padded with separators).
#[derive(Default)]
pub struct Masks {
    /// ASCII letters and digits.
    word: Vec<u64>,
    /// Bytes the tokeniser must look at: letters and digits, non-ASCII bytes, `\n` and `&`.
    stop: Vec<u64>,
}

impl Masks {
    /// Classifies `bytes`, reusing the buffers.
    pub fn build(&mut self, bytes: &[u8]) {
        self.word.clear();
        self.stop.clear();
        let mut chunks = bytes.chunks_exact(64);
        for chunk in &mut chunks {
            let (word, stop) = classify(chunk);
            self.word.push(word);
            self.stop.push(stop);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut padded = [0u8; 64];
            padded[..rest.len()].copy_from_slice(rest);
            let (word, stop) = classify(&padded);
            self.word.push(word);
            self.stop.push(stop);
        }
    }

    /// The first byte at or after `i` the tokeniser must look at; past the end when none.
    pub fn next_stop(&self, i: usize) -> usize {
        next_set(&self.stop, i, 0)
    }

    /// The first byte at or after `i` that is not an ASCII letter or digit (at most the end).
    pub fn word_end(&self, i: usize) -> usize {
        next_set(&self.word, i, !0)
    }
}

/// The first bit at or after `i` that differs from `flip`'s (0: set bits, !0: clear ones).
fn next_set(mask: &[u64], i: usize, flip: u64) -> usize {
    let mut w = i / 64;
    let Some(&first) = mask.get(w) else { return mask.len() * 64 };
    let mut bits = (first ^ flip) & (!0u64 << (i % 64));
    loop {
        if bits != 0 {
            return w * 64 + bits.trailing_zeros() as usize;
        }
        w += 1;
        match mask.get(w) {
            Some(&m) => bits = m ^ flip,
            None => return mask.len() * 64,
        }
    }
}

/// (letters and digits, stops) of 64 bytes, as vectors.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn classify(chunk: &[u8]) -> (u64, u64) {
    use core::arch::wasm32::*;
    let (mut word, mut stop) = (0u64, 0u64);
    for (k, part) in chunk.chunks_exact(16).take(4).enumerate() {
        // SAFETY: `part` is 16 readable bytes; wasm loads need no alignment.
        let v = unsafe { v128_load(part.as_ptr().cast::<v128>()) };
        let letter = u8x16_lt(u8x16_sub(v128_or(v, u8x16_splat(0x20)), u8x16_splat(b'a')), u8x16_splat(26));
        let digit = u8x16_lt(u8x16_sub(v, u8x16_splat(b'0')), u8x16_splat(10));
        let alnum = v128_or(letter, digit);
        let marks = v128_or(u8x16_eq(v, u8x16_splat(b'\n')), u8x16_eq(v, u8x16_splat(b'&')));
        word |= u64::from(u8x16_bitmask(alnum)) << (16 * k);
        // The sign bit of `v` marks the non-ASCII bytes.
        stop |= u64::from(u8x16_bitmask(v128_or(v128_or(alnum, marks), v))) << (16 * k);
    }
    (word, stop)
}

/// The byte-by-byte twin of the vector classifier (same results).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn classify(chunk: &[u8]) -> (u64, u64) {
    let (mut word, mut stop) = (0u64, 0u64);
    for (k, &b) in chunk.iter().take(64).enumerate() {
        let alnum = b.is_ascii_alphanumeric();
        word |= u64::from(alnum) << k;
        stop |= u64::from(alnum || b >= 0x80 || b == b'\n' || b == b'&') << k;
    }
    (word, stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_step_from_word_to_word() {
        let mut text = String::from("  Hello, wörld & more\n");
        text.push_str(&"x".repeat(70));
        text.push_str(" end");
        let bytes = text.as_bytes();
        let mut m = Masks::default();
        m.build(bytes);
        let mut starts = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            i = m.next_stop(i);
            if i >= bytes.len() {
                break;
            }
            starts.push(i);
            i = if bytes[i].is_ascii_alphanumeric() { m.word_end(i) } else { i + 1 };
        }
        let expected: Vec<usize> = (0..bytes.len())
            .filter(|&k| {
                let b = bytes[k];
                let stop = b.is_ascii_alphanumeric() || b >= 0x80 || b == b'\n' || b == b'&';
                stop && !(b.is_ascii_alphanumeric() && k > 0 && bytes[k - 1].is_ascii_alphanumeric())
            })
            .collect();
        assert_eq!(starts, expected);
        assert_eq!(m.word_end(bytes.len() - 3), bytes.len());
        assert!(m.next_stop(bytes.len()) >= bytes.len());
    }
}
