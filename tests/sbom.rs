//! SBOMs: every CycloneDX and SPDX document ospo writes validates against the official schema,
//! says what the scan found, and is byte-identical when the same tree is scanned twice with the
//! same `SOURCE_DATE_EPOCH`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Project, ospo, workspace_root};
use serde_json::Value;

/// The fixture: a Cargo workspace with a uv project and a Go module beside it.
const POLYGLOT: &str = "sbom-polyglot";

/// Every format `scan` writes in one run, with its file name.
const OUTPUTS: &[(&str, &str)] = &[
    ("json", "result.json"),
    ("cyclonedx-1.6", "bom-1.6.cdx.json"),
    ("cyclonedx-1.7", "bom-1.7.cdx.json"),
    ("cyclonedx-vex", "vex.cdx.json"),
    ("spdx-2.3", "bom.spdx.json"),
    ("spdx-2.3-tv", "bom.spdx"),
    ("spdx-3.0.1", "bom.spdx3.jsonld"),
];

fn schema(relative: &str) -> Value {
    let path = workspace_root().join("tests/schemas").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A validator for the CycloneDX BOM schema `version`, with the schemas it references by
/// relative `$ref` registered under their `$id`s (so nothing is fetched).
fn cyclonedx_validator(version: &str) -> jsonschema::Validator {
    let mut registry = jsonschema::Registry::new();
    for file in ["spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json"] {
        registry = registry
            .add(format!("http://cyclonedx.org/schema/{file}"), schema(&format!("cyclonedx/{file}")))
            .expect("a referenced schema registers");
    }
    let registry = registry.prepare().expect("the CycloneDX registry resolves");
    jsonschema::options()
        .with_registry(&registry)
        .build(&schema(&format!("cyclonedx/bom-{version}.schema.json")))
        .expect("the CycloneDX schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, document: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(document).take(20).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not validate:\n{}", errors.join("\n"));
}

/// Scans `project` writing every format of [`OUTPUTS`] into `dir`; returns the paths by format.
fn scan_all(project: &Project, dir: &Path, extra: &[&str]) -> Vec<(&'static str, PathBuf)> {
    std::fs::create_dir_all(dir).expect("output directory");
    let mut args: Vec<String> = vec!["scan".into(), project.root.display().to_string()];
    let mut paths = Vec::new();
    for (format, file) in OUTPUTS {
        let path = dir.join(file);
        args.push("--format".into());
        args.push(format!("{format}={}", path.display()));
        paths.push((*format, path));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    ospo(&args).assert_code(0);
    paths
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn path_of<'a>(paths: &'a [(&str, PathBuf)], format: &str) -> &'a Path {
    &paths.iter().find(|(f, _)| *f == format).expect("format written").1
}

#[test]
fn one_scan_writes_every_sbom_and_each_validates() {
    let project = Project::from_fixture(POLYGLOT);
    let out = project.outside().join("out");
    let paths = scan_all(&project, &out, &[]);
    let result = read_json(path_of(&paths, "json"));
    let packages = result["packages"].as_array().expect("packages");
    let ecosystems: BTreeSet<&str> = packages.iter().filter_map(|p| p["ecosystem"].as_str()).collect();
    assert!(ecosystems.is_superset(&BTreeSet::from(["cargo", "golang", "pypi"])), "polyglot: {ecosystems:?}");
    let ids: BTreeSet<&str> = packages.iter().filter_map(|p| p["id"].as_str()).collect();
    let root_purl =
        result["metadata"]["root_component"]["purl"].as_str().expect("the root is the Cargo package");

    for (format, version) in [("cyclonedx-1.6", "1.6"), ("cyclonedx-1.7", "1.7"), ("cyclonedx-vex", "1.7")] {
        let bom = read_json(path_of(&paths, format));
        assert_valid(&cyclonedx_validator(version), &bom, format);
        assert_eq!(bom["specVersion"], version);
        if format == "cyclonedx-vex" {
            continue;
        }
        // Every package is a component or the root, each once.
        let mut refs: Vec<&str> = bom["components"]
            .as_array()
            .expect("components")
            .iter()
            .filter_map(|c| c["bom-ref"].as_str())
            .collect();
        refs.push(bom["metadata"]["component"]["bom-ref"].as_str().expect("root bom-ref"));
        refs.sort_unstable();
        assert_eq!(refs.len(), ids.len(), "{format}: no package twice");
        assert_eq!(refs.into_iter().collect::<BTreeSet<_>>(), ids, "{format}");
        assert_eq!(bom["metadata"]["component"]["bom-ref"], root_purl);
        let deps = bom["dependencies"].as_array().expect("dependencies");
        assert_eq!(deps.len(), ids.len(), "{format}: one dependency entry per component");
        // Cargo.lock and uv.lock are complete; go.mod 1.17+ lists every module too.
        assert_eq!(bom["compositions"][0]["aggregate"], "complete", "{format}");
        let tools = bom["metadata"]["tools"]["components"].as_array().expect("tools");
        assert!(tools.iter().any(|t| t["name"] == "cyclonedx" && t["hashes"][0]["alg"] == "SHA-256"));
    }

    let spdx = read_json(path_of(&paths, "spdx-2.3"));
    assert_valid(
        &jsonschema::validator_for(&schema("spdx/spdx-2.3.schema.json")).expect("SPDX 2.3 schema"),
        &spdx,
        "spdx-2.3",
    );
    assert_eq!(spdx["packages"].as_array().map(Vec::len), Some(ids.len()));
    let purls: BTreeSet<&str> = spdx["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| p["externalRefs"][0]["referenceLocator"].as_str())
        .collect();
    assert_eq!(purls.len(), ids.len(), "every package has its purl");

    let spdx3 = read_json(path_of(&paths, "spdx-3.0.1"));
    assert_valid(
        &jsonschema::validator_for(&schema("spdx/3.0.1/spdx-json-schema.json")).expect("SPDX 3.0.1 schema"),
        &spdx3,
        "spdx-3.0.1",
    );
    let graph = spdx3["@graph"].as_array().expect("graph");
    assert_eq!(graph.iter().filter(|e| e["type"] == "software_Package").count(), ids.len());
    assert!(graph.iter().any(|e| e["type"] == "software_File" && e["name"] == "LICENSE-MIT"));
    // Every term the document uses is one the 3.0.1 context defines.
    let context = schema("spdx/3.0.1/spdx-context.jsonld");
    let terms = context["@context"].as_object().expect("context terms");
    for element in graph {
        for key in element.as_object().expect("element").keys().filter(|k| !k.starts_with('@')) {
            assert!(terms.contains_key(key), "`{key}` is not an SPDX 3.0.1 term");
        }
        let kind = element["type"].as_str().expect("type");
        assert!(terms.contains_key(kind), "type `{kind}` is not an SPDX 3.0.1 class");
    }

    let tv = std::fs::read_to_string(path_of(&paths, "spdx-2.3-tv")).expect("tag-value");
    assert_eq!(tv.matches("\nPackageName: ").count(), ids.len());
    let namespace = spdx["documentNamespace"].as_str().expect("namespace");
    assert!(tv.contains(&format!("DocumentNamespace: {namespace}\n")), "tag-value and JSON are one document");
}

#[test]
fn the_same_tree_and_source_date_epoch_give_the_same_bytes() {
    let project = Project::from_fixture(POLYGLOT);
    let first = scan_all(&project, &project.outside().join("first"), &[]);
    let second = scan_all(&project, &project.outside().join("second"), &[]);
    for ((format, a), (_, b)) in first.iter().zip(&second) {
        let a_bytes = std::fs::read(a).expect("first");
        assert!(!a_bytes.is_empty(), "{format} is empty");
        assert!(a_bytes == std::fs::read(b).expect("second"), "{format} differs between two identical scans");
    }
}

#[test]
fn sbom_check_says_what_ours_needs_configured_and_what_a_third_party_sbom_lacks() {
    let project = Project::from_fixture(POLYGLOT);
    let bom = project.outside().join("bom.cdx.json");
    let spdx3 = project.outside().join("bom.spdx3.jsonld");
    let formats = [format!("cyclonedx={}", bom.display()), format!("spdx-3.0.1={}", spdx3.display())];
    ospo(["scan", &project.root.display().to_string(), "--format", &formats[0], "--format", &formats[1]])
        .assert_code(0);
    for file in [&bom, &spdx3] {
        let run =
            ospo(["sbom", "check", &file.display().to_string(), "--profile", "ntia", "--format", "json"]);
        run.assert_code(1);
        let report = run.json();
        // Without configuration only the supplier and the author are missing, and the version
        // of the two packages the lockfiles list without one (path projects of the Go module).
        for missing in report["document_missing"].as_array().expect("document") {
            assert_eq!(missing["supplied"], "config", "{file:?}: {missing}");
        }
        for (element, _, supplied) in
            report["by_element"].as_array().expect("by element").iter().map(|e| (&e[0], &e[1], &e[2]))
        {
            assert!(
                supplied == "config" || element == "version",
                "{file:?}: ospo should have filled `{element}` ({supplied})"
            );
        }
        let bsi = ospo([
            "sbom",
            "check",
            &file.display().to_string(),
            "--profile",
            "bsi-tr-03183-2",
            "--format",
            "json",
        ]);
        let format_missing = bsi.json()["document_missing"]
            .as_array()
            .expect("document")
            .iter()
            .any(|m| m["element"].as_str().is_some_and(|e| e.starts_with("format")));
        assert!(!format_missing, "{file:?}: ospo writes a format BSI TR-03183-2 accepts");
    }
    let third = workspace_root().join("tests/fixtures/sbom-third-party/package_sbom.json");
    let run = ospo(["sbom", "check", &third.display().to_string(), "--profile", "bsi-tr-03183-2"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("SPDX 3.0.1, 1 component(s), profile bsi-tr-03183-2: lacks required elements"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("component creator's email or URL: 1 of 1"), "{}", run.stdout);
    ospo(["sbom", "check", &project.root.join("Cargo.toml").display().to_string()]).assert_code(2);
}
