//! The document: head (inline stylesheet and script, pinned by a Content-Security-Policy that
//! lets only those two run), the header, the summary figures, then the sections in the order a
//! reviewer acts on them: violations, advisories, licences, packages, each package's evidence,
//! the project's own files, manifests, observations, diagnostics, and what ran.

use std::collections::BTreeMap;

use ospo_plugin_sdk::{Decision, Level, MetricValue, ScanResult, Verdict};

use crate::escape::{self, code, text};
use crate::table::{Cell, Col, Table};
use crate::view::{PackageView, View};
use crate::{Config, chart, csp, detail, names};

pub const STYLE: &str = include_str!("assets/report.css");
pub const SCRIPT: &str = include_str!("assets/report.js");

/// The whole page.
pub fn render(scan: &ScanResult, config: &Config) -> String {
    let view = View::new(scan);
    let mut out = String::with_capacity(64 * 1024 + scan.packages.len() * 2048);
    head(&view, config, &mut out);
    header(&view, config, &mut out);
    nav(&mut out);
    out.push_str("<main>\n");
    summary(&view, &mut out);
    policy(&view, &mut out);
    advisories(&view, &mut out);
    licences(&view, &mut out);
    packages(&view, &mut out);
    detail::section(&view, &mut out);
    project_files(&view, &mut out);
    manifests(&view, &mut out);
    observations(&view, &mut out);
    diagnostics(&view, &mut out);
    about(&view, &mut out);
    out.push_str("</main>\n");
    out.push_str(&format!(
        "<footer>Written by {} {} from the scan result alone; the page loads nothing and works offline.</footer>\n",
        text(&scan.metadata.tool_name),
        text(&scan.metadata.tool_version)
    ));
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    out
}

/// The report's title: the configured one, else the root component's name.
fn title(view: &View, config: &Config) -> String {
    if let Some(title) = config.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return title.to_string();
    }
    match view.scan.metadata.root_component.as_ref() {
        Some(component) => format!("{}: licence and security report", component.name),
        None => "Licence and security report".to_string(),
    }
}

fn head(view: &View, config: &Config, out: &mut String) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Only this page's own stylesheet and script may run, by digest: were a string of the result
    // ever to reach the page unescaped, a `<script>` or an `onerror=` in it would not run.
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; \
         script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'\">\n",
        csp::sha256(STYLE),
        csp::sha256(SCRIPT)
    ));
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"{} {}\">\n",
        escape::attr(&view.scan.metadata.tool_name),
        escape::attr(&view.scan.metadata.tool_version)
    ));
    out.push_str(&format!("<title>{}</title>\n", text(&title(view, config))));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
}

fn header(view: &View, config: &Config, out: &mut String) {
    let scan = view.scan;
    let metadata = &scan.metadata;
    out.push_str(&format!(
        "<header class=\"top\">\n<h1>{}</h1>\n<p class=\"meta\">",
        text(&title(view, config))
    ));
    let mut facts = Vec::new();
    if let Some(component) = &metadata.root_component {
        let mut name = text(&component.name);
        if let Some(version) = &component.version {
            name.push_str(&format!(" {}", text(version)));
        }
        facts.push(format!("<span>{name}</span>"));
    }
    facts.push(format!("<span>root {}</span>", code(&scan.root)));
    if let Some(vcs) = &metadata.vcs {
        let mut words = String::new();
        if let Some(branch) = &vcs.branch {
            words.push_str(&format!("{} ", text(branch)));
        }
        if let Some(commit) = &vcs.commit {
            words.push_str(&code(commit.get(..12).unwrap_or(commit)));
        }
        if vcs.dirty == Some(true) {
            words.push_str(" (uncommitted changes)");
        }
        if !words.is_empty() {
            facts.push(format!("<span>{} {}</span>", text(&vcs.kind), words.trim_end()));
        }
    }
    if !metadata.timestamp.is_empty() {
        facts.push(format!("<span>scanned <time>{}</time></span>", text(&metadata.timestamp)));
    }
    facts.push(format!("<span>{} {}</span>", text(&metadata.tool_name), text(&metadata.tool_version)));
    out.push_str(&facts.join(" · "));
    out.push_str("</p>\n</header>\n");
}

fn nav(out: &mut String) {
    out.push_str("<nav class=\"toc\" aria-label=\"Sections\">");
    for (id, name) in [
        ("summary", "Summary"),
        ("policy", "Policy"),
        ("advisories", "Advisories"),
        ("licences", "Licences"),
        ("packages", "Packages"),
        ("evidence", "Evidence"),
        ("files", "Project files"),
        ("manifests", "Manifests"),
        ("diagnostics", "Diagnostics"),
        ("about", "About the scan"),
    ] {
        out.push_str(&format!("<a href=\"#{id}\">{name}</a>"));
    }
    out.push_str("</nav>\n");
}

fn section(out: &mut String, id: &str, title: &str) {
    out.push_str(&format!("<section id=\"{id}\">\n<h2>{title}</h2>\n"));
}

fn end(out: &mut String) {
    out.push_str("</section>\n");
}

fn none(out: &mut String, words: &str) {
    out.push_str(&format!("<p class=\"none\">{words}</p>\n"));
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn card(out: &mut String, class: &str, href: &str, figure: usize, label: (&str, &str), note: &str) {
    let label = if figure == 1 { label.0 } else { label.1 };
    let class = if class.is_empty() { "card".to_string() } else { format!("card {class}") };
    out.push_str(&format!(
        "<a class=\"{class}\" href=\"#{href}\"><span class=\"n\">{figure}</span>\
         <span class=\"l\">{label}</span><span class=\"note\">{note}</span></a>\n"
    ));
}

fn summary(view: &View, out: &mut String) {
    let scan = view.scan;
    section(out, "summary", "Summary");
    out.push_str("<div class=\"cards\">\n");
    let direct = view.packages.iter().filter(|p| p.package.direct).count();
    card(out, "", "packages", view.packages.len(), ("package", "packages"), &format!("{direct} direct"));
    let ecosystems: Vec<&str> = view.ecosystems().into_iter().collect();
    card(out, "", "packages", ecosystems.len(), ("ecosystem", "ecosystems"), &text(&ecosystems.join(", ")));
    card(
        out,
        "",
        "licences",
        view.licences.len(),
        ("licence", "licences"),
        &plural(scan.licenses.len(), "finding", "findings"),
    );
    let denied = view.decided(Decision::Deny).len();
    let review = view.decided(Decision::Review).len();
    let note = if scan.verdicts.is_empty() {
        "no policy evaluated".to_string()
    } else {
        format!("{review} to review")
    };
    card(
        out,
        if denied > 0 { "bad" } else { "good" },
        "policy",
        denied,
        ("policy violation", "policy violations"),
        &note,
    );
    let vulnerable = view.packages.iter().filter(|p| !p.advisories.is_empty()).count();
    let class = if scan.advisories.is_empty() { "good" } else { "warn" };
    card(
        out,
        class,
        "advisories",
        scan.advisories.len(),
        ("advisory", "advisories"),
        &plural(vulnerable, "package", "packages"),
    );
    let count = |level: Level| scan.diagnostics.iter().filter(|d| d.level == level).count();
    let (errors, warnings) = (count(Level::Error), count(Level::Warning));
    let class = if errors > 0 { "warn" } else { "" };
    let note = format!("{}, {}", plural(errors, "error", "errors"), plural(warnings, "warning", "warnings"));
    card(out, class, "diagnostics", scan.diagnostics.len(), ("diagnostic", "diagnostics"), &note);
    out.push_str("</div>\n");

    let mut projects: Vec<_> = scan.projects.iter().collect();
    projects.sort_by(|a, b| (&a.root, &a.expression).cmp(&(&b.root, &b.expression)));
    out.push_str("<p class=\"project\">");
    if projects.is_empty() {
        out.push_str(
            "No project licence was concluded (no licence file or manifest licence at a project root).",
        );
    } else {
        let parts: Vec<String> = projects
            .iter()
            .map(|p| {
                let mut evidence = p.evidence.clone();
                evidence.sort();
                format!(
                    "{} at {} <span class=\"muted\">({})</span>",
                    code(&p.expression),
                    code(&p.root),
                    text(&evidence.join(", "))
                )
            })
            .collect();
        out.push_str(&format!("Project licence: {}", parts.join("; ")));
    }
    out.push_str(&format!(
        " {} scanned, {} read.</p>\n",
        plural(scan.files_scanned as usize, "file", "files"),
        plural(scan.manifests.len(), "manifest", "manifests")
    ));
    end(out);
}

/// A verdict's subject: a link to the package's evidence when it is one the result lists.
pub fn subject_html(view: &View, verdict: &Verdict) -> String {
    if let Some(package) = view.package(&verdict.subject) {
        return package_link(package);
    }
    format!(
        "<span class=\"muted\">{}</span> {}",
        names::subject(verdict.subject_kind),
        code(&verdict.subject)
    )
}

pub fn package_link(package: &PackageView) -> String {
    format!("<a href=\"#{}\">{}</a>", package.anchor, text(&package.label()))
}

pub fn badge(class: &str, words: &str) -> String {
    format!("<span class=\"badge {class}\">{}</span>", text(words))
}

fn verdict_table(view: &View, id: &'static str, verdicts: &[&Verdict], out: &mut String) {
    let mut table = Table::new(
        id,
        "Policy verdicts",
        &[
            ("Subject", Col::Text),
            ("Licence", Col::Text),
            ("Rule", Col::Pick),
            ("Why, and what to do", Col::Text),
        ],
    )
    .limit(10);
    for verdict in verdicts {
        let mut licence = code(&verdict.expression);
        if let Some(choice) = &verdict.choice {
            licence.push_str(&format!(" <span class=\"muted\">chosen:</span> {}", code(choice)));
        }
        let mut why = escape::prose(&verdict.explanation);
        if let Some(exception) = &verdict.exception {
            why.push_str(&format!(
                "<div class=\"exception\">Exception <code>{}</code>: {}",
                text(&exception.id),
                text(&exception.reason)
            ));
            if let Some(owner) = &exception.owner {
                why.push_str(&format!(" (owner {})", text(owner)));
            }
            if let Some(expires) = &exception.expires {
                why.push_str(&format!(", expires {}", text(expires)));
            }
            why.push_str("</div>");
        }
        if let Some(location) = &verdict.location {
            why.push_str(&format!(
                "<div class=\"muted\">at {}</div>",
                location_html(&location.path, location.line)
            ));
        }
        table.row_with_class(
            names::decision(verdict.decision),
            [
                Cell::Html(subject_html(view, verdict)),
                Cell::Html(licence),
                Cell::code(&verdict.rule),
                Cell::Html(why),
            ],
        );
    }
    table.write(out, verdicts.len() > 10);
}

pub fn location_html(path: &str, line: Option<u32>) -> String {
    match line {
        Some(line) => code(&format!("{path}:{line}")),
        None => code(path),
    }
}

fn policy(view: &View, out: &mut String) {
    section(out, "policy", "Policy violations");
    if view.verdicts.is_empty() {
        none(
            out,
            "No policy was evaluated: the configuration has no <code>[policy]</code> or <code>[advisories]</code> rules.",
        );
        return end(out);
    }
    let (denied, review, allowed) =
        (view.decided(Decision::Deny), view.decided(Decision::Review), view.decided(Decision::Allow));
    out.push_str(&format!(
        "<p><strong>{}</strong>, {} to review, {} allowed.</p>\n",
        plural(denied.len(), "violation", "violations"),
        review.len(),
        allowed.len()
    ));
    if denied.is_empty() {
        none(out, "Nothing the policy denies.");
    } else {
        verdict_table(view, "t-denied", &denied, out);
    }
    // Counts by rule, most denials first: which rule to look at.
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for verdict in &view.verdicts {
        counts.entry(&verdict.rule).or_default()[crate::view::rank(verdict.decision) as usize] += 1;
    }
    let mut rows: Vec<(&str, [usize; 3])> = counts.into_iter().collect();
    rows.sort_by(|a, b| (b.1[0], b.1[1], b.1[2]).cmp(&(a.1[0], a.1[1], a.1[2])).then(a.0.cmp(b.0)));
    out.push_str("<details class=\"block\"><summary>Verdicts by rule</summary>\n");
    let mut table = Table::new(
        "t-rules",
        "Verdicts by rule",
        &[("Rule", Col::Text), ("Denied", Col::Num), ("Review", Col::Num), ("Allowed", Col::Num)],
    )
    .compact();
    for (rule, [d, r, a]) in rows {
        table.row([Cell::code(rule), Cell::Num(d as u64), Cell::Num(r as u64), Cell::Num(a as u64)]);
    }
    table.write(out, false);
    out.push_str("</details>\n");
    if !review.is_empty() {
        out.push_str(&format!("<details class=\"block\"><summary>{} to review</summary>\n", review.len()));
        verdict_table(view, "t-review", &review, out);
        out.push_str("</details>\n");
    }
    if !allowed.is_empty() {
        out.push_str(&format!("<details class=\"block\"><summary>{} allowed</summary>\n", allowed.len()));
        verdict_table(view, "t-allowed", &allowed, out);
        out.push_str("</details>\n");
    }
    end(out);
}

/// Why an advisory applies, in a sentence: the version compared and the range it fell in.
pub fn matched_html(advisory: &ospo_plugin_sdk::Advisory) -> String {
    match &advisory.matched {
        Some(m) => format!(
            "{} is in {} <span class=\"muted\">({})</span>",
            code(&m.version),
            code(&m.range),
            text(&m.comparator)
        ),
        None => "<span class=\"muted\">–</span>".to_string(),
    }
}

/// The version that fixes it: the advisor's upgrade target, else the fixed versions listed.
pub fn fix_html(advisory: &ospo_plugin_sdk::Advisory) -> String {
    if let Some(to) = advisory.matched.as_ref().and_then(|m| m.upgrade_to.as_deref()) {
        return format!("upgrade to {}", code(to));
    }
    if advisory.fixed_versions.is_empty() {
        return "<span class=\"muted\">no fix published</span>".to_string();
    }
    let versions: Vec<String> = advisory.fixed_versions.iter().map(|v| code(v)).collect();
    format!("fixed in {}", versions.join(", "))
}

pub fn severity_cell(advisory: &ospo_plugin_sdk::Advisory) -> Cell {
    let html = match names::severity(advisory) {
        Some(rating) => badge(&format!("sev-{rating}"), rating),
        None => "<span class=\"muted\">–</span>".to_string(),
    };
    Cell::Keyed { html, key: names::severity_rank(advisory).to_string() }
}

fn advisories(view: &View, out: &mut String) {
    section(out, "advisories", "Advisories");
    let scan = view.scan;
    if scan.advisories.is_empty() {
        none(out, "No advisory matched a package (or no advisory database was configured).");
        return end(out);
    }
    let mut advisories: Vec<_> = scan.advisories.iter().collect();
    advisories.sort_by(|a, b| {
        (std::cmp::Reverse(names::severity_rank(a)), &a.id, &a.package_id).cmp(&(
            std::cmp::Reverse(names::severity_rank(b)),
            &b.id,
            &b.package_id,
        ))
    });
    let mut table = Table::new(
        "t-advisories",
        "Advisories",
        &[
            ("Advisory", Col::Text),
            ("Package", Col::Text),
            ("Kind", Col::Pick),
            ("Severity", Col::Pick),
            ("Summary", Col::Text),
            ("Why it matched", Col::Text),
            ("Fix", Col::Text),
        ],
    );
    for advisory in advisories {
        let mut id = code(&advisory.id);
        if !advisory.aliases.is_empty() {
            id.push_str(&format!("<div class=\"muted\">{}</div>", text(&advisory.aliases.join(", "))));
        }
        let package = match view.package(&advisory.package_id) {
            Some(p) => package_link(p),
            None => code(&advisory.package_id),
        };
        table.row([
            Cell::Html(id),
            Cell::Html(package),
            Cell::text(names::advisory_kind(advisory.kind)),
            severity_cell(advisory),
            Cell::text(&advisory.summary),
            Cell::Html(matched_html(advisory)),
            Cell::Html(fix_html(advisory)),
        ]);
    }
    table.write(out, scan.advisories.len() > 10);
    end(out);
}

fn licences(view: &View, out: &mut String) {
    section(out, "licences", "Licences");
    let charts: Vec<String> = [
        chart::bars("Packages by licence category", ("package", "packages"), &view.packages_by_category),
        chart::bars("Files with detected licences, by category", ("file", "files"), &view.files_by_category),
    ]
    .into_iter()
    .flatten()
    .collect();
    if charts.is_empty() && view.licences.is_empty() {
        none(out, "No licence was declared or found.");
        return end(out);
    }
    out.push_str(&format!("<div class=\"charts\">{}</div>\n", charts.join("")));
    out.push_str(
        "<p class=\"muted small\">A package counts under the most demanding part of an <code>AND</code> and the \
         least demanding branch of an <code>OR</code>; packages with no licence count as unknown. \
         Categories are ScanCode's licence categories, as the policy reads them.</p>\n",
    );
    let mut table = Table::new(
        "t-licences",
        "Licences",
        &[("Licence", Col::Text), ("Category", Col::Pick), ("Packages", Col::Num), ("Files", Col::Num)],
    )
    .compact();
    for row in &view.licences {
        table.row([
            Cell::code(&row.id),
            Cell::Html(badge(&format!("cat-{}", row.category.as_str()), row.category.words())),
            Cell::Num(row.packages as u64),
            Cell::Num(row.files as u64),
        ]);
    }
    table.write(out, view.licences.len() > 1);
    end(out);
}

fn packages(view: &View, out: &mut String) {
    section(out, "packages", "Packages");
    if view.packages.is_empty() {
        none(out, "No manifest or lockfile listed a package.");
        return end(out);
    }
    let mut table = Table::new(
        "t-packages",
        "Packages",
        &[
            ("Name", Col::Text),
            ("Version", Col::Text),
            ("Ecosystem", Col::Pick),
            ("Scope", Col::Pick),
            ("Direct", Col::Pick),
            ("Declared licence", Col::Text),
            ("Concluded licence", Col::Text),
            ("Category", Col::Pick),
            ("Verdict", Col::Pick),
            ("Advisories", Col::Num),
        ],
    );
    for p in &view.packages {
        let package = p.package;
        let mut scope = names::scope(package.scope).to_string();
        if package.optional {
            scope.push_str(" (optional)");
        }
        let verdict = match p.decision {
            Some(d) => Cell::Keyed {
                html: badge(names::decision(d), names::decision(d)),
                key: crate::view::rank(d).to_string(),
            },
            None => Cell::Keyed { html: "<span class=\"muted\">–</span>".into(), key: "9".into() },
        };
        table.row_with_class(
            p.decision.map_or("", names::decision),
            [
                Cell::Html(format!("<a href=\"#{}\">{}</a>", p.anchor, text(&package.name))),
                Cell::opt(package.version.as_deref()),
                Cell::text(&package.ecosystem),
                Cell::text(scope),
                Cell::text(if package.direct { "direct" } else { "transitive" }),
                package.declared_license.as_ref().map_or(Cell::opt(None), |d| Cell::code(&d.expression)),
                package.concluded_license.as_ref().map_or(Cell::opt(None), |c| Cell::code(&c.expression)),
                Cell::Html(badge(&format!("cat-{}", p.category.as_str()), p.category.words())),
                verdict,
                Cell::Num(p.advisories.len() as u64),
            ],
        );
    }
    table.write(out, true);
    end(out);
}

fn project_files(view: &View, out: &mut String) {
    section(out, "files", "Project files");
    let (findings, copyrights) = (&view.project_findings, &view.project_copyrights);
    if findings.is_empty() && copyrights.is_empty() {
        none(out, "No licence or copyright was found in the project's own files.");
        return end(out);
    }
    if !findings.is_empty() {
        out.push_str(&format!(
            "<details class=\"block\"><summary>{} in the project's own files</summary>\n",
            plural(findings.len(), "licence finding", "licence findings")
        ));
        detail::findings_table("t-files", findings, out);
        out.push_str("</details>\n");
    }
    if !copyrights.is_empty() {
        out.push_str(&format!(
            "<details class=\"block\"><summary>{}</summary>\n",
            plural(copyrights.len(), "copyright statement", "copyright statements")
        ));
        detail::copyright_table("t-copyrights", copyrights, out);
        out.push_str("</details>\n");
    }
    end(out);
}

fn manifests(view: &View, out: &mut String) {
    section(out, "manifests", "Manifests and lockfiles");
    let mut manifests: Vec<_> = view.scan.manifests.iter().collect();
    if manifests.is_empty() {
        none(out, "No manifest or lockfile was read.");
        return end(out);
    }
    manifests.sort_by(|a, b| (&a.path, &a.format).cmp(&(&b.path, &b.format)));
    let mut table = Table::new(
        "t-manifests",
        "Manifests",
        &[
            ("File", Col::Text),
            ("Ecosystem", Col::Pick),
            ("Format", Col::Text),
            ("Dependency graph", Col::Pick),
        ],
    );
    for m in manifests {
        table.row([
            Cell::code(&m.path),
            Cell::text(&m.ecosystem),
            Cell::text(&m.format),
            Cell::text(names::completeness(m.completeness)),
        ]);
    }
    table.write(out, view.scan.manifests.len() > 10);
    end(out);
}

fn observations(view: &View, out: &mut String) {
    let mut observations: Vec<_> = view.scan.observations.iter().collect();
    if observations.is_empty() {
        return;
    }
    section(out, "observations", "Observations");
    observations.sort_by(|a, b| {
        let key = |o: &ospo_plugin_sdk::Observation| {
            (o.level as u8, o.path.clone(), o.lines.as_ref().map(|l| l.start), o.rule_id.clone())
        };
        key(a).cmp(&key(b))
    });
    let mut table = Table::new(
        "t-observations",
        "Observations",
        &[("Level", Col::Pick), ("Rule", Col::Pick), ("Location", Col::Text), ("Message", Col::Text)],
    );
    for o in observations {
        let level = names::level(o.level);
        table.row([
            Cell::Html(badge(&format!("lvl-{level}"), level)),
            Cell::text(&o.rule_id),
            Cell::Html(location_html(&o.path, o.lines.as_ref().map(|l| l.start))),
            Cell::text(&o.message),
        ]);
    }
    table.write(out, view.scan.observations.len() > 10);
    end(out);
}

fn diagnostics(view: &View, out: &mut String) {
    section(out, "diagnostics", "Diagnostics");
    let mut diagnostics: Vec<_> = view.scan.diagnostics.iter().collect();
    if diagnostics.is_empty() {
        none(out, "The scan raised no diagnostic.");
        return end(out);
    }
    diagnostics.sort_by(|a, b| {
        (a.level as u8, &a.plugin, &a.code, &a.path, a.line, &a.message).cmp(&(
            b.level as u8,
            &b.plugin,
            &b.code,
            &b.path,
            b.line,
            &b.message,
        ))
    });
    let mut table = Table::new(
        "t-diagnostics",
        "Diagnostics",
        &[
            ("Level", Col::Pick),
            ("From", Col::Pick),
            ("Code", Col::Pick),
            ("Location", Col::Text),
            ("Message", Col::Text),
        ],
    );
    for d in diagnostics {
        let level = names::level(d.level);
        let location = d.path.as_deref().map_or(Cell::opt(None), |p| Cell::Html(location_html(p, d.line)));
        table.row([
            Cell::Html(badge(&format!("lvl-{level}"), level)),
            Cell::text(d.plugin.as_deref().unwrap_or("host")),
            Cell::code(&d.code),
            location,
            Cell::text(&d.message),
        ]);
    }
    table.write(out, true);
    end(out);
}

fn about(view: &View, out: &mut String) {
    let metadata = &view.scan.metadata;
    section(out, "about", "About the scan");
    let mut plugins: Vec<_> = metadata.plugins.iter().collect();
    plugins.sort_by(|a, b| (a.kind as u8, &a.name).cmp(&(b.kind as u8, &b.name)));
    out.push_str(&format!(
        "<details class=\"block\"><summary>{} took part</summary>\n",
        plural(plugins.len(), "plugin", "plugins")
    ));
    let mut table = Table::new(
        "t-plugins",
        "Plugins",
        &[
            ("Plugin", Col::Text),
            ("Version", Col::Text),
            ("Kind", Col::Pick),
            ("Contract", Col::Pick),
            ("From", Col::Text),
            ("SHA-256", Col::Text),
        ],
    );
    for p in plugins {
        table.row([
            Cell::text(&p.name),
            Cell::text(&p.version),
            Cell::text(names::plugin_kind(p.kind)),
            Cell::text(&p.wit_version),
            Cell::code(&p.source),
            Cell::Html(format!(
                "<code title=\"{}\">{}</code>",
                escape::attr(&p.sha256),
                text(p.sha256.get(..16).unwrap_or(&p.sha256))
            )),
        ]);
    }
    table.write(out, false);
    out.push_str("</details>\n");
    let mut metrics: Vec<_> = view.scan.metrics.iter().collect();
    if !metrics.is_empty() {
        metrics.sort_by_key(|m| (m.name.clone(), labels(m)));
        out.push_str(&format!(
            "<details class=\"block\"><summary>{}</summary>\n",
            plural(metrics.len(), "metric", "metrics")
        ));
        let mut table = Table::new(
            "t-metrics",
            "Metrics",
            &[
                ("Metric", Col::Text),
                ("Labels", Col::Text),
                ("Value", Col::Num),
                ("Unit", Col::Text),
                ("Description", Col::Text),
            ],
        );
        for m in metrics {
            let value = match &m.value {
                MetricValue::Count(n) => Cell::Num(*n),
                MetricValue::Ratio(r) => Cell::Keyed { html: format!("{r:.3}"), key: format!("{r:.6}") },
                MetricValue::Text(t) => Cell::text(t),
            };
            table.row([
                Cell::code(&m.name),
                Cell::opt(Some(&labels(m))),
                value,
                Cell::opt(m.unit.as_deref()),
                Cell::text(&m.description),
            ]);
        }
        table.write(out, true);
        out.push_str("</details>\n");
    }
    out.push_str(&format!(
        "<p class=\"muted small\">Result schema {}; {}.</p>\n",
        text(&view.scan.schema_version),
        if metadata.timestamp.is_empty() {
            "no scan time recorded".to_string()
        } else {
            format!("scan time {}", text(&metadata.timestamp))
        }
    ));
    end(out);
}

fn labels(metric: &ospo_plugin_sdk::Metric) -> String {
    let labels: Vec<String> = metric.labels.iter().map(|l| format!("{}={}", l.key, l.value)).collect();
    labels.join(", ")
}
