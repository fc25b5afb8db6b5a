//! Prints what the detector finds in the files named on the command line:
//! `cargo run --release --example scan -p ospo-plugin-license-text -- FILE...`

fn main() {
    let opts = ospo_plugin_license_text::Options::default();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: unreadable");
            continue;
        };
        let out = ospo_plugin_license_text::detect(&path, &bytes, &opts);
        for l in &out.licenses {
            let lines = l.lines.as_ref().map(|r| format!("{}-{}", r.start, r.end)).unwrap_or_default();
            println!(
                "{path}:{lines} {:?} {:?} {} [{}] conf={:.3} cov={:?}",
                l.kind, l.strength, l.expression, l.rule_id, l.confidence, l.coverage
            );
        }
        for c in &out.copyrights {
            let line = c.lines.as_ref().map_or(0, |r| r.start);
            println!("{path}:{line} copyright {:?} holders={:?} years={:?}", c.statement, c.holders, c.years);
        }
        for d in &out.diagnostics {
            println!("{path}: diagnostic {} {}", d.code, d.message);
        }
    }
}
