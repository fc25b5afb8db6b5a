//! Calling plugins safely and in parallel: one instance per plugin per worker, reused across
//! calls; a failed batch is bisected so the diagnostic names the file; a plugin that keeps
//! failing is switched off for the rest of the scan.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use globset::GlobSet;

use super::keywords::KeywordSet;
use crate::diagnostics::Code;
use crate::model::Diagnostic;
use crate::runtime::bindings::wit;
use crate::runtime::{CallError, HostContext, Instance, LoadedPlugin, Runtime, WireSize};

/// Isolated failures (one input) after which a plugin is not called again in this scan.
const MAX_FAILURES: usize = 3;

/// Most keywords a content filter may declare, and the longest: the host builds its search
/// from them before the scan starts.
const MAX_KEYWORDS: usize = 10_000;
const MAX_KEYWORD_BYTES: usize = 256;

fn over_keyword_caps(keywords: &[String]) -> bool {
    keywords.len() > MAX_KEYWORDS || keywords.iter().any(|k| k.len() > MAX_KEYWORD_BYTES)
}

/// A plugin taking part in a phase, with what it needs to run safely.
pub struct Job {
    pub plugin: Arc<LoadedPlugin>,
    pub ctx: Arc<HostContext>,
    pub filter: Filter,
    failures: AtomicUsize,
    disabled: AtomicBool,
}

pub struct Filter {
    globs: GlobSet,
    pub max_size: Option<u64>,
    pub text_only: bool,
    /// A detector's content filter: the files it rules out are never copied into its guest.
    content: Option<ContentGate>,
}

struct ContentGate {
    keywords: KeywordSet,
    always: GlobSet,
}

impl Filter {
    pub fn wants(&self, rel: &str) -> bool {
        self.globs.is_match(rel)
    }

    /// [`Filter::wants`] for a path already prepared for matching, when many filters test it.
    pub fn wants_candidate(&self, candidate: &globset::Candidate<'_>) -> bool {
        self.globs.is_match_candidate(candidate)
    }

    /// Whether a file the plugin wants by path holds something its content filter asks for.
    pub fn wants_contents(&self, rel: &str, contents: &[u8]) -> bool {
        self.content
            .as_ref()
            .is_none_or(|gate| gate.always.is_match(rel) || gate.keywords.occurs_in(contents))
    }
}

/// A glob set as the file filter's globs are matched: `*` stays within one path segment. Length,
/// count and compile errors are the plugin's: it is left out with `plugin-invalid-glob`.
fn glob_set(plugin: &LoadedPlugin, globs: &[String]) -> Result<GlobSet, Diagnostic> {
    crate::runtime::glob_set(globs).map_err(|e| {
        Diagnostic::of(Code::PluginInvalidGlob, format!("plugin {:?}: {e}", plugin.name()))
            .from_plugin(plugin.name())
    })
}

impl Job {
    pub fn new(
        plugin: Arc<LoadedPlugin>,
        ctx: Arc<HostContext>,
        runtime: &Runtime,
    ) -> Result<Self, Diagnostic> {
        charge(&ctx, plugin.info.wire_size()).map_err(|_| exhausted(&ctx))?;
        let globs = glob_set(&plugin, &plugin.info.files.globs)?;
        // A filtered detector is asked again with this scan's configuration (load time has none),
        // on an instance of its own: its filter may depend on what `ospo.toml` configures.
        let declared = match &plugin.content_filter {
            Some(_) => plugin
                .instantiate(runtime, ctx.clone())
                .and_then(|mut instance| instance.content_filter())
                .map_err(|err| {
                    Diagnostic::of(
                        err.code(),
                        format!("plugin {:?} {err} when asked for its content filter", plugin.name()),
                    )
                    .from_plugin(plugin.name())
                })?,
            None => None,
        };
        // The filter call was counted as it returned (`Instance::guarded`).
        if over_budget(&ctx) {
            return Err(exhausted(&ctx));
        }
        // No keywords means no filter: every file the globs select is sent.
        let content = match declared {
            Some(declared) if over_keyword_caps(&declared.keywords) => {
                // Dropping the filter costs only speed: the plugin gets every file its globs
                // select, which is what a detector without a filter gets.
                let note = format!(
                    "plugin {:?} declared a content filter of {} keyword(s), over the limit of \
                     {MAX_KEYWORDS} keywords of at most {MAX_KEYWORD_BYTES} bytes; the filter is \
                     ignored and the plugin gets every file its globs select",
                    plugin.name(),
                    declared.keywords.len()
                );
                if let Ok(mut diags) = ctx.denials.lock() {
                    diags.push(Diagnostic::of(Code::PluginOutputLimit, note).from_plugin(plugin.name()));
                }
                None
            }
            Some(declared) => {
                let keywords = KeywordSet::new(&declared.keywords);
                let always = glob_set(&plugin, &declared.always)?;
                (!keywords.is_empty()).then_some(ContentGate { keywords, always })
            }
            None => None,
        };
        let filter = Filter {
            globs,
            max_size: plugin.info.files.max_size,
            text_only: plugin.info.files.text_only,
            content,
        };
        Ok(Job { plugin, ctx, filter, failures: AtomicUsize::new(0), disabled: AtomicBool::new(false) })
    }

    pub fn name(&self) -> &str {
        self.plugin.name()
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled.load(Ordering::Relaxed)
    }

    fn diagnostic(&self, err: &CallError, path: Option<&str>) -> Diagnostic {
        let subject = path.map(|p| format!(" on {p}")).unwrap_or_default();
        let mut diag = Diagnostic::of(err.code(), format!("plugin {:?} {err}{subject}", self.name()))
            .from_plugin(self.name());
        diag.path = path.map(str::to_string);
        diag
    }

    /// Holds the plugin to its budget for the scan once a call returned (the instance counted
    /// the output as it measured it against the call's cap). `Err` drops the output; its
    /// `Some` is the `plugin-budget-exhausted` diagnostic, once, as the plugin is disabled.
    fn within_budget(&self) -> Result<(), Option<Diagnostic>> {
        if !over_budget(&self.ctx) {
            return Ok(());
        }
        Err((!self.disabled.swap(true, Ordering::Relaxed)).then(|| exhausted(&self.ctx)))
    }

    /// Counts an isolated failure; returns the `plugin-disabled` diagnostic when this one
    /// crosses the threshold.
    fn record_failure(&self) -> Option<Diagnostic> {
        let count = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
        if count >= MAX_FAILURES && !self.disabled.swap(true, Ordering::Relaxed) {
            return Some(
                Diagnostic::of(
                    Code::PluginDisabled,
                    format!(
                        "plugin {:?} failed {count} times; it is not called again in this scan",
                        self.name()
                    ),
                )
                .from_plugin(self.name()),
            );
        }
        None
    }
}

/// Adds `bytes` to what the plugin returned; `Err` once that and its logs pass its budget.
fn charge(ctx: &HostContext, bytes: usize) -> Result<(), ()> {
    ctx.returned_bytes.fetch_add(bytes, Ordering::Relaxed);
    if over_budget(ctx) { Err(()) } else { Ok(()) }
}

/// Whether what the plugin returned and logged in this scan is past its budget.
fn over_budget(ctx: &HostContext) -> bool {
    let returned = ctx.returned_bytes.load(Ordering::Relaxed);
    returned.saturating_add(ctx.logged_bytes.load(Ordering::Relaxed)) > ctx.budget
}

fn exhausted(ctx: &HostContext) -> Diagnostic {
    Diagnostic::of(
        Code::PluginBudgetExhausted,
        format!(
            "plugin {:?} returned more than its budget of {} MiB for the scan; it is not called again \
             and its output past the budget is dropped",
            ctx.plugin,
            ctx.budget >> 20
        ),
    )
    .from_plugin(&ctx.plugin)
}

/// Instances owned by one rayon worker, created on first use.
pub struct WorkerInstances<'a> {
    runtime: &'a Runtime,
    slots: Vec<Option<Instance>>,
}

impl<'a> WorkerInstances<'a> {
    pub fn new(runtime: &'a Runtime, jobs: usize) -> Self {
        WorkerInstances { runtime, slots: (0..jobs).map(|_| None).collect() }
    }

    fn get(&mut self, index: usize, job: &Job) -> Result<&mut Instance, CallError> {
        let slot = &mut self.slots[index];
        if slot.is_none() {
            *slot = Some(job.plugin.instantiate(self.runtime, job.ctx.clone())?);
        }
        Ok(slot.as_mut().expect("filled above"))
    }
}

/// Runs a detector over `files`, bisecting on sandbox failures so one bad file costs only
/// itself. Outputs and diagnostics are appended to `out` / `diags`.
pub fn detect(
    instances: &mut WorkerInstances<'_>,
    index: usize,
    job: &Job,
    files: &[wit::FileInput],
    out: &mut Vec<wit::DetectOutput>,
    diags: &mut Vec<Diagnostic>,
) {
    if files.is_empty() || job.is_disabled() {
        return;
    }
    let result = instances.get(index, job).and_then(|instance| instance.detect(files));
    match result {
        Ok(output) => match job.within_budget() {
            Ok(()) => out.push(output),
            Err(diag) => diags.extend(diag),
        },
        // A timeout is not bisected: each half would take up to a whole deadline again (a
        // plugin that always times out cost eight in a row per batch). The batch's files get no
        // result from this plugin, the diagnostic says which, and it counts as one failure.
        Err(err @ CallError::Timeout(_)) if files.len() > 1 => {
            let mut diag = job.diagnostic(&err, None);
            diag.message.push_str(&format!(
                " on a batch of {} files ({} … {}); none of them has results from it",
                files.len(),
                files[0].path,
                files[files.len() - 1].path
            ));
            diags.push(diag);
            diags.extend(job.record_failure());
        }
        Err(err) if err.is_sandbox_failure() && files.len() > 1 => {
            let (left, right) = files.split_at(files.len() / 2);
            detect(instances, index, job, left, out, diags);
            detect(instances, index, job, right, out, diags);
        }
        Err(err) => {
            let path = (files.len() == 1).then(|| files[0].path.as_str());
            diags.push(job.diagnostic(&err, path));
            if err.is_sandbox_failure() {
                diags.extend(job.record_failure());
            }
        }
    }
}

/// Runs a parser over one file.
pub fn parse(
    instances: &mut WorkerInstances<'_>,
    index: usize,
    job: &Job,
    file: &wit::FileInput,
    diags: &mut Vec<Diagnostic>,
) -> Option<wit::ParseOutput> {
    if job.is_disabled() {
        return None;
    }
    match instances.get(index, job).and_then(|instance| instance.parse(file)) {
        Ok(output) => match job.within_budget() {
            Ok(()) => Some(output),
            Err(diag) => {
                diags.extend(diag);
                None
            }
        },
        Err(err) => {
            diags.push(job.diagnostic(&err, Some(&file.path)));
            if err.is_sandbox_failure() {
                diags.extend(job.record_failure());
            }
            None
        }
    }
}

/// Runs a whole-result plugin (advisor, collector, reporter) once on a fresh instance.
pub fn once<R>(
    runtime: &Runtime,
    job: &Job,
    call: impl FnOnce(&mut Instance) -> Result<R, CallError>,
    diags: &mut Vec<Diagnostic>,
) -> Option<R> {
    if job.is_disabled() {
        return None;
    }
    match job.plugin.instantiate(runtime, job.ctx.clone()).and_then(|mut instance| call(&mut instance)) {
        Ok(value) => match job.within_budget() {
            Ok(()) => Some(value),
            Err(diag) => {
                diags.extend(diag);
                None
            }
        },
        Err(err) => {
            diags.push(job.diagnostic(&err, None));
            None
        }
    }
}

/// One set of plugin instances per worker thread, kept for the whole stage: rayon's `map_init`
/// makes a value per job it splits off, and a fresh instance rebuilds the caches a plugin keeps
/// (license-text's templates, its memo of licence files).
pub(super) fn per_thread_instances(
    runtime: &Runtime,
    jobs: usize,
    threads: usize,
) -> Vec<Mutex<WorkerInstances<'_>>> {
    (0..threads.max(1)).map(|_| Mutex::new(WorkerInstances::new(runtime, jobs))).collect()
}

/// The calling worker thread's instances. Only that thread locks its slot; a poisoned one (a
/// panic elsewhere) still holds usable instances.
pub(super) fn this_threads<'a, 'r>(
    per_thread: &'a [Mutex<WorkerInstances<'r>>],
) -> MutexGuard<'a, WorkerInstances<'r>> {
    let slot = rayon::current_thread_index().unwrap_or(0) % per_thread.len().max(1);
    per_thread[slot].lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
