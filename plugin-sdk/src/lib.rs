//! # ospo plugin SDK
//!
//! Write an [ospo](https://example.invalid/ospo) plugin in plain Rust: implement one trait
//! ([`Detector`], [`Parser`], [`Advisor`], [`Collector`] or [`Reporter`]) and register it with the
//! matching macro. The WIT bindings stay private; this crate re-exports the shared types.
//!
//! Never write a record as a struct literal: every record has a constructor taking its required
//! fields and `with`-style setters for the rest ([`LicenseFinding::new`], [`Package::new`],
//! [`Metric::count`], ...), so a field a later contract adds gets its default here and your
//! plugin still compiles.
//!
//! ```no_run
//! use ospo_plugin_sdk::{register_detector, Detector, DetectOutput, FileInput, FindingKind,
//!     LicenseFinding, LineRange, PluginInfo};
//!
//! struct Confidential;
//!
//! impl Detector for Confidential {
//!     fn info() -> PluginInfo {
//!         // The kind (detector) comes from the trait.
//!         PluginInfo::new("confidential", env!("CARGO_PKG_VERSION"))
//!             .describe("flags files marked CONFIDENTIAL")
//!             .globs(["**/*"])
//!             .text_only(true)
//!     }
//!     fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
//!         if file.contents.starts_with(b"// SPDX-License-Identifier: MIT") {
//!             out.licenses.push(
//!                 LicenseFinding::new(&file.path, "MIT", FindingKind::Tag)
//!                     .lines(LineRange::line(1))
//!                     .rule("spdx-tag"),
//!             );
//!         }
//!         Ok(())
//!     }
//! }
//!
//! register_detector!(Confidential);
//! ```
//!
//! Plugins are built with `cargo build --target wasm32-wasip2` and run sandboxed: the only way to
//! the outside world is the [`host`] module. On a native target (`cargo test`) the same [`host`]
//! functions read from a directory you choose with [`host::testing`], so plugin logic is testable
//! without wasm; [`Detector::plugin_info`] and its siblings give the `PluginInfo` the host sees.
#![deny(missing_docs)]

#[doc(hidden)]
pub mod bindings;
pub mod host;
mod info;
pub mod json_lines;
pub mod jsonc;
pub mod keywords;
mod macros;
pub mod mutate;
pub mod purl;
mod records;
pub mod relpath;
pub mod text;
mod traits;

pub use traits::{Advisor, Collector, Detector, Parser, Reporter};

/// SPDX expressions: strict parsing, canonical form, lax normalisation of manifest licence
/// fields, and the conventions the host shares (the `ospo-expression` crate).
pub use ospo_expression as expression;

/// An XML element tree with the byte offset of every element, shared with the host (the
/// `ospo-xml` crate; the `xml` feature).
#[cfg(feature = "xml")]
pub use ospo_xml as xml;

pub use bindings::detector::ospo::plugin::types::{
    AdviseOutput, Advisory, AdvisoryKind, AdvisoryMatch, AffectedRange, CodeInfo, CollectOutput,
    Completeness, Component, ConcludedLicense, Copyright, Decision, DeclaredLicense, DependencyEdge,
    DependencyScope, DetectOutput, Diagnostic, EventKind, Evidence, ExceptionRef, FileFilter, FileInput,
    FindingKind, Hash, HashAlgorithm, Label, Level, LicenseFinding, LicenseReference, LineRange, Location,
    Manifest, Metric, MetricValue, Observation, Package, PackageSource, ParseOutput, PluginInfo, PluginKind,
    PluginRecord, ProjectLicense, RangeEvent, RangeType, ReferenceKind, ScanMetadata, ScanResult, Severity,
    SeverityRating, SourceKind, Strength, SubjectKind, VcsInfo, Verdict,
};

pub use bindings::detector::exports::ospo::plugin::prefilter::ContentFilter;

/// The version of the WIT contract this SDK builds plugins against.
pub const WIT_VERSION: &str = "0.2.0";

#[doc(hidden)]
pub mod __private {
    pub use crate::bindings::*;

    /// The macro glue's way to set the kind the trait implies, whatever the builder said.
    pub fn with_kind(mut info: crate::PluginInfo, kind: crate::PluginKind) -> crate::PluginInfo {
        info.kind = kind;
        info
    }
}
