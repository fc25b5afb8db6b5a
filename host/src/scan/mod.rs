//! One scan as a pipeline of stages, each a function from its input to its output:
//!
//! ```text
//! walk ─┬─ detect ─ Findings ──┬─ conclude ─ Concluded ─┐
//!       └─ parse ── Inventory ─┴──────────── advise ────┴─ evaluate ─ collect ─ ScanResult
//! ```
//!
//! `run` wires them and assembles the [`ScanResult`]; reporting is [`render`] or the host's own
//! writers. Plugin failures become diagnostics; the scan always completes.

mod conclude;
mod coverage;
pub mod deps;
mod detect;
mod dispatch;
mod keywords;
mod merge;
mod parse;
pub(crate) mod read;
mod validate;
pub mod walk;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::model::{Advisory, Diagnostic, Metric, PluginKind, ScanMetadata, ScanResult, Timings};
use crate::plan::ScanPlan;
use crate::plugins::PluginSet;
use crate::runtime::bindings::wit;
use crate::runtime::{BUDGET_CALLS, HostContext, Runtime, convert};
use dispatch::Job;
use merge::Inventory;

pub struct ScanOptions {
    pub progress: bool,
    /// The scan's metadata but its plugin list (the host fills that from the plugin set).
    pub metadata: ScanMetadata,
}

/// A finished scan: the canonical result, how long each stage took (not part of it), and
/// the policy violations that fail the run (denials not in the baseline).
pub struct Scan {
    pub result: ScanResult,
    pub timings: Timings,
    pub violations: usize,
}

/// The plugins taking part, by stage.
struct Jobs {
    detectors: Vec<Job>,
    parsers: Vec<Job>,
    advisors: Vec<Job>,
    collectors: Vec<Job>,
}

/// The ecosystem of a file that looks like a known manifest or lockfile.
pub fn known_manifest_ecosystem(rel: &str) -> Option<&'static str> {
    coverage::KnownManifests::get().classify(rel).map(|(ecosystem, _)| ecosystem)
}

pub fn run(runtime: &Runtime, plugins: &PluginSet, plan: &ScanPlan, options: &ScanOptions) -> Result<Scan> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let root = plan.root.canonicalize().with_context(|| format!("cannot resolve {}", plan.root.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs)
        .thread_name(|i| format!("ospo-worker-{i}"))
        .build()
        .context("starting the worker pool")?;
    let mut diagnostics = plugins.notices.clone();

    let walk_started = Instant::now();
    let walk_options =
        walk::WalkOptions { exclude: &plan.exclude, jobs: plan.jobs, no_ignore: plan.no_ignore };
    let walked = walk::walk(&root, &walk_options).context("walking the tree")?;
    let ignored_count = walked.ignored;
    diagnostics.extend(walked.diagnostics);
    let mut files = walked.files;
    if plan.deps.enabled {
        files.extend(deps::in_tree(&root, &files, &plan.exclude));
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    let file_list: Arc<Vec<String>> = Arc::new(files.iter().map(|f| f.rel.clone()).collect());
    timings.walk_ms = millis(walk_started);

    let jobs = jobs(runtime, plugins, plan, &root, &file_list, &mut diagnostics);

    let detect_started = Instant::now();
    let progress = progress_bar(options.progress, files.len());
    let mut detected = detect::run(&pool, runtime, &jobs.detectors, &files, &progress);
    progress.finish_and_clear();
    diagnostics.append(&mut detected.diagnostics);
    timings.detect_ms = millis(detect_started);

    let parse_started = Instant::now();
    let mut inventory = parse::run(&pool, runtime, &jobs.parsers, &files);
    diagnostics.append(&mut inventory.diagnostics);
    diagnostics.extend(coverage::unread(&jobs.parsers, &files, &inventory.manifests));
    timings.parse_ms = millis(parse_started);

    let (files_ignored, ignored_note) = ignored_count.finish();
    diagnostics.extend(ignored_note);
    // An empty result must say why, not pass for a clean tree.
    if detected.files_scanned == 0 && inventory.manifests.is_empty() {
        diagnostics.push(walk::nothing_scanned(files.len(), files_ignored));
    }
    // Dependency sources: the caches' folders of inventory packages are detected now that the
    // inventory is known; then every package's folder owns the findings inside it.
    let deps::caches::Cached { files: cached, folders: cached_folders, diagnostics: cache_diagnostics } =
        deps::caches::files(&inventory.packages, &plan.deps.caches);
    diagnostics.extend(cache_diagnostics);
    if !cached.is_empty() {
        let more = detect::run(&pool, runtime, &jobs.detectors, &cached, &ProgressBar::hidden());
        detected.files_scanned += more.files_scanned;
        detected.findings.licenses.extend(more.findings.licenses);
        detected.findings.copyrights.extend(more.findings.copyrights);
        detected.findings.observations.extend(more.findings.observations);
        diagnostics.extend(more.diagnostics);
    }
    let all_files: Vec<walk::WalkedFile> = files.iter().chain(&cached).cloned().collect();
    let folders = deps::locate::locate(&inventory.packages, &all_files, cached_folders);
    let owners = deps::licences::Owners::new(&folders);
    deps::licences::attribute(&mut detected.findings, &owners);
    let project_files: Vec<String> =
        file_list.iter().filter(|rel| owners.owner(rel).is_none()).cloned().collect();
    let concluded = conclude::run(detected.findings, &file_list, &project_files);
    diagnostics.extend(deps::licences::conclude(
        &mut inventory.packages,
        &concluded.findings.licenses,
        &folders,
        &plan.deps.curations,
        &all_files,
    ));
    // Done with the walk's lists (the kernel tree's 86k files, twice over): freed here, their
    // memory holds the collect stage's copy of the whole result instead of adding to the peak.
    drop(owners);
    drop((files, cached, all_files, project_files, folders));
    let (advisories, mut advise_diagnostics) = advise(runtime, &jobs.advisors, &inventory);
    diagnostics.append(&mut advise_diagnostics);
    for job in jobs.detectors.iter().chain(&jobs.parsers).chain(&jobs.advisors) {
        drain_denials(job, &mut diagnostics);
    }

    let mut metadata = options.metadata.clone();
    metadata.plugins = plugins.records();
    let mut result =
        assemble(metadata, plan, detected.files_scanned, inventory, concluded, advisories, diagnostics);
    result.files_ignored = files_ignored;
    // The evaluate stage, between advisories and collectors, so that collectors and reporters
    // see the verdicts.
    let evaluation = crate::policy::evaluate(&result, plan.policy.as_ref(), plan.baseline.as_ref());
    result.verdicts = evaluation.verdicts;
    result.diagnostics.extend(evaluation.diagnostics);
    let advised = evaluate_advisories(plugins, plan, &jobs.advisors, &result);
    result.verdicts.extend(advised.verdicts);
    result.diagnostics.extend(advised.diagnostics);
    let violations = evaluation.violations + advised.violations;

    let collect_started = Instant::now();
    let (metrics, collect_diagnostics) = collect(runtime, &jobs.collectors, &result);
    result.metrics = metrics;
    result.metrics.extend(advised.metrics);
    result.diagnostics.extend(collect_diagnostics);
    merge::finish(&mut result);
    timings.collect_ms = millis(collect_started);
    timings.total_ms = millis(started);
    Ok(Scan { result, timings, violations })
}

fn jobs(
    runtime: &Runtime,
    plugins: &PluginSet,
    plan: &ScanPlan,
    root: &Path,
    file_list: &Arc<Vec<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Jobs {
    let mut of_kind = |kind: PluginKind| -> Vec<Job> {
        plugins
            .of_kind(kind)
            .filter_map(|plugin| {
                let mut ctx = host_context(plugin.name(), root, file_list, plan);
                ctx.budget = plugin.limits.output_bytes.saturating_mul(BUDGET_CALLS);
                let ctx = Arc::new(ctx);
                Job::new(plugin.clone(), ctx, runtime).map_err(|d| diags.push(d)).ok()
            })
            .collect()
    };
    Jobs {
        detectors: of_kind(PluginKind::Detector),
        parsers: of_kind(PluginKind::Parser),
        advisors: of_kind(PluginKind::Advisor),
        collectors: of_kind(PluginKind::Collector),
    }
}

/// The advise stage: every advisor sees the whole inventory once.
fn advise(runtime: &Runtime, advisors: &[Job], inventory: &Inventory) -> (Vec<Advisory>, Vec<Diagnostic>) {
    let mut advisories = Vec::new();
    let mut diags = Vec::new();
    if advisors.is_empty() {
        return (advisories, diags);
    }
    let packages: Vec<wit::Package> = inventory.packages.iter().map(convert::package_to_wit).collect();
    for job in advisors {
        if let Some(output) = dispatch::once(runtime, job, |i| i.advise(&packages), &mut diags) {
            merge::advise_output(&mut advisories, &mut diags, job.name(), output);
        }
    }
    (advisories, diags)
}

/// The advisory half of the evaluate stage (`crate::advisories`), and the age of the database
/// the osv plugin was granted by default.
fn evaluate_advisories(
    plugins: &PluginSet,
    plan: &ScanPlan,
    advisors: &[Job],
    result: &ScanResult,
) -> crate::advisories::Evaluation {
    // An advisor is a source for its ecosystems only when it was granted data to read.
    let covered: std::collections::BTreeSet<String> = plugins
        .of_kind(PluginKind::Advisor)
        .filter(|p| advisors.iter().any(|job| job.name() == p.name() && !job.ctx.grants.is_empty()))
        .flat_map(|p| p.info.ecosystems.iter().cloned())
        .collect();
    let mut evaluation = crate::advisories::evaluate(result, &plan.advisories, &covered);
    let osv_runs = advisors.iter().any(|job| job.name() == "osv");
    if osv_runs
        && let Some(db) = &plan.advisory_db
        && let Some(message) = crate::db::staleness(db, crate::db::now())
    {
        evaluation.diagnostics.push(Diagnostic::of(crate::diagnostics::Code::AdvisoryDbStale, message));
    }
    evaluation
}

/// The collect stage: collectors see the whole result, verdicts included, and add metrics.
fn collect(runtime: &Runtime, collectors: &[Job], result: &ScanResult) -> (Vec<Metric>, Vec<Diagnostic>) {
    let mut metrics = Vec::new();
    let mut diags = Vec::new();
    // The guest-side view of the whole result is built only for a collector to read (4 ms of
    // serial time on the bench tree when none runs).
    if collectors.is_empty() {
        return (metrics, diags);
    }
    let view = convert::scan_result_to_wit(result);
    for job in collectors {
        if let Some(output) = dispatch::once(runtime, job, |i| i.collect(&view), &mut diags) {
            merge::collect_output(&mut metrics, &mut diags, job.name(), output);
        }
        drain_denials(job, &mut diags);
    }
    (metrics, diags)
}

/// Every stage's output in one result, in canonical order.
fn assemble(
    metadata: ScanMetadata,
    plan: &ScanPlan,
    files_scanned: u64,
    inventory: Inventory,
    concluded: conclude::Concluded,
    advisories: Vec<Advisory>,
    diagnostics: Vec<Diagnostic>,
) -> ScanResult {
    let mut result = ScanResult::new(plan.root.display().to_string());
    result.metadata = metadata;
    result.files_scanned = files_scanned;
    result.packages = inventory.packages;
    result.edges = inventory.edges;
    result.manifests = inventory.manifests;
    result.licenses = concluded.findings.licenses;
    result.copyrights = concluded.findings.copyrights;
    result.observations = concluded.findings.observations;
    result.projects = concluded.projects;
    result.advisories = advisories;
    result.diagnostics = diagnostics;
    merge::finish(&mut result);
    result
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
    // The advisory database `ospo db update` keeps, unless the config grants the osv plugin one.
    if let (true, Some(db)) = (name == "osv", &plan.advisory_db) {
        ctx.grants.entry("db".to_string()).or_insert_with(|| db.clone());
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

/// Renders `result` with a reporter plugin. A failing reporter is a tool error: there is no
/// report to fall back to. The reporter gets its `[plugin.NAME.config]` (a title, a supplier)
/// but no root, files or grants: a report is a function of the result.
pub fn render(
    runtime: &Runtime,
    plugin: &Arc<crate::runtime::LoadedPlugin>,
    plan: &ScanPlan,
    format: &str,
    result: &ScanResult,
) -> Result<Vec<u8>> {
    let mut ctx = HostContext::detached(plugin.name());
    if let Some(json) = plan.plugins.settings.get(plugin.name()).and_then(|s| s.config_json.as_ref()) {
        ctx.config_json = json.clone();
    }
    let ctx = Arc::new(ctx);
    let view = convert::scan_result_to_wit(result);
    plugin
        .instantiate(runtime, ctx)
        .and_then(|mut instance| instance.render(format, &view))
        .map_err(|err| anyhow::anyhow!("reporter {:?} failed to render {format}: {err}", plugin.name()))
}
