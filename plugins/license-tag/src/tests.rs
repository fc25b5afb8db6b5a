//! End-to-end tests over realistic files: what the host would get back from one batch.

use super::*;

fn file(path: &str, contents: &[u8]) -> FileInput {
    FileInput::new(path, contents)
}

fn detect(path: &str, contents: &[u8]) -> DetectOutput {
    LicenseTag::detect(vec![file(path, contents)]).expect("detect never fails as a whole")
}

fn expressions(out: &DetectOutput) -> Vec<(u32, &str)> {
    out.licenses.iter().map(|f| (f.lines.as_ref().map_or(0, |l| l.start), f.expression.as_str())).collect()
}

#[test]
fn c_file_with_header_and_string_literal() {
    let out = detect("src/ring_buffer.c", include_bytes!("testdata/ring_buffer.c"));
    assert_eq!(expressions(&out), [(1, "GPL-2.0-or-later"), (12, "MIT")]);
    let first = &out.licenses[0];
    assert_eq!(first.path, "src/ring_buffer.c");
    assert_eq!(first.kind, FindingKind::Tag);
    assert_eq!(first.confidence, 1.0);
    assert_eq!(first.rule_id, RULE_ID);
    assert_eq!(first.lines, Some(LineRange::line(1)));
    assert!(first.detector.is_empty(), "the host fills in the detector");
    // Written `GPL-2.0+`: the canonical expression, and what the author wrote beside it.
    assert_eq!(first.raw.as_deref(), Some("GPL-2.0+"));
    assert_eq!(out.licenses[1].raw, None, "`MIT` is written canonically");
    assert_eq!(first.strength, ospo_plugin_sdk::Strength::Detection);
    assert_eq!(
        out.copyrights,
        [Copyright::new("src/ring_buffer.c", "2019-2023 Jane Doe <jane@example.com>")
            .lines(LineRange::line(5))
            .holders(["Jane Doe"])
            .years("2019-2023")]
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn shell_script_with_exception_and_copyright() {
    let out = detect("scripts/deploy.sh", include_bytes!("testdata/deploy.sh"));
    assert_eq!(expressions(&out), [(3, "Apache-2.0 WITH LLVM-exception OR MIT")]);
    assert_eq!(out.copyrights.len(), 1);
    assert_eq!(out.copyrights[0].holders, ["ACME Corp."]);
    assert_eq!(out.copyrights[0].years.as_deref(), Some("2024"));
}

#[test]
fn markdown_examples_and_templates_are_not_tags() {
    let out = detect("CONTRIBUTING.md", include_bytes!("testdata/CONTRIBUTING.md"));
    assert_eq!(expressions(&out), [(1, "CC-BY-4.0")]);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn invalid_expression_is_a_diagnostic_with_line_not_a_finding() {
    let out = detect("service/broken.py", include_bytes!("testdata/broken.py"));
    assert!(out.licenses.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
    let diag = &out.diagnostics[0];
    assert_eq!(diag.code, INVALID_EXPRESSION);
    assert_eq!(diag.level, Level::Warning);
    assert_eq!(diag.path.as_deref(), Some("service/broken.py"));
    assert_eq!(diag.line, Some(1));
    assert!(diag.message.contains("Apache 2"), "{}", diag.message);
    assert!(diag.plugin.is_none(), "the host fills in the plugin");
    // The copyright on the next line is still read.
    assert_eq!(out.copyrights.len(), 1);
}

#[test]
fn non_utf8_file_still_yields_tags() {
    let mut contents = b"# SPDX-License-Identifier: BSD-3-Clause\n# caf\xe9\n".to_vec();
    contents.extend_from_slice(b"# SPDX-License-Identifier: 0BSD\r\n");
    let out = detect("latin1.txt", &contents);
    assert_eq!(expressions(&out), [(1, "BSD-3-Clause"), (3, "0BSD")]);
}

#[test]
fn batch_keeps_files_apart() {
    let out = LicenseTag::detect(vec![
        file("a.rs", b"// SPDX-License-Identifier: MIT OR Apache-2.0\nfn main() {}\n"),
        file("b.toml", b"# SPDX-License-Identifier: MPL-2.0\n[package]\n"),
        file("c.txt", b"no tags here\n"),
    ])
    .expect("detect");
    let paths: Vec<_> = out.licenses.iter().map(|f| (f.path.as_str(), f.expression.as_str())).collect();
    assert_eq!(paths, [("a.rs", "MIT OR Apache-2.0"), ("b.toml", "MPL-2.0")]);
}

#[test]
fn info_wants_all_text_files() {
    let info = LicenseTag::plugin_info();
    assert_eq!(info.name, "license-tag");
    assert_eq!(info.kind, ospo_plugin_sdk::PluginKind::Detector);
    assert_eq!(info.files.globs, ["**/*"]);
    assert!(info.files.text_only);
    assert_eq!(info.files.max_size, Some(MAX_SIZE));
    let codes: Vec<_> = info.codes.iter().map(|c| (c.code.as_str(), c.level)).collect();
    assert_eq!(codes, [(INVALID_EXPRESSION, Level::Warning)]);
}

#[test]
fn line_numbers_survive_crlf_and_several_spdx_mentions() {
    let text = "@echo off\r\nrem see spdx-guide.txt\r\n\r\nrem SPDX-License-Identifier: BSD-2-Clause\r\nrem SPDX-FileCopyrightText: 2021 Ola Nordmann\r\n";
    let file = FileInput::new("build.bat", text);
    let mut out = DetectOutput::default();
    LicenseTag::detect_file(&file, &mut out).expect("no error");
    assert_eq!(out.licenses.len(), 1);
    assert_eq!(out.licenses[0].expression, "BSD-2-Clause");
    assert_eq!(out.licenses[0].lines, Some(LineRange::line(4)));
    assert_eq!(out.copyrights.len(), 1);
    assert_eq!(out.copyrights[0].lines, Some(LineRange::line(5)));
}
