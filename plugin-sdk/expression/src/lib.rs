//! # ospo-expression
//!
//! SPDX licence expressions as ospo writes them, shared by the host and every plugin (they share
//! logic, never runtime state). Pure Rust over the [`spdx`] crate's licence list and parser: no
//! WIT, no wasm runtime, so it links into a guest and into the host alike.
//!
//! - [`parse`] / [`validate`] / [`canonical`]: SPDX expressions as the specification defines
//!   them (ids matched case-insensitively, `LicenseRef-`, `DocumentRef-`, `WITH`, `+`), and
//!   their one canonical spelling, which is what every finding's `expression` holds.
//! - [`normalize`]: what manifests and notices actually write (`Apache 2`, `GPLv2+`,
//!   `MIT/Apache-2.0`, `SEE LICENSE IN LICENSE.md`) mapped to an expression, never guessing:
//!   a name that could mean two licences stays a `LicenseRef-`.
//! - [`simplify`], [`and`], [`or`], [`licenses`], [`is_spdx_id`]: small algebra over the
//!   canonical text.
//! - [`convention`]: the names host and plugins agree on (the "see the licence file" reference,
//!   manifest and licence file names).
//!
//! ```
//! assert_eq!(ospo_expression::canonical("mit or apache-2.0").unwrap(), "MIT OR Apache-2.0");
//! assert_eq!(ospo_expression::normalize("Apache License, Version 2.0").expression, "Apache-2.0");
//! assert_eq!(ospo_expression::or(&["MIT", "Apache-2.0 AND ISC"]), "MIT OR Apache-2.0 AND ISC");
//! assert_eq!(ospo_expression::and(&["MIT OR Apache-2.0", "ISC"]), "(MIT OR Apache-2.0) AND ISC");
//! ```
#![deny(missing_docs)]

mod combine;
pub mod convention;
mod deprecated;
mod expr;
mod ids;
mod names;
mod normalize;

pub use combine::{and, licenses, or, simplify};
pub use expr::{ExprError, Expression, Term, canonical, parse, validate};
pub use ids::is_spdx_id;
pub use normalize::{Normalized, normalize, sanitize_ref};

/// The version of the SPDX licence list the ids come from.
pub fn license_list_version() -> &'static str {
    spdx::license_version()
}
