//! One live plugin instance and the guarded call path: every call gets a fresh epoch deadline,
//! runs under the memory limiter, has its output measured, and a trap poisons the instance, which
//! is rebuilt from its `InstancePre` (~20 µs) before the next call.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use wasmtime::{Engine, Store, Trap};

use super::adapt;
use super::bindings::{ContentFilter, v1, v2, wit};
use super::size::WireSize;
use super::state::{HostContext, PluginState};
use super::{EPOCH_TICK, Limits};
use crate::diagnostics::Code;

/// A plugin's pre-instantiated world, by contract line: 0.1.x plugins keep their own bindings and
/// the host adapts what crosses (see `adapt.rs`).
pub(super) enum WorldPre {
    V1Detector(v1::detector::DetectorPre<PluginState>),
    V1FilteredDetector(v1::filtered_detector::FilteredDetectorPre<PluginState>),
    V1Parser(v1::parser::ParserPre<PluginState>),
    V1Advisor(v1::advisor::AdvisorPre<PluginState>),
    V1Collector(v1::collector::CollectorPre<PluginState>),
    V1Reporter(v1::reporter::ReporterPre<PluginState>),
    Detector(v2::detector::DetectorPre<PluginState>),
    Parser(v2::parser::ParserPre<PluginState>),
    Advisor(v2::advisor::AdvisorPre<PluginState>),
    Collector(v2::collector::CollectorPre<PluginState>),
    Reporter(v2::reporter::ReporterPre<PluginState>),
}

impl WorldPre {
    fn is_v1(&self) -> bool {
        matches!(
            self,
            WorldPre::V1Detector(_)
                | WorldPre::V1FilteredDetector(_)
                | WorldPre::V1Parser(_)
                | WorldPre::V1Advisor(_)
                | WorldPre::V1Collector(_)
                | WorldPre::V1Reporter(_)
        )
    }

    fn has_content_filter(&self) -> bool {
        matches!(self, WorldPre::V1FilteredDetector(_) | WorldPre::Detector(_))
    }
}

enum World {
    V1Detector(v1::detector::Detector),
    V1FilteredDetector(v1::filtered_detector::FilteredDetector),
    V1Parser(v1::parser::Parser),
    V1Advisor(v1::advisor::Advisor),
    V1Collector(v1::collector::Collector),
    V1Reporter(v1::reporter::Reporter),
    Detector(v2::detector::Detector),
    Parser(v2::parser::Parser),
    Advisor(v2::advisor::Advisor),
    Collector(v2::collector::Collector),
    Reporter(v2::reporter::Reporter),
}

/// Why a call produced no result. Each maps to a stable diagnostic code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    #[error("exceeded its {0} ms deadline")]
    Timeout(u64),
    #[error("exceeded its memory limit of {0} MiB")]
    MemoryLimit(usize),
    #[error("panicked: {0}")]
    Panic(String),
    #[error("trapped: {0}")]
    Trap(String),
    #[error("returned about {bytes} bytes, over its output limit of {cap} bytes")]
    OutputLimit { bytes: usize, cap: usize },
    #[error("reported an error: {0}")]
    Plugin(String),
    #[error("could not be instantiated: {0}")]
    Instantiate(String),
    #[error("called with the wrong world: {0}")]
    WrongKind(&'static str),
}

impl CallError {
    pub fn code(&self) -> Code {
        match self {
            CallError::Timeout(_) => Code::PluginTimeout,
            CallError::MemoryLimit(_) => Code::PluginMemoryLimit,
            CallError::Panic(_) => Code::PluginPanic,
            CallError::Trap(_) => Code::PluginTrap,
            CallError::OutputLimit { .. } => Code::PluginOutputLimit,
            CallError::Plugin(_) => Code::PluginError,
            CallError::Instantiate(_) | CallError::WrongKind(_) => Code::PluginTrap,
        }
    }

    /// Whether retrying with a smaller batch can isolate the cause to one input.
    pub fn is_sandbox_failure(&self) -> bool {
        !matches!(self, CallError::Plugin(_) | CallError::WrongKind(_))
    }
}

pub struct Instance {
    engine: Engine,
    pre: Arc<WorldPre>,
    ctx: Arc<HostContext>,
    limits: Limits,
    store: Store<PluginState>,
    world: Option<World>,
}

impl Instance {
    pub(super) fn new(
        engine: &Engine,
        pre: Arc<WorldPre>,
        ctx: Arc<HostContext>,
        limits: Limits,
    ) -> Result<Self, CallError> {
        let store = new_store(engine, ctx.clone(), limits);
        let mut instance = Instance { engine: engine.clone(), pre, ctx, limits, store, world: None };
        instance.ensure_live()?;
        Ok(instance)
    }

    /// Rebuilds the store and instance if a trap killed them: a trapped instance cannot be
    /// entered again.
    fn ensure_live(&mut self) -> Result<(), CallError> {
        if self.world.is_some() {
            return Ok(());
        }
        self.store = new_store(&self.engine, self.ctx.clone(), self.limits);
        self.store.set_epoch_deadline(deadline_ticks(self.limits));
        let store = &mut self.store;
        let world = match &*self.pre {
            WorldPre::V1Detector(pre) => pre.instantiate(store).map(World::V1Detector),
            WorldPre::V1FilteredDetector(pre) => pre.instantiate(store).map(World::V1FilteredDetector),
            WorldPre::V1Parser(pre) => pre.instantiate(store).map(World::V1Parser),
            WorldPre::V1Advisor(pre) => pre.instantiate(store).map(World::V1Advisor),
            WorldPre::V1Collector(pre) => pre.instantiate(store).map(World::V1Collector),
            WorldPre::V1Reporter(pre) => pre.instantiate(store).map(World::V1Reporter),
            WorldPre::Detector(pre) => pre.instantiate(store).map(World::Detector),
            WorldPre::Parser(pre) => pre.instantiate(store).map(World::Parser),
            WorldPre::Advisor(pre) => pre.instantiate(store).map(World::Advisor),
            WorldPre::Collector(pre) => pre.instantiate(store).map(World::Collector),
            WorldPre::Reporter(pre) => pre.instantiate(store).map(World::Reporter),
        };
        match world {
            Ok(world) => {
                self.world = Some(world);
                Ok(())
            }
            Err(err) => Err(match classify(&self.store, self.limits, err) {
                CallError::Trap(message) => CallError::Instantiate(message),
                other => other,
            }),
        }
    }

    /// Runs one export under the deadline, the memory limit and the output cap.
    fn guarded<R: WireSize>(
        &mut self,
        call: impl FnOnce(&mut Store<PluginState>, &World) -> Option<wasmtime::Result<Result<R, String>>>,
    ) -> Result<R, CallError> {
        self.ensure_live()?;
        self.store.data_mut().memory_exceeded = false;
        self.store.data_mut().deadline = std::time::Instant::now().checked_add(self.limits.timeout);
        self.store.set_epoch_deadline(deadline_ticks(self.limits));
        let world = self.world.as_ref().expect("ensure_live just set it");
        let outcome = call(&mut self.store, world).ok_or(CallError::WrongKind("export not in this world"))?;
        match outcome {
            Ok(Ok(value)) => {
                let bytes = value.wire_size();
                if bytes > self.limits.output_bytes {
                    return Err(CallError::OutputLimit { bytes, cap: self.limits.output_bytes });
                }
                // Measured once, here, for both the call's cap and the plugin's budget for the
                // scan (held to it by `scan::dispatch`).
                self.ctx.returned_bytes.fetch_add(bytes, Ordering::Relaxed);
                Ok(value)
            }
            Ok(Err(message)) => Err(CallError::Plugin(truncate(message, 4096))),
            Err(err) => {
                self.world = None;
                Err(classify(&self.store, self.limits, err))
            }
        }
    }

    /// The plugin's `info()`, in the newest contract's terms.
    pub fn info(&mut self) -> Result<wit::PluginInfo, CallError> {
        if self.pre.is_v1() {
            return self
                .guarded(|store, world| {
                    let info = match world {
                        World::V1Detector(w) => w.ospo_plugin_detect().call_info(&mut *store),
                        World::V1FilteredDetector(w) => w.ospo_plugin_detect().call_info(&mut *store),
                        World::V1Parser(w) => w.ospo_plugin_parse().call_info(&mut *store),
                        World::V1Advisor(w) => w.ospo_plugin_advise().call_info(&mut *store),
                        World::V1Collector(w) => w.ospo_plugin_collect().call_info(&mut *store),
                        World::V1Reporter(w) => w.ospo_plugin_render().call_info(&mut *store),
                        _ => return None,
                    };
                    Some(info.map(Ok))
                })
                .map(adapt::plugin_info);
        }
        self.guarded(|store, world| {
            let info = match world {
                World::Detector(w) => w.ospo_plugin_detect().call_info(&mut *store),
                World::Parser(w) => w.ospo_plugin_parse().call_info(&mut *store),
                World::Advisor(w) => w.ospo_plugin_advise().call_info(&mut *store),
                World::Collector(w) => w.ospo_plugin_collect().call_info(&mut *store),
                World::Reporter(w) => w.ospo_plugin_render().call_info(&mut *store),
                _ => return None,
            };
            Some(info.map(Ok))
        })
    }

    pub fn detect(&mut self, files: &[wit::FileInput]) -> Result<wit::DetectOutput, CallError> {
        if self.pre.is_v1() {
            let files: Vec<v1::wit::FileInput> = files.iter().map(adapt::file_input).collect();
            return self
                .guarded(|store, world| match world {
                    World::V1Detector(w) => Some(w.ospo_plugin_detect().call_detect(store, &files)),
                    World::V1FilteredDetector(w) => Some(w.ospo_plugin_detect().call_detect(store, &files)),
                    _ => None,
                })
                .map(adapt::detect_output);
        }
        self.guarded(|store, world| match world {
            World::Detector(w) => Some(w.ospo_plugin_detect().call_detect(store, files)),
            _ => None,
        })
    }

    /// The detector's content filter; `None` for a plugin that declares none (every 0.1.0 one).
    pub fn content_filter(&mut self) -> Result<Option<ContentFilter>, CallError> {
        if !self.pre.has_content_filter() {
            return Ok(None);
        }
        if self.pre.is_v1() {
            return self
                .guarded(|store, world| match world {
                    World::V1FilteredDetector(w) => {
                        Some(w.ospo_plugin_prefilter().call_filter(store).map(Ok))
                    }
                    _ => None,
                })
                .map(|filter| Some(adapt::content_filter(filter)));
        }
        self.guarded(|store, world| match world {
            World::Detector(w) => Some(w.ospo_plugin_prefilter().call_filter(store).map(Ok)),
            _ => None,
        })
        .map(Some)
    }

    pub fn parse(&mut self, file: &wit::FileInput) -> Result<wit::ParseOutput, CallError> {
        if self.pre.is_v1() {
            let file = adapt::file_input(file);
            return self
                .guarded(|store, world| match world {
                    World::V1Parser(w) => Some(w.ospo_plugin_parse().call_parse(store, &file)),
                    _ => None,
                })
                .map(adapt::parse_output);
        }
        self.guarded(|store, world| match world {
            World::Parser(w) => Some(w.ospo_plugin_parse().call_parse(store, file)),
            _ => None,
        })
    }

    pub fn advise(&mut self, packages: &[wit::Package]) -> Result<wit::AdviseOutput, CallError> {
        if self.pre.is_v1() {
            let packages: Vec<v1::wit::Package> = packages.iter().map(adapt::package).collect();
            return self
                .guarded(|store, world| match world {
                    World::V1Advisor(w) => Some(w.ospo_plugin_advise().call_advise(store, &packages)),
                    _ => None,
                })
                .map(adapt::advise_output);
        }
        self.guarded(|store, world| match world {
            World::Advisor(w) => Some(w.ospo_plugin_advise().call_advise(store, packages)),
            _ => None,
        })
    }

    pub fn collect(&mut self, scan: &wit::ScanResult) -> Result<wit::CollectOutput, CallError> {
        if self.pre.is_v1() {
            let scan = adapt::scan_result(scan);
            return self
                .guarded(|store, world| match world {
                    World::V1Collector(w) => Some(w.ospo_plugin_collect().call_collect(store, &scan)),
                    _ => None,
                })
                .map(adapt::collect_output);
        }
        self.guarded(|store, world| match world {
            World::Collector(w) => Some(w.ospo_plugin_collect().call_collect(store, scan)),
            _ => None,
        })
    }

    pub fn render(&mut self, format: &str, scan: &wit::ScanResult) -> Result<Vec<u8>, CallError> {
        if self.pre.is_v1() {
            let scan = adapt::scan_result(scan);
            return self.guarded(|store, world| match world {
                World::V1Reporter(w) => Some(w.ospo_plugin_render().call_render(store, format, &scan)),
                _ => None,
            });
        }
        self.guarded(|store, world| match world {
            World::Reporter(w) => Some(w.ospo_plugin_render().call_render(store, format, scan)),
            _ => None,
        })
    }
}

fn new_store(engine: &Engine, ctx: Arc<HostContext>, limits: Limits) -> Store<PluginState> {
    let mut store = Store::new(engine, PluginState::new(ctx, limits));
    store.limiter(|state| state);
    // A deadline is a trap, not a yield: plugins are synchronous and must not spin forever.
    store.epoch_deadline_trap();
    store
}

fn deadline_ticks(limits: Limits) -> u64 {
    let ticks = limits.timeout.as_millis() / EPOCH_TICK.as_millis().max(1);
    u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
}

fn classify(store: &Store<PluginState>, limits: Limits, err: wasmtime::Error) -> CallError {
    let state = store.data();
    if state.memory_exceeded {
        return CallError::MemoryLimit(limits.memory_bytes >> 20);
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => {
            CallError::Timeout(u64::try_from(limits.timeout.as_millis()).unwrap_or(u64::MAX))
        }
        Some(Trap::UnreachableCodeReached) => {
            let stderr = String::from_utf8_lossy(&state.stderr.contents()).into_owned();
            // Rust guests print "panicked at FILE:LINE:COL:\nMESSAGE" before trapping.
            let message = match stderr.split_once("panicked at ") {
                Some((_, rest)) => rest
                    .lines()
                    .take_while(|l| !l.starts_with("note:"))
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                None => "unreachable instruction executed".to_string(),
            };
            CallError::Panic(truncate(message, 1024))
        }
        Some(trap) => CallError::Trap(trap.to_string()),
        None => CallError::Trap(truncate(format!("{err:#}"), 1024)),
    }
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}
