//! SPDX 2.3 tag-value: the same content as the JSON, one `Tag: value` a line.

use std::fmt::Write as _;

use crate::model::{Doc, Purpose, Rel};
use crate::v2::{self, NOASSERTION, spdx_id};

/// A value on one line, or wrapped in `<text>` when it spans lines. Tag-value has no escape
/// for `</text>` inside a text, so that sequence is broken up rather than ending it early.
fn value(s: &str) -> String {
    if s.contains('\n') || s.contains("<text>") || s.contains("</text>") {
        format!("<text>{}</text>", s.replace("</text>", "</ text>"))
    } else {
        s.to_string()
    }
}

/// The document.
pub fn document(doc: &Doc) -> String {
    let mut out = String::new();
    let tag = |out: &mut String, t: &str, v: &str| {
        let _ = writeln!(out, "{t}: {}", value(v));
    };
    tag(&mut out, "SPDXVersion", "SPDX-2.3");
    tag(&mut out, "DataLicense", "CC0-1.0");
    tag(&mut out, "SPDXID", "SPDXRef-DOCUMENT");
    tag(&mut out, "DocumentName", &doc.name);
    tag(&mut out, "DocumentNamespace", &doc.namespace);
    for creator in v2::creators(doc) {
        tag(&mut out, "Creator", &creator);
    }
    tag(&mut out, "Created", &doc.created);
    tag(&mut out, "LicenseListVersion", &doc.license_list_version);
    for p in &doc.packages {
        out.push('\n');
        tag(&mut out, "PackageName", &p.name);
        tag(&mut out, "SPDXID", &spdx_id(&p.local));
        if let Some(version) = &p.version {
            tag(&mut out, "PackageVersion", version);
        }
        let supplier = p.supplier.as_ref().map_or(NOASSERTION.to_string(), |s| format!("Organization: {s}"));
        tag(&mut out, "PackageSupplier", &supplier);
        tag(&mut out, "PackageDownloadLocation", p.download.as_deref().unwrap_or(NOASSERTION));
        tag(&mut out, "FilesAnalyzed", "false");
        for (alg, sum) in &p.checksums {
            tag(&mut out, "PackageChecksum", &format!("{}: {sum}", v2::algorithm(*alg)));
        }
        if let Some(home) = &p.homepage {
            tag(&mut out, "PackageHomePage", home);
        }
        tag(&mut out, "PackageLicenseConcluded", p.concluded.as_deref().unwrap_or(NOASSERTION));
        tag(&mut out, "PackageLicenseDeclared", p.declared.as_deref().unwrap_or(NOASSERTION));
        if let Some(comments) = v2::license_comments(p) {
            tag(&mut out, "PackageLicenseComments", &comments);
        }
        tag(&mut out, "PackageCopyrightText", &v2::copyright_text(p));
        if let Some(comment) = v2::comment(p) {
            tag(&mut out, "PackageComment", &comment);
        }
        if let Some(purl) = &p.purl {
            tag(&mut out, "ExternalRef", &format!("PACKAGE-MANAGER purl {purl}"));
        }
        let purpose = match p.purpose {
            Purpose::Application => "APPLICATION",
            Purpose::Library => "LIBRARY",
        };
        tag(&mut out, "PrimaryPackagePurpose", purpose);
    }
    out.push('\n');
    tag(&mut out, "Relationship", &format!("SPDXRef-DOCUMENT DESCRIBES {}", spdx_id(&doc.root)));
    for rel in doc.relationships.iter().filter(|r| !matches!(r, Rel::Contains { .. })) {
        let (from, kind, to) = v2::relationship(rel);
        tag(&mut out, "Relationship", &format!("{from} {kind} {to}"));
    }
    for (id, text) in &doc.extracted {
        out.push('\n');
        tag(&mut out, "LicenseID", id);
        // Always wrapped: a licence text is free text.
        let _ = writeln!(out, "ExtractedText: <text>{}</text>", text.replace("</text>", "</ text>"));
        tag(&mut out, "LicenseName", id.trim_start_matches("LicenseRef-"));
    }
    out
}
