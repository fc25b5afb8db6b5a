//! The `host` interface plugins import. Every path a plugin hands us is untrusted: it must be
//! relative, free of `..`, and still inside the root after symlinks are resolved.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;

use super::bindings::{v1, v2};
use super::state::PluginState;
use crate::diagnostics::Code;
use crate::model::{Diagnostic, Level};

/// Both contract lines offer the same six calls; each delegates to the one implementation below.
macro_rules! host_interface {
    ($host:path, $level:path) => {
        impl $host for PluginState {
            fn log(&mut self, level: $level, message: String) {
                let level = match level {
                    <$level>::Error => Level::Error,
                    <$level>::Warning => Level::Warning,
                    <$level>::Info => Level::Info,
                };
                HostCalls::log(self, level, message)
            }
            fn read_file(&mut self, path: String) -> Result<Vec<u8>, String> {
                HostCalls::read_file(self, path)
            }
            fn list_files(&mut self, glob: String) -> Result<Vec<String>, String> {
                HostCalls::list_files(self, glob)
            }
            fn config(&mut self) -> String {
                HostCalls::config(self)
            }
            fn read_data(&mut self, grant: String, path: String) -> Result<Vec<u8>, String> {
                HostCalls::read_data(self, grant, path)
            }
            fn list_data(&mut self, grant: String, glob: String) -> Result<Vec<String>, String> {
                HostCalls::list_data(self, grant, glob)
            }
        }
    };
}

host_interface!(v1::detector::ospo::plugin::host::Host, v1::wit::Level);
host_interface!(v2::detector::ospo::plugin::host::Host, v2::wit::Level);

/// The `host` interface, whatever contract version the plugin was built against.
trait HostCalls {
    fn log(&mut self, level: Level, message: String);
    fn read_file(&mut self, path: String) -> Result<Vec<u8>, String>;
    fn list_files(&mut self, glob: String) -> Result<Vec<String>, String>;
    fn config(&mut self) -> String;
    fn read_data(&mut self, grant: String, path: String) -> Result<Vec<u8>, String>;
    fn list_data(&mut self, grant: String, glob: String) -> Result<Vec<String>, String>;
}

impl HostCalls for PluginState {
    fn log(&mut self, level: Level, message: String) {
        // Logs are for people: one budget per plugin per scan (the output cap), not per call, so
        // a retried or bisected batch cannot multiply a flood.
        let total = self.ctx.logged_bytes.fetch_add(message.len(), Ordering::Relaxed) + message.len();
        if total > self.limits.output_bytes {
            if !self.ctx.log_capped.swap(true, Ordering::Relaxed) {
                let note = format!(
                    "plugin {:?} logged more than its output limit of {} bytes; further logs are dropped",
                    self.ctx.plugin, self.limits.output_bytes
                );
                if let Ok(mut diags) = self.ctx.denials.lock() {
                    diags.push(Diagnostic::of(Code::PluginOutputLimit, note).from_plugin(&self.ctx.plugin));
                }
            }
            return;
        }
        let plugin = self.ctx.plugin.as_str();
        match level {
            Level::Error => tracing::error!(plugin, "{message}"),
            Level::Warning => tracing::warn!(plugin, "{message}"),
            Level::Info => tracing::info!(plugin, "{message}"),
        }
    }

    fn read_file(&mut self, path: String) -> Result<Vec<u8>, String> {
        let root = self.ctx.root.clone();
        let result = confined_path(&root, &path).and_then(|p| read_capped(&p, self.ctx.read_cap));
        self.note_denial("read-file", &path, result)
    }

    fn list_files(&mut self, glob: String) -> Result<Vec<String>, String> {
        let matcher = glob_matcher(&glob)?;
        Ok(self.ctx.files.iter().filter(|p| matcher.is_match(p.as_str())).cloned().collect())
    }

    fn config(&mut self) -> String {
        self.ctx.config_json.clone()
    }

    fn read_data(&mut self, grant: String, path: String) -> Result<Vec<u8>, String> {
        let Some(base) = self.ctx.grants.get(&grant).cloned() else {
            return Err(format!("no data grant named {grant:?} for this plugin"));
        };
        let result = confined_path(&base, &path).and_then(|p| read_capped(&p, self.ctx.read_cap));
        self.note_denial("read-data", &path, result)
    }

    fn list_data(&mut self, grant: String, glob: String) -> Result<Vec<String>, String> {
        let Some(base) = self.ctx.grants.get(&grant).cloned() else {
            return Err(format!("no data grant named {grant:?} for this plugin"));
        };
        let matcher = glob_matcher(&glob)?;
        let walker = ignore::WalkBuilder::new(&base).standard_filters(false).follow_links(false).build();
        Ok(walker
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| e.path().strip_prefix(&base).ok().and_then(|p| p.to_str()).map(str::to_owned))
            .filter(|p| matcher.is_match(p.as_str()))
            .collect())
    }
}

impl PluginState {
    /// Records a refused access as a `sandbox-denied` diagnostic; other failures (a missing file)
    /// are the plugin's business.
    fn note_denial<T>(&mut self, call: &str, path: &str, result: Result<T, Denial>) -> Result<T, String> {
        match result {
            Ok(value) => Ok(value),
            Err(Denial::Refused(reason)) => {
                let message = format!("plugin {:?}: {call}({path:?}) refused: {reason}", self.ctx.plugin);
                if let Ok(mut denials) = self.ctx.denials.lock() {
                    denials.push(Diagnostic::of(Code::SandboxDenied, message).from_plugin(&self.ctx.plugin));
                }
                Err(format!("access denied: {reason}"))
            }
            Err(Denial::Failed(message)) => Err(message),
        }
    }
}

pub(super) enum Denial {
    /// The sandbox refused: outside the root, absolute, too large.
    Refused(String),
    /// An ordinary failure: not found, not a file.
    Failed(String),
}

/// Resolves `rel` under `base`, refusing anything that is absolute, climbs with `..`, or leaves
/// `base` through a symlink.
pub(super) fn confined_path(base: &Path, rel: &str) -> Result<PathBuf, Denial> {
    let rel_path = Path::new(rel);
    if rel.is_empty() {
        return Err(Denial::Failed("empty path".into()));
    }
    if rel_path.is_absolute() || rel.starts_with('\\') {
        return Err(Denial::Refused("absolute paths are not allowed".into()));
    }
    if rel_path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(Denial::Refused("paths must stay inside the scanned root (no `..`)".into()));
    }
    let joined = base.join(rel_path);
    let resolved = joined.canonicalize().map_err(|e| Denial::Failed(format!("{rel}: {e}")))?;
    if !resolved.starts_with(base) {
        return Err(Denial::Refused("the path resolves outside the scanned root".into()));
    }
    Ok(resolved)
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, Denial> {
    let meta = std::fs::metadata(path).map_err(|e| Denial::Failed(e.to_string()))?;
    if !meta.is_file() {
        return Err(Denial::Failed("not a regular file".into()));
    }
    if meta.len() > cap {
        return Err(Denial::Refused(format!("file is {} bytes, over the {cap}-byte read cap", meta.len())));
    }
    std::fs::read(path).map_err(|e| Denial::Failed(e.to_string()))
}

/// The glob dialect shared with plugins: `*` stays within a path segment, `**` crosses them.
pub fn glob_matcher(glob: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid glob {glob:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(result: Result<PathBuf, Denial>) -> bool {
        matches!(result, Err(Denial::Refused(_)))
    }

    #[test]
    fn confined_path_rejects_escape_attempts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::write(root.join("ok.txt"), "x").expect("write");
        assert!(confined_path(&root, "ok.txt").is_ok());
        assert!(confined_path(&root, "./ok.txt").is_ok());
        assert!(refused(confined_path(&root, "../ok.txt")));
        assert!(refused(confined_path(&root, "a/../../etc/passwd")));
        assert!(refused(confined_path(&root, "/etc/passwd")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("out")).expect("symlink");
            assert!(refused(confined_path(&root, "out/passwd")));
        }
    }
}
