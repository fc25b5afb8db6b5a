//! Findings of whole licence files already read, by content. A tree holds the same LICENSE-MIT
//! and LICENSE-APACHE in hundreds of packages (the benchmark tree: 429 licence files, 120
//! distinct), and aligning a full text is the detector's dearest step; a file whose bytes were
//! seen before gets the earlier findings with its own path.

use crate::data::FxHasher;
use ospo_plugin_sdk::DetectOutput;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// Files larger than this are not kept (licence files are a few KiB; GPL-3.0 is 35 KiB).
const MAX_FILE: usize = 64 * 1024;
/// Bytes of file contents kept at most, so the memo stays a small part of an instance's memory.
const MAX_TOTAL: usize = 4 * 1024 * 1024;

type Entries = HashMap<u64, Vec<(Vec<u8>, DetectOutput)>, BuildHasherDefault<FxHasher>>;

/// Per-instance memo (inside [`crate::Options`], so every set of options has its own).
#[derive(Default)]
pub struct Memo {
    inner: Mutex<(Entries, usize)>,
}

/// The memo's key of a file's bytes: computed once, for [`Memo::get`] and then [`Memo::put`].
pub fn key(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// Whether a file is worth keeping: small, and read whole by the gate (a licence file, not a
/// source file with a header).
pub fn worth_keeping(bytes: &[u8], regions: &[(usize, usize)]) -> bool {
    bytes.len() <= MAX_FILE && regions == [(0, bytes.len())]
}

impl Memo {
    /// The findings of an earlier file with exactly these bytes, moved to `path`.
    pub fn get(&self, key: u64, path: &str, bytes: &[u8]) -> Option<DetectOutput> {
        let guard = self.inner.lock().ok()?;
        let (_, earlier) = guard.0.get(&key)?.iter().find(|(b, _)| b == bytes)?;
        let mut out = earlier.clone();
        for l in &mut out.licenses {
            l.path = path.to_string();
        }
        for c in &mut out.copyrights {
            c.path = path.to_string();
        }
        for o in &mut out.observations {
            o.path = path.to_string();
        }
        for d in &mut out.diagnostics {
            d.path = d.path.as_ref().map(|_| path.to_string());
        }
        Some(out)
    }

    /// Keeps the findings of `bytes`, while there is room.
    pub fn put(&self, key: u64, bytes: &[u8], out: &DetectOutput) {
        let Ok(mut guard) = self.inner.lock() else { return };
        let (entries, total) = &mut *guard;
        if *total + bytes.len() > MAX_TOTAL {
            return;
        }
        *total += bytes.len();
        entries.entry(key).or_default().push((bytes.to_vec(), out.clone()));
    }
}
