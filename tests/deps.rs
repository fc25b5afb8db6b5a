//! Dependency licences end to end: a Cargo project whose registry crate sits in a package cache
//! granted by a trusted config gets declared, detected and concluded licences with evidence, a
//! curation changes the conclusion with its reason, a curation pinned to another licence file
//! no longer applies, and a cache named by the tree's own ospo.toml is refused.

mod common;

use serde_json::Value;

use common::{Project, ospo, toml_path};

const ITOA: &str = "pkg:cargo/itoa@1.0.19";
const ITOA_MIT_SHA256: &str = "23f18e03dc49df91622fe2a76176497404e46ced8a715d9d2b67a7446571cca3";

fn scan(project: &Project, extra_toml: &str) -> Value {
    let cache = project.root.join("cache");
    let config = project.config(&format!(
        "[scan]\npackage-caches = [{{ kind = \"cargo\", path = {} }}]\n{extra_toml}",
        toml_path(&cache)
    ));
    let run = ospo([
        "scan".as_ref(),
        project.root.join("project").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--deps".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
    ]);
    run.assert_code(0);
    run.json()
}

fn package<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["packages"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["id"] == id))
        .unwrap_or_else(|| panic!("no package {id} in {:#}", result["packages"]))
}

#[test]
fn a_cached_crate_gets_declared_detected_and_concluded_licences() {
    let project = Project::from_fixture("deps-cargo-cache");
    let result = scan(&project, "");
    let itoa = package(&result, ITOA);
    assert_eq!(itoa["declared_license"]["expression"], "MIT OR Apache-2.0", "{itoa:#}");
    assert!(
        itoa["declared_license"]["path"].as_str().is_some_and(|p| p.starts_with("$CARGO_HOME/registry/src/")),
        "{itoa:#}"
    );
    let detected = itoa["detected_license"].as_str().expect("a detected licence");
    assert!(detected.contains("MIT") && detected.contains("Apache-2.0"), "{detected}");
    assert_eq!(itoa["concluded_license"]["expression"], "MIT OR Apache-2.0");
    assert!(itoa["concluded_license"]["reason"].as_str().is_some_and(|r| r.contains("agree")), "{itoa:#}");
    assert_eq!(itoa["files_path"], "$CARGO_HOME/registry/src/index.crates.io-1949cf8c6b5b557f/itoa-1.0.19");
    // The crate's own licence files are its evidence, not the project's.
    let attributed: Vec<&str> = result["licenses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["package_id"] == ITOA)
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(attributed.iter().any(|p| p.ends_with("itoa-1.0.19/LICENSE-MIT")), "{attributed:?}");
    let projects: Vec<&str> =
        result["projects"].as_array().into_iter().flatten().filter_map(|p| p["root"].as_str()).collect();
    assert_eq!(projects, ["."], "a dependency's folder is no project of the tree");
}

#[test]
fn a_curation_decides_the_concluded_licence_and_says_who_and_why() {
    let project = Project::from_fixture("deps-cargo-cache");
    let curation = format!(
        "[[curations]]\npurl = \"{ITOA}\"\nlicense = \"MIT\"\nreason = \"we take it under MIT\"\n\
         who = \"legal@example.com\"\nwhen = \"2026-11-20\"\n\
         license-file = {{ path = \"LICENSE-MIT\", sha256 = \"{ITOA_MIT_SHA256}\" }}\n"
    );
    let result = scan(&project, &curation);
    let itoa = package(&result, ITOA);
    assert_eq!(itoa["concluded_license"]["expression"], "MIT");
    assert_eq!(
        itoa["concluded_license"]["reason"],
        "curated by legal@example.com on 2026-11-20: we take it under MIT"
    );
}

#[test]
fn a_curation_pinned_to_another_licence_file_no_longer_applies() {
    let project = Project::from_fixture("deps-cargo-cache");
    let stale = format!(
        "[[curations]]\npurl = \"{ITOA}\"\nlicense = \"MIT\"\nreason = \"we take it under MIT\"\n\
         license-file = {{ path = \"LICENSE-MIT\", sha256 = \"{}\" }}\n",
        "0".repeat(64)
    );
    let result = scan(&project, &stale);
    assert_eq!(package(&result, ITOA)["concluded_license"]["expression"], "MIT OR Apache-2.0");
    let codes: Vec<&str> =
        result["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"curation-stale"), "{codes:?}");
}

#[test]
fn without_deps_a_lockfile_package_is_noassertion_for_review() {
    let project = Project::from_fixture("deps-cargo-cache");
    let run = ospo([
        "scan".as_ref(),
        project.root.join("project").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    run.assert_code(0);
    let result = run.json();
    let itoa = package(&result, ITOA);
    assert_eq!(itoa["concluded_license"]["expression"], "NOASSERTION");
    assert!(itoa["concluded_license"]["reason"].as_str().is_some_and(|r| r.starts_with("review")));
}

#[test]
fn the_trees_own_config_may_not_name_a_package_cache() {
    let project = Project::from_fixture("deps-cargo-cache");
    project.write("project/ospo.toml", "[scan]\npackage-caches = [{ kind = \"cargo\", path = \"/\" }]\n");
    let run = ospo(["scan".as_ref(), project.root.join("project").as_os_str(), "--deps".as_ref()]);
    run.assert_code(2);
    assert!(run.stderr.contains("package-caches"), "{}", run.stderr);
}
