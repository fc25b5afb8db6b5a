//! The profiles: which elements each one requires, of the document and of every component.
//!
//! - `ntia`: the NTIA "Minimum Elements for an SBOM" (2021): supplier, component name, version,
//!   other unique identifiers, dependency relationship; SBOM author and timestamp.
//! - `cisa-2025`: CISA's 2025 "Minimum Elements" update: the NTIA set plus the component hash,
//!   licence, the tool name and the generation context (lifecycle phase).
//! - `bsi-tr-03183-2`: BSI TR-03183-2 v2.1 (2025): CycloneDX ≥ 1.6 or SPDX ≥ 3.0.1; the
//!   creator's email or URL and the timestamp; per component the creator with email or URL,
//!   name, version, filename, dependencies, the distribution (concluded) licence, a SHA-512 of
//!   the deployable form, and the executable, archive and structured properties.
//!
//! Each element says who can supply it: the scan (ospo fills it when the inventory knows),
//! configuration (`supplier`, `authors` in the reporter's config), or the build (facts about
//! the deployed artefact a source scan cannot see).

use super::facts::{Component, Document};

/// A profile to check against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// NTIA minimum elements (2021).
    Ntia,
    /// BSI TR-03183-2 v2.1.
    #[value(name = "bsi-tr-03183-2")]
    BsiTr031832,
    /// CISA minimum elements (2025).
    #[value(name = "cisa-2025")]
    Cisa2025,
}

impl Profile {
    /// As users name it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Ntia => "ntia",
            Profile::BsiTr031832 => "bsi-tr-03183-2",
            Profile::Cisa2025 => "cisa-2025",
        }
    }
}

/// Who can supply a missing element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Supplied {
    /// The generator, from what it scanned.
    Scan,
    /// The person running the generator, in its configuration.
    Config,
    /// Only the build of the deployed artefact knows it.
    Build,
}

/// One required element of a document.
pub struct DocElement {
    pub name: &'static str,
    pub supplied: Supplied,
    pub present: fn(&Document) -> bool,
}

/// One required element of each component.
pub struct ComponentElement {
    pub name: &'static str,
    pub supplied: Supplied,
    pub present: fn(&Component) -> bool,
}

fn version_at_least(version: &str, min: (u32, u32, u32)) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let v = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    v >= min
}

const AUTHOR: DocElement =
    DocElement { name: "SBOM author", supplied: Supplied::Config, present: |d| !d.authors.is_empty() };
const TIMESTAMP: DocElement =
    DocElement { name: "timestamp", supplied: Supplied::Scan, present: |d| d.timestamp.is_some() };
const TOOL: DocElement =
    DocElement { name: "tool name", supplied: Supplied::Scan, present: |d| !d.tools.is_empty() };
const CONTEXT: DocElement = DocElement {
    name: "generation context (lifecycle phase or SBOM type)",
    supplied: Supplied::Scan,
    present: |d| !d.generation_context.is_empty(),
};
const FORMAT_BSI: DocElement = DocElement {
    name: "format CycloneDX >= 1.6 or SPDX >= 3.0.1",
    supplied: Supplied::Scan,
    present: |d| match d.format.as_str() {
        "CycloneDX" => version_at_least(&d.spec_version, (1, 6, 0)),
        "SPDX" => version_at_least(&d.spec_version, (3, 0, 1)),
        _ => false,
    },
};
const CREATOR_CONTACT: DocElement = DocElement {
    name: "SBOM creator's email or URL",
    supplied: Supplied::Config,
    present: |d| d.author_contact,
};

const SUPPLIER: ComponentElement =
    ComponentElement { name: "supplier", supplied: Supplied::Config, present: |c| c.supplier.is_some() };
const NAME: ComponentElement =
    ComponentElement { name: "name", supplied: Supplied::Scan, present: |c| c.name.is_some() };
const VERSION: ComponentElement =
    ComponentElement { name: "version", supplied: Supplied::Scan, present: |c| c.version.is_some() };
const IDENTIFIER: ComponentElement = ComponentElement {
    name: "unique identifier (purl, CPE or SWID)",
    supplied: Supplied::Scan,
    present: |c| !c.identifiers.is_empty(),
};
const DEPENDENCIES: ComponentElement = ComponentElement {
    name: "dependency relationship",
    supplied: Supplied::Scan,
    present: |c| c.dependencies_stated,
};
const HASH: ComponentElement =
    ComponentElement { name: "hash", supplied: Supplied::Scan, present: |c| !c.hashes.is_empty() };
const LICENSE: ComponentElement =
    ComponentElement { name: "licence", supplied: Supplied::Scan, present: |c| c.any_license };
const CREATOR_WITH_CONTACT: ComponentElement = ComponentElement {
    name: "component creator's email or URL",
    supplied: Supplied::Config,
    present: |c| c.supplier_contact,
};
const FILENAME: ComponentElement =
    ComponentElement { name: "filename", supplied: Supplied::Build, present: |c| c.filename.is_some() };
const DISTRIBUTION_LICENSE: ComponentElement = ComponentElement {
    name: "distribution licence (concluded)",
    supplied: Supplied::Scan,
    present: |c| c.concluded_license.is_some(),
};
const SHA512: ComponentElement = ComponentElement {
    name: "SHA-512 of the deployable component",
    supplied: Supplied::Build,
    present: |c| c.hashes.iter().any(|h| h == "SHA512"),
};
const EXECUTABLE: ComponentElement = ComponentElement {
    name: "executable property",
    supplied: Supplied::Build,
    present: |c| c.executable.is_some(),
};
const ARCHIVE: ComponentElement = ComponentElement {
    name: "archive property",
    supplied: Supplied::Build,
    present: |c| c.archive.is_some(),
};
const STRUCTURED: ComponentElement = ComponentElement {
    name: "structured property",
    supplied: Supplied::Build,
    present: |c| c.structured.is_some(),
};

/// The document elements `profile` requires.
pub fn document(profile: Profile) -> Vec<DocElement> {
    match profile {
        Profile::Ntia => vec![AUTHOR, TIMESTAMP],
        Profile::Cisa2025 => vec![AUTHOR, TIMESTAMP, TOOL, CONTEXT],
        Profile::BsiTr031832 => vec![FORMAT_BSI, CREATOR_CONTACT, TIMESTAMP],
    }
}

/// The component elements `profile` requires.
pub fn component(profile: Profile) -> Vec<ComponentElement> {
    match profile {
        Profile::Ntia => vec![SUPPLIER, NAME, VERSION, IDENTIFIER, DEPENDENCIES],
        Profile::Cisa2025 => vec![SUPPLIER, NAME, VERSION, IDENTIFIER, HASH, LICENSE, DEPENDENCIES],
        Profile::BsiTr031832 => vec![
            CREATOR_WITH_CONTACT,
            NAME,
            VERSION,
            FILENAME,
            DEPENDENCIES,
            DISTRIBUTION_LICENSE,
            SHA512,
            EXECUTABLE,
            ARCHIVE,
            STRUCTURED,
        ],
    }
}
