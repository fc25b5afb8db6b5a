//! The detect stage: walked files in batches to every detector, in parallel, each file read
//! once and sent only to the detectors whose filters want it.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::dispatch::{self, Job, WorkerInstances};
use super::merge::{self, Findings};
use super::read::{looks_binary, open_sized, read_capped, unreadable};
use super::validate::Given;
use super::walk::WalkedFile;
use crate::diagnostics::Code;
use crate::model::Diagnostic;
use crate::runtime::Runtime;
use crate::runtime::bindings::wit;

/// Detector batches: enough files per call to amortise the call, small enough to spread work.
const BATCH_FILES: usize = 64;
/// A call's input is copied into the guest before it reads any of it: at a quarter of the L2
/// cache the first files are still cached when the plugin gets to them (1 MiB was measured
/// 1-2% slower), and the guest's memory holds less.
const BATCH_BYTES: u64 = 256 << 10;

/// What the detectors found, folded but not yet concluded.
pub struct Detected {
    /// Files at least one detector was interested in.
    pub files_scanned: u64,
    pub findings: Findings,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn run(
    pool: &rayon::ThreadPool,
    runtime: &Runtime,
    detectors: &[Job],
    files: &[WalkedFile],
    progress: &indicatif::ProgressBar,
) -> Detected {
    let batches = batch(files);
    let per_thread = dispatch::per_thread_instances(runtime, detectors.len(), pool.current_num_threads());
    let outputs: Vec<BatchOutput> = pool.install(|| {
        batches
            .par_iter()
            .map(|batch| {
                let mut instances = dispatch::this_threads(&per_thread);
                let out = detect_batch(&mut instances, detectors, batch);
                progress.inc(batch.len() as u64);
                out
            })
            .collect()
    });
    let mut detected = Detected { files_scanned: 0, findings: Findings::default(), diagnostics: Vec::new() };
    for output in outputs {
        detected.files_scanned += output.files_scanned;
        for (plugin, output, given) in output.detected {
            merge::detect_output(&mut detected.findings, &mut detected.diagnostics, &plugin, output, &given);
        }
        detected.diagnostics.extend(output.diagnostics);
    }
    detected
}

/// Groups consecutive files into batches of at most BATCH_FILES files; [`detect_batch`] also
/// calls the plugins early once it holds BATCH_BYTES.
fn batch(files: &[WalkedFile]) -> Vec<&[WalkedFile]> {
    files.chunks(BATCH_FILES).collect()
}

struct BatchOutput {
    files_scanned: u64,
    /// Each call's output with the files it was given (what validation holds it to).
    detected: Vec<(String, wit::DetectOutput, Arc<Given>)>,
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
                Diagnostic::of(
                    Code::FileTooLarge,
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
        if !detected.is_empty() {
            // Line counts only for the files a record names, and only as far as its records
            // reach (a pass over the bytes); a path not given is absent, and validation drops
            // its records.
            let mut needed: HashMap<&str, u32> = HashMap::new();
            for d in &detected {
                let licenses = d.licenses.iter().map(|l| (l.path.as_str(), l.lines));
                let copyrights = d.copyrights.iter().map(|c| (c.path.as_str(), c.lines));
                let observations = d.observations.iter().map(|o| (o.path.as_str(), o.lines));
                for (path, lines) in licenses.chain(copyrights).chain(observations) {
                    let reach = lines.map_or(0, |l| l.start.max(l.end));
                    let entry = needed.entry(path).or_insert(0);
                    *entry = (*entry).max(reach);
                }
            }
            let mut given = Given::new();
            for file in files.iter() {
                if let Some(&reach) = needed.get(file.path.as_str()) {
                    given.add_up_to(&file.path, &file.contents, reach.max(1));
                }
            }
            let given = Arc::new(given);
            out.detected.extend(detected.into_iter().map(|d| (job.name().to_string(), d, given.clone())));
        }
        files.clear();
    }
}
