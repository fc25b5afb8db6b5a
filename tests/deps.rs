//! Dependency licences end to end: a Cargo project whose registry crate sits in a package cache
//! granted by a trusted config gets declared, detected and concluded licences with evidence, a
//! curation changes the conclusion with its reason, a curation pinned to another licence file
//! no longer applies, and a cache named by the tree's own ospo.toml is refused. The Maven local
//! repository and NuGet's global packages folder give each package its pom's or nuspec's
//! licence (a parent pom's where Maven inherits it), a Go module cache's folder owns the licence
//! found in it, and a real `node_modules` installed by npm gives every package its folder's
//! licences.

mod common;

use serde_json::{Value, json};

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
    // The text summary shows the decision and who made it, beside the known share.
    let text =
        scan_project(&project, "project", &(cache_config(&project, "cargo", "cache") + &curation), "text");
    text.assert_code(0);
    assert!(
        text.stdout.contains(&format!(
            "  curated  {ITOA}  MIT\n      curated by legal@example.com on 2026-11-20: we take it under MIT\n"
        )),
        "{}",
        text.stdout
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

/// `ospo scan ROOT/<project> --format FORMAT --config CONFIG` with `config` written beside the root.
fn scan_project(project: &Project, dir: &str, config: &str, format: &str) -> common::Run {
    let config = project.config(config);
    ospo([
        "scan".as_ref(),
        project.root.join(dir).as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
    ])
}

/// A grant of the fixture's `cache_dir` as a package cache of `kind`, with dependency sources on.
fn cache_config(project: &Project, kind: &str, cache_dir: &str) -> String {
    format!(
        "[scan]\ndependency-sources = true\npackage-caches = [{{ kind = \"{kind}\", path = {} }}]\n",
        toml_path(&project.root.join(cache_dir))
    )
}

/// Each package's licences and the files attributed to it: what a reader of the result audits.
fn licence_view(result: &Value) -> Value {
    let mut packages: Vec<Value> = result["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let mut evidence: Vec<&str> = result["licenses"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["package_id"] == p["id"])
                .filter_map(|f| f["path"].as_str())
                .collect();
            evidence.sort_unstable();
            evidence.dedup();
            json!({
                "id": p["id"],
                "declared_license": p["declared_license"],
                "detected_license": p["detected_license"],
                "concluded_license": p["concluded_license"],
                "files_path": p["files_path"],
                "evidence": evidence,
            })
        })
        .collect();
    packages.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    Value::Array(packages)
}

fn codes(result: &Value) -> Vec<&str> {
    result["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["code"].as_str()).collect()
}

const SLF4J: &str = "pkg:maven/org.slf4j/slf4j-api@1.7.36";
const JSR305: &str = "pkg:maven/com.google.code.findbugs/jsr305@3.0.2";
const LANG3: &str = "pkg:maven/org.apache.commons/commons-lang3@3.12.0";

#[test]
fn maven_repository_packages_get_their_poms_licences_inherited_as_maven_does() {
    let project = Project::from_fixture("deps-maven-cache");
    let run = scan_project(&project, "project", &cache_config(&project, "maven", "repository"), "json");
    run.assert_code(0);
    let result = run.json();
    let slf4j = package(&result, SLF4J);
    assert_eq!(slf4j["declared_license"]["expression"], "MIT", "{slf4j:#}");
    assert_eq!(
        slf4j["declared_license"]["path"],
        "~/.m2/repository/org/slf4j/slf4j-parent/1.7.36/slf4j-parent-1.7.36.pom",
        "slf4j-api states no licence: its parent's applies"
    );
    assert_eq!(slf4j["files_path"], "~/.m2/repository/org/slf4j/slf4j-api/1.7.36");
    let jsr305 = package(&result, JSR305);
    assert_eq!(jsr305["declared_license"]["expression"], "Apache-2.0", "{jsr305:#}");
    assert_eq!(jsr305["declared_license"]["raw"], "The Apache Software License, Version 2.0");
    let lang3 = package(&result, LANG3);
    assert!(lang3["declared_license"].is_null(), "Debian's pom declares nothing: {lang3:#}");
    assert_eq!(lang3["files_path"], "~/.m2/repository/org/apache/commons/commons-lang3/3.12.0");
    assert!(!codes(&result).contains(&"package-manifest-malformed"), "{:?}", codes(&result));
    insta::assert_json_snapshot!("maven_local_repository", licence_view(&result));
}

#[test]
fn nuget_packages_folder_gives_the_nuspec_licence_and_the_licence_files() {
    let project = Project::from_fixture("deps-nuget-cache");
    let run = scan_project(&project, "project", &cache_config(&project, "nuget", "packages"), "json");
    run.assert_code(0);
    let result = run.json();
    let json_net = package(&result, "pkg:nuget/Newtonsoft.Json@13.0.3");
    assert_eq!(json_net["declared_license"]["expression"], "MIT", "{json_net:#}");
    assert_eq!(
        json_net["declared_license"]["path"],
        "$NUGET_PACKAGES/newtonsoft.json/13.0.3/newtonsoft.json.nuspec"
    );
    assert_eq!(json_net["detected_license"], "MIT", "its LICENSE.md: {json_net:#}");
    assert_eq!(json_net["concluded_license"]["expression"], "MIT");
    assert!(json_net["concluded_license"]["reason"].as_str().is_some_and(|r| r.contains("agree")));
    let xunit = package(&result, "pkg:nuget/xunit.abstractions@2.0.3");
    assert!(xunit["declared_license"].is_null(), "a licenseUrl naming a file is no expression: {xunit:#}");
    assert_eq!(xunit["files_path"], "$NUGET_PACKAGES/xunit.abstractions/2.0.3");
    assert_eq!(xunit["concluded_license"]["expression"], "NOASSERTION");
    assert_eq!(
        xunit["concluded_license"]["reason"], "review: no licence declared and none found in its files",
        "its folder was read, so the reason is not `--deps`"
    );
    insta::assert_json_snapshot!("nuget_global_packages", licence_view(&result));
}

#[test]
fn a_broken_pom_or_a_nuspec_of_another_package_is_a_diagnostic_naming_the_package() {
    let project = Project::from_fixture("deps-maven-cache");
    project.write(
        "repository/com/google/code/findbugs/jsr305/3.0.2/jsr305-3.0.2.pom",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  <licenses>\n",
    );
    let run = scan_project(&project, "project", &cache_config(&project, "maven", "repository"), "json");
    run.assert_code(0);
    let result = run.json();
    let broken: Vec<&Value> = result["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "package-manifest-malformed")
        .collect();
    assert_eq!(broken.len(), 1, "{:#}", result["diagnostics"]);
    assert!(broken[0]["message"].as_str().is_some_and(|m| m.starts_with(JSR305)), "{:#}", broken[0]);
    let jsr305 = package(&result, JSR305);
    assert!(jsr305["declared_license"].is_null());
    assert_eq!(
        jsr305["files_path"], "~/.m2/repository/com/google/code/findbugs/jsr305/3.0.2",
        "still its folder"
    );
    assert_eq!(package(&result, SLF4J)["declared_license"]["expression"], "MIT", "the scan went on");

    let project = Project::from_fixture("deps-nuget-cache");
    let nuspec = "packages/xunit.abstractions/2.0.3/xunit.abstractions.nuspec";
    let original = std::fs::read_to_string(project.root.join(nuspec)).expect("the fixture nuspec");
    project.write(nuspec, &original.replace("<id>xunit.abstractions</id>", "<id>xunit.core</id>"));
    let run = scan_project(&project, "project", &cache_config(&project, "nuget", "packages"), "json");
    run.assert_code(0);
    let result = run.json();
    let xunit = package(&result, "pkg:nuget/xunit.abstractions@2.0.3");
    assert!(xunit["files_path"].is_null(), "a folder holding another package is not this one's: {xunit:#}");
    assert!(codes(&result).contains(&"package-manifest-malformed"), "{:?}", codes(&result));
}

#[test]
fn an_unknown_cache_kind_is_refused_with_the_kinds_there_are() {
    let project = Project::from_fixture("deps-maven-cache");
    let run = scan_project(&project, "project", &cache_config(&project, "ivy", "repository"), "json");
    run.assert_code(2);
    assert!(run.stderr.contains("\"cargo\", \"go\", \"maven\", \"nuget\""), "{}", run.stderr);
}

#[test]
fn an_installed_node_modules_gives_every_package_its_own_licences() {
    let project = Project::from_fixture("deps-npm-node-modules");
    let run = scan_project(&project, ".", "[scan]\ndependency-sources = true\n", "json");
    run.assert_code(0);
    let result = run.json();
    let view = licence_view(&result);
    let ids: Vec<&str> = view.as_array().into_iter().flatten().filter_map(|p| p["id"].as_str()).collect();
    for id in [
        "pkg:npm/%40isaacs/string-locale-compare@1.1.0",
        "pkg:npm/debug@2.6.9",
        "pkg:npm/ms@2.0.0",
        "pkg:npm/ms@2.1.3",
        "pkg:npm/json-schema@0.4.0",
        "pkg:npm/spdx-license-ids@3.0.20",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // The nested copy is its own package, with its own folder and licence file.
    let nested = package(&result, "pkg:npm/ms@2.0.0");
    assert_eq!(nested["files_path"], "node_modules/debug/node_modules/ms", "{nested:#}");
    assert_eq!(package(&result, "pkg:npm/ms@2.1.3")["files_path"], "node_modules/ms");
    let schema = package(&result, "pkg:npm/json-schema@0.4.0");
    assert_eq!(schema["declared_license"]["expression"], "AFL-2.1 OR BSD-3-Clause", "{schema:#}");
    let ids_pkg = package(&result, "pkg:npm/spdx-license-ids@3.0.20");
    assert!(ids_pkg["detected_license"].is_null(), "it ships no licence file: {ids_pkg:#}");
    let projects: Vec<&str> =
        result["projects"].as_array().into_iter().flatten().filter_map(|p| p["root"].as_str()).collect();
    assert_eq!(projects, ["."], "no installed package is a project of the tree");
    insta::assert_json_snapshot!("npm_node_modules", view);

    let text = scan_project(&project, ".", "[scan]\ndependency-sources = true\n", "text");
    text.assert_code(0);
    assert!(text.stdout.contains("Dependency licences: "), "{}", text.stdout);
    assert!(text.stdout.contains("7 with their files scanned"), "{}", text.stdout);
}

#[test]
fn a_go_module_cache_folder_owns_the_licence_found_in_it() {
    let project = Project::from_fixture("deps-go-cache");
    let run = scan_project(&project, "project", &cache_config(&project, "go", "gomodcache"), "json");
    run.assert_code(0);
    let result = run.json();
    let errors = package(&result, "pkg:golang/github.com/pkg/errors@v0.9.1");
    assert_eq!(errors["files_path"], "$GOMODCACHE/github.com/pkg/errors@v0.9.1", "{errors:#}");
    assert_eq!(errors["detected_license"], "BSD-2-Clause", "{errors:#}");
    assert_eq!(errors["concluded_license"]["expression"], "BSD-2-Clause");
    let licence = result["licenses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["path"] == "$GOMODCACHE/github.com/pkg/errors@v0.9.1/LICENSE")
        .unwrap_or_else(|| panic!("no finding in the module's LICENSE: {:#}", result["licenses"]));
    assert_eq!(licence["package_id"], "pkg:golang/github.com/pkg/errors@v0.9.1", "{licence:#}");
}
