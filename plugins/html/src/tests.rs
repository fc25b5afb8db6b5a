//! The page of a small realistic scan, pinned as a snapshot (with the inline stylesheet and
//! script left out: they are pinned by the CSP test), and what must hold of any page.

use ospo_plugin_sdk::{
    Advisory, AdvisoryKind, AdvisoryMatch, Completeness, Component, ConcludedLicense, Copyright, Decision,
    DeclaredLicense, DependencyScope, Diagnostic, ExceptionRef, FindingKind, HashAlgorithm, Level,
    LicenseFinding, LineRange, Manifest, Metric, Package, PackageSource, PluginKind, PluginRecord,
    ProjectLicense, ScanMetadata, ScanResult, Severity, SubjectKind, VcsInfo, Verdict,
};

use super::*;

fn package(eco: &str, name: &str, version: &str, direct: bool, licence: Option<&str>) -> Package {
    let purl = format!("pkg:{eco}/{name}@{version}");
    let mut package = Package::new(eco, name, Some(version)).purl(&purl).direct(direct);
    if let Some(licence) = licence {
        package = package.declared(DeclaredLicense::parse(licence));
    }
    package
}

fn diagnostic(
    code: &str,
    level: Level,
    message: &str,
    plugin: &str,
    path: &str,
    line: Option<u32>,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, level, message).at(path, line);
    // Filled by the host in a real scan; no builder on the plugin side.
    d.plugin = Some(plugin.to_string());
    d
}

/// A Cargo project with a Python tool beside it: one GPL dependency the policy denies, one
/// package with an advisory, licence and copyright evidence from a dependency's own files.
fn scan() -> ScanResult {
    let mut anyhow = package("cargo", "anyhow", "1.0.86", true, Some("MIT OR Apache-2.0"))
        .location("Cargo.lock", Some(12))
        .location("Cargo.toml", Some(9))
        .source(PackageSource::registry("sparse+https://index.example/"))
        .hash(HashAlgorithm::Sha256, "b3d1d046238990b9cf5bcde22a3fb3584ee5cf65fb2765f454ed428c7a0063da");
    anyhow.concluded_license =
        Some(ConcludedLicense::new("MIT OR Apache-2.0", "declared and detected agree"));
    anyhow.detected_license = Some("MIT OR Apache-2.0".to_string());
    anyhow.files_path = Some("$CARGO_HOME/registry/src/index.example-1/anyhow-1.0.86".to_string());
    let readline = package("pypi", "gnureadline", "8.1.2", false, Some("GPL-3.0-or-later"))
        .scope(DependencyScope::Runtime)
        .location("tools/uv.lock", Some(40));
    let pytest = package("pypi", "pytest", "8.3.2", true, Some("MIT"))
        .scope(DependencyScope::Development)
        .location("tools/pyproject.toml", Some(14));
    let mystery = package("cargo", "ledger-macros", "0.2.0", false, None).optional(true);
    let mut in_anyhow = LicenseFinding::new(
        "$CARGO_HOME/registry/src/index.example-1/anyhow-1.0.86/LICENSE-MIT",
        "MIT",
        FindingKind::Text,
    )
    .lines(LineRange::new(1, 23))
    .confidence(0.99)
    .rule("MIT");
    in_anyhow.package_id = Some("pkg:cargo/anyhow@1.0.86".to_string());
    in_anyhow.detector = "license-text".to_string();
    let mut tag = LicenseFinding::new("src/main.rs", "MIT OR Apache-2.0", FindingKind::Tag)
        .lines(LineRange::line(1))
        .rule("spdx-license-identifier");
    tag.detector = "license-tag".to_string();
    let mut copyright = Copyright::new(
        "$CARGO_HOME/registry/src/index.example-1/anyhow-1.0.86/LICENSE-MIT",
        "Copyright (c) 2019 David Tolnay",
    )
    .lines(LineRange::line(3))
    .holders(["David Tolnay"])
    .years("2019");
    copyright.package_id = Some("pkg:cargo/anyhow@1.0.86".to_string());
    ScanResult::new("/home/ci/ledgerline")
        .schema_version("2")
        .metadata(
            ScanMetadata::new("ospo", "0.1.0", "2026-01-01T00:00:00Z")
                .vcs(VcsInfo::git().commit("4b825dc642cb6eb9a060e54bf8d69288fbee4904").branch("main"))
                .root_component(Component::new("ledgerline").version("0.3.0").purl("pkg:cargo/ledgerline@0.3.0"))
                .plugin(
                    PluginRecord::new("html", "0.1.0", PluginKind::Reporter, &"ab".repeat(32), "embedded:ospo-plugin-html")
                        .wit_version("0.2.0"),
                ),
        )
        .files_scanned(42)
        .package(anyhow)
        .package(readline)
        .package(pytest)
        .package(mystery)
        .manifest(Manifest::new("Cargo.lock", "cargo", "Cargo.lock v4", Completeness::Complete))
        .manifest(Manifest::new("tools/pyproject.toml", "pypi", "pyproject.toml", Completeness::DirectOnly))
        .license(in_anyhow)
        .license(tag)
        .copyright(copyright)
        .advisory(
            Advisory::new("RUSTSEC-2025-0042", "pkg:cargo/anyhow@1.0.86", "Backtrace capture may overflow the stack")
                .alias("GHSA-aaaa-bbbb-cccc")
                .kind(AdvisoryKind::Vulnerability)
                .severity(Severity::cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H").score(7.5))
                .fixed("1.0.89")
                .reference("https://rustsec.example/advisories/RUSTSEC-2025-0042")
                .matched(AdvisoryMatch::new("1.0.86", ">= 1.0.0, < 1.0.89", "semver").upgrade_to("1.0.89")),
        )
        .verdict(Verdict::new(
            SubjectKind::Package,
            "pkg:pypi/gnureadline@8.1.2",
            "GPL-3.0-or-later",
            Decision::Deny,
            "deny:category:strong-copyleft",
            "gnureadline 8.1.2 is strong copyleft, which the policy denies. To fix: replace it, or add an exception.",
        ))
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:cargo/anyhow@1.0.86",
                "MIT OR Apache-2.0",
                Decision::Allow,
                "allow:category:permissive",
                "MIT is permissive, which the policy allows.",
            )
            .choice("MIT"),
        )
        .verdict(
            Verdict::new(
                SubjectKind::Package,
                "pkg:cargo/ledger-macros@0.2.0",
                "NOASSERTION",
                Decision::Review,
                "review:category:unknown",
                "ledger-macros 0.2.0 states no licence.",
            )
            .exception(ExceptionRef::new("internal-crate", "our own crate, licensed with the workspace").owner("legal@example.com").expires("2026-06-30")),
        )
        .project(ProjectLicense::new(".", "MIT OR Apache-2.0").evidence(["LICENSE-MIT", "LICENSE-APACHE"]))
        .metric(Metric::count("inventory.packages", 4, "packages found by parsers").unit("packages").label("ecosystem", "all"))
        .diagnostic(diagnostic(
            "manifest-unread",
            Level::Warning,
            "tools/requirements-dev.txt: no loaded parser reads it",
            "python",
            "tools/requirements-dev.txt",
            None,
        ))
        .diagnostic(diagnostic("lockfile-malformed", Level::Error, "unexpected token", "cargo", "fuzz/Cargo.lock", Some(7)))
}

fn html(scan: &ScanResult) -> String {
    String::from_utf8(render(FORMAT, scan, &Config::default()).expect("renders")).expect("UTF-8")
}

/// The page with its stylesheet, script and their digests replaced by markers.
fn without_assets(page: &str) -> String {
    let mut out = page.replace(page::STYLE, "[report.css]").replace(page::SCRIPT, "[report.js]");
    for asset in [page::STYLE, page::SCRIPT] {
        out = out.replace(&csp::sha256(asset), "[sha256]");
    }
    out
}

#[test]
fn full_report() {
    insta::assert_snapshot!(without_assets(&html(&scan())));
}

#[test]
fn the_same_result_gives_the_same_bytes_whatever_the_input_order() {
    let mut shuffled = scan();
    shuffled.packages.reverse();
    shuffled.licenses.reverse();
    shuffled.verdicts.reverse();
    shuffled.diagnostics.reverse();
    shuffled.manifests.reverse();
    assert_eq!(html(&shuffled), html(&scan()));
}

#[test]
fn the_policy_names_exactly_the_inline_stylesheet_and_script() {
    let page = html(&scan());
    let between = |open: &str, close: &str| -> String {
        let start = page.find(open).expect("opening tag") + open.len();
        let end = start + page[start..].find(close).expect("closing tag");
        page[start..end].to_string()
    };
    let (style, script) = (between("<style>", "</style>"), between("<script>", "</script>"));
    let policy = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    assert!(policy.contains(&format!("style-src '{}'", csp::sha256(&style))), "{policy}");
    assert!(policy.contains(&format!("script-src '{}'", csp::sha256(&script))), "{policy}");
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    // Self-contained: nothing to fetch.
    for external in ["src=\"http", "href=\"//", "<link", "@import", "url(http"] {
        assert!(!page.contains(external), "{external} in the page");
    }
}

#[test]
fn violations_come_first_and_every_package_has_its_block() {
    let page = html(&scan());
    let violations = page.find("<section id=\"policy\">").expect("policy section");
    for later in ["id=\"advisories\"", "id=\"licences\"", "id=\"packages\""] {
        assert!(violations < page.find(later).expect(later), "{later} before the violations");
    }
    let denied = &page[violations..page.find("id=\"t-rules\"").expect("rule counts")];
    assert!(denied.contains("gnureadline 8.1.2") && !denied.contains(">anyhow 1.0.86<"), "{denied}");
    assert_eq!(page.matches("<details class=\"pkg\"").count(), 4);
    assert!(page.contains("<a class=\"card bad\" href=\"#policy\"><span class=\"n\">1</span>"));
    assert!(
        page.contains("<code class=\"nw\">1.0.86</code> is in <code><span class=\"nw\">&gt;=</span> <span class=\"nw\">1.0.0,</span> <span class=\"nw\">&lt;</span> <span class=\"nw\">1.0.89</span></code>"),
        "why it matched"
    );
    assert!(page.contains("upgrade to <code class=\"nw\">1.0.89</code>"));
}

#[test]
fn untrusted_strings_are_text() {
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&\u{202e}\x1b[2J";
    let mut result = scan()
        .package(
            package("npm", hostile, hostile, true, Some(hostile))
                .homepage("javascript:alert(3)")
                .supplier(hostile)
                .location(hostile, Some(1)),
        )
        .license(LicenseFinding::new(hostile, "MIT", FindingKind::Tag))
        .diagnostic(diagnostic(hostile, Level::Error, hostile, hostile, hostile, None))
        .verdict(Verdict::new(SubjectKind::File, hostile, hostile, Decision::Deny, hostile, hostile));
    result.root = hostile.to_string();
    result.metadata.tool_name = hostile.to_string();
    let page = html(&result);
    assert_eq!(page.matches("<script").count(), 1, "only the report's own script");
    assert_eq!(page.matches("<img").count(), 0);
    assert!(!page.contains("onerror=alert(2)>"), "no attribute escaped its element");
    assert!(!page.contains("href=\"javascript:"), "a javascript: URL is no link");
    assert!(
        page.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"
        )
    );
    for raw in ['\u{202e}', '\x1b'] {
        assert!(!page.contains(raw), "{raw:?} reached the page");
    }
}

#[test]
fn an_empty_result_says_so_in_every_section() {
    let empty = ScanResult::new("/srv/empty").metadata(ScanMetadata::new("ospo", "0.1.0", ""));
    let page = html(&empty);
    assert_eq!(page.matches("<p class=\"none\">").count(), 8, "{}", without_assets(&page));
    assert!(page.contains("<title>Licence and security report</title>"));
}

#[test]
fn title_from_the_config_and_other_formats_refused() {
    let config = Config { title: Some("ACME <Ledger> compliance".into()) };
    let page = String::from_utf8(render(FORMAT, &scan(), &config).expect("renders")).expect("UTF-8");
    assert!(page.contains("<h1>ACME &lt;Ledger&gt; compliance</h1>"));
    let err = render("markdown", &scan(), &Config::default()).expect_err("only html");
    assert!(err.contains("markdown"), "{err}");
    let info = Html::plugin_info();
    assert_eq!(
        (info.name.as_str(), info.kind, info.formats.as_slice()),
        ("html", PluginKind::Reporter, &[FORMAT.to_string()][..])
    );
}
