//! Each package's evidence, one `<details>` block a table row links to: what its metadata says
//! (purl, scope, where it is listed, source, hashes), its declared, detected and concluded
//! licences with the reason, the policy's verdicts, its advisories with why each matched and the
//! version that fixes it, and the licences and copyrights found in its own files.

use ospo_plugin_sdk::{Copyright, LicenseFinding, SourceKind};

use crate::escape::{self, code, text};
use crate::names;
use crate::page::{badge, fix_html, location_html, matched_html};
use crate::table::{Cell, Col, Table};
use crate::view::{PackageView, View};

pub fn section(view: &View, out: &mut String) {
    out.push_str("<section id=\"evidence\">\n<h2>Evidence by package</h2>\n");
    if view.packages.is_empty() {
        out.push_str("<p class=\"none\">No packages.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<p class=\"muted small\">Click a package, or its name in the table above. \
         <span class=\"js-only\" data-action=\"expand\"></span></p>\n<div class=\"pkgs\">\n",
    );
    for package in &view.packages {
        block(package, out);
    }
    out.push_str("</div>\n</section>\n");
}

fn block(p: &PackageView, out: &mut String) {
    let package = p.package;
    out.push_str(&format!("<details class=\"pkg\" id=\"{}\">\n<summary>", p.anchor));
    out.push_str(&format!("<span class=\"name\">{}</span>", text(&package.name)));
    if let Some(version) = &package.version {
        out.push_str(&format!(" <span class=\"ver\">{}</span>", text(version)));
    }
    out.push_str(&format!(" <span class=\"eco\">{}</span>", text(&package.ecosystem)));
    if let Some(licence) = p.effective {
        out.push_str(&format!(" {}", code(licence)));
    }
    if let Some(decision) = p.decision {
        out.push_str(&format!(" {}", badge(names::decision(decision), names::decision(decision))));
    }
    if !p.advisories.is_empty() {
        let words = if p.advisories.len() == 1 {
            "1 advisory".to_string()
        } else {
            format!("{} advisories", p.advisories.len())
        };
        out.push_str(&format!(" {}", badge("advisory", &words)));
    }
    out.push_str("</summary>\n<div class=\"body\">\n<dl class=\"facts\">\n");
    let mut fact = |name: &str, html: String| out.push_str(&format!("<dt>{name}</dt><dd>{html}</dd>\n"));
    fact("Id", code(&package.id));
    if let Some(purl) = package.purl.as_deref().filter(|purl| *purl != package.id) {
        fact("Package URL", code(purl));
    }
    let mut scope = names::scope(package.scope).to_string();
    scope.push_str(if package.direct { ", direct" } else { ", transitive" });
    if package.optional {
        scope.push_str(", optional");
    }
    fact("Scope", text(&scope));
    match &package.declared_license {
        Some(declared) => {
            let mut html = code(&declared.expression);
            if declared.raw != declared.expression {
                html.push_str(&format!(
                    " <span class=\"muted\">written</span> <q>{}</q>",
                    text(&declared.raw)
                ));
            }
            if let Some(path) = &declared.path {
                html.push_str(&format!(" <span class=\"muted\">in</span> {}", location_html(path, None)));
            }
            fact("Declared licence", html);
        }
        None => fact("Declared licence", "<span class=\"muted\">none in its metadata</span>".into()),
    }
    if let Some(detected) = &package.detected_license {
        fact("Detected licence", format!("{} <span class=\"muted\">in its own files</span>", code(detected)));
    }
    if let Some(concluded) = &package.concluded_license {
        fact(
            "Concluded licence",
            format!(
                "<code>{}</code> <span class=\"muted\">{}</span>",
                text(&concluded.expression),
                text(&concluded.reason)
            ),
        );
    }
    if !package.locations.is_empty() {
        let mut locations: Vec<_> = package.locations.iter().collect();
        locations.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let list: Vec<String> = locations.iter().map(|l| location_html(&l.path, l.line)).collect();
        fact("Listed in", list.join(", "));
    }
    if let Some(source) = &package.source {
        let kind = match source.kind {
            SourceKind::Registry => "registry",
            SourceKind::Git => "git",
            SourceKind::Path => "path",
            SourceKind::Url => "url",
        };
        let mut html = kind.to_string();
        if let Some(url) = &source.url {
            html.push_str(&format!(" {}", link_or_code(url)));
        }
        if let Some(commit) = &source.commit {
            html.push_str(&format!(" <span class=\"muted\">at</span> {}", code(commit)));
        }
        fact("Source", html);
    }
    if let Some(path) = &package.files_path {
        fact("Files read from", location_html(path, None));
    }
    if !package.hashes.is_empty() {
        let list: Vec<String> = package
            .hashes
            .iter()
            .map(|h| format!("{} <code class=\"hash\">{}</code>", h.algorithm.display_name(), text(&h.value)))
            .collect();
        fact("Hashes", list.join("<br>"));
    }
    if let Some(supplier) = &package.supplier {
        fact("Supplier", text(supplier));
    }
    if let Some(homepage) = &package.homepage {
        fact("Homepage", link_or_code(homepage));
    }
    out.push_str("</dl>\n");

    if !p.verdicts.is_empty() {
        out.push_str("<h4>Policy</h4>\n<ul class=\"verdicts\">\n");
        for verdict in &p.verdicts {
            out.push_str(&format!(
                "<li>{} <code>{}</code> by rule <code>{}</code>: {}",
                badge(names::decision(verdict.decision), names::decision(verdict.decision)),
                text(verdict.choice.as_deref().unwrap_or(&verdict.expression)),
                text(&verdict.rule),
                escape::prose(&verdict.explanation)
            ));
            if let Some(exception) = &verdict.exception {
                out.push_str(&format!(
                    " <span class=\"muted\">(exception <code>{}</code>: {})</span>",
                    text(&exception.id),
                    text(&exception.reason)
                ));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !p.advisories.is_empty() {
        out.push_str("<h4>Advisories</h4>\n");
        for advisory in &p.advisories {
            out.push_str("<div class=\"advisory\">");
            let severity =
                names::severity(advisory).map(|r| badge(&format!("sev-{r}"), r)).unwrap_or_default();
            out.push_str(&format!(
                "<p><code>{}</code> {severity} <span class=\"muted\">{}</span> {}</p>\n",
                text(&advisory.id),
                names::advisory_kind(advisory.kind),
                text(&advisory.summary)
            ));
            if !advisory.aliases.is_empty() {
                out.push_str(&format!(
                    "<p class=\"muted\">Also known as {}</p>\n",
                    text(&advisory.aliases.join(", "))
                ));
            }
            out.push_str(&format!(
                "<p>Why it matched: {}. Fix: {}.</p>\n",
                matched_html(advisory),
                fix_html(advisory)
            ));
            if let Some(details) = advisory.details.as_deref().filter(|d| !d.trim().is_empty()) {
                out.push_str(&format!("<p class=\"prose\">{}</p>\n", text(details)));
            }
            let links: Vec<String> = advisory.references.iter().map(|r| link_or_code(r)).collect();
            if !links.is_empty() {
                out.push_str(&format!("<p class=\"refs\">{}</p>\n", links.join(" ")));
            }
            out.push_str("</div>\n");
        }
    }
    if !p.findings.is_empty() {
        out.push_str("<h4>Licences found in its files</h4>\n");
        findings_table("", &p.findings, out);
    }
    if !p.copyrights.is_empty() {
        out.push_str("<h4>Copyrights</h4>\n");
        copyright_table("", &p.copyrights, out);
    }
    if p.verdicts.is_empty() && p.advisories.is_empty() && p.findings.is_empty() && p.copyrights.is_empty() {
        out.push_str("<p class=\"muted small\">No verdict, advisory or evidence from its own files (scan with <code>--deps</code> to read them).</p>\n");
    }
    out.push_str("</div>\n</details>\n");
}

/// An `http(s)` URL as a link (no referrer, a new tab), anything else as code.
fn link_or_code(url: &str) -> String {
    match escape::href(url) {
        Some(href) => {
            format!("<a href=\"{href}\" rel=\"noopener noreferrer\" target=\"_blank\">{}</a>", text(url))
        }
        None => code(url),
    }
}

fn lines(finding_lines: Option<&ospo_plugin_sdk::LineRange>) -> (String, String) {
    match finding_lines {
        Some(l) if l.start == l.end => (l.start.to_string(), l.start.to_string()),
        Some(l) => (format!("{}–{}", l.start, l.end), l.start.to_string()),
        None => ("–".to_string(), "0".to_string()),
    }
}

/// Licence findings: file and lines, licence, how it was found and by whom. `id` empty for a
/// table inside a package's block (no tool bar, so no id needed).
pub fn findings_table(id: &'static str, findings: &[&LicenseFinding], out: &mut String) {
    let mut table = Table::new(
        id,
        "Licence findings",
        &[
            ("File", Col::Text),
            ("Lines", Col::Num),
            ("Licence", Col::Text),
            ("Found as", Col::Pick),
            ("Detector", Col::Pick),
            ("Confidence", Col::Num),
        ],
    );
    for f in findings {
        let (shown, key) = lines(f.lines.as_ref());
        let mut licence = code(&f.expression);
        if let Some(raw) = f.raw.as_deref().filter(|raw| *raw != f.expression) {
            licence.push_str(&format!(" <span class=\"muted\">written</span> <q>{}</q>", text(raw)));
        }
        let mut kind = names::finding(f.kind).to_string();
        if f.strength == ospo_plugin_sdk::Strength::Clue {
            kind.push_str(" (clue)");
        }
        for reference in &f.references {
            if let Some(resolved) = &reference.resolved_path {
                licence
                    .push_str(&format!(" <span class=\"muted\">→</span> {}", location_html(resolved, None)));
            }
        }
        table.row([
            Cell::code(&f.path),
            Cell::Keyed { html: text(&shown), key },
            Cell::Html(licence),
            Cell::text(kind),
            Cell::text(&f.detector),
            Cell::Keyed {
                html: format!("{:.0}%", f.confidence * 100.0),
                key: format!("{:.3}", f.confidence),
            },
        ]);
    }
    table.write(out, !id.is_empty() && findings.len() > 5);
}

pub fn copyright_table(id: &'static str, copyrights: &[&Copyright], out: &mut String) {
    let mut table = Table::new(
        id,
        "Copyrights",
        &[("Statement", Col::Text), ("Holders", Col::Text), ("Where", Col::Text)],
    );
    for c in copyrights {
        table.row([
            Cell::text(&c.statement),
            Cell::text(c.holders.join("; ")),
            Cell::Html(location_html(&c.path, c.lines.as_ref().map(|l| l.start))),
        ]);
    }
    table.write(out, !id.is_empty() && copyrights.len() > 5);
}
