//! Hostile test plugin: reaches for the ambient authority a normal program has through WASI
//! (environment, arguments, filesystem, network, clocks) using plain `std`, and reports what it got
//! as `wasi-probe` observations (`env: 0 vars`, `fs /: error: ...`, `clock: 0s since epoch`).
//! Proves the host links WASI with nothing granted and frozen clocks.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use ospo_plugin_sdk::{DetectOutput, Detector, FileInput, Level, Observation, PluginInfo, register_detector};

struct WasiProbe;

impl Detector for WasiProbe {
    fn info() -> PluginInfo {
        PluginInfo::new("wasi-probe", env!("CARGO_PKG_VERSION"))
            .describe("reports what WASI lets a plugin reach")
            .globs(["**/*.txt"])
            .text_only(true)
    }

    /// Probes once per call, not per file: the outcome does not depend on the batch.
    fn detect(files: Vec<FileInput>) -> Result<DetectOutput, String> {
        let at = files.first().map(|f| f.path.clone()).unwrap_or_default();
        let mut out = DetectOutput::default();
        out.observations.extend(
            probes().into_iter().map(|message| Observation::new("wasi-probe", Level::Info, message, &at)),
        );
        Ok(out)
    }
}

/// One line per capability, `<what>: <outcome>`; the test matches on these exact prefixes.
fn probes() -> Vec<String> {
    let mut lines = vec![
        format!("env: {} vars", std::env::vars_os().count()),
        format!("args: {} args", std::env::args_os().count()),
    ];
    for dir in ["/", "."] {
        lines.push(match std::fs::read_dir(dir) {
            Ok(entries) => format!("fs {dir}: LISTED {} entries", entries.count()),
            Err(err) => format!("fs {dir}: error: {err}"),
        });
    }
    for file in ["/etc/passwd", "README.txt"] {
        lines.push(match std::fs::read(file) {
            Ok(bytes) => format!("fs {file}: READ {} bytes", bytes.len()),
            Err(err) => format!("fs {file}: error: {err}"),
        });
    }
    lines.push(match std::net::TcpStream::connect("127.0.0.1:9") {
        Ok(_) => "net: CONNECTED".to_string(),
        Err(err) => format!("net: error: {err}"),
    });
    lines.push(match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => format!("clock: {}s since epoch", since.as_secs()),
        Err(err) => format!("clock: before epoch: {err}"),
    });
    // Work between two readings: a live monotonic clock would move, a frozen one cannot.
    let start = Instant::now();
    let busy: u64 = (0..1_000_000u64).map(std::hint::black_box).sum();
    std::hint::black_box(busy);
    lines.push(format!("monotonic: {}ns elapsed", start.elapsed().as_nanos()));
    lines
}

register_detector!(WasiProbe);
