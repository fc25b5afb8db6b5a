//! Pins the detector's behaviour on small fixtures, one per case of the issue: full texts (several
//! per file, in comment blocks), notices, references, manifests, unknown text, custom licences,
//! copyrights, and ordinary code that must yield nothing.

use ospo_plugin_license_text::{CustomLicense, Options, detect};
use ospo_plugin_sdk::{DetectOutput, FindingKind, LicenseFinding};
use std::path::PathBuf;

fn fixture(rel: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {rel}: {e}"));
    (rel.to_string(), bytes)
}

fn scan(rel: &str) -> DetectOutput {
    let (path, bytes) = fixture(rel);
    detect(&path, &bytes, &Options::default())
}

/// (kind, expression, first line, last line) of each licence finding.
fn summary(out: &DetectOutput) -> Vec<(FindingKind, String, u32, u32)> {
    out.licenses
        .iter()
        .map(|f| {
            let (a, b) = f.lines.as_ref().map_or((0, 0), |l| (l.start, l.end));
            (f.kind, f.expression.clone(), a, b)
        })
        .collect()
}

fn of_kind(out: &DetectOutput, kind: FindingKind) -> Vec<&LicenseFinding> {
    out.licenses.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn license_file_with_mit_and_apache_reports_both_with_their_lines() {
    let out = scan("LICENSE");
    let texts = of_kind(&out, FindingKind::Text);
    let ids: Vec<&str> = texts.iter().map(|f| f.expression.as_str()).collect();
    assert_eq!(ids, ["MIT", "Apache-2.0"], "{:?}", summary(&out));
    let mit = texts[0].lines.as_ref().expect("MIT has lines");
    let apache = texts[1].lines.as_ref().expect("Apache has lines");
    assert!(mit.start <= 3 && mit.end >= 20 && mit.end < apache.start, "{mit:?} {apache:?}");
    assert!(apache.end >= 200, "{apache:?}");
    for f in &texts {
        assert!(f.confidence >= 0.95 && f.coverage.unwrap_or(0.0) >= 0.95, "{f:?}");
        assert!(f.rule_id.starts_with("spdx-text/"), "{}", f.rule_id);
    }
    assert_eq!(out.copyrights.len(), 1, "{:?}", out.copyrights);
    assert_eq!(out.copyrights[0].holders, ["The gimli Developers"]);
    assert_eq!(out.copyrights[0].years.as_deref(), Some("2016-2018"));
}

#[test]
fn third_party_notices_with_thirty_licences_finds_every_one() {
    let (_, names) = fixture("names.txt");
    let expected: Vec<String> = String::from_utf8_lossy(&names).lines().map(str::to_string).collect();
    assert_eq!(expected.len(), 30);
    let out = scan("THIRD-PARTY-NOTICES.txt");
    let texts = of_kind(&out, FindingKind::Text);
    let found: Vec<&str> = texts.iter().map(|f| f.expression.as_str()).collect();
    assert_eq!(found, expected, "{:?}", summary(&out));
    // In file order and not overlapping.
    for pair in texts.windows(2) {
        let (a, b) = (pair[0].lines.as_ref(), pair[1].lines.as_ref());
        assert!(a.zip(b).is_some_and(|(a, b)| a.end < b.start), "{:?} then {:?}", a, b);
    }
}

#[test]
fn texts_inside_comment_blocks_are_found() {
    let py = scan("bsd3_in_python.py");
    assert_eq!(summary(&py)[0].1, "BSD-3-Clause", "{:?}", summary(&py));
    assert_eq!(py.copyrights[0].years.as_deref(), Some("2014-2021"));
    let lua = scan("mit_in_lua.lua");
    assert_eq!(
        of_kind(&lua, FindingKind::Text).iter().map(|f| f.expression.as_str()).collect::<Vec<_>>(),
        ["MIT"]
    );
}

#[test]
fn subset_texts_resolve_to_the_exact_licence() {
    // BSD-2-Clause is BSD-3-Clause less a clause; MIT-0 is MIT less a condition.
    assert_eq!(summary(&scan("LICENSE-BSD2"))[0].1, "BSD-2-Clause");
    assert_eq!(summary(&scan("bsd3_in_python.py"))[0].1, "BSD-3-Clause");
    assert_eq!(summary(&scan("LICENSE-MIT0"))[0].1, "MIT-0");
}

#[test]
fn bare_gpl_text_is_only_and_or_later_header_says_or_later() {
    let copying = scan("COPYING.gpl2");
    let texts = of_kind(&copying, FindingKind::Text);
    assert_eq!(texts.len(), 1, "{:?}", summary(&copying));
    assert_eq!(texts[0].expression, "GPL-2.0-only");

    let header = scan("gpl2_or_later_header.c");
    let notices = of_kind(&header, FindingKind::Notice);
    assert_eq!(notices.len(), 1, "{:?}", summary(&header));
    assert_eq!(notices[0].expression, "GPL-2.0-or-later");
    assert_eq!(notices[0].rule_id, "notice/GPL-2.0-or-later");
    let lines = notices[0].lines.as_ref().expect("lines");
    assert!(lines.start <= 6 && lines.end >= 18, "{lines:?}");
    assert_eq!(header.copyrights[0].holders, ["Kim Lee"]);
    assert_eq!(header.copyrights[0].years.as_deref(), Some("2003, 2007"));
}

#[test]
fn gpl_text_with_an_or_later_notice_in_the_same_file_is_or_later() {
    let (_, text) = fixture("COPYING.gpl2");
    let mut file = b"This program is free software; you can redistribute it under the terms of\n\
the GNU General Public License version 2 or later.\n\n"
        .to_vec();
    file.extend_from_slice(&text);
    let out = detect("COPYING", &file, &Options::default());
    let texts = of_kind(&out, FindingKind::Text);
    assert_eq!(texts[0].expression, "GPL-2.0-or-later", "{:?}", summary(&out));
}

#[test]
fn short_notices_and_references() {
    let readme = scan("references/README.md");
    let s = summary(&readme);
    assert!(s.contains(&(FindingKind::Notice, "MIT".into(), 3, 3)), "{s:?}");
    assert!(s.contains(&(FindingKind::Reference, "LicenseRef-see-LICENSE".into(), 14, 14)), "{s:?}");

    let perl = scan("references/Tiny.pm");
    let refs = of_kind(&perl, FindingKind::Reference);
    assert_eq!(refs.len(), 1, "{:?}", summary(&perl));
    assert_eq!(refs[0].expression, "Artistic-1.0-Perl OR GPL-1.0-or-later");
    assert_eq!(refs[0].rule_id, "reference/perl");

    let py = scan("references/apache_short.py");
    let s = summary(&py);
    assert!(s.contains(&(FindingKind::Notice, "Apache-2.0".into(), 2, 2)), "{s:?}");
    // LICENSE-APACHE names its licence.
    assert!(s.contains(&(FindingKind::Reference, "Apache-2.0".into(), 2, 2)), "{s:?}");
}

/// The Rust dual-licence sentence was reported as `Apache-2.0` alone.
#[test]
fn either_of_apache_or_mit_is_one_choice_notice() {
    let cases = [
        "Licensed under either of Apache License, Version 2.0 or MIT license at your option.\n",
        "Licensed under either of\n\n * Apache License, Version 2.0 ( LICENSE-APACHE )\n \
         * MIT license ( LICENSE-MIT )\n\nat your option.\n",
        "Licensed under either of\n\n * Apache License, Version 2.0, ([LICENSE-APACHE](LICENSE-APACHE) or \
         http://www.apache.org/licenses/LICENSE-2.0)\n * MIT license ([LICENSE-MIT](LICENSE-MIT) or \
         http://opensource.org/licenses/MIT)\n\nat your option.\n",
    ];
    for text in cases {
        let out = detect("README.md", text.as_bytes(), &Options::default());
        let s = summary(&out);
        assert_eq!(out.licenses.len(), 1, "{text}: {s:?}");
        assert_eq!(s[0].0, FindingKind::Notice, "{text}: {s:?}");
        assert_eq!(s[0].1, "Apache-2.0 OR MIT", "{text}: {s:?}");
    }
}

#[test]
fn manifest_licence_fields_are_normalised() {
    let cases = [
        ("manifests/npm/package.json", "Apache-2.0", "manifest/package.json", 6),
        ("manifests/cargo/Cargo.toml", "MIT OR Apache-2.0", "manifest/Cargo.toml", 5),
        ("manifests/py/pyproject.toml", "GPL-2.0-or-later", "manifest/pyproject.toml", 8),
        ("manifests/cfg/setup.cfg", "LicenseRef-BSD", "manifest/setup.cfg", 4),
        ("manifests/pkginfo/PKG-INFO", "MIT OR Apache-2.0", "manifest/PKG-INFO", 5),
        ("manifests/maven/pom.xml", "Apache-2.0", "manifest/pom.xml", 9),
        ("manifests/gem/tiny_http.gemspec", "MIT OR Ruby", "manifest/gemspec", 6),
        (
            "manifests/composer/composer.json",
            "LGPL-2.1-only OR GPL-3.0-or-later",
            "manifest/composer.json",
            4,
        ),
        ("manifests/nuget/Tiny.Json.nuspec", "BSD-3-Clause", "manifest/nuspec", 7),
    ];
    for (rel, expr, rule, line) in cases {
        let out = scan(rel);
        let m = of_kind(&out, FindingKind::Manifest);
        assert_eq!(m.len(), 1, "{rel}: {:?}", summary(&out));
        assert_eq!((m[0].expression.as_str(), m[0].rule_id.as_str()), (expr, rule), "{rel}");
        assert_eq!(m[0].lines.as_ref().map(|l| l.start), Some(line), "{rel}");
    }
}

#[test]
fn malformed_manifest_is_a_diagnostic_not_an_error() {
    let out = detect("web/package.json", b"{ \"license\": \"MIT\", ", &Options::default());
    assert!(out.licenses.is_empty());
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
}

#[test]
fn licence_like_text_matching_nothing_is_unknown() {
    let out = scan("unknown_license.txt");
    let s = summary(&out);
    assert_eq!(s, [(FindingKind::Text, "LicenseRef-unknown".into(), 3, 7)]);
    assert_eq!(out.licenses[0].rule_id, "unknown/license-like-text");
}

#[test]
fn custom_licence_is_found_like_an_spdx_text() {
    let (_, text) = fixture("custom/legal/acme.txt");
    let opts = Options::with_custom(vec![CustomLicense::new(
        "LicenseRef-Acme-Internal",
        &String::from_utf8_lossy(&text),
    )]);
    let (path, bytes) = fixture("custom/round.go");
    let out = detect(&path, &bytes, &opts);
    let s = summary(&out);
    assert_eq!(s, [(FindingKind::Text, "LicenseRef-Acme-Internal".into(), 3, 9)], "{s:?}");
    assert_eq!(out.licenses[0].rule_id, "custom-text/LicenseRef-Acme-Internal");
}

/// An organisation's licence need not hold one word of the built-in gate ("licence",
/// "copyright", "warranty"...): its own distinctive words open the gate and join the content
/// filter, so the file reaches the matcher.
#[test]
fn a_custom_licence_without_licence_words_is_found_by_its_own_words() {
    let (_, text) = fixture("custom-quiet/legal/northwind-covenant.txt");
    let text = String::from_utf8_lossy(&text).into_owned();
    let (path, bytes) = fixture("custom-quiet/tools/stock_sync.py");
    assert!(ospo_plugin_license_text::gate::regions(&path, &bytes).is_empty(), "no built-in needle");
    let custom = CustomLicense::new("LicenseRef-Northwind-Covenant", &text);
    assert!(!custom.needles.is_empty(), "the text yields needles of its own");
    assert!(custom.needles.iter().all(|n| n.len() >= 5 && n.bytes().all(|b| b.is_ascii_lowercase())));
    let opts = Options::with_custom(vec![custom]);
    assert!(opts.extra_needles().iter().any(|n| String::from_utf8_lossy(&bytes).to_lowercase().contains(n)));
    let out = detect(&path, &bytes, &opts);
    let s = summary(&out);
    assert_eq!(s, [(FindingKind::Text, "LicenseRef-Northwind-Covenant".into(), 1, 10)], "{s:?}");
    // Without the custom licence the same file holds nothing.
    assert!(detect(&path, &bytes, &Options::default()).licenses.is_empty());
}

#[test]
fn custom_licences_come_from_the_config_through_the_host() {
    use ospo_plugin_sdk::host::testing;
    testing::set_root(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/custom"));
    testing::set_config(
        r#"{ "custom": [{ "id": "LicenseRef-Acme-Internal", "file": "legal/acme.txt" }], "min-confidence": 0.9 }"#,
    );
    let opts = Options::from_host().expect("valid config");
    assert_eq!(opts.custom.len(), 1);
    assert!((opts.min_confidence - 0.9).abs() < f32::EPSILON);

    testing::set_config(r#"{ "custom": [{ "id": "Acme", "file": "legal/acme.txt" }] }"#);
    assert!(Options::from_host().is_err_and(|e| e.contains("LicenseRef-")));
    testing::set_config(r#"{ "custom": [{ "id": "LicenseRef-X", "file": "../secret" }] }"#);
    assert!(Options::from_host().is_err());
}

#[test]
fn ordinary_code_yields_nothing() {
    let out = scan("plain_code.rs");
    assert!(out.licenses.is_empty(), "{:?}", summary(&out));
    assert!(out.copyrights.is_empty(), "{:?}", out.copyrights);
}

#[test]
fn cargo_workspace_inherited_licence_is_resolved() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifests/cargo-workspace");
    ospo_plugin_sdk::host::testing::set_root(&root);
    for rel in ["Cargo.toml", "crates/core/Cargo.toml"] {
        let bytes = std::fs::read(root.join(rel)).expect("fixture manifest");
        let out = detect(rel, &bytes, &Options::default());
        let m = of_kind(&out, FindingKind::Manifest);
        assert_eq!(m.len(), 1, "{rel}: {:?}", summary(&out));
        assert_eq!(m[0].expression, "MIT OR Apache-2.0", "{rel}");
    }
}

/// A virtual workspace (no `[package]`) declares its members' licence in `[workspace.package]`:
/// that is the root's manifest licence, with the line of the field.
#[test]
fn virtual_workspace_licence_is_the_roots_manifest_licence() {
    let out = scan("manifests/cargo-virtual/Cargo.toml");
    let m = of_kind(&out, FindingKind::Manifest);
    assert_eq!(m.len(), 1, "{:?}", summary(&out));
    assert_eq!(m[0].expression, "Apache-2.0 OR MIT");
    assert_eq!(m[0].lines.as_ref().map(|l| l.start), Some(8));
}

/// Regression: cargo's `Cargo.toml.orig` (the manifest as written, kept in every published
/// crate) was no manifest, and its `license = "MIT OR Apache-2.0"` line read as a notice `MIT`.
#[test]
fn cargo_toml_orig_is_a_manifest_and_its_license_line_no_truncated_notice() {
    let out = scan("manifests/cargo-orig/Cargo.toml.orig");
    assert_eq!(
        summary(&out),
        [(FindingKind::Manifest, "MIT OR Apache-2.0".to_string(), 10, 10)],
        "{:?}",
        out.licenses
    );
    assert_eq!(out.licenses[0].rule_id, "manifest/Cargo.toml");
}

/// Outside a manifest (a README showing the manifest), a licence field is read whole.
#[test]
fn license_field_outside_a_manifest_keeps_the_whole_expression() {
    let readme = "## Usage\n\n```toml\n[package]\nname = \"demo\"\nlicense = \"MIT OR Apache-2.0\"\n```\n";
    let out = detect("docs/usage.md", readme.as_bytes(), &Options::default());
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "MIT OR Apache-2.0".to_string(), 6, 6)],
        "{:?}",
        out.licenses
    );
}

/// LLVM's file header: "Part of the LLVM Project, under the Apache License v2.0 with LLVM
/// Exceptions." (the SPDX tag under it is the license-tag plugin's).
#[test]
fn llvm_project_header_is_an_apache_with_llvm_exception_notice() {
    let out = scan("llvm_header_alignment.rs");
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "Apache-2.0 WITH LLVM-exception".to_string(), 2, 2)],
        "{:?}",
        out.licenses
    );
}

/// Regression: the Apache-2.0 text followed by the LLVM exceptions was reported as `Apache-2.0`
/// and `Apache-2.0 WITH LLVM-exception` side by side; it is one text.
#[test]
fn apache_text_with_llvm_exception_is_one_finding_spanning_both_parts() {
    let out = scan("LICENSE-Apache-2.0-WITH-LLVM-exception.txt");
    let got = summary(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    let (kind, expr, start, end) = &got[0];
    assert_eq!((kind, expr.as_str()), (&FindingKind::Text, "Apache-2.0 WITH LLVM-exception"));
    assert!(*start <= 2 && *end >= 218, "{got:?}");
    assert!(out.licenses[0].confidence >= 0.95, "{:?}", out.licenses[0]);
}

/// "Dual-licensed under the Unlicense and MIT licenses": dual licensing is a choice.
#[test]
fn dual_licensed_with_and_is_a_choice() {
    let out = scan("COPYING.unlicense-mit");
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "Unlicense OR MIT".to_string(), 1, 1)],
        "{:?}",
        out.licenses
    );
}

/// Regression: anyhow's README. The notice links its licences (`<a href="LICENSE-APACHE">Apache
/// License, Version\n2.0</a>`) and read as `MIT`; the contribution clause under it ("shall be
/// dual licensed as above, without any additional terms or conditions") was `LicenseRef-unknown`.
/// The clause licenses contributions under the project's licence, already the notice's finding,
/// so it yields nothing.
#[test]
fn readme_notice_with_links_and_contribution_clause() {
    let out = scan("references/anyhow-README.md");
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "Apache-2.0 OR MIT".to_string(), 169, 170)],
        "{:?}",
        out.licenses
    );
}

/// Regression: arbitrary's file header, "Licensed under the Apache License, Version 2.0
/// <LICENSE-APACHE or http://...> or the MIT license <LICENSE-MIT or http://...>, at your
/// option.", gave `Apache-2.0` and, from `LICENSE-MIT` read as a "License:" field, `MIT`. The
/// angle brackets group a licence's file and URL as parentheses do: one choice.
#[test]
fn angle_bracketed_licence_files_are_skipped_like_parentheses() {
    let out = scan("crates/arbitrary-lib.rs");
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "Apache-2.0 OR MIT".to_string(), 3, 6)],
        "{:?}",
        out.licenses
    );
}

/// Regression: ambient-authority's COPYRIGHT. "triple-licensed under" and a three-item
/// "licensed under:" list gave the first licence only, and the bracketed file name
/// `<LICENSE-Apache-2.0_WITH_LLVM-exception>` on its own line read as a "License:" field.
#[test]
fn triple_licence_and_three_item_list_are_one_choice_each() {
    let out = scan("crates/ambient-authority-COPYRIGHT");
    let choice = "Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT".to_string();
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, choice.clone(), 3, 4), (FindingKind::Notice, choice, 17, 29)],
        "{:?}",
        out.licenses
    );
}

/// Regression: aho-corasick's LICENSE-MIT. Its title "The MIT License (MIT)" was a notice `MIT`
/// beside the full text it heads; the title belongs to the text.
#[test]
fn title_heading_a_full_text_is_no_separate_notice() {
    let out = scan("crates/aho-corasick-LICENSE-MIT");
    assert_eq!(summary(&out), [(FindingKind::Text, "MIT".to_string(), 5, 21)], "{:?}", out.licenses);
}

/// Regression: allocator-api2's README. Its licence badge
/// (`![MIT/Apache](https://img.shields.io/badge/license-MIT%2FApache-blue.svg)`) read as a
/// notice `MIT`: words of addresses and image links state no licence.
#[test]
fn badge_urls_and_image_links_give_no_notice() {
    let out = scan("crates/allocator-api2-README.md");
    assert_eq!(
        summary(&out),
        [(FindingKind::Notice, "Apache-2.0 OR MIT".to_string(), 49, 54)],
        "{:?}",
        out.licenses
    );
}

/// A list joins its licences into a choice only when an "or" (or "either of") says so: "MIT,
/// Apache" is no choice, and a sentence after the notice starts no list.
#[test]
fn list_without_or_keeps_the_first_licence() {
    for (text, expected) in [
        ("Licensed under the MIT license, Apache-2.0 contributions welcome.\n", "MIT"),
        ("Licensed under the MIT license. Apache-2.0, or any other licence, is not used.\n", "MIT"),
        (
            "Licensed under the MIT license, the Apache License 2.0, or the Zlib license.\n",
            "MIT OR Apache-2.0 OR Zlib",
        ),
    ] {
        let out = detect("README.md", text.as_bytes(), &Options::default());
        let notices: Vec<&str> =
            of_kind(&out, FindingKind::Notice).iter().map(|f| f.expression.as_str()).collect();
        assert_eq!(notices.first().copied(), Some(expected), "{text}: {:?}", summary(&out));
    }
}

/// (statement, holders, years, first line, last line) of a copyright statement.
type Statement = (String, Vec<String>, Option<String>, u32, u32);

fn statements(out: &DetectOutput) -> Vec<Statement> {
    out.copyrights
        .iter()
        .map(|c| {
            let (a, b) = c.lines.as_ref().map_or((0, 0), |l| (l.start, l.end));
            (c.statement.clone(), c.holders.clone(), c.years.clone(), a, b)
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A holder aligned under the first one on the next line, after a trailing comma, is a second
/// holder of the same statement; the MIT text after the blank line is no part of it.
#[test]
fn copyright_continued_on_an_indented_line_has_both_holders() {
    let out = scan("copyrights/LICENSE-MIT");
    assert_eq!(
        statements(&out),
        [(
            "Copyright (c) 2010-2015 The Rust Project Developers, Mozilla Foundation and contributors".into(),
            strings(&["The Rust Project Developers", "Mozilla Foundation and contributors"]),
            Some("2010-2015".into()),
            1,
            2
        )]
    );
    assert_eq!(summary(&out), [(FindingKind::Text, "MIT".into(), 4, 20)]);
}

/// Chromium's header: "and" at the end of the comment line joins the next line's holder; the
/// "Use of this source code" sentence under it is the licence notice, not a holder.
#[test]
fn copyright_continued_after_and_in_a_line_comment_stops_before_the_licence_sentence() {
    let out = scan("copyrights/url_loader_util.cc");
    assert_eq!(
        statements(&out),
        [(
            "Copyright 2018 Google LLC and the Chromium Authors".into(),
            strings(&["Google LLC", "the Chromium Authors"]),
            Some("2018".into()),
            1,
            2
        )]
    );
}

/// GNU style: a statement's years run over two lines and the holder follows the last year, in
/// a block comment and in `dnl` comments; "This file is part of ..." right after ends it.
#[test]
fn copyright_years_continued_on_the_next_line_reach_the_holder() {
    let out = scan("copyrights/getopt.h");
    assert_eq!(
        statements(&out),
        [(
            "Copyright (C) 1989, 1990, 1991, 1992, 1993, 1994, 1996, 1997, 1998, 1999, 2001, 2003, 2004 \
             Free Software Foundation, Inc."
                .into(),
            strings(&["Free Software Foundation, Inc"]),
            Some("1989, 1990, 1991, 1992, 1993, 1994, 1996, 1997, 1998, 1999, 2001, 2003, 2004".into()),
            2,
            3
        )]
    );
    let out = scan("copyrights/lib-link.m4");
    assert_eq!(
        statements(&out),
        [(
            "Copyright (C) 1999, 2000, 2001, 2002, 2003 Free Software Foundation, Inc.".into(),
            strings(&["Free Software Foundation, Inc"]),
            Some("1999, 2000, 2001, 2002, 2003".into()),
            2,
            3
        )]
    );
}

/// "All rights reserved." on its own line belongs to the statement above it and ends it; the
/// licence text after the blank comment line stays out.
#[test]
fn all_rights_reserved_line_belongs_to_the_statement() {
    let out = scan("copyrights/strlcpy.c");
    assert_eq!(
        statements(&out),
        [(
            "Copyright (c) 2008 The NetBSD Foundation, Inc. All rights reserved.".into(),
            strings(&["The NetBSD Foundation, Inc"]),
            Some("2008".into()),
            4,
            5
        )]
    );
    assert_eq!(summary(&out)[0].1, "BSD-2-Clause", "{:?}", summary(&out));
}

/// A new "Copyright" line starts a new statement, and licence prose never continues one, not
/// even after a trailing comma.
#[test]
fn next_statement_and_licence_prose_end_a_statement() {
    let out = scan("copyrights/mio-LICENSE");
    assert_eq!(
        statements(&out),
        [
            (
                "Copyright (c) 2014 Carl Lerche and other MIO contributors".into(),
                strings(&["Carl Lerche and other MIO contributors"]),
                Some("2014".into()),
                1,
                1
            ),
            (
                "Copyright (c) 2016 Tokio Contributors,".into(),
                strings(&["Tokio Contributors"]),
                Some("2016".into()),
                2,
                2
            ),
        ]
    );
    assert_eq!(summary(&out)[0].1, "MIT", "{:?}", summary(&out));
}

/// The GPL's preamble: the FSF's address after "Inc.," and the permission sentence under it are
/// not holders; a plain statement followed by a sentence stays one line.
#[test]
fn addresses_and_sentences_after_a_statement_are_not_holders() {
    let gpl = "\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 2, June 1991\n\n \
               Copyright (C) 1989, 1991 Free Software Foundation, Inc.,\n \
               51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n \
               Everyone is permitted to copy and distribute verbatim copies\n \
               of this license document, but changing it is not allowed.\n";
    let out = detect("COPYING", gpl.as_bytes(), &Options::default());
    assert_eq!(
        statements(&out),
        [(
            "Copyright (C) 1989, 1991 Free Software Foundation, Inc.,".into(),
            strings(&["Free Software Foundation, Inc"]),
            Some("1989, 1991".into()),
            4,
            4
        )]
    );
    let readme = "## License\n\nCopyright 2021 Ana Ruiz\nLicensed under the MIT license.\n";
    let out = detect("README.md", readme.as_bytes(), &Options::default());
    assert_eq!(
        statements(&out),
        [("Copyright 2021 Ana Ruiz".into(), strings(&["Ana Ruiz"]), Some("2021".into()), 3, 3)]
    );
}

/// A licence named by its canonical address, on each host that publishes licence texts, is a
/// reference to that licence.
#[test]
fn licence_urls_are_references_with_their_spdx_id() {
    let cases = [
        ("README.md", "## License\n\nSee https://opensource.org/licenses/MIT\n", "MIT", 3),
        (
            "src/client.py",
            "# Copyright 2021 Acme Robotics GmbH\n#\n# This file is distributed under the terms given at\n\
             # <http://www.apache.org/licenses/LICENSE-2.0>.\n\nimport socket\n",
            "Apache-2.0",
            4,
        ),
        (
            "src/clock.c",
            "/* gtkclock - a tiny clock widget\n * Copyright (C) 2012 Pavel Novak\n *\n * This program comes \
             with ABSOLUTELY NO WARRANTY. For the terms of use,\n * see https://www.gnu.org/licenses/gpl-3.0.html\n \
             */\n#include <gtk/gtk.h>\n",
            "GPL-3.0-only",
            5,
        ),
        (
            "ringbuf/doc.go",
            "// Package ringbuf implements a lock-free ring buffer.\n//\n// The license of this package: \
             https://spdx.org/licenses/BSD-3-Clause.html\npackage ringbuf\n",
            "BSD-3-Clause",
            3,
        ),
        (
            "vendor/pdfjs/NOTICE",
            "The files in this directory are copied from pdf.js, Copyright Mozilla Foundation.\nTheir terms \
             are at http://www.mozilla.org/MPL/2.0/ and apply to the copies here.\n",
            "MPL-2.0",
            2,
        ),
        (
            "docs/README.md",
            "## License\n\nText and images in this directory may be reused with attribution, see\n\
             https://creativecommons.org/licenses/by/4.0/\n",
            "CC-BY-4.0",
            4,
        ),
    ];
    for (path, text, id, line) in cases {
        let out = detect(path, text.as_bytes(), &Options::default());
        assert_eq!(
            summary(&out),
            [(FindingKind::Reference, id.to_string(), line, line)],
            "{path}: {:?}",
            out.licenses
        );
        assert_eq!(out.licenses[0].rule_id, "reference/license-url", "{path}");
    }
}

/// Addresses that name no licence of the list, or that only look like one, give nothing.
#[test]
fn unknown_licence_urls_give_no_reference() {
    for text in [
        "// The licence terms are listed at https://www.apache.org/licenses/ for every release.\n",
        "# Which GPL applies? See https://www.gnu.org/licenses/gpl-faq.html before you copy it.\n",
        "License: see https://opensource.org/licenses/alphabetical for the approved list.\n",
        "// Licensing FAQ: https://www.mozilla.org/MPL/2.0/FAQ/ explains the file-level copyleft.\n",
        "License exception details: https://spdx.org/licenses/LLVM-exception.html\n",
    ] {
        let out = detect("src/notes.rs", text.as_bytes(), &Options::default());
        assert!(of_kind(&out, FindingKind::Reference).is_empty(), "{text}: {:?}", summary(&out));
    }
}

/// The README's licence section names its licence by address: one reference. Its MIT badge
/// (an image of img.shields.io linked to opensource.org) states nothing of its own.
#[test]
fn readme_licence_url_is_a_reference_and_its_badge_is_not() {
    let out = scan("urls/README.md");
    assert_eq!(summary(&out), [(FindingKind::Reference, "MIT".to_string(), 21, 21)], "{:?}", out.licenses);
}

/// Badges in Markdown, HTML and reStructuredText, linked to licence pages, are no findings.
#[test]
fn badges_linked_to_licence_pages_give_no_finding() {
    let out = scan("urls/badges.md");
    assert!(out.licenses.is_empty(), "{:?}", summary(&out));
}

/// The Apache-2.0 header holds the apache.org address: the header is the one finding.
#[test]
fn url_inside_a_matched_header_is_no_second_finding() {
    let out = scan("urls/apache_header.rs");
    assert_eq!(summary(&out), [(FindingKind::Notice, "Apache-2.0".to_string(), 3, 13)], "{:?}", out.licenses);
    assert_eq!(out.licenses[0].rule_id, "notice/Apache-2.0");
}

/// A notice with the address of its licence beside it is one finding, the notice.
#[test]
fn url_next_to_a_notice_of_the_same_licence_is_part_of_it() {
    for text in [
        "This project is licensed under the MIT license (https://opensource.org/licenses/MIT).\n",
        "Licensed under the [MIT License](https://opensource.org/licenses/MIT).\n",
        "# Distributed under the Boost Software License, Version 1.0.\n# (See accompanying file \
         LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)\n",
    ] {
        let out = detect("README.md", text.as_bytes(), &Options::default());
        let s = summary(&out);
        assert_eq!(s.len(), 1, "{text}: {s:?}");
        assert_eq!(s[0].0, FindingKind::Notice, "{text}: {s:?}");
    }
}

/// A "see LICENSE" reference names its file, a licence address its URL, beside the expression
/// the host resolves; a manifest value written otherwise than its expression keeps its text.
#[test]
fn references_are_typed_and_manifests_keep_what_was_written() {
    use ospo_plugin_sdk::expression::convention::SEE_RULE;
    use ospo_plugin_sdk::{LicenseReference, Strength};
    let readme = scan("references/README.md");
    let see = of_kind(&readme, FindingKind::Reference);
    assert_eq!(see.len(), 1, "{:?}", summary(&readme));
    assert_eq!((see[0].rule_id.as_str(), see[0].strength), (SEE_RULE, Strength::Detection));
    assert_eq!(see[0].references, [LicenseReference::file("LICENSE")]);

    let urls = scan("urls/README.md");
    let url = of_kind(&urls, FindingKind::Reference);
    assert_eq!(url[0].references, [LicenseReference::url("https://opensource.org/licenses/MIT")]);

    let npm = scan("manifests/npm/package.json");
    assert_eq!(npm.licenses[0].expression, "Apache-2.0");
    assert_eq!(npm.licenses[0].raw.as_deref(), Some("Apache 2"));
}

#[test]
fn info_declares_the_diagnostic_codes() {
    use ospo_plugin_sdk::{Detector, Level};
    let info = ospo_plugin_license_text::LicenseText::plugin_info();
    let codes: Vec<_> = info.codes.iter().map(|c| (c.code.as_str(), c.level)).collect();
    assert_eq!(codes, [("license-text-config", Level::Error), ("manifest-malformed", Level::Warning)]);
    assert!(!ospo_plugin_license_text::LicenseText::content_filter().always.is_empty());
}

/// clap_derive's header: "which is licensed under the MIT/Apache 2.0 license." then a blank
/// line and `#![doc = ...]`, which once read as a `License: DOC` field.
#[test]
fn a_sentence_ending_in_license_does_not_name_the_next_word() {
    let text = "// commit#ea76fa1 which is licensed under the\n// MIT/Apache 2.0 license.\n\n#![doc = include_str!(\"../README.md\")]\n";
    let out = detect("src/lib.rs", text.as_bytes(), &Options::default());
    assert!(out.licenses.iter().all(|f| !f.expression.contains("DOC")), "{:?}", summary(&out));
    let field = detect("README", b"License: MIT\n", &Options::default());
    assert_eq!(summary(&field).first().map(|s| s.1.as_str()), Some("MIT"), "{:?}", summary(&field));
}

/// An `SPDX-License-Identifier:` line is license-tag's finding: license-text reads the rest of the
/// header and the copyrights, and reports nothing of the tag itself (ScanCode's rules for tags,
/// or for the second id of an `OR`, had repeated it in part, as clues).
#[test]
fn a_tag_line_is_left_to_license_tag() {
    let tagged = "// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause\n/*\n * Copyright (C) 2019 Ana Ruiz\n *\n \
                  * Driver for the bar chip.\n */\n#include <linux/bar.h>\nstatic int x;\n";
    let out = detect("drivers/bar.c", tagged.as_bytes(), &Options::default());
    assert_eq!(summary(&out), [], "{:?}", out.licenses);
    assert_eq!(out.copyrights.len(), 1, "{:?}", out.copyrights);
    // With a notice in the header too, the notice is read and the tag line still yields nothing.
    let noticed = tagged.replace(
        "Driver for the bar chip.",
        "This program is free software; you can redistribute it and/or modify it\n * under the terms of \
         the GNU General Public License version 2.",
    );
    let out = detect("drivers/bar.c", noticed.as_bytes(), &Options::default());
    assert!(!out.licenses.is_empty());
    assert!(
        out.licenses.iter().all(|f| f.lines.as_ref().is_some_and(|l| l.start > 1)),
        "{:?}",
        summary(&out)
    );
    // What the tag states still counts: a bare "GPL/BSD" under a GPL-2.0+ OR BSD tag is that
    // GPL (the Linux kernel's ueagle-atm.c), not a GPL-1.0-or-later of its own.
    let dual = "// SPDX-License-Identifier: (GPL-2.0+ OR BSD-2-Clause)\n/*\n * Copyright (c) 2003, 2004\n *\tDamien \
                Bergamini <damien@example.org>. All rights reserved.\n *\n * HISTORY : some part of the code was \
                based on ueagle 1.3 BSD driver,\n * Damien Bergamini agree to put his code under a DUAL GPL/BSD \
                license.\n */\n#include <linux/usb.h>\nstatic int x;\n";
    let out = detect("drivers/usb/atm/ueagle-atm.c", dual.as_bytes(), &Options::default());
    assert_eq!(summary(&out), [], "{:?}", out.licenses);
}
