//! Loading a plugin: is it a component, which of our worlds does it implement, was it built
//! against a WIT version this host speaks, do its imports link, and what does `info()` say.

use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::bindings::{ContentFilter, v1, v2, wit};
use super::instance::{Instance, WorldPre};
use super::state::HostContext;
use super::{CONTRACT_LINES, Limits, Runtime, WIT_VERSION};
use crate::model::PluginKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginSource {
    /// Built from `plugins/<crate>` and embedded in the binary.
    Embedded(String),
    File(PathBuf),
}

impl std::fmt::Display for PluginSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PluginSource::Embedded(name) => write!(f, "embedded:{name}"),
            PluginSource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{source_name} is not a WebAssembly file (no `\\0asm` header)")]
    NotWasm { source_name: String },
    #[error(
        "{source_name} is a core WebAssembly module, not a component: build plugins with \
         `cargo build --target wasm32-wasip2` (expected a component exporting an ospo:plugin@{WIT_VERSION} world)"
    )]
    CoreModule { source_name: String },
    #[error("{source_name} could not be compiled: {message}")]
    Compile { source_name: String, message: String },
    #[error(
        "{source_name} exports none of the ospo:plugin worlds (expected one of detector, parser, \
         advisor, collector, reporter: an export named ospo:plugin/{{detect,parse,advise,collect,render}}@{WIT_VERSION}); \
         found exports: [{found}]"
    )]
    WrongWorld { source_name: String, found: String },
    #[error(
        "{source_name} was built against ospo:plugin@{found}; this host supports {supported} \
         (rebuild the plugin with a matching ospo-plugin-sdk)"
    )]
    IncompatibleVersion { source_name: String, found: String, supported: String },
    #[error(
        "{source_name} does not link against this host's ospo:plugin@{WIT_VERSION} {world} world: {message}"
    )]
    Link { source_name: String, world: &'static str, message: String },
    #[error("{source_name}: calling info() failed: {message}")]
    Info { source_name: String, message: String },
    #[error("{source_name}: calling filter() failed: {message}")]
    ContentFilter { source_name: String, message: String },
    #[error("{source_name}: info() says it is a {claimed} plugin but it implements the {world} world")]
    KindMismatch { source_name: String, claimed: &'static str, world: &'static str },
}

/// A plugin that passed every load-time check, ready to instantiate cheaply.
pub struct LoadedPlugin {
    pub info: wit::PluginInfo,
    /// A filtered detector's content filter as declared without configuration (contract 0.1.1
    /// and later); each scan asks again with its own (`scan::dispatch::Job::new`).
    pub content_filter: Option<ContentFilter>,
    pub kind: PluginKind,
    pub wit_version: String,
    pub sha256: String,
    pub source: PluginSource,
    pub limits: Limits,
    pub(super) pre: Arc<WorldPre>,
}

impl LoadedPlugin {
    pub fn name(&self) -> &str {
        &self.info.name
    }

    /// Why the globs this plugin declares (`info()` and its load-time content filter) are
    /// refused, if they are: a scan leaves such a plugin out, `plugins list` shows the reason.
    pub fn glob_error(&self) -> Option<super::GlobError> {
        let always = self.content_filter.as_ref().map_or(&[][..], |f| f.always.as_slice());
        super::glob_set(&self.info.files.globs).err().or_else(|| super::glob_set(always).err())
    }

    /// A fresh instance whose host calls see `ctx`.
    pub fn instantiate(
        &self,
        runtime: &Runtime,
        ctx: Arc<HostContext>,
    ) -> Result<Instance, super::CallError> {
        Instance::new(runtime.engine(), self.pre.clone(), ctx, self.limits)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The versions of ospo:plugin this host accepts: a patch of one of its contract lines no newer
/// than the one it was generated from (0.x is semver's "anything may break between minors", so
/// each minor is a line of its own).
fn supported(version: &semver::Version) -> bool {
    CONTRACT_LINES.iter().any(|&(major, minor, patch)| {
        version.major == major && version.minor == minor && version.patch <= patch && version.pre.is_empty()
    })
}

fn supported_range() -> String {
    CONTRACT_LINES
        .iter()
        .map(|(major, minor, patch)| match patch {
            0 => format!("ospo:plugin@{major}.{minor}.0"),
            _ => format!("ospo:plugin@{major}.{minor}.0..={major}.{minor}.{patch}"),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `ospo:plugin/detect@0.1.0` → (`detect`, `0.1.0`).
fn split_ours(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("ospo:plugin/")?;
    rest.split_once('@')
}

pub(super) fn load(
    runtime: &Runtime,
    bytes: &[u8],
    sha256: &str,
    source: PluginSource,
    limits: Limits,
) -> Result<LoadedPlugin, LoadError> {
    let source_name = source.to_string();
    if !bytes.starts_with(b"\0asm") {
        return Err(LoadError::NotWasm { source_name });
    }
    // Header: magic, then a u16 version and a u16 layer; layer 1 is a component, 0 a core module.
    if bytes.get(6..8) != Some(&[1, 0]) {
        return Err(LoadError::CoreModule { source_name });
    }
    let engine = runtime.engine();
    let component = runtime
        .cache
        .get_or_compile(engine, sha256, bytes)
        .map_err(|e| LoadError::Compile { source_name: source_name.clone(), message: format!("{e:#}") })?;

    let component_type = component.component_type();
    let exports: Vec<String> = component_type.exports(engine).map(|(name, _)| name.to_string()).collect();
    let ours: Vec<(String, String)> =
        exports.iter().filter_map(|n| split_ours(n).map(|(i, v)| (i.to_string(), v.to_string()))).collect();
    // A filtered detector exports `prefilter` beside `detect`; every world has one job interface.
    let prefiltered = ours.iter().any(|(interface, _)| interface == "prefilter");
    let jobs: Vec<&(String, String)> =
        ours.iter().filter(|(interface, _)| interface != "prefilter").collect();
    let (interface, version) = match jobs.as_slice() {
        [one] if !prefiltered || one.0 == "detect" => (*one).clone(),
        _ => return Err(LoadError::WrongWorld { source_name, found: exports.join(", ") }),
    };
    for (_, export_version) in &ours {
        if !semver::Version::parse(export_version).is_ok_and(|v| supported(&v)) {
            return Err(LoadError::IncompatibleVersion {
                source_name,
                found: export_version.clone(),
                supported: supported_range(),
            });
        }
    }
    // Every export and import of ours must be of one line: a mix cannot be adapted.
    let legacy = version.starts_with("0.1.");
    if ours.iter().any(|(_, v)| v.starts_with("0.1.") != legacy) {
        return Err(LoadError::IncompatibleVersion {
            source_name,
            found: ours.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" and "),
            supported: supported_range(),
        });
    }
    // A plugin built against a newer host interface would fail to link; say why in version terms.
    for (name, _) in component_type.imports(engine) {
        if let Some((_, import_version)) = split_ours(name)
            && !semver::Version::parse(import_version).is_ok_and(|v| supported(&v))
        {
            return Err(LoadError::IncompatibleVersion {
                source_name,
                found: import_version.to_string(),
                supported: supported_range(),
            });
        }
    }

    let (kind, world) = match interface.as_str() {
        "detect" => (PluginKind::Detector, "detector"),
        "parse" => (PluginKind::Parser, "parser"),
        "advise" => (PluginKind::Advisor, "advisor"),
        "collect" => (PluginKind::Collector, "collector"),
        "render" => (PluginKind::Reporter, "reporter"),
        _ => return Err(LoadError::WrongWorld { source_name, found: exports.join(", ") }),
    };
    let link_err = |e: wasmtime::Error| LoadError::Link {
        source_name: source_name.clone(),
        world,
        message: format!("{e:#}"),
    };
    let instance_pre = runtime.linker.instantiate_pre(&component).map_err(link_err)?;
    let pre = match (legacy, kind) {
        (true, PluginKind::Detector) if prefiltered => WorldPre::V1FilteredDetector(
            v1::filtered_detector::FilteredDetectorPre::new(instance_pre).map_err(link_err)?,
        ),
        (true, PluginKind::Detector) => {
            WorldPre::V1Detector(v1::detector::DetectorPre::new(instance_pre).map_err(link_err)?)
        }
        (true, PluginKind::Parser) => {
            WorldPre::V1Parser(v1::parser::ParserPre::new(instance_pre).map_err(link_err)?)
        }
        (true, PluginKind::Advisor) => {
            WorldPre::V1Advisor(v1::advisor::AdvisorPre::new(instance_pre).map_err(link_err)?)
        }
        (true, PluginKind::Collector) => {
            WorldPre::V1Collector(v1::collector::CollectorPre::new(instance_pre).map_err(link_err)?)
        }
        (true, PluginKind::Reporter) => {
            WorldPre::V1Reporter(v1::reporter::ReporterPre::new(instance_pre).map_err(link_err)?)
        }
        // A 0.2 detector always exports its content filter: the world requires it.
        (false, PluginKind::Detector) => {
            WorldPre::Detector(v2::detector::DetectorPre::new(instance_pre).map_err(link_err)?)
        }
        (false, PluginKind::Parser) => {
            WorldPre::Parser(v2::parser::ParserPre::new(instance_pre).map_err(link_err)?)
        }
        (false, PluginKind::Advisor) => {
            WorldPre::Advisor(v2::advisor::AdvisorPre::new(instance_pre).map_err(link_err)?)
        }
        (false, PluginKind::Collector) => {
            WorldPre::Collector(v2::collector::CollectorPre::new(instance_pre).map_err(link_err)?)
        }
        (false, PluginKind::Reporter) => {
            WorldPre::Reporter(v2::reporter::ReporterPre::new(instance_pre).map_err(link_err)?)
        }
    };
    let pre = Arc::new(pre);

    let ctx = Arc::new(HostContext::detached(&source_name));
    let mut instance = Instance::new(engine, pre.clone(), ctx, limits)
        .map_err(|e| LoadError::Info { source_name: source_name.clone(), message: e.to_string() })?;
    let info = instance
        .info()
        .map_err(|e| LoadError::Info { source_name: source_name.clone(), message: e.to_string() })?;
    let content_filter = instance
        .content_filter()
        .map_err(|e| LoadError::ContentFilter { source_name: source_name.clone(), message: e.to_string() })?;
    let claimed = super::convert::plugin_kind(info.kind);
    if claimed != kind {
        return Err(LoadError::KindMismatch { source_name, claimed: claimed.as_str(), world });
    }
    Ok(LoadedPlugin {
        info,
        content_filter,
        kind,
        wit_version: version,
        sha256: sha256.to_string(),
        source,
        limits,
        pre,
    })
}
