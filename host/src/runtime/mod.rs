//! The sandbox: one wasmtime `Engine` for the process, a `Linker` that offers plugins our `host`
//! interface and WASI with nothing granted, per-plugin limits (memory, CPU deadline, output size),
//! and an on-disk cache of compiled components.

mod adapt;
pub mod bindings;
mod cache;
pub mod convert;
mod host_api;
mod instance;
mod load;
mod size;
mod state;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Config, Engine};

pub use host_api::{GlobError, glob_set};
pub use instance::{CallError, Instance};
pub use load::{LoadError, LoadedPlugin, PluginSource, sha256_hex};
pub use size::WireSize;
pub use state::{BUDGET_CALLS, HostContext};

/// The newest WIT package version this host implements; plugins get its types.
pub const WIT_VERSION: &str = "0.2.0";

/// Every contract line the host loads, newest first: (major, minor, newest patch). A plugin of
/// an older line is adapted (`adapt.rs`); within a line, wasmtime links older patches by semver.
pub const CONTRACT_LINES: [(u64, u64, u64); 2] = [(0, 2, 0), (0, 1, 1)];

/// How often the epoch advances. A deadline of N ms is N / TICK ticks, so this is also the
/// resolution of `timeout-ms`.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Resource caps for one plugin. Every call runs under all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Linear memory of one instance, in bytes.
    pub memory_bytes: usize,
    /// Wall-clock budget of one call (CPU deadline enforced by epoch interruption).
    pub timeout: Duration,
    /// Bytes a call may return, logs included.
    pub output_bytes: usize,
}

impl Default for Limits {
    /// Generous for real detectors (a licence matcher holds its index), small enough that a
    /// runaway plugin cannot take the machine.
    fn default() -> Self {
        Limits { memory_bytes: 256 << 20, timeout: Duration::from_secs(10), output_bytes: 64 << 20 }
    }
}

/// The shared engine and linker, plus the thread that drives epoch deadlines.
pub struct Runtime {
    engine: Engine,
    linker: Linker<state::PluginState>,
    cache: cache::CompileCache,
    ticker_stop: Arc<AtomicBool>,
}

impl Runtime {
    pub fn new(cache_dir: Option<std::path::PathBuf>) -> Result<Self> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        // Epochs, not fuel: fuel was measured ~2.3x slower; a deadline only needs a ticker.
        config.epoch_interruption(true);
        let engine = Engine::new(&config).map_err(|e| wasm_error(e, "creating the wasm engine"))?;

        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| wasm_error(e, "linking WASI"))?;
        bindings::v1::detector::ospo::plugin::host::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)
            .map_err(|e| wasm_error(e, "linking the ospo 0.1 host interface"))?;
        bindings::v2::detector::ospo::plugin::host::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)
            .map_err(|e| wasm_error(e, "linking the ospo 0.2 host interface"))?;

        let ticker_stop = Arc::new(AtomicBool::new(false));
        spawn_epoch_ticker(engine.clone(), ticker_stop.clone());

        Ok(Runtime { cache: cache::CompileCache::new(cache_dir, &engine), engine, linker, ticker_stop })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Validates, compiles (or loads from the cache) and type-checks a plugin.
    pub fn load(
        &self,
        bytes: &[u8],
        source: PluginSource,
        limits: Limits,
    ) -> Result<LoadedPlugin, LoadError> {
        load::load(self, bytes, &load::sha256_hex(bytes), source, limits)
    }

    /// [`Runtime::load`] for bytes whose sha256 (hex) is already known: the compile cache's key.
    pub fn load_digested(
        &self,
        bytes: &[u8],
        sha256: &str,
        source: PluginSource,
        limits: Limits,
    ) -> Result<LoadedPlugin, LoadError> {
        load::load(self, bytes, sha256, source, limits)
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.ticker_stop.store(true, Ordering::Relaxed);
    }
}

/// `wasmtime::Error` is its own type in 48; carry its full chain into anyhow.
pub fn wasm_error(err: wasmtime::Error, context: &str) -> anyhow::Error {
    anyhow::anyhow!("{context}: {err:#}")
}

fn spawn_epoch_ticker(engine: Engine, stop: Arc<AtomicBool>) {
    // A weak coupling: if the thread cannot start, deadlines never fire, which would let a looping
    // plugin hang the scan; so failure to spawn is fatal for safety and we abort the thread build.
    let spawned = std::thread::Builder::new().name("ospo-epoch".into()).spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(EPOCH_TICK);
            engine.increment_epoch();
        }
    });
    if let Err(err) = spawned {
        tracing::error!("could not start the epoch ticker: {err}; plugin deadlines will not fire");
    }
}

#[cfg(test)]
mod tests {
    /// Released WIT is frozen: plugins in the field were built against these exact bytes.
    #[test]
    fn released_wit_is_frozen() {
        let released: [(&str, &[u8], &str); 2] = [
            (
                "v0.1.0",
                include_bytes!("../../../wit/v0.1.0/ospo-plugin.wit"),
                "cb2fe12964aa291f4995887dd582b7adbab632e366f71c4db743ec93bdc3432a",
            ),
            (
                "v0.1.1",
                include_bytes!("../../../wit/v0.1.1/ospo-plugin.wit"),
                "36061c696f0d269b271459668e3ff10fe64d647030eefa41d5aef3a55c997173",
            ),
        ];
        for (dir, bytes, digest) in released {
            assert_eq!(
                super::sha256_hex(bytes),
                digest,
                "wit/{dir} was edited; add a new version directory instead"
            );
        }
        assert_eq!(super::WIT_VERSION, "0.2.0");
    }

    /// Within a contract line, a later released version must accept every plugin of an earlier
    /// one: wit-component's semver check, world by world (0.1.0 → 0.1.1).
    #[test]
    fn released_versions_of_a_line_are_semver_compatible() {
        let pairs = [("v0.1.0", "v0.1.1")];
        let worlds = ["detector", "parser", "advisor", "collector", "reporter"];
        for (old, new) in pairs {
            for world in worlds {
                let mut resolve = wit_parser::Resolve::default();
                let wit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wit");
                let (old_pkg, _) = resolve.push_dir(wit.join(old)).expect("released WIT parses");
                let (new_pkg, _) = resolve.push_dir(wit.join(new)).expect("released WIT parses");
                let old_world = resolve.select_world(&[old_pkg], Some(world)).expect("world exists");
                let new_world = resolve.select_world(&[new_pkg], Some(world)).expect("world exists");
                if let Err(err) = wit_component::semver_check(resolve, old_world, new_world) {
                    panic!("{world} of {new} breaks plugins built against {old}: {err:#}");
                }
            }
        }
    }
}
