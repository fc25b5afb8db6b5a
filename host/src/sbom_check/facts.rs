//! What an SBOM says, whatever its format: the facts the profiles ask about.

use serde::Serialize;

/// The document as a whole.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// `CycloneDX`, `SPDX`.
    pub format: String,
    /// `1.7`, `2.3`, `3.0.1`.
    pub spec_version: String,
    /// Who wrote the SBOM data (authors, creators that are people or organisations).
    pub authors: Vec<String>,
    /// Whether an author or the manufacturer/supplier is given with an email address or URL.
    pub author_contact: bool,
    pub timestamp: Option<String>,
    /// Tools that produced it.
    pub tools: Vec<String>,
    /// The lifecycle phase or SBOM type (`build`, `source`, ...).
    pub generation_context: Vec<String>,
    /// Whether the document has a dependency graph at all.
    pub has_dependencies: bool,
}

/// One component or package.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Component {
    /// Its reference in the document (bom-ref, SPDXID, spdxId).
    pub reference: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub supplier: Option<String>,
    /// Whether the supplier or creator is given with an email address or URL.
    pub supplier_contact: bool,
    /// purl, CPE, SWID tag ids.
    pub identifiers: Vec<String>,
    /// Hash algorithms, uppercase without dashes (`SHA256`, `SHA512`).
    pub hashes: Vec<String>,
    pub declared_license: Option<String>,
    pub concluded_license: Option<String>,
    /// Any licence at all (an unacknowledged CycloneDX licence counts here).
    pub any_license: bool,
    /// The document states its dependencies (an entry in the graph, even an empty one).
    pub dependencies_stated: bool,
    /// BSI TR-03183-2 properties.
    pub filename: Option<String>,
    pub executable: Option<String>,
    pub archive: Option<String>,
    pub structured: Option<String>,
}

/// A parsed SBOM.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sbom {
    pub document: Document,
    pub components: Vec<Component>,
}

/// The algorithm name in one spelling: `SHA-512`, `sha512` and `SHA512` are `SHA512`.
pub fn algorithm(name: &str) -> String {
    name.chars().filter(|c| *c != '-' && *c != '_').collect::<String>().to_ascii_uppercase()
}

/// Whether a value says something (`NOASSERTION` and empty strings do not).
pub fn asserted(value: Option<&str>) -> Option<String> {
    let v = value?.trim();
    (!v.is_empty() && v != "NOASSERTION").then(|| v.to_string())
}

/// A contact looks reachable: an email address or a URL.
pub fn is_contact(s: &str) -> bool {
    s.contains('@') || s.contains("://")
}
