//! The plugin's options: custom licence texts an OSPO lists in `ospo.toml` and the confidence
//! threshold.
//!
//! ```toml
//! [plugin.license-text.config]
//! min-confidence = 0.8
//! custom = [{ id = "LicenseRef-Acme-Internal", file = "legal/acme.txt" }]
//! ```

use crate::data::{self, TemplateKind};
use crate::gate;
use crate::matcher::Template;
use crate::memo::Memo;
use crate::normalize;
use crate::tokens::Tokens;
use ospo_plugin_sdk::host;
use ospo_plugin_sdk::keywords::Keywords;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    custom: Vec<RawCustom>,
    min_confidence: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustom {
    id: String,
    file: String,
}

/// A licence text of the organisation's own, matched like an SPDX text.
pub struct CustomLicense {
    /// `LicenseRef-...`.
    pub id: String,
    /// The text as a template (every word required).
    pub template: Template,
    /// Words of this text the gate and the host's content filter look for besides the built-in
    /// needles: an organisation's licence need not say "licence", "copyright" or "warranty".
    pub needles: Vec<String>,
}

/// Lines of a custom text one needle stands for: the gate reads 40 lines either side of a
/// needle, so one every 30 lines leaves no part of the text outside every region.
const NEEDLE_EVERY: usize = 30;
/// Needles at most per custom licence (the host caps a filter's keywords, and each costs the
/// filter precision).
const MAX_NEEDLES: usize = 12;

impl CustomLicense {
    /// A custom licence from its id and text.
    pub fn new(id: &str, text: &str) -> Self {
        let tokens = Tokens::new(text).ids;
        let flags = vec![0; tokens.len()];
        CustomLicense {
            id: id.to_string(),
            template: Template::new(id, TemplateKind::Text, tokens, flags),
            needles: distinctive_words(text),
        }
    }
}

/// Words that mark `text` wherever it is copied: per stretch of [`NEEDLE_EVERY`] lines that
/// holds no built-in needle, its most distinctive word (outside the SPDX vocabulary first, as
/// no licence of the list uses it, then the longest; ASCII letters only, as the host's filter
/// matches them in either case, and at least five, so it is rare in code).
fn distinctive_words(text: &str) -> Vec<String> {
    let vocab = data::vocab();
    let builtin = gate::keywords();
    let mut out: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for block in lines.chunks(NEEDLE_EVERY) {
        let joined = block.join("\n");
        if builtin.is_match(joined.as_bytes()) || out.iter().any(|n| joined.to_ascii_lowercase().contains(n))
        {
            continue;
        }
        let mut best: Option<(bool, usize, String)> = None;
        normalize::for_each_raw_word(&joined, |w, _, _| {
            if w.len() < 5 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                return;
            }
            let key = (!vocab.contains_key(w), w.len(), w.to_string());
            if best.as_ref().is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                best = Some(key);
            }
        });
        if let Some((_, _, w)) = best
            && out.len() < MAX_NEEDLES
        {
            out.push(w);
        }
    }
    out
}

/// How [`crate::detect`] runs.
pub struct Options {
    /// Custom licence texts.
    pub custom: Vec<CustomLicense>,
    /// Least confidence (and coverage) of a full-text match, 0..1.
    pub min_confidence: f32,
    /// Findings of licence files already read with these options, by content.
    pub memo: Memo,
    /// The gate's keywords when custom licences add needles of their own (else the built-in).
    keywords: Option<Keywords>,
}

impl Default for Options {
    fn default() -> Self {
        Options { custom: Vec::new(), min_confidence: 0.8, memo: Memo::default(), keywords: None }
    }
}

impl Options {
    /// Reads the config section and the custom licence files through the host.
    pub fn from_host() -> Result<Self, String> {
        let raw: RawConfig = host::config()?;
        let mut opts = Options::default();
        if let Some(c) = raw.min_confidence {
            if !(0.0..=1.0).contains(&c) {
                return Err(format!("min-confidence must be within 0..1, not {c}"));
            }
            opts.min_confidence = c;
        }
        for c in raw.custom {
            if !c.id.starts_with("LicenseRef-") {
                return Err(format!("custom licence id {:?} must start with LicenseRef-", c.id));
            }
            let bytes = host::read_file(&c.file).map_err(|e| format!("custom licence {}: {e}", c.id))?;
            opts.custom.push(CustomLicense::new(&c.id, &String::from_utf8_lossy(&bytes)));
        }
        opts.index_custom();
        Ok(opts)
    }

    /// Options with these custom licences (native callers: tests and the bench).
    pub fn with_custom(custom: Vec<CustomLicense>) -> Self {
        let mut opts = Options { custom, ..Options::default() };
        opts.index_custom();
        opts
    }

    /// Compiles the custom licences' needles into the gate's keywords.
    fn index_custom(&mut self) {
        let extra = self.extra_needles();
        self.keywords = (!extra.is_empty()).then(|| gate::keywords_with(&extra));
    }

    /// The custom licences' needles, deduplicated: what the content filter adds to the gate's.
    pub fn extra_needles(&self) -> Vec<String> {
        let mut extra: Vec<String> = self.custom.iter().flat_map(|c| c.needles.iter().cloned()).collect();
        extra.sort();
        extra.dedup();
        extra
    }

    /// The keywords the gate looks for with these options.
    pub fn keywords(&self) -> &Keywords {
        self.keywords.as_ref().unwrap_or_else(|| gate::keywords())
    }
}
