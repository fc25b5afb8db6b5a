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
        // A log line reaches the user's terminal: escape sequences in it are written visibly.
        let plugin = crate::escape::line(&self.ctx.plugin);
        let message = crate::escape::line(&message);
        match level {
            Level::Error => tracing::error!(plugin = %plugin, "{message}"),
            Level::Warning => tracing::warn!(plugin = %plugin, "{message}"),
            Level::Info => tracing::info!(plugin = %plugin, "{message}"),
        }
    }

    fn read_file(&mut self, path: String) -> Result<Vec<u8>, String> {
        let root = self.ctx.root.clone();
        let result = confined_path(&root, &path).and_then(|p| read_capped(&p, self.ctx.read_cap));
        self.note_denial("read-file", &path, result)
    }

    fn list_files(&mut self, glob: String) -> Result<Vec<String>, String> {
        let matcher = self.plugin_glob("list-files", &glob)?;
        let files = self.ctx.files.clone();
        let mut listed = Listing::new(self.deadline);
        for path in files.iter() {
            listed.offer(path, |p| matcher.is_match(p))?;
        }
        Ok(listed.entries)
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
        let matcher = self.plugin_glob("list-data", &glob)?;
        let walker = ignore::WalkBuilder::new(&base).standard_filters(false).follow_links(false).build();
        let mut listed = Listing::new(self.deadline);
        // Every entry walked counts against the deadline, matching or not: a large grant is slow
        // to walk whatever the glob selects.
        for entry in walker.flatten() {
            let rel = entry
                .file_type()
                .is_some_and(|t| t.is_file())
                .then(|| entry.path().strip_prefix(&base).ok().and_then(|p| p.to_str()))
                .flatten();
            listed.offer(rel.unwrap_or(""), |p| !p.is_empty() && matcher.is_match(p))?;
        }
        Ok(listed.entries)
    }
}

impl PluginState {
    /// A glob from a plugin, compiled; an invalid one is an `Err` to the plugin and a
    /// `plugin-invalid-glob` diagnostic for the user.
    fn plugin_glob(&mut self, call: &str, glob: &str) -> Result<globset::GlobSet, String> {
        glob_matcher(glob).inspect_err(|err| {
            let message = format!("plugin {:?}: {call}: {err}", self.ctx.plugin);
            if let Ok(mut diags) = self.ctx.denials.lock() {
                diags.push(Diagnostic::of(Code::PluginInvalidGlob, message).from_plugin(&self.ctx.plugin));
            }
        })
    }

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

/// The file at `path`, refused past `cap` (a sandbox refusal); any other failure, a special file
/// included, is the plugin's business.
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, Denial> {
    crate::files::read_capped(path, cap).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => Denial::Refused(format!("file is {e}")),
        _ => Denial::Failed(e.to_string()),
    })
}

/// Longest glob a plugin may hand the host (in `info()`, a content filter or a host call).
pub const MAX_GLOB_BYTES: usize = 4096;
/// Most globs one plugin may declare in `info()` or in its content filter's `always`.
pub const MAX_GLOBS: usize = 1000;
/// Most entries one `list-files`/`list-data` call returns.
pub const MAX_LISTED: usize = 100_000;

/// The glob dialect shared with plugins: `*` stays within a path segment, `**` crosses them.
///
/// Compiled as a one-glob `GlobSet`, never with `Glob::compile_matcher`: that one `expect`s the
/// regex to compile, and a glob the parser accepts can still exceed the regex size limit (400,000
/// `?`), which panicked the host. `GlobSetBuilder::build` returns that as an error.
pub fn glob_matcher(glob: &str) -> Result<globset::GlobSet, String> {
    glob_set([glob]).map_err(|e| e.to_string())
}

/// Plugin globs as one set, the length and count capped before anything is compiled.
pub fn glob_set<S: AsRef<str>>(globs: impl IntoIterator<Item = S>) -> Result<globset::GlobSet, GlobError> {
    let mut builder = globset::GlobSetBuilder::new();
    for (count, glob) in globs.into_iter().enumerate() {
        let glob = glob.as_ref();
        if count >= MAX_GLOBS {
            return Err(GlobError(format!("more than {MAX_GLOBS} globs")));
        }
        if glob.len() > MAX_GLOB_BYTES {
            return Err(GlobError(format!(
                "a glob of {} bytes (starting {:?}) is over the {MAX_GLOB_BYTES}-byte limit",
                glob.len(),
                glob.get(..glob.floor_char_boundary(40)).unwrap_or_default()
            )));
        }
        let parsed = globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| GlobError(format!("invalid glob {glob:?}: {e}")))?;
        builder.add(parsed);
    }
    builder
        .build()
        .map_err(|e| GlobError(format!("globs do not compile: {}", truncated(&e.to_string(), 200))))
}

/// Why a plugin's globs were refused.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct GlobError(String);

fn truncated(text: &str, max: usize) -> &str {
    text.get(..text.floor_char_boundary(max)).unwrap_or(text)
}

/// The entries one listing call returns, bounded in count and by the call's deadline.
struct Listing {
    entries: Vec<String>,
    deadline: Option<std::time::Instant>,
    seen: usize,
}

impl Listing {
    fn new(deadline: Option<std::time::Instant>) -> Self {
        Listing { entries: Vec::new(), deadline, seen: 0 }
    }

    /// Keeps `path` if `wanted`; errs once the deadline has passed or the list is full.
    fn offer(&mut self, path: &str, wanted: impl FnOnce(&str) -> bool) -> Result<(), String> {
        self.seen += 1;
        // A clock read per 256 entries: cheap, and a walk of 256 entries is far below a tick.
        if self.seen.is_multiple_of(256) && self.deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err("deadline exceeded".to_string());
        }
        if wanted(path) {
            if self.entries.len() >= MAX_LISTED {
                return Err(format!("more than {MAX_LISTED} entries match; use a narrower glob"));
            }
            self.entries.push(path.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(result: Result<PathBuf, Denial>) -> bool {
        matches!(result, Err(Denial::Refused(_)))
    }

    /// Regression: `Glob::compile_matcher` panics ("regex compilation shouldn't fail") on a glob
    /// the parser accepts but whose regex is over the size limit; the host crashed with 101.
    #[test]
    fn a_glob_whose_regex_does_not_compile_is_an_error_not_a_panic() {
        let huge = "?".repeat(400_000);
        let parsed = globset::GlobBuilder::new(&huge).literal_separator(true).build().expect("parses");
        assert!(globset::GlobSetBuilder::new().add(parsed).build().is_err(), "over the NFA limit");
        assert!(glob_matcher(&huge).is_err());
        assert!(glob_set(["**/*.txt"; MAX_GLOBS + 1]).is_err());
        let long = format!("{}*", "a".repeat(MAX_GLOB_BYTES));
        assert!(glob_matcher(&long).unwrap_err().contains("limit"));
        assert!(glob_matcher("src/*.rs").is_ok_and(|m| m.is_match("src/a.rs") && !m.is_match("src/a/b.rs")));
    }

    #[test]
    fn a_listing_stops_at_its_deadline_and_its_cap() {
        let past = std::time::Instant::now().checked_sub(std::time::Duration::from_millis(1));
        let mut listing = Listing::new(past);
        let stopped = (0..10_000).try_for_each(|n| listing.offer(&n.to_string(), |_| true));
        assert_eq!(stopped, Err("deadline exceeded".to_string()));
        let mut listing = Listing::new(None);
        let stopped = (0..MAX_LISTED + 1).try_for_each(|n| listing.offer(&n.to_string(), |_| true));
        assert!(stopped.is_err_and(|e| e.contains("more than")));
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
