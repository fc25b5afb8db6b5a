//! A dependency-free mutation fuzzer for the native tests: seeded xorshift, and the mutations
//! hostile files make (truncations, flipped bytes, deleted and duplicated lines, stray
//! brackets, quotes and NULs). Deterministic, so a failure reproduces from the seed.

/// xorshift64*: enough randomness for mutations, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// `rounds` mutants of `input`, each one to four mutations deep.
pub fn mutants(input: &[u8], seed: u64, rounds: usize) -> impl Iterator<Item = Vec<u8>> + '_ {
    let mut rng = Rng::new(seed);
    (0..rounds).map(move |_| {
        let mut bytes = input.to_vec();
        for _ in 0..=rng.below(4) {
            mutate(&mut bytes, &mut rng);
        }
        bytes
    })
}

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let len = bytes.len();
    match rng.below(7) {
        0 => bytes.truncate(rng.below(len + 1)),
        1 if len > 0 => {
            let at = rng.below(len);
            bytes[at] ^= 1 << rng.below(8);
        }
        2 | 3 => {
            let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            let pick = rng.below(lines.len());
            let duplicate = rng.below(2) == 0;
            let mut out = Vec::with_capacity(len + 64);
            for (i, line) in lines.iter().enumerate() {
                if i == pick && !duplicate {
                    continue;
                }
                out.extend_from_slice(line);
                out.push(b'\n');
                if i == pick {
                    out.extend_from_slice(line);
                    out.push(b'\n');
                }
            }
            *bytes = out;
        }
        _ => {
            const INSERTS: [&[u8]; 8] = [b"{", b"\"", b"\0", b"(", b")", b"<", b"${", b"=>"];
            let at = rng.below(len + 1);
            let insert = INSERTS[rng.below(INSERTS.len())];
            bytes.splice(at..at, insert.iter().copied());
        }
    }
}

/// Every prefix of `input` cut at multiples of `step` bytes.
pub fn truncations(input: &[u8], step: usize) -> impl Iterator<Item = &[u8]> {
    (0..=input.len()).step_by(step.max(1)).map(move |end| &input[..end])
}
