//! What the host offers a plugin: logging, files of the scanned root, the plugin's config and
//! read-only data grants. Inside wasm these call the host; on a native target (unit tests) they
//! read from the directory set with [`testing::set_root`] so plugin logic runs under `cargo test`.

pub use crate::Level;

#[cfg(target_arch = "wasm32")]
use crate::bindings::detector::ospo::plugin::host as imports;

/// Sends a log line to the host (shown with `-v`).
pub fn log(level: Level, message: &str) {
    #[cfg(target_arch = "wasm32")]
    imports::log(level, message);
    #[cfg(not(target_arch = "wasm32"))]
    testing::record_log(level, message);
}

/// Reads a file of the scanned root by its relative path.
pub fn read_file(path: &str) -> Result<Vec<u8>, String> {
    #[cfg(target_arch = "wasm32")]
    return imports::read_file(path);
    #[cfg(not(target_arch = "wasm32"))]
    return testing::read_file(path);
}

/// Relative paths of the walked files that match `glob`.
pub fn list_files(glob: &str) -> Result<Vec<String>, String> {
    #[cfg(target_arch = "wasm32")]
    return imports::list_files(glob);
    #[cfg(not(target_arch = "wasm32"))]
    return testing::list_files(glob);
}

/// This plugin's `[plugin.NAME.config]` section as JSON text (`{}` when absent).
pub fn config_json() -> String {
    #[cfg(target_arch = "wasm32")]
    return imports::config();
    #[cfg(not(target_arch = "wasm32"))]
    return testing::config_json();
}

/// This plugin's config section deserialized into `T`.
pub fn config<T: serde::de::DeserializeOwned>() -> Result<T, String> {
    serde_json::from_str(&config_json()).map_err(|e| format!("invalid plugin config: {e}"))
}

/// Reads `path` from the read-only data grant `grant` declared in `ospo.toml`.
pub fn read_data(grant: &str, path: &str) -> Result<Vec<u8>, String> {
    #[cfg(target_arch = "wasm32")]
    return imports::read_data(grant, path);
    #[cfg(not(target_arch = "wasm32"))]
    return testing::read_data(grant, path);
}

/// Paths inside the data grant `grant` that match `glob`.
pub fn list_data(grant: &str, glob: &str) -> Result<Vec<String>, String> {
    #[cfg(target_arch = "wasm32")]
    return imports::list_data(grant, glob);
    #[cfg(not(target_arch = "wasm32"))]
    return testing::list_data(grant, glob);
}

/// A stand-in host for native unit tests: files come from a directory you choose, logs are kept.
#[cfg(not(target_arch = "wasm32"))]
pub mod testing {
    use super::Level;
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::path::{Component, Path, PathBuf};

    #[derive(Default)]
    struct MockHost {
        root: Option<PathBuf>,
        config: Option<String>,
        grants: BTreeMap<String, PathBuf>,
        logs: Vec<(Level, String)>,
    }

    thread_local! {
        static HOST: RefCell<MockHost> = RefCell::new(MockHost::default());
    }

    /// Files read by `read_file`/`list_files` come from `root` (for this thread).
    pub fn set_root(root: impl Into<PathBuf>) {
        HOST.with(|h| h.borrow_mut().root = Some(root.into()));
    }

    /// `config_json()` returns `json` (for this thread).
    pub fn set_config(json: &str) {
        HOST.with(|h| h.borrow_mut().config = Some(json.to_string()));
    }

    /// Declares a data grant named `grant` rooted at `dir` (for this thread).
    pub fn set_grant(grant: &str, dir: impl Into<PathBuf>) {
        HOST.with(|h| {
            h.borrow_mut().grants.insert(grant.to_string(), dir.into());
        });
    }

    /// Takes the log lines recorded so far.
    pub fn take_logs() -> Vec<(Level, String)> {
        HOST.with(|h| std::mem::take(&mut h.borrow_mut().logs))
    }

    pub(super) fn record_log(level: Level, message: &str) {
        HOST.with(|h| h.borrow_mut().logs.push((level, message.to_string())));
    }

    pub(super) fn config_json() -> String {
        HOST.with(|h| h.borrow().config.clone().unwrap_or_else(|| "{}".to_string()))
    }

    fn confined(base: &Path, rel: &str) -> Result<PathBuf, String> {
        let rel_path = Path::new(rel);
        if rel_path.is_absolute()
            || rel_path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(format!("access denied: {rel}"));
        }
        Ok(base.join(rel_path))
    }

    pub(super) fn read_file(path: &str) -> Result<Vec<u8>, String> {
        let root = HOST.with(|h| h.borrow().root.clone()).ok_or("no root set")?;
        std::fs::read(confined(&root, path)?).map_err(|e| format!("{path}: {e}"))
    }

    /// Same dialect as the host: `*` stays within a path segment, `**` crosses them.
    fn matcher(glob: &str) -> Result<globset::GlobMatcher, String> {
        globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher())
            .map_err(|e| format!("invalid glob {glob:?}: {e}"))
    }

    pub(super) fn list_files(glob: &str) -> Result<Vec<String>, String> {
        let root = HOST.with(|h| h.borrow().root.clone()).ok_or("no root set")?;
        let matcher = matcher(glob)?;
        Ok(walk(&root).into_iter().filter(|p| matcher.is_match(p)).collect())
    }

    pub(super) fn read_data(grant: &str, path: &str) -> Result<Vec<u8>, String> {
        let base = HOST
            .with(|h| h.borrow().grants.get(grant).cloned())
            .ok_or_else(|| format!("no data grant named {grant}"))?;
        std::fs::read(confined(&base, path)?).map_err(|e| format!("{path}: {e}"))
    }

    pub(super) fn list_data(grant: &str, glob: &str) -> Result<Vec<String>, String> {
        let base = HOST
            .with(|h| h.borrow().grants.get(grant).cloned())
            .ok_or_else(|| format!("no data grant named {grant}"))?;
        let matcher = matcher(glob)?;
        Ok(walk(&base).into_iter().filter(|p| matcher.is_match(p)).collect())
    }

    fn walk(root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    stack.push(path);
                } else if let Some(rel) = kind.is_file().then(|| path.strip_prefix(root).ok()).flatten() {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        out.sort();
        out
    }
}
