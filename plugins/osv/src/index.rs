//! The advisories of every source, indexed by (ecosystem, normalised name), built once per
//! plugin instance. An id read from two sources (a RustSec checkout and the OSV project's crates.io
//! archive) is kept once: the copy modified last.

use std::collections::{BTreeMap, HashMap};

use crate::entry::Entry;

#[derive(Debug, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
    by_package: HashMap<(String, String), Vec<(u32, u32)>>,
    /// Records per ecosystem (purl type), for coverage.
    pub per_ecosystem: BTreeMap<String, usize>,
}

impl Index {
    pub fn build(entries: Vec<Entry>) -> Index {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            match by_id.get(&entry.id) {
                Some(&i) => {
                    if entry.modified > kept[i].modified {
                        kept[i] = entry;
                    }
                }
                None => {
                    by_id.insert(entry.id.clone(), kept.len());
                    kept.push(entry);
                }
            }
        }
        let mut index =
            Index { entries: Vec::new(), by_package: HashMap::new(), per_ecosystem: BTreeMap::new() };
        for (e, entry) in kept.iter().enumerate() {
            let mut ecosystems: Vec<&str> = Vec::new();
            for (a, affected) in entry.affected.iter().enumerate() {
                let (Ok(e), Ok(a)) = (u32::try_from(e), u32::try_from(a)) else { continue };
                index
                    .by_package
                    .entry((affected.ecosystem.clone(), affected.name.clone()))
                    .or_default()
                    .push((e, a));
                if !ecosystems.contains(&affected.ecosystem.as_str()) {
                    ecosystems.push(&affected.ecosystem);
                }
            }
            for eco in ecosystems {
                *index.per_ecosystem.entry(eco.to_string()).or_default() += 1;
            }
        }
        index.entries = kept;
        index
    }

    /// The (entry, affected package) pairs naming this package.
    pub fn lookup(&self, ecosystem: &str, name: &str) -> &[(u32, u32)] {
        self.by_package.get(&(ecosystem.to_string(), name.to_string())).map_or(&[], Vec::as_slice)
    }

    pub fn covers(&self, ecosystem: &str) -> bool {
        self.per_ecosystem.contains_key(ecosystem)
    }
}
