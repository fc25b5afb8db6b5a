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

// ---- SBOM in: the `sbom` parser reads SBOMs back as inventory ----

/// A package as the round trip compares it: every field an SBOM carries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Carried {
    id: String,
    name: String,
    version: Option<String>,
    ecosystem: String,
    purl: Option<String>,
    scope: String,
    direct: bool,
    optional: bool,
    /// `(algorithm, hex)`, sorted.
    hashes: Vec<(String, String)>,
    declared: Option<String>,
    concluded: Option<String>,
    supplier: Option<String>,
    homepage: Option<String>,
    /// `(kind, url, commit)`: only CycloneDX carries it whole (ospo's properties).
    source: Option<(String, Option<String>, Option<String>)>,
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// What an SBOM in `format` can say of a package of `result`. Not carried by any format, so never
/// compared: `locations` (the SBOM itself is the one location read back), the declared licence's
/// `raw` text (an SBOM holds the expression), `detected_license` and `files_path` (the host finds
/// them in the package's files, which an SBOM-only tree does not have) and the concluded licence's
/// reason (read back as "concluded in the SBOM ..."). Per format:
/// - SPDX 2.3 and 3.0.1: the source (a registry index or a local path is no download location).
/// - `optional`: SPDX has no such field. 2.3 states it on runtime dependencies
///   (`OPTIONAL_DEPENDENCY_OF`), and a package only ever depended on optionally reads back as
///   optional; 3.0.1's `dependsOn` has no optional form, so it is lost.
fn carried(p: &Value, format: &str) -> Carried {
    let spdx = format.starts_with("spdx");
    let mut hashes: Vec<(String, String)> = p["hashes"]
        .as_array()
        .expect("hashes")
        .iter()
        .map(|h| (text(&h["algorithm"]).expect("algorithm"), text(&h["value"]).expect("value")))
        .filter(|(_, v)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    hashes.sort();
    let concluded = text(&p["concluded_license"]["expression"]).filter(|e| e != "NOASSERTION");
    Carried {
        id: text(&p["id"]).expect("id"),
        name: text(&p["name"]).expect("name"),
        version: text(&p["version"]),
        ecosystem: text(&p["ecosystem"]).expect("ecosystem"),
        purl: text(&p["purl"]),
        scope: text(&p["scope"]).expect("scope"),
        direct: p["direct"].as_bool().expect("direct"),
        optional: match format {
            "spdx-3.0.1" => false,
            "spdx-2.3" | "spdx-2.3-tv" => p["optional"] == true && p["scope"] == "runtime",
            _ => p["optional"].as_bool().expect("optional"),
        },
        hashes,
        declared: text(&p["declared_license"]["expression"]),
        concluded,
        supplier: text(&p["supplier"]),
        homepage: text(&p["homepage"]),
        source: p["source"]
            .as_object()
            .filter(|_| !spdx)
            .map(|s| (text(&s["kind"]).expect("kind"), text(&s["url"]), text(&s["commit"]))),
    }
}

/// An edge as the round trip compares it: from, to, scope, optional.
type EdgeView = (String, String, String, bool);

/// An edge as `format` carries it: CycloneDX `dependencies` have no scope (an edge reads back
/// with its target's scope, so only the ends are compared); SPDX 2.3 types each one, but has an
/// optional dependency only at runtime (`OPTIONAL_DEPENDENCY_OF`); SPDX 3.0.1 has no provided
/// lifecycle (provided reads back as runtime) and no optional `dependsOn`.
fn edge_view(e: &Value, format: &str) -> EdgeView {
    let (from, to) = (text(&e["from"]).expect("from"), text(&e["to"]).expect("to"));
    let scope = text(&e["scope"]).expect("scope");
    let optional = e["optional"].as_bool().expect("optional");
    match format {
        f if f.starts_with("cyclonedx") => (from, to, String::new(), false),
        "spdx-3.0.1" => (from, to, if scope == "provided" { "runtime".into() } else { scope }, false),
        _ => {
            let optional = optional && scope == "runtime";
            (from, to, scope, optional)
        }
    }
}

/// The round trip's view of a result: packages by id, edges.
fn inventory(result: &Value, format: &str) -> (Vec<Carried>, BTreeSet<EdgeView>) {
    let mut packages: Vec<Carried> =
        result["packages"].as_array().expect("packages").iter().map(|p| carried(p, format)).collect();
    packages.sort();
    let edges = result["edges"].as_array().expect("edges").iter().map(|e| edge_view(e, format)).collect();
    (packages, edges)
}

/// The edges an SBOM adds: its root depends on the direct packages and on every package nothing
/// depends on (workspace members, the other ecosystems' projects), the SBOMs' way of saying what
/// the product holds. Each with the package's scope, as the reporters write it.
fn root_edges(result: &Value, root: &str, format: &str) -> BTreeSet<EdgeView> {
    let targets: BTreeSet<&str> =
        result["edges"].as_array().expect("edges").iter().filter_map(|e| e["to"].as_str()).collect();
    result["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| {
            p["id"] != root && (p["direct"] == true || !targets.contains(p["id"].as_str().unwrap_or("")))
        })
        .map(|p| {
            let edge = serde_json::json!({
                "from": root, "to": p["id"], "scope": p["scope"], "optional": p["optional"],
            });
            edge_view(&edge, format)
        })
        .collect()
}

#[test]
fn ospo_sboms_read_back_as_the_scan_that_wrote_them() {
    let project = Project::from_fixture(POLYGLOT);
    let out = project.outside().join("out");
    let paths = scan_all(&project, &out, &[]);
    let original = read_json(path_of(&paths, "json"));
    let root = original["metadata"]["root_component"]["purl"].as_str().expect("root purl").to_string();
    for format in ["cyclonedx-1.6", "cyclonedx-1.7", "spdx-2.3", "spdx-2.3-tv", "spdx-3.0.1"] {
        let sbom = path_of(&paths, format);
        // A tree holding only the SBOM, under its conventional name.
        let tree = project.outside().join(format!("only-{format}"));
        std::fs::create_dir_all(&tree).expect("tree");
        let name = sbom.file_name().expect("file name");
        std::fs::copy(sbom, tree.join(name)).expect("copy the SBOM");
        let run = ospo(["scan", &tree.display().to_string(), "--format", "json"]);
        run.assert_code(0);
        let back = run.json();

        let manifests = back["manifests"].as_array().expect("manifests");
        assert_eq!(manifests.len(), 1, "{format}: {manifests:?}");
        assert_eq!(manifests[0]["parser"], "sbom", "{format}");
        assert_eq!(manifests[0]["completeness"], "complete", "{format}: the graph is stated");
        let ours: Vec<&Value> = back["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| {
                d["level"] != "info" && (d["plugin"] == "sbom" || d["code"] == "plugin-output-invalid")
            })
            .collect();
        assert!(ours.is_empty(), "{format}: {ours:#?}");

        let (want_packages, mut want_edges) = inventory(&original, format);
        let (got_packages, got_edges) = inventory(&back, format);
        let want_ids: Vec<&str> = want_packages.iter().map(|p| p.id.as_str()).collect();
        let got_ids: Vec<&str> = got_packages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(got_ids, want_ids, "{format}: the same packages");
        for (got, want) in got_packages.iter().zip(&want_packages) {
            assert_eq!(got, want, "{format}: {}", want.id);
        }
        want_edges.extend(root_edges(&original, &root, format));
        let missing: Vec<_> = want_edges.difference(&got_edges).collect();
        let extra: Vec<_> = got_edges.difference(&want_edges).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{format}: missing {missing:#?}\nextra {extra:#?}");
        // The licences an SBOM concluded stay concluded, with the SBOM as the reason.
        let reasons: BTreeSet<&str> = back["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .filter(|p| p["concluded_license"]["expression"] != "NOASSERTION")
            .filter_map(|p| p["concluded_license"]["reason"].as_str())
            .map(|r| r.split(':').next().unwrap_or(r))
            .collect();
        let file = name.to_str().expect("UTF-8");
        assert_eq!(reasons, BTreeSet::from([format!("concluded in the SBOM {file}").as_str()]), "{format}");
    }
}

/// The supplier fixture's SBOM: the root and every component, GNU Readline with a generic purl.
const SUPPLIER_SBOM: &str = "deliveries/acme-edge-agent/bom.cdx.json";

#[test]
fn a_suppliers_sbom_gets_the_policy_and_the_advisories() {
    let project = Project::from_fixture("sbom-in-supplier");
    let run = ospo(["scan", &project.root.display().to_string(), "--format", "json"]);
    // The intake policy denies strong copyleft: GNU Readline, linked statically, fails the scan.
    run.assert_code(1);
    let result = run.json();
    assert!(run.stderr.contains("pkg:generic/readline@8.2"), "{}", run.stderr);
    let packages = result["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), 12, "the product and its 11 components");
    let readline = packages.iter().find(|p| p["name"] == "readline").expect("readline");
    assert_eq!(readline["id"], "pkg:generic/readline@8.2");
    assert_eq!(readline["concluded_license"]["expression"], "GPL-3.0-or-later");
    assert_eq!(readline["locations"][0]["path"], SUPPLIER_SBOM);
    let denied: Vec<&Value> =
        result["verdicts"].as_array().expect("verdicts").iter().filter(|v| v["decision"] == "deny").collect();
    assert!(
        !denied.is_empty() && denied.iter().all(|v| v["subject"] == "pkg:generic/readline@8.2"),
        "{denied:#?}"
    );
    // ring's licence is what the supplier concluded (nothing declared): kept, and allowed.
    let ring = packages.iter().find(|p| p["id"] == "pkg:cargo/ring@0.16.20").expect("ring");
    assert_eq!(ring["declared_license"], Value::Null);
    assert_eq!(ring["concluded_license"]["expression"], "ISC AND MIT AND OpenSSL");
    assert_eq!(ring["concluded_license"]["reason"], format!("concluded in the SBOM {SUPPLIER_SBOM}"));
    let regex = packages.iter().find(|p| p["id"] == "pkg:cargo/regex@1.5.4").expect("regex");
    assert_eq!(regex["direct"], true);
    assert_eq!(
        regex["hashes"][0]["value"],
        "d07a8629359eb56f1e2fb1652bb04212c072a87ba68546a04065d525673ac461"
    );

    // With the RustSec data granted (and no licence policy), the advisories apply to the
    // supplier's crates: those cargo-audit reports for the same versions in
    // tests/fixtures/advisories-cargo/CARGO-AUDIT.txt, and `fail-on = "high"` fails the run.
    let rustsec = workspace_root().join("plugins/osv/testdata/rustsec");
    let config = project.config(&format!(
        "[plugin.osv.data]\ndb = {}\n\n[advisories]\nfail-on = \"high\"\n",
        common::toml_path(&rustsec)
    ));
    let run = ospo([
        "scan",
        &project.root.display().to_string(),
        "--format",
        "json",
        "--config",
        &config.display().to_string(),
    ]);
    run.assert_code(1);
    let result = run.json();
    let from_sbom: BTreeSet<&str> = result["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p["locations"][0]["path"] == SUPPLIER_SBOM)
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(from_sbom.len(), 12);
    let advisories = result["advisories"].as_array().expect("advisories");
    let found: BTreeSet<String> = advisories
        .iter()
        .map(|a| format!("{} {}", a["id"].as_str().unwrap_or(""), a["package_id"].as_str().unwrap_or("")))
        .collect();
    for want in [
        "RUSTSEC-2020-0071 pkg:cargo/time@0.1.43",
        "RUSTSEC-2021-0003 pkg:cargo/smallvec@1.6.0",
        "RUSTSEC-2022-0013 pkg:cargo/regex@1.5.4",
    ] {
        assert!(found.contains(want), "{want} not in {found:#?}");
    }
    assert!(advisories.iter().all(|a| from_sbom.contains(a["package_id"].as_str().unwrap_or(""))));
    // The high and critical ones fail the run, each pointing at the component's line in the SBOM.
    let failing: BTreeSet<(String, String, String)> = result["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .filter(|v| v["decision"] == "deny")
        .map(|v| {
            let at = format!("{}:{}", v["location"]["path"].as_str().unwrap_or(""), v["location"]["line"]);
            (text(&v["subject"]).unwrap_or_default(), text(&v["expression"]).unwrap_or_default(), at)
        })
        .collect();
    let at = |line: u32| format!("{SUPPLIER_SBOM}:{line}");
    assert_eq!(
        failing,
        BTreeSet::from([
            ("RUSTSEC-2021-0003".to_string(), "pkg:cargo/smallvec@1.6.0".to_string(), at(101)),
            ("RUSTSEC-2022-0013".to_string(), "pkg:cargo/regex@1.5.4".to_string(), at(61)),
        ])
    );
}

/// A reporter's `[plugin.NAME.config]` reaches it: the supplier and authors an OSPO configures
/// are what NTIA's document elements still lacked, so a configured CycloneDX BOM passes them.
#[test]
fn configured_supplier_and_authors_reach_the_cyclonedx_bom() {
    let project = Project::from_fixture(POLYGLOT);
    let config = project.outside().join("ospo.toml");
    std::fs::write(
        &config,
        "[plugin.cyclonedx.config]\nsupplier = { name = \"ACME Corp\", url = [\"https://acme.example\"] }\n\
         authors = [\"OSPO <ospo@acme.example>\"]\n",
    )
    .expect("writing the config");
    let bom = project.outside().join("bom.cdx.json");
    let format = format!("cyclonedx={}", bom.display());
    let root = project.root.display().to_string();
    ospo(["scan", &root, "--config", &config.display().to_string(), "--format", &format]).assert_code(0);
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string(&bom).expect("the BOM")).expect("BOM JSON");
    assert_eq!(document["metadata"]["supplier"]["name"], "ACME Corp");
    assert_eq!(document["metadata"]["supplier"]["url"][0], "https://acme.example");
    assert!(document["metadata"]["authors"].as_array().is_some_and(|a| !a.is_empty()), "authors");
    let run = ospo(["sbom", "check", &bom.display().to_string(), "--profile", "ntia", "--format", "json"]);
    let missing = &run.json()["document_missing"];
    assert_eq!(missing.as_array().map(Vec::len), Some(0), "configured BOM still lacks {missing}");
}
