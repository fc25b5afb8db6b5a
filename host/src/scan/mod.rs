//! One scan, start to finish: walk, detectors and parsers in parallel, advisors, then collectors,
//! merged into one [`ScanResult`]. Plugin failures become diagnostics; the scan always completes.

mod conclude;
mod dispatch;
mod keywords;
mod merge;
pub mod walk;

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::model::{Diagnostic, Level, PluginKind, ScanResult};
use crate::plan::ScanPlan;
use crate::plugins::PluginSet;
use crate::runtime::bindings::wit;
use crate::runtime::{HostContext, Runtime, convert};
use dispatch::{Job, WorkerInstances};
use walk::WalkedFile;

/// Detector batches: enough files per call to amortise the call, small enough to spread work.
const BATCH_FILES: usize = 64;
/// A call's input is copied into the guest before it reads any of it: at a quarter of the L2
/// cache the first files are still cached when the plugin gets to them (1 MiB was measured
/// 1-2% slower), and the guest's memory holds less.
const BATCH_BYTES: u64 = 256 << 10;
/// How much of a file is inspected for NUL bytes to call it binary (as git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

pub struct ScanOptions {
    pub progress: bool,
}

pub fn run(
    runtime: &Runtime,
    plugins: &PluginSet,
    plan: &ScanPlan,
    options: &ScanOptions,
) -> Result<ScanResult> {
    let started = Instant::now();
    let root = plan.root.canonicalize().with_context(|| format!("cannot resolve {}", plan.root.display()))?;
    let mut result = ScanResult::new(plan.root.display().to_string());
    result.plugins = plugins.records();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs)
        .thread_name(|i| format!("ospo-worker-{i}"))
        .build()
        .context("starting the worker pool")?;

    let walk_started = Instant::now();
    let walked = walk::walk(&root, &plan.exclude, plan.jobs).context("walking the tree")?;
    result.diagnostics.extend(walked.diagnostics);
    let files = walked.files;
    result.timings.walk_ms = millis(walk_started);

    let file_list: Arc<Vec<String>> = Arc::new(files.iter().map(|f| f.rel.clone()).collect());
    let jobs_of = |kind: PluginKind, diags: &mut Vec<Diagnostic>| -> Vec<Job> {
        plugins
            .of_kind(kind)
            .filter_map(|plugin| {
                let ctx = Arc::new(host_context(plugin.name(), &root, &file_list, plan));
                Job::new(plugin.clone(), ctx, runtime).map_err(|d| diags.push(d)).ok()
            })
            .collect()
    };
    let mut diags = Vec::new();
    let detectors = jobs_of(PluginKind::Detector, &mut diags);
    let parsers = jobs_of(PluginKind::Parser, &mut diags);
    let advisors = jobs_of(PluginKind::Advisor, &mut diags);
    let collectors = jobs_of(PluginKind::Collector, &mut diags);
    result.diagnostics.append(&mut diags);

    let detect_started = Instant::now();
    let progress = progress_bar(options.progress, files.len());
    let batches = batch(&files);
    let per_thread = per_thread_instances(runtime, detectors.len(), pool.current_num_threads());
    let outputs: Vec<BatchOutput> = pool.install(|| {
        batches
            .par_iter()
            .map(|batch| {
                let mut instances = this_threads(&per_thread);
                let out = detect_batch(&mut instances, &detectors, batch);
                progress.inc(batch.len() as u64);
                out
            })
            .collect()
    });
    progress.finish_and_clear();
    for output in outputs {
        result.files_scanned += output.files_scanned;
        for (plugin, detected) in output.detected {
            merge::detect_output(&mut result, &plugin, detected);
        }
        result.diagnostics.extend(output.diagnostics);
    }
    result.timings.detect_ms = millis(detect_started);

    let parse_started = Instant::now();
    let parsed: Vec<(usize, Option<wit::ParseOutput>, Vec<Diagnostic>)> = pool.install(|| {
        let work: Vec<(usize, &WalkedFile)> = parsers
            .iter()
            .enumerate()
            .flat_map(|(i, job)| files.iter().filter(|f| job.filter.wants(&f.rel)).map(move |f| (i, f)))
            .collect();
        let per_thread = per_thread_instances(runtime, parsers.len(), pool.current_num_threads());
        work.par_iter()
            .map(|(index, file)| {
                let mut instances = this_threads(&per_thread);
                let job = &parsers[*index];
                let mut diags = Vec::new();
                let output = match read_for(job, file) {
                    Ok(Some(input)) => dispatch::parse(&mut instances, *index, job, &input, &mut diags),
                    Ok(None) => None,
                    Err(diag) => {
                        diags.push(diag);
                        None
                    }
                };
                (*index, output, diags)
            })
            .collect()
    });
    for (index, output, diags) in parsed {
        if let Some(output) = output {
            merge::parse_output(&mut result, parsers[index].name(), output);
        }
        result.diagnostics.extend(diags);
    }
    merge::dedupe_packages(&mut result);
    result.timings.parse_ms = millis(parse_started);

    let mut diags = Vec::new();
    if !advisors.is_empty() {
        let packages: Vec<wit::Package> = result.packages.iter().map(convert::package_to_wit).collect();
        for job in &advisors {
            if let Some(output) = dispatch::once(runtime, job, |i| i.advise(&packages), &mut diags) {
                merge::advise_output(&mut result, job.name(), output);
            }
        }
    }
    result.diagnostics.append(&mut diags);
    for job in &detectors {
        drain_denials(job, &mut result.diagnostics);
    }
    for job in &parsers {
        drain_denials(job, &mut result.diagnostics);
    }

    conclude::merge_occurrences(&mut result);
    merge::finish(&mut result);
    conclude::merge_copyrights(&mut result);
    conclude::resolve_file_references(&mut result, &file_list);
    conclude::conclude_projects(&mut result, &file_list);
    let collect_started = Instant::now();
    // The guest-side view of the whole result is built only for a collector to read (4 ms of
    // serial time on the bench tree when none runs).
    if !collectors.is_empty() {
        let scan_view = convert::scan_result_to_wit(&result);
        for job in &collectors {
            if let Some(output) = dispatch::once(runtime, job, |i| i.collect(&scan_view), &mut diags) {
                merge::collect_output(&mut result, job.name(), output);
            }
            drain_denials(job, &mut diags);
        }
    }
    result.diagnostics.append(&mut diags);
    merge::finish(&mut result);
    result.timings.collect_ms = millis(collect_started);
    result.timings.total_ms = millis(started);
    Ok(result)
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn host_context(name: &str, root: &Path, files: &Arc<Vec<String>>, plan: &ScanPlan) -> HostContext {
    let mut ctx = HostContext::new(name, root.to_path_buf(), files.clone());
    if let Some(settings) = plan.plugins.settings.get(name) {
        if let Some(json) = &settings.config_json {
            ctx.config_json = json.clone();
        }
        ctx.grants = settings.grants.clone();
    }
    ctx
}

fn drain_denials(job: &Job, diags: &mut Vec<Diagnostic>) {
    if let Ok(mut denials) = job.ctx.denials.lock() {
        diags.append(&mut denials);
    }
}

fn progress_bar(enabled: bool, total: usize) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} scanning [{bar:30}] {pos}/{len} files ({per_sec})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Groups consecutive files into batches of at most BATCH_FILES files; [`detect_batch`] also
/// calls the plugins early once it holds BATCH_BYTES.
fn batch(files: &[WalkedFile]) -> Vec<&[WalkedFile]> {
    files.chunks(BATCH_FILES).collect()
}

/// One set of plugin instances per worker thread, kept for the whole stage: rayon's `map_init`
/// makes a value per job it splits off, and a fresh instance rebuilds the caches a plugin keeps
/// (license-text's templates, its memo of licence files).
fn per_thread_instances(runtime: &Runtime, jobs: usize, threads: usize) -> Vec<Mutex<WorkerInstances<'_>>> {
    (0..threads.max(1)).map(|_| Mutex::new(WorkerInstances::new(runtime, jobs))).collect()
}

/// The calling worker thread's instances. Only that thread locks its slot; a poisoned one (a
/// panic elsewhere) still holds usable instances.
fn this_threads<'a, 'r>(per_thread: &'a [Mutex<WorkerInstances<'r>>]) -> MutexGuard<'a, WorkerInstances<'r>> {
    let slot = rayon::current_thread_index().unwrap_or(0) % per_thread.len().max(1);
    per_thread[slot].lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct BatchOutput {
    files_scanned: u64,
    detected: Vec<(String, wit::DetectOutput)>,
    diagnostics: Vec<Diagnostic>,
}

fn detect_batch(instances: &mut WorkerInstances<'_>, detectors: &[Job], batch: &[WalkedFile]) -> BatchOutput {
    let mut out = BatchOutput { files_scanned: 0, detected: Vec::new(), diagnostics: Vec::new() };
    let mut inputs: Vec<Vec<wit::FileInput>> = detectors.iter().map(|_| Vec::new()).collect();
    // Bytes held for the next call: a call's input lives in the guest's memory, under its cap.
    let mut pending = 0u64;
    for file in batch {
        let wanted: Vec<usize> = detectors
            .iter()
            .enumerate()
            .filter(|(_, job)| !job.is_disabled() && job.filter.wants(&file.rel))
            .map(|(i, _)| i)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let max_wanted = wanted.iter().map(|&i| detectors[i].filter.max_size.unwrap_or(u64::MAX)).max();
        let (opened, size) = match open_sized(&file.abs) {
            Ok(opened) => opened,
            Err(err) => {
                out.diagnostics.push(unreadable(file, &err));
                continue;
            }
        };
        if max_wanted.is_some_and(|max| size > max) {
            out.diagnostics.push(
                Diagnostic::new(
                    "file-too-large",
                    Level::Info,
                    format!("skipped {} ({size} bytes): larger than any interested plugin accepts", file.rel),
                )
                .at(&file.rel),
            );
            continue;
        }
        let contents = match read_capped(opened, max_wanted.unwrap_or(u64::MAX), size) {
            Ok(contents) => contents,
            Err(err) => {
                out.diagnostics.push(unreadable(file, &err));
                continue;
            }
        };
        let binary = looks_binary(&contents);
        let takers: Vec<usize> = wanted
            .into_iter()
            .filter(|&index| {
                let filter = &detectors[index].filter;
                !(filter.text_only && binary) && filter.max_size.is_none_or(|max| size <= max)
            })
            .collect();
        out.files_scanned += u64::from(!takers.is_empty());
        // Content filters run here, natively, while the file is still in the cache: a file no
        // taker's filter lets through is never copied into a guest.
        let takers: Vec<usize> = takers
            .into_iter()
            .filter(|&index| detectors[index].filter.wants_contents(&file.rel, &contents))
            .collect();
        if takers.is_empty() {
            continue;
        }
        pending += contents.len() as u64;
        // Each detector owns its inputs (they are lowered into its guest); the last one takes the
        // buffer itself rather than a copy.
        let mut contents = Some(contents);
        for (n, &index) in takers.iter().enumerate() {
            let bytes = if n + 1 == takers.len() {
                contents.take().unwrap_or_default()
            } else {
                contents.clone().unwrap_or_default()
            };
            inputs[index].push(wit::FileInput { path: file.rel.clone(), contents: bytes });
        }
        if pending >= BATCH_BYTES {
            call_detectors(instances, detectors, &mut inputs, &mut out);
            pending = 0;
        }
    }
    call_detectors(instances, detectors, &mut inputs, &mut out);
    out
}

/// Hands each detector the files gathered for it, and empties the lists.
fn call_detectors(
    instances: &mut WorkerInstances<'_>,
    detectors: &[Job],
    inputs: &mut [Vec<wit::FileInput>],
    out: &mut BatchOutput,
) {
    for (index, files) in inputs.iter_mut().enumerate() {
        if files.is_empty() {
            continue;
        }
        let job = &detectors[index];
        let mut detected = Vec::new();
        dispatch::detect(instances, index, job, files, &mut detected, &mut out.diagnostics);
        out.detected.extend(detected.into_iter().map(|d| (job.name().to_string(), d)));
        files.clear();
    }
}

/// Reads a parser's input, applying its size and binary filters.
fn read_for(job: &Job, file: &WalkedFile) -> Result<Option<wit::FileInput>, Diagnostic> {
    let (opened, size) = open_sized(&file.abs).map_err(|err| unreadable(file, &err))?;
    if job.filter.max_size.is_some_and(|max| size > max) {
        return Err(Diagnostic::new(
            "file-too-large",
            Level::Warning,
            format!("plugin {:?} skipped {} ({size} bytes): over its size limit", job.name(), file.rel),
        )
        .at(&file.rel)
        .from_plugin(job.name()));
    }
    let contents = read_capped(opened, job.filter.max_size.unwrap_or(u64::MAX), size)
        .map_err(|err| unreadable(file, &err))?;
    if job.filter.text_only && looks_binary(&contents) {
        return Ok(None);
    }
    Ok(Some(wit::FileInput { path: file.rel.clone(), contents }))
}

/// The diagnostic for a file that could not be opened or read.
fn unreadable(file: &WalkedFile, err: &std::io::Error) -> Diagnostic {
    Diagnostic::new("file-unreadable", Level::Warning, format!("cannot read {}: {err}", file.rel))
        .at(&file.rel)
}

/// Opens a file and reads its size from the open handle (`fstat`, no second path lookup).
fn open_sized(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    Ok((file, size))
}

/// Reads the file as it was when opened, at most `cap` bytes. The size from `fstat` bounds the
/// read, so a file costs one `read` call, not a second that only sees its end (14,000 fewer
/// system calls on the bench tree); a file that grows meanwhile is read up to its size at
/// opening, a snapshot. A file that reports no size (procfs-like) is read to its end or `cap`.
fn read_capped(file: std::fs::File, cap: u64, size: u64) -> std::io::Result<Vec<u8>> {
    let limit = if size == 0 { cap } else { size.min(cap) };
    let mut contents = Vec::with_capacity(usize::try_from(size.min(cap)).unwrap_or(0));
    file.take(limit).read_to_end(&mut contents)?;
    Ok(contents)
}

fn looks_binary(contents: &[u8]) -> bool {
    contents[..contents.len().min(BINARY_SNIFF)].contains(&0)
}

/// Renders `result` with a reporter plugin. A failing reporter is a tool error: there is no
/// report to fall back to.
pub fn render(
    runtime: &Runtime,
    plugin: &Arc<crate::runtime::LoadedPlugin>,
    format: &str,
    result: &ScanResult,
) -> Result<Vec<u8>> {
    let ctx = Arc::new(HostContext::detached(plugin.name()));
    let view = convert::scan_result_to_wit(result);
    plugin
        .instantiate(runtime, ctx)
        .and_then(|mut instance| instance.render(format, &view))
        .map_err(|err| anyhow::anyhow!("reporter {:?} failed to render {format}: {err}", plugin.name()))
}
