//! The plugin's configuration (`[plugin.spdx.config]`).

use serde::Deserialize;

/// How the reporter is configured.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// An organisation credited as the document's creator (`Organization: NAME`).
    pub creator_organization: Option<String>,
    /// A person credited as the document's creator (`Person: NAME`).
    pub creator_person: Option<String>,
    /// The organisation that supplies the scanned software (the root package's supplier).
    pub supplier: Option<String>,
    /// Where document namespaces start (default `https://spdx.org/spdxdocs/ospo`).
    pub namespace_base: Option<String>,
}
