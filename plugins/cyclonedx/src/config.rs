//! The plugin's configuration (`[plugin.cyclonedx.config]`).

use serde::Deserialize;
use serde_json::{Value, json};

/// How the reporter is configured.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `embed` (default): advisories are the BOM's `vulnerabilities`; `separate`: the BOM has
    /// none and the `cyclonedx-vex` format renders them.
    pub vex: Vex,
    /// The organisation that supplies the software the SBOM describes.
    pub supplier: Option<Party>,
    /// The organisation that made it.
    pub manufacturer: Option<Party>,
    /// The people who wrote the SBOM.
    pub authors: Vec<Party>,
}

/// Where advisories go.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vex {
    /// In the BOM.
    #[default]
    Embed,
    /// In a separate VEX document.
    Separate,
}

/// An organisation or person: a plain name, or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Party {
    /// Just a name.
    Name(String),
    /// Name with contact details.
    Full {
        /// Name.
        name: String,
        /// Web sites.
        #[serde(default)]
        url: Vec<String>,
        /// Contact address.
        email: Option<String>,
    },
}

impl Party {
    /// The party's name.
    pub fn name(&self) -> &str {
        match self {
            Party::Name(name) | Party::Full { name, .. } => name,
        }
    }

    /// As a CycloneDX `organizationalEntity`.
    pub(crate) fn organization(&self) -> Value {
        match self {
            Party::Name(name) => json!({ "name": name }),
            Party::Full { name, url, email } => {
                let mut entity = json!({ "name": name });
                if !url.is_empty() {
                    entity["url"] = json!(url);
                }
                if let Some(email) = email {
                    entity["contact"] = json!([{ "email": email }]);
                }
                entity
            }
        }
    }

    /// As a CycloneDX `organizationalContact`.
    pub(crate) fn contact(&self) -> Value {
        match self {
            Party::Name(name) | Party::Full { name, email: None, .. } => json!({ "name": name }),
            Party::Full { name, email: Some(email), .. } => json!({ "name": name, "email": email }),
        }
    }
}
