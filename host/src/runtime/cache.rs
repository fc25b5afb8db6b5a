//! Compiled components on disk, so the second run skips Cranelift (100–200 ms a plugin → <1 ms).
//! Keyed by the component's digest and the engine's compatibility hash, which covers the wasmtime
//! version and every codegen setting.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use wasmtime::Engine;
use wasmtime::component::Component;

pub struct CompileCache {
    dir: Option<PathBuf>,
    engine_key: String,
}

impl CompileCache {
    pub fn new(dir: Option<PathBuf>, engine: &Engine) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        // The hasher is only stable within one build of ospo, so the key names the build too.
        let engine_key = format!("ospo{}-{:016x}", env!("CARGO_PKG_VERSION"), hasher.finish());
        CompileCache { dir, engine_key }
    }

    fn path_for(&self, sha256: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{sha256}-{}.cwasm", self.engine_key)))
    }

    /// Returns the compiled component, compiling and storing it on a miss. Cache trouble never
    /// fails a load: it falls back to compiling in memory.
    pub fn get_or_compile(&self, engine: &Engine, sha256: &str, bytes: &[u8]) -> wasmtime::Result<Component> {
        let path = self.path_for(sha256);
        if let Some(path) = path.as_ref().filter(|p| p.is_file()) {
            // SAFETY: only files this cache wrote live under our key (digest + engine hash); a
            // corrupt or foreign file fails deserialization's header check and is recompiled.
            match unsafe { Component::deserialize_file(engine, path) } {
                Ok(component) => return Ok(component),
                Err(err) => tracing::debug!("compile cache entry {} unusable: {err}", path.display()),
            }
        }
        let compiled = engine.precompile_component(bytes)?;
        if let Some(err) = path.as_ref().and_then(|p| store_atomically(p, &compiled).err()) {
            tracing::debug!("could not write the compile cache entry for {sha256}: {err}");
        }
        // SAFETY: `compiled` was produced by this engine a moment ago.
        unsafe { Component::deserialize(engine, &compiled) }
    }
}

fn store_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
