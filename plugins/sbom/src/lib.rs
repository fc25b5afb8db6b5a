//! # `sbom` parser
//!
//! SBOM in: a supplier's (or ospo's own) SBOM read as inventory, so licence policy and
//! advisories apply to software whose sources are not at hand.
//!
//! - CycloneDX JSON and XML, 1.4–1.7: `metadata.component` is the root, `components` with
//!   their nested components, `purl`, `hashes`, `scope`, `licenses` (`id`, `name` or
//!   `expression`; 1.6+'s `acknowledgement` tells declared from concluded), `dependencies`.
//! - SPDX 2.x JSON and tag-value: packages, the `PACKAGE-MANAGER purl` reference, `checksums`,
//!   `licenseDeclared` / `licenseConcluded` (`NOASSERTION` states none), the `DEPENDS_ON`,
//!   `*_DEPENDENCY_OF` and `CONTAINS` relationships.
//! - SPDX 3.0 JSON-LD: `software_Package`, the purl (`software_packageUrl` or an external
//!   identifier), `verifiedUsing` hashes, `hasDeclaredLicense` / `hasConcludedLicense` to a
//!   `simplelicensing_LicenseExpression`, `dependsOn`.
//!
//! The format comes from the content (`bomFormat`, `spdxVersion`, an SPDX 3 `@context`, the
//! CycloneDX XML namespace, an `SPDXVersion:` line), never from the name alone: the globs take
//! the conventional names (`*.cdx.json`, `bom.xml`, `*.spdx.json`, `*.spdx`, `*.spdx3.json`, ...)
//! and the generic ones (`sbom.json`, `bom.json`), and a file of another kind is only noted.
//!
//! - ids are purls as the SBOM writes them, and the ecosystem is the purl's type. A component
//!   without a purl gets a `pkg:generic` one, except one that ospo wrote with its ecosystem
//!   (`ospo:ecosystem`), which keeps the id the scan gave it. A root without a purl (a tool's
//!   description of the directory or image it looked at) is not a package; its edges still
//!   make packages `direct`.
//! - `direct` and the scope come from ospo's own annotations where ospo wrote the SBOM
//!   (`ospo:direct`/`ospo:scope` properties, the `ospo: scope=.. direct=..` comment), else from
//!   the root's edges and CycloneDX's `scope` (`excluded` is development, `optional` optional).
//! - An edge's scope is the one SPDX states, else its target's. A package every dependency on
//!   which is optional (SPDX's `OPTIONAL_DEPENDENCY_OF`, `hasOptionalDependency`) is optional.
//! - Several licence entries of one CycloneDX component all apply (`AND`): the format gives them
//!   no operator, and reading a choice where none is stated would understate the obligations.
//! - `concluded_license`: the licence the SBOM's author concluded, with the SBOM as the reason;
//!   the host keeps it unless a curation applies.
//! - `locations`: the SBOM and the line of the component's entry.
//! - One manifest record per SBOM (ecosystem `sbom`, format `CycloneDX 1.6 JSON`), complete when
//!   the document states a dependency graph (for CycloneDX: what `compositions` says of the root).
//!
//! An SBOM inside a dependency folder (`vendor/`, `node_modules/`) describes that dependency and,
//! like every manifest there, is not given to parsers. A tree that commits the SBOM ospo wrote for
//! it lists each package twice over (its lockfile and the SBOM); ids are purls, so they merge, but
//! exclude the file (`[scan] exclude`) if its licences or versions may be stale.
//!
//! Diagnostics: `manifest-malformed` (JSON or XML that does not parse, a tag-value line that does
//! not read, with its line), `sbom-unrecognised` (a file with an SBOM's name that is none of these
//! formats), `sbom-purl-invalid`, `sbom-reference-unresolved`, `sbom-reference-duplicate`.

mod bom;
mod cyclonedx;
mod cyclonedx_xml;
mod lines;
mod spdx2;
mod spdx3;
mod tagvalue;
use ospo_plugin_sdk::xml;

use ospo_plugin_sdk::json_lines::KeyLines;
use ospo_plugin_sdk::text::{LineIndex, lossy};
use ospo_plugin_sdk::{Diagnostic, FileInput, Level, ParseOutput, Parser, PluginInfo};
use serde_json::Value;

use crate::lines::Lines;

/// The parser.
pub struct Sbom;

/// The file names SBOMs go by: CycloneDX's and SPDX's recommended extensions, and the generic
/// names tools and release pages use.
pub const GLOBS: &[&str] = &[
    "**/bom.json",
    "**/bom.xml",
    "**/*.cdx.json",
    "**/*.cdx.xml",
    "**/*.bom.json",
    "**/*.bom.xml",
    "**/sbom.json",
    "**/sbom.xml",
    "**/*.sbom.json",
    "**/*.sbom.xml",
    "**/*.spdx",
    "**/*.spdx.json",
    "**/*.spdx.jsonld",
    "**/*.spdx3.json",
    "**/*.spdx3.jsonld",
];

/// How deep JSON key lines are recorded: a component's or package's keys are three segments down
/// (`components`, index, key); deeper keys are not recorded at all, since a large SBOM's hashes and
/// licences would cost time and memory for no line we report. Each level of CycloneDX nesting
/// adds two, so a document with nested components is scanned to [`NESTED_KEY_DEPTH`] (three
/// levels keep their lines).
const KEY_DEPTH: usize = 3;
const NESTED_KEY_DEPTH: usize = 9;

impl Parser for Sbom {
    fn info() -> PluginInfo {
        PluginInfo::new("sbom", env!("CARGO_PKG_VERSION"))
            .describe(
                "Packages, licences, hashes and dependencies from CycloneDX (JSON, XML) and SPDX (2.x JSON, \
                 tag-value, 3.0 JSON-LD) SBOMs",
            )
            .globs(GLOBS.iter().copied())
            .text_only(true)
            .ecosystems([bom::ECOSYSTEM])
            .code(
                "manifest-malformed",
                Level::Warning,
                "An SBOM does not parse (JSON or XML syntax, a tag-value line that is not `Tag: value`) or a \
                 component in it lacks what it needs; what could be read is kept. The message gives the line.",
            )
            .code(
                "sbom-unrecognised",
                Level::Info,
                "A file named like an SBOM is neither CycloneDX (JSON, XML) nor SPDX (2.x JSON or tag-value, \
                 3.0 JSON-LD), so nothing was read from it. SPDX YAML and RDF are not read: convert them to JSON.",
            )
            .code(
                "sbom-purl-invalid",
                Level::Warning,
                "An SBOM component's purl does not parse, so it is read with a pkg:generic purl and advisories \
                 cannot match it. Ask the SBOM's author for a valid purl.",
            )
            .code(
                "sbom-reference-unresolved",
                Level::Warning,
                "An SBOM's dependency graph names a reference no component has, so those edges are missing.",
            )
            .code(
                "sbom-reference-duplicate",
                Level::Warning,
                "Two components of an SBOM share one reference (bom-ref, SPDXID), so only the first is read.",
            )
    }

    fn parse(file: FileInput) -> Result<ParseOutput, String> {
        let text = lossy(&file.contents);
        let text = text.trim_start_matches('\u{feff}');
        Ok(read(&file.path, text))
    }
}

/// The inventory of the SBOM at `path`.
fn read(path: &str, text: &str) -> ParseOutput {
    let start = text.trim_start();
    if start.starts_with('<') {
        return read_xml(path, text);
    }
    if start.starts_with('{') {
        return read_json(path, text);
    }
    if tagvalue::sniff(text) {
        let tv = tagvalue::read(text);
        let mut bom = spdx2::read(&tv.doc, &Lines::Paths(tv.lines), "tag-value");
        for damage in tv.damage {
            bom.diagnostics.push(malformed(path, &bom.format, Some(damage.line), &damage.message));
        }
        return bom.into_output(path);
    }
    unrecognised(path, "it is neither JSON, XML nor SPDX tag-value")
}

fn read_json(path: &str, text: &str) -> ParseOutput {
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
            let mut out = ParseOutput::default();
            out.diagnostics.push(malformed(path, "SBOM", line, &format!("not valid JSON: {e}")));
            return out;
        }
    };
    let lines = |depth| Lines::Keys(KeyLines::new(text, depth));
    if doc.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        let nested = doc
            .get("components")
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|c| c.get("components").is_some()));
        let depth = if nested { NESTED_KEY_DEPTH } else { KEY_DEPTH };
        return cyclonedx::read(&doc, &lines(depth), "JSON", path).into_output(path);
    }
    if doc.get("spdxVersion").is_some() {
        return spdx2::read(&doc, &lines(KEY_DEPTH), "JSON").into_output(path);
    }
    let context = doc.get("@context").map(Value::to_string).unwrap_or_default();
    if context.contains("spdx.org/rdf/3") {
        return spdx3::read(&doc, &lines(KEY_DEPTH)).into_output(path);
    }
    unrecognised(path, "JSON without `bomFormat: CycloneDX`, `spdxVersion` or an SPDX 3 `@context`")
}

fn read_xml(path: &str, text: &str) -> ParseOutput {
    let (root, error) = xml::parse(text);
    let cyclonedx = root.as_ref().filter(|r| r.name == "bom" && cyclonedx_xml::spec_version(r).is_some());
    let Some(root) = cyclonedx else {
        if let Some(error) = error {
            let line = LineIndex::new(text.as_bytes()).line_of(error.offset);
            let mut out = ParseOutput::default();
            out.diagnostics.push(malformed(
                path,
                "SBOM",
                Some(line),
                &format!("not valid XML: {}", error.message),
            ));
            return out;
        }
        let what = if text.contains("spdx.org/rdf") {
            "SPDX RDF/XML, which is not read"
        } else {
            "XML but not a CycloneDX BOM"
        };
        return unrecognised(path, what);
    };
    let (doc, lines) = cyclonedx_xml::to_json(root, text);
    let mut bom = cyclonedx::read(&doc, &Lines::Paths(lines), "XML", path);
    if let Some(error) = error {
        // What came before the damage is kept.
        let line = LineIndex::new(text.as_bytes()).line_of(error.offset);
        bom.diagnostics.push(malformed(
            path,
            &bom.format,
            Some(line),
            &format!("not valid XML: {}", error.message),
        ));
    }
    bom.into_output(path)
}

fn malformed(path: &str, format: &str, line: Option<u32>, message: &str) -> Diagnostic {
    Diagnostic::new("manifest-malformed", Level::Warning, format!("{format}: {message}")).at(path, line)
}

fn unrecognised(path: &str, what: &str) -> ParseOutput {
    let mut out = ParseOutput::default();
    out.diagnostics.push(
        Diagnostic::new(
            "sbom-unrecognised",
            Level::Info,
            format!("{path} is named like an SBOM, but {what}"),
        )
        .at(path, None),
    );
    out
}

// Exported only in the component: on a native target the wasm export names (`ospo:plugin/...`)
// break the linker's version script when `cargo test` links the cdylib.
#[cfg(target_arch = "wasm32")]
ospo_plugin_sdk::register_parser!(Sbom);

#[cfg(test)]
mod tests;
