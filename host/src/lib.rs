//! ospo: a compliance scanner whose every capability is a sandboxed WebAssembly plugin.
//!
//! The binary (`main.rs`) is a thin shell over this library: [`cli`] turns arguments and
//! `ospo.toml` into a [`plan::Plan`], [`plugins`] loads the plugin set into the [`runtime`]
//! sandbox, [`scan`] walks the tree and dispatches to plugins, and [`output`] writes the result.

pub mod advisories;
pub mod cli;
pub mod config;
pub mod db;
pub mod diagnostics;
pub mod ecosystems;
pub mod escape;
pub mod files;
pub mod metadata;
pub mod model;
pub mod output;
pub mod plan;
pub mod plugin_cmd;
pub mod plugins;
pub mod policy;
pub mod runtime;
pub mod sbom_check;
pub mod scan;
