//! Per-store data: the WASI context (granting nothing), the memory limiter, and the
//! [`HostContext`] that the `host` interface reads from.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Arc, Mutex};

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// Enough for a panic message and backtrace line; more is dropped (the pipe refuses the write).
const STDERR_CAPACITY: usize = 16 * 1024;

use super::Limits;
use crate::model::Diagnostic;

/// A plugin's budget for the whole scan, in output caps (256 MiB at the default cap).
pub const BUDGET_CALLS: usize = 4;

/// What a plugin may see of the scan, shared by all of its instances.
#[derive(Debug)]
pub struct HostContext {
    pub plugin: String,
    /// Canonical scan root; every `read-file` is resolved and checked against it.
    pub root: PathBuf,
    /// Walked files, relative and `/`-separated, for `list-files`.
    pub files: Arc<Vec<String>>,
    /// The plugin's `[plugin.NAME.config]` as JSON.
    pub config_json: String,
    /// Read-only data grants: name → canonical directory.
    pub grants: BTreeMap<String, PathBuf>,
    /// Largest file `read-file`/`read-data` returns.
    pub read_cap: u64,
    /// Refused host calls (`sandbox-denied`) and capped logs (`plugin-output-limit`).
    pub denials: Mutex<Vec<Diagnostic>>,
    /// Bytes this plugin logged during the whole scan; past the output cap, logs are dropped.
    pub logged_bytes: AtomicUsize,
    pub log_capped: AtomicBool,
    /// Bytes (wire size) of everything else the plugin returned during the scan: info, content
    /// filter and every output. With `logged_bytes` it is held to `budget`.
    pub returned_bytes: AtomicUsize,
    /// What the plugin may return over the whole scan, logs included: the per-call output cap
    /// alone lets a plugin grow the host by a cap per batch.
    pub budget: usize,
}

impl HostContext {
    pub fn new(plugin: &str, root: PathBuf, files: Arc<Vec<String>>) -> Self {
        HostContext {
            plugin: plugin.to_string(),
            root,
            files,
            config_json: "{}".to_string(),
            grants: BTreeMap::new(),
            read_cap: crate::scan::read::MAX_FILE_BYTES,
            denials: Mutex::new(Vec::new()),
            logged_bytes: AtomicUsize::new(0),
            log_capped: AtomicBool::new(false),
            returned_bytes: AtomicUsize::new(0),
            budget: super::Limits::default().output_bytes.saturating_mul(BUDGET_CALLS),
        }
    }

    /// A context for loading and `info()` calls: no root, no files.
    pub fn detached(plugin: &str) -> Self {
        Self::new(plugin, PathBuf::new(), Arc::new(Vec::new()))
    }
}

pub struct PluginState {
    wasi: WasiCtx,
    /// The guest's stderr, kept so a panic's message can go into its diagnostic.
    pub stderr: MemoryOutputPipe,
    table: ResourceTable,
    pub ctx: Arc<HostContext>,
    pub limits: Limits,
    /// Set when a memory grow was refused, so the trap that follows is reported as what it is.
    pub memory_exceeded: bool,
    /// When the current guarded call's deadline passes (set with its epoch deadline): host calls
    /// that walk or filter long lists check it, since epochs only interrupt guest code.
    pub deadline: Option<std::time::Instant>,
}

impl PluginState {
    pub fn new(ctx: Arc<HostContext>, limits: Limits) -> Self {
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        PluginState {
            wasi: sandboxed_wasi(stderr.clone()),
            stderr,
            table: ResourceTable::new(),
            ctx,
            limits,
            memory_exceeded: false,
            deadline: None,
        }
    }
}

/// WASI with nothing granted: no preopened directories, no environment, no arguments, no network,
/// and clocks frozen at zero so a plugin's output cannot depend on when it ran.
fn sandboxed_wasi(stderr: MemoryOutputPipe) -> WasiCtx {
    let mut builder = WasiCtx::builder();
    builder
        .stderr(stderr)
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .wall_clock(FrozenClock)
        .monotonic_clock(FrozenClock);
    builder.build()
}

struct FrozenClock;

impl wasmtime_wasi::HostWallClock for FrozenClock {
    fn resolution(&self) -> std::time::Duration {
        std::time::Duration::from_secs(1)
    }
    fn now(&self) -> std::time::Duration {
        std::time::Duration::ZERO
    }
}

impl wasmtime_wasi::HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

impl WasiView for PluginState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl ResourceLimiter for PluginState {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.limits.memory_bytes {
            self.memory_exceeded = true;
            // An error (not `Ok(false)`) traps at once: a Rust guest would otherwise abort with an
            // `unreachable` that looks like a panic.
            wasmtime::bail!(
                "memory limit of {} MiB exceeded (asked for {} MiB)",
                self.limits.memory_bytes >> 20,
                desired >> 20
            );
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1_000_000)
    }
}
