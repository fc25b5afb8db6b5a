//! Hostile test plugin: executes a wasm trap that is not a panic (an out-of-bounds memory load).
//! Proves the host tells such traps (`plugin-trap`) from panics (`plugin-panic`, an `unreachable`
//! trap) and that one trapping call does not stop the scan. It traps on every call, so it is also
//! the plugin the "disabled after repeated failures" test uses.

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, PluginInfo, register_detector};

struct Trap;

impl Detector for Trap {
    fn info() -> PluginInfo {
        PluginInfo::new("trap", env!("CARGO_PKG_VERSION"))
            .describe("traps with an out-of-bounds memory access")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        out_of_bounds_load();
        Err(format!("trap plugin survived its trap on {} files", files.len()))
    }
}

/// Loads the last byte of the 4 GiB wasm32 address space. The host caps linear memory far below
/// that, so the engine traps with `MemoryOutOfBounds`. Rust has no stable way to emit a trapping
/// division or a raw `unreachable`-free trap, hence the volatile load.
#[cfg(target_arch = "wasm32")]
fn out_of_bounds_load() {
    let address = std::hint::black_box(usize::MAX);
    // SAFETY: none in the Rust sense; this is the hostile behaviour under test. On wasm32 the load
    // is bounds-checked by the engine and traps before anything is read.
    let byte = unsafe { std::ptr::read_volatile(address as *const u8) };
    std::hint::black_box(byte);
}

/// Natively there is no sandbox to trap in; the crate only has to compile for clippy and tests.
#[cfg(not(target_arch = "wasm32"))]
fn out_of_bounds_load() {}

register_detector!(Trap);
