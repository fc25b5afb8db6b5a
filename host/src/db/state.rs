//! `ospo-db.toml`: what each update fetched, so the next one can fetch only what changed and a
//! scan can say how old the data is. Written to a temporary file and renamed over the old one.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

pub const FILE: &str = "ospo-db.toml";

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct State {
    #[serde(default)]
    pub ecosystems: BTreeMap<String, EcosystemState>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct EcosystemState {
    /// The archive's URL.
    pub url: String,
    /// sha256 of `all.zip` as stored.
    pub sha256: String,
    pub size: u64,
    /// When it was last brought up to date (seconds since the epoch).
    pub updated: u64,
    /// The archive's validators, for a resumed download (`If-Range`).
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The newest `modified` time of `modified_id.csv` when last updated.
    pub newest: Option<String>,
    /// Records in the listing.
    pub records: u64,
}

impl State {
    pub fn load(dir: &Path) -> Result<State> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        toml::from_str(&text).with_context(|| format!("{} does not parse", path.display()))
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let text = toml::to_string(self).context("serialising the database state")?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(FILE))
            .with_context(|| format!("cannot replace {}", dir.join(FILE).display()))
    }
}
