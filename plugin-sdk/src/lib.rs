//! # ospo plugin SDK
//!
//! Write an [ospo](https://example.invalid/ospo) plugin in plain Rust: implement one trait
//! ([`Detector`], [`Parser`], [`Advisor`], [`Collector`] or [`Reporter`]) and register it with the
//! matching macro. The WIT bindings stay private; this crate re-exports the shared types.
//!
//! ```no_run
//! use ospo_plugin_sdk::{register_detector, Detector, DetectOutput, FileInput, PluginInfo, PluginKind};
//!
//! struct Confidential;
//!
//! impl Detector for Confidential {
//!     fn info() -> PluginInfo {
//!         PluginInfo::new(PluginKind::Detector, "confidential", env!("CARGO_PKG_VERSION"))
//!             .describe("flags files marked CONFIDENTIAL")
//!             .globs(["**/*"])
//!             .text_only(true)
//!     }
//!     fn detect_file(file: &FileInput, out: &mut DetectOutput) -> Result<(), String> {
//!         // ...
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
//! without wasm.
#![deny(missing_docs)]

#[doc(hidden)]
pub mod bindings;
pub mod host;
mod info;
pub mod keywords;
mod macros;
pub mod text;
mod traits;

pub use traits::{Advisor, Collector, Detector, Parser, Reporter};

pub use bindings::detector::ospo::plugin::types::{
    AdviseOutput, Advisory, CollectOutput, Copyright, Decision, DependencyEdge, DependencyScope,
    DetectOutput, Diagnostic, FileFilter, FileInput, FindingKind, Level, LicenseFinding, LineRange, Metric,
    MetricValue, Observation, Package, ParseOutput, PluginInfo, PluginKind, ProjectLicense, ScanResult,
    Verdict,
};

pub use bindings::detector::exports::ospo::plugin::prefilter::ContentFilter;

/// The version of the WIT contract this SDK builds plugins against.
pub const WIT_VERSION: &str = "0.1.1";

#[doc(hidden)]
pub mod __private {
    pub use crate::bindings::*;
}
