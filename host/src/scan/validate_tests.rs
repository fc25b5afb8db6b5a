//! Unit tests of the validation pass, and a seeded fuzz run of random plugin outputs through
//! validation, merge and conclude (a few thousand outputs, well under a second).

use super::super::conclude;
use super::super::merge::{self, Findings, Inventory};
use super::*;
use crate::runtime::bindings::wit;

#[test]
fn line_count_counts_a_final_line_without_newline_and_stops_when_it_has_enough() {
    let all = |text: &[u8]| line_count_up_to(text, u32::MAX);
    assert_eq!(all(b""), 0);
    assert_eq!(all(b"a"), 1);
    assert_eq!(all(b"a\n"), 1);
    assert_eq!(all(b"a\nb"), 2);
    assert_eq!(line_count_up_to(b"a\nb\nc\nd\n", 2), 2, "stops once two lines are seen");
    assert_eq!(line_count_up_to(b"a\nb", 5), 2, "a shorter file gives its own count");
}

#[test]
fn safe_relative_paths_refuse_escapes_and_control_characters() {
    for bad in
        ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\0b", "a\nb", "a\x1b[2Jb", "C:/x", "a\\b"]
    {
        assert!(!is_safe_relative(bad), "{bad:?} was accepted");
    }
    for good in ["Cargo.toml", "crates/a/Cargo.lock", ".github/x", "a..b/c"] {
        assert!(is_safe_relative(good), "{good:?} was refused");
    }
}

#[test]
fn expressions_are_checked_for_shape_even_with_ids_newer_than_the_host_list() {
    for good in
        ["MIT", "LicenseRef-x", "OSC-1.0", "LicenseRef-unknown WITH Some-New-exception", "(A-1 OR MIT) AND B"]
    {
        assert!(is_expression(good), "{good:?} was refused");
    }
    for bad in ["", "MIT AND", "(((", "MIT OR OR", "a;b", "MIT WITH", "\u{1b}[2J"] {
        assert!(!is_expression(bad), "{bad:?} was accepted");
    }
}

#[test]
fn purl_types_must_fit_the_ecosystem() {
    assert!(purl_fits("pkg:cargo/serde@1", "cargo"));
    assert!(purl_fits("pkg:cargo/serde@1", "crates.io"));
    assert!(purl_fits("pkg:npm/left-pad@1", "npm"));
    assert!(!purl_fits("pkg:cargo/serde@1", "npm"));
    assert!(purl_fits("serde 1.0", "cargo"));
}

/// xorshift64*: deterministic, so a failure reproduces from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GIVEN: &[&str] = &["LICENSE", "src/main.rs", "Cargo.toml", "a/b/c.txt"];
const PATHS: &[&str] = &[
    "LICENSE",
    "src/main.rs",
    "Cargo.toml",
    "a/b/c.txt",
    "../../etc/passwd",
    "/etc/shadow",
    "src/../LICENSE",
    "a\u{1b}]8;;http://x\u{7}b",
    "",
    "src\0main.rs",
    "not-given.rs",
];
const EXPRESSIONS: &[&str] = &[
    "MIT",
    "Apache-2.0 OR MIT",
    "GPL-2.0-or-later WITH Classpath-exception-2.0",
    "LicenseRef-see-LICENSE",
    "LicenseRef-custom",
    "",
    "MIT AND",
    "(((",
    "NOT-A-LICENSE",
    "rm -rf /",
    "MIT\u{1b}[2J",
    "MIT OR OR",
];
const IDS: &[&str] = &["pkg:cargo/a@1", "pkg:cargo/b@2", "pkg:npm/a@1", "x", "", "pkg:cargo/a@1"];

fn number(rng: &mut Rng) -> f32 {
    match rng.below(6) {
        0 => f32::NAN,
        1 => f32::INFINITY,
        2 => -1.0,
        3 => 1e30,
        _ => (rng.below(1001) as f32) / 1000.0,
    }
}

fn lines(rng: &mut Rng) -> Option<wit::LineRange> {
    let big = |rng: &mut Rng| match rng.below(4) {
        0 => 0,
        1 => u32::MAX,
        _ => rng.below(12) as u32,
    };
    (rng.below(4) != 0).then(|| wit::LineRange { start: big(rng), end: big(rng) })
}

fn kind(rng: &mut Rng) -> wit::FindingKind {
    [
        wit::FindingKind::Tag,
        wit::FindingKind::Text,
        wit::FindingKind::Notice,
        wit::FindingKind::Reference,
        wit::FindingKind::Manifest,
    ][rng.below(5)]
}

fn detect_output(rng: &mut Rng) -> wit::DetectOutput {
    let licenses = (0..rng.below(6))
        .map(|_| wit::LicenseFinding {
            path: rng.pick(PATHS).to_string(),
            lines: lines(rng),
            expression: if rng.below(20) == 0 {
                "MIT OR ".repeat(1000)
            } else {
                rng.pick(EXPRESSIONS).to_string()
            },
            kind: kind(rng),
            strength: if rng.below(2) == 0 { wit::Strength::Detection } else { wit::Strength::Clue },
            confidence: number(rng),
            coverage: (rng.below(2) == 0).then(|| number(rng)),
            rule_id: "r".to_string(),
            raw: None,
            text: None,
            references: Vec::new(),
            detector: rng.pick(&["fuzz", "license-text"]).to_string(),
            also: Vec::new(),
            package_id: None,
        })
        .collect();
    let copyrights = (0..rng.below(3))
        .map(|_| wit::Copyright {
            path: rng.pick(PATHS).to_string(),
            lines: lines(rng),
            statement: "Copyright (c) x".to_string(),
            holders: vec!["x".to_string()],
            years: None,
            package_id: None,
        })
        .collect();
    let observations = (0..rng.below(3))
        .map(|_| wit::Observation {
            rule_id: "o".to_string(),
            level: wit::Level::Info,
            message: if rng.below(30) == 0 { "m".repeat(MAX_MESSAGE + 5) } else { "m".to_string() },
            path: rng.pick(PATHS).to_string(),
            lines: lines(rng),
        })
        .collect();
    wit::DetectOutput { licenses, copyrights, observations, diagnostics: Vec::new() }
}

fn parse_output(rng: &mut Rng) -> wit::ParseOutput {
    let packages = (0..rng.below(4))
        .map(|_| wit::Package {
            id: rng.pick(IDS).to_string(),
            name: "a".to_string(),
            version: Some(rng.below(3).to_string()),
            ecosystem: rng.pick(&["cargo", "npm"]).to_string(),
            purl: None,
            scope: wit::DependencyScope::Runtime,
            direct: rng.below(2) == 0,
            optional: false,
            locations: vec![wit::Location { path: rng.pick(PATHS).to_string(), line: None }],
            hashes: Vec::new(),
            source: None,
            declared_license: (rng.below(2) == 0).then(|| wit::DeclaredLicense {
                raw: "x".to_string(),
                expression: rng.pick(EXPRESSIONS).to_string(),
                path: Some(rng.pick(PATHS).to_string()),
            }),
            detected_license: None,
            concluded_license: None,
            files_path: None,
            supplier: None,
            homepage: None,
        })
        .collect();
    let edges = (0..rng.below(4))
        .map(|_| wit::DependencyEdge {
            from: rng.pick(IDS).to_string(),
            to: rng.pick(IDS).to_string(),
            scope: wit::DependencyScope::Runtime,
            optional: false,
        })
        .collect();
    let manifests = (0..rng.below(2))
        .map(|_| wit::Manifest {
            path: rng.pick(PATHS).to_string(),
            ecosystem: "cargo".to_string(),
            format: "Cargo.lock".to_string(),
            completeness: wit::Completeness::Complete,
        })
        .collect();
    wit::ParseOutput { packages, edges, manifests, diagnostics: Vec::new() }
}

#[test]
fn fuzzed_plugin_outputs_never_panic_and_survivors_hold_the_invariants() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut given = Given::new();
    for (n, path) in GIVEN.iter().enumerate() {
        given.add(path, "line\n".repeat(n + 3).as_bytes());
    }
    let walked: Vec<String> = GIVEN.iter().map(|p| p.to_string()).collect();
    let (mut kept_findings, mut kept_packages) = (0, 0);
    for _round in 0..40 {
        let mut findings = Findings::default();
        let mut diags = Vec::new();
        for _ in 0..60 {
            merge::detect_output(&mut findings, &mut diags, "fuzz", detect_output(&mut rng), &given);
        }
        for license in &findings.licenses {
            assert!(license_is_valid(license, &given), "invalid finding survived: {license:?}");
        }
        for record in findings
            .copyrights
            .iter()
            .map(|c| (&c.path, c.lines))
            .chain(findings.observations.iter().map(|o| (&o.path, o.lines)))
        {
            let count = given.lines_of(record.0).unwrap_or_else(|| panic!("path {:?} survived", record.0));
            assert!(record.1.is_none_or(|r| r.start >= 1 && r.start <= r.end && r.end <= count));
        }
        assert!(findings.observations.iter().all(|o| o.message.len() <= MAX_MESSAGE));
        kept_findings += findings.licenses.len();
        let concluded = conclude::run(findings, &walked, &walked);
        for license in &concluded.findings.licenses {
            assert!(is_expression(&license.expression), "{license:?}");
        }

        let parts: Vec<(String, Inventory)> = ["cargo", "usurper"]
            .iter()
            .map(|name| {
                let mut part = Inventory::default();
                for _ in 0..20 {
                    merge::parse_output(&mut part, name, parse_output(&mut rng));
                }
                (name.to_string(), part)
            })
            .collect();
        let inventory = merge::fold_parsers(parts);
        kept_packages += inventory.packages.len();
        let ids: std::collections::HashSet<&str> = inventory.packages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), inventory.packages.len(), "duplicate package ids survived");
        for package in &inventory.packages {
            assert!(purl_fits(&package.id, &package.ecosystem), "{package:?}");
            assert!(package.locations.iter().all(|l| is_safe_relative(&l.path)), "{package:?}");
            if let Some(declared) = &package.declared_license {
                assert!(is_expression(&declared.expression), "{package:?}");
                assert!(declared.path.as_deref().is_none_or(is_safe_relative), "{package:?}");
            }
        }
        for edge in &inventory.edges {
            assert!(ids.contains(edge.from.as_str()) && ids.contains(edge.to.as_str()), "{edge:?}");
        }
        assert!(inventory.manifests.iter().all(|m| is_safe_relative(&m.path)));
    }
    // The generator must reach the happy path too, or the invariants above are vacuous.
    assert!(
        kept_findings > 100 && kept_packages > 10,
        "{kept_findings} findings, {kept_packages} packages kept"
    );
}
