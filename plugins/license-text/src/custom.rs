//! The plugin's options: custom licence texts an OSPO lists in `ospo.toml` and the confidence
//! threshold.
//!
//! ```toml
//! [plugin.license-text.config]
//! min-confidence = 0.8
//! custom = [{ id = "LicenseRef-Acme-Internal", file = "legal/acme.txt" }]
//! ```

use crate::data::TemplateKind;
use crate::matcher::Template;
use crate::memo::Memo;
use crate::tokens::Tokens;
use ospo_plugin_sdk::host;
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
}

impl CustomLicense {
    /// A custom licence from its id and text.
    pub fn new(id: &str, text: &str) -> Self {
        let tokens = Tokens::new(text).ids;
        let flags = vec![0; tokens.len()];
        CustomLicense { id: id.to_string(), template: Template::new(id, TemplateKind::Text, tokens, flags) }
    }
}

/// How [`crate::detect`] runs.
pub struct Options {
    /// Custom licence texts.
    pub custom: Vec<CustomLicense>,
    /// Least confidence (and coverage) of a full-text match, 0..1.
    pub min_confidence: f32,
    /// Findings of licence files already read with these options, by content.
    pub memo: Memo,
}

impl Default for Options {
    fn default() -> Self {
        Options { custom: Vec::new(), min_confidence: 0.8, memo: Memo::default() }
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
        Ok(opts)
    }
}
