//! Where each component sits in its document. JSON documents are scanned once for the line of
//! every key ([`KeyLines`]); the XML and tag-value readers build the JSON shape themselves and
//! record each component's line under the same path, so the readers look lines up one way.

use std::collections::HashMap;

use ospo_plugin_sdk::json_lines::{KeyLines, Segment};

/// The line of an element by its path from the document's root.
pub enum Lines {
    /// A JSON text: the line of one of the element's keys.
    Keys(KeyLines),
    /// Lines recorded by a reader that built the JSON shape: the line of the element itself.
    Paths(HashMap<Vec<Segment>, u32>),
}

impl Lines {
    /// The line of the element at `path`: of its first key of `keys` that is present (JSON),
    /// or the one recorded for it.
    pub fn of(&self, path: &[Segment], keys: &[&str]) -> Option<u32> {
        match self {
            Lines::Keys(lines) => keys.iter().find_map(|key| {
                let mut at = path.to_vec();
                at.push(Segment::key(key));
                lines.line(&at)
            }),
            Lines::Paths(lines) => lines.get(path).copied(),
        }
    }
}

/// `path` extended by `segments`.
pub fn join(path: &[Segment], segments: &[Segment]) -> Vec<Segment> {
    let mut out = path.to_vec();
    out.extend_from_slice(segments);
    out
}
