//! The parser end to end over the fixture trees under `tests/fixtures/eco-maven-*`, through the
//! SDK's native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Level, Location, Package, PackageSource,
};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_in(root: &str, path: &str, text: &[u8]) -> ParseOutput {
    testing::set_root(root);
    Maven::parse(FileInput::new(path, text.to_vec())).expect("the parser reports problems as diagnostics")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_in(&fixtures(), path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no package {id} in {:#?}", ids(out)))
}

fn ids(out: &ParseOutput) -> Vec<&str> {
    out.packages.iter().map(|p| p.id.as_str()).collect()
}

fn codes(out: &ParseOutput) -> Vec<(&str, Option<u32>)> {
    out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect()
}

/// Scope, direct, optional.
fn how(out: &ParseOutput, id: &str) -> (DependencyScope, bool, bool) {
    let p = package(out, id);
    (p.scope, p.direct, p.optional)
}

const SHOP: &str = "eco-maven-multimodule";

#[test]
fn info_declares_files_and_codes() {
    let info = Maven::plugin_info();
    assert_eq!(info.name, "maven");
    assert_eq!(info.ecosystems, ["maven"]);
    assert!(info.files.globs.iter().any(|g| g == "**/*.sbt.lock"));
    assert_eq!(info.codes.len(), 7);
}

#[test]
fn parent_pom_with_a_bom_in_the_tree_and_one_outside() {
    let out = parse_fixture(&format!("{SHOP}/pom.xml"));
    assert_eq!(codes(&out), [("maven-bom-outside-tree", Some(7))]);
    assert!(out.diagnostics[0].message.contains("org.junit:junit-bom:5.10.2"));
    assert_eq!(out.manifests.len(), 1);
    assert_eq!(
        (out.manifests[0].format.as_str(), out.manifests[0].completeness),
        ("pom.xml (POM 4.0.0)", Completeness::DirectOnly)
    );
    assert_eq!(out.packages.len(), 3);
    let project = package(&out, "pkg:maven/com.acme.shop/shop-parent@1.4.0-SNAPSHOT");
    assert!(!project.direct);
    assert_eq!(project.source, Some(PackageSource::path(SHOP)));
    assert_eq!(project.declared_license.as_ref().map(|d| d.expression.as_str()), Some("Apache-2.0"));
    assert_eq!(project.locations, [Location::new(&format!("{SHOP}/pom.xml"), Some(7))]);
    let slf4j = package(&out, "pkg:maven/org.slf4j/slf4j-api@2.0.13");
    assert_eq!(slf4j.locations, [Location::new(&format!("{SHOP}/pom.xml"), Some(59))]);
    assert_eq!(how(&out, &slf4j.id), (DependencyScope::Runtime, true, false));
    // Managed by the junit BOM, which is not in the tree: kept without a version.
    let junit = package(&out, "pkg:maven/org.junit.jupiter/junit-jupiter");
    assert_eq!((junit.version.as_deref(), junit.scope), (None, DependencyScope::Test));
    assert_eq!(out.edges.len(), 2);
    assert!(out.edges.iter().all(|e| e.from == project.id));
}

#[test]
fn module_inherits_properties_management_and_dependencies() {
    let path = format!("{SHOP}/shop-core/pom.xml");
    let out = parse_fixture(&path);
    assert_eq!(
        codes(&out),
        [("maven-property-unresolved", Some(28)), ("maven-bom-outside-tree", Some(12))],
        "{:#?}",
        out.diagnostics
    );
    assert!(out.diagnostics[0].message.contains("${netty.version}"));
    assert_eq!(out.packages.len(), 8, "{:#?}", ids(&out));
    let project = package(&out, "pkg:maven/com.acme.shop/shop-core@1.4.0-SNAPSHOT");
    assert_eq!(project.source, Some(PackageSource::path(&format!("{SHOP}/shop-core"))));
    assert_eq!(project.declared_license, None, "licences are not inherited into the project record");
    // From the BOM the parent imports, its nested property resolved in the BOM's own context.
    package(&out, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1");
    package(&out, "pkg:maven/com.google.guava/guava@33.2.0-jre");
    package(&out, "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
    let netty = package(&out, "pkg:maven/io.netty/netty-buffer@$%7Bnetty.version%7D");
    assert_eq!(netty.version.as_deref(), Some("${netty.version}"), "kept as written");
    assert_eq!(
        how(&out, "pkg:maven/org.projectlombok/lombok@1.18.32"),
        (DependencyScope::Provided, true, true)
    );
    // Inherited from the parent, located where the parent declares it.
    let slf4j = package(&out, "pkg:maven/org.slf4j/slf4j-api@2.0.13");
    assert_eq!(slf4j.locations, [Location::new(&format!("{SHOP}/pom.xml"), Some(59))]);
    assert_eq!(out.edges.len(), 7);
}

#[test]
fn module_overrides_a_parent_property_and_uses_classifiers_and_scopes() {
    let out = parse_fixture(&format!("{SHOP}/shop-web/pom.xml"));
    assert_eq!(codes(&out), [("maven-bom-outside-tree", Some(13))], "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 8, "{:#?}", ids(&out));
    package(&out, "pkg:maven/com.acme.shop/shop-web@1.4.0-SNAPSHOT");
    // The parent's managed `${slf4j.version}` takes the child's value, as in Maven's effective POM.
    package(&out, "pkg:maven/org.slf4j/slf4j-api@2.0.16");
    assert_eq!(
        how(&out, "pkg:maven/com.acme.shop/shop-core@1.4.0-SNAPSHOT"),
        (DependencyScope::Runtime, true, false)
    );
    assert_eq!(
        how(&out, "pkg:maven/com.acme.shop/shop-core@1.4.0-SNAPSHOT?classifier=tests&type=test-jar"),
        (DependencyScope::Test, true, false)
    );
    assert_eq!(how(&out, "pkg:maven/jakarta.servlet/jakarta.servlet-api@6.0.0").0, DependencyScope::Provided);
    assert_eq!(
        how(&out, "pkg:maven/org.postgresql/postgresql@42.7.3").0,
        DependencyScope::Runtime,
        "scope and version from the BOM"
    );
    assert_eq!(how(&out, "pkg:maven/com.acme.legacy/legacy-tax@2.1").0, DependencyScope::Provided, "system");
    let postgres = package(&out, "pkg:maven/org.postgresql/postgresql@42.7.3");
    assert_eq!(postgres.locations, [Location::new(&format!("{SHOP}/shop-web/pom.xml"), Some(40))]);
}

#[test]
fn bom_module_is_a_project_package_only() {
    let out = parse_fixture(&format!("{SHOP}/shop-bom/pom.xml"));
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(ids(&out), ["pkg:maven/com.acme.shop/shop-bom@1.4.0-SNAPSHOT"]);
}

#[test]
fn parent_outside_the_tree_leaves_versions_unknown_and_says_so() {
    let out = parse_fixture("eco-maven-boot/pom.xml");
    assert_eq!(codes(&out), [("maven-parent-outside-tree", Some(5))]);
    assert_eq!(out.diagnostics[0].level, Level::Info);
    assert!(out.diagnostics[0].message.contains("4 dependencies"), "{}", out.diagnostics[0].message);
    let project = package(&out, "pkg:maven/com.example/demo@0.0.1-SNAPSHOT");
    assert_eq!(project.declared_license, None, "an empty <license/>");
    assert_eq!(how(&out, "pkg:maven/org.projectlombok/lombok"), (DependencyScope::Runtime, true, true));
    assert_eq!(how(&out, "pkg:maven/org.postgresql/postgresql").0, DependencyScope::Runtime);
    assert_eq!(
        how(&out, "pkg:maven/org.springframework.boot/spring-boot-starter-test").0,
        DependencyScope::Test
    );
    assert!(out.packages.iter().all(|p| p.id == project.id || p.version.is_none()));
}

#[test]
fn gradle_lockfile_scopes_from_configurations() {
    let out = parse_fixture("eco-maven-gradle/dd-java-agent/gradle.lockfile");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 113);
    assert_eq!(
        (out.manifests[0].format.as_str(), out.manifests[0].completeness),
        ("gradle.lockfile (Gradle dependency locking)", Completeness::Complete)
    );
    let lz4 = package(&out, "pkg:maven/at.yawk.lz4/lz4-java@1.11.1");
    assert_eq!(lz4.locations, [Location::new("eco-maven-gradle/dd-java-agent/gradle.lockfile", Some(5))]);
    assert_eq!(lz4.scope, DependencyScope::Build, "a custom configuration");
    assert_eq!(package(&out, "pkg:maven/ch.qos.logback/logback-classic@1.2.13").scope, DependencyScope::Test);
    assert_eq!(
        package(&out, "pkg:maven/com.github.spotbugs/spotbugs-annotations@4.10.4").scope,
        DependencyScope::Provided,
        "compileClasspath without runtimeClasspath"
    );
    assert_eq!(package(&out, "pkg:maven/org.codenarc/CodeNarc@3.7.0").scope, DependencyScope::Build);
    // Two versions of one module in different configurations are two packages.
    package(&out, "pkg:maven/org.ow2.asm/asm@9.10.1");
    package(&out, "pkg:maven/org.ow2.asm/asm@9.7.1");
    assert!(out.packages.iter().all(|p| !p.direct));
    assert!(out.edges.is_empty());
}

#[test]
fn large_gradle_lockfile_with_runtime_classpaths() {
    let path = "eco-maven-gradle/dd-smoke-tests/springboot-grpc/gradle.lockfile";
    let out = parse_fixture(path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 201);
    let count = |scope: DependencyScope| out.packages.iter().filter(|p| p.scope == scope).count();
    assert_eq!(
        [DependencyScope::Runtime, DependencyScope::Test, DependencyScope::Build, DependencyScope::Provided]
            .map(count),
        [86, 74, 38, 3]
    );
    let webmvc = package(&out, "pkg:maven/org.springframework/spring-webmvc@4.3.21.RELEASE");
    assert_eq!((webmvc.scope, webmvc.locations[0].line), (DependencyScope::Runtime, Some(200)));
    assert_eq!(
        package(&out, "pkg:maven/com.google.errorprone/error_prone_annotations@2.5.1").scope,
        DependencyScope::Provided,
        "compileClasspath only"
    );
    assert_eq!(package(&out, "pkg:maven/com.google.protobuf/protoc@3.17.3").scope, DependencyScope::Build);
    assert_eq!(package(&out, "pkg:maven/ch.qos.logback/logback-core@1.5.38").scope, DependencyScope::Build);
    assert_eq!(package(&out, "pkg:maven/ch.qos.logback/logback-core@1.2.13").scope, DependencyScope::Test);
}

#[test]
fn buildscript_lockfile_is_build_scope() {
    let out = parse_fixture("eco-maven-gradle/buildscript-gradle.lockfile");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 68);
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Build));
    package(&out, "pkg:maven/org.eclipse.jgit/org.eclipse.jgit@5.13.1.202206130422-r");
}

#[test]
fn legacy_and_malformed_lockfiles() {
    let out = parse_in(
        &fixtures(),
        "app/gradle/dependency-locks/testRuntimeClasspath.lockfile",
        b"# comment\njunit:junit:4.13.2\nbroken\na:b:c:d=x\n",
    );
    assert_eq!(ids(&out), ["pkg:maven/junit/junit@4.13.2"]);
    assert_eq!(out.packages[0].scope, DependencyScope::Test);
    assert_eq!(codes(&out), [("manifest-malformed", Some(3)), ("manifest-malformed", Some(4))]);
}

#[test]
fn verification_metadata_without_lockfiles_is_the_package_set() {
    let out = parse_fixture("eco-maven-verification/gradle/verification-metadata.xml");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 8);
    let classic = package(&out, "pkg:maven/ch.qos.logback/logback-classic@1.3.14");
    assert_eq!(
        classic.hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "f9b07a6dba4df3899381df7e597df450134e1879b1f3a757456b3cd1c8d94e2f"
        )],
        "the jar's checksum, not the pom's"
    );
    assert_eq!(
        classic.locations,
        [Location::new("eco-maven-verification/gradle/verification-metadata.xml", Some(13))]
    );
    assert!(package(&out, "pkg:maven/ch.qos.logback/logback-parent@1.3.14").hashes.is_empty(), "a pom only");
}

#[test]
fn verification_metadata_with_lockfiles_hashes_the_locked_components() {
    let dir = std::env::temp_dir().join(format!("ospo-maven-verification-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("gradle")).expect("temp dir");
    std::fs::write(
        dir.join("gradle.lockfile"),
        "ch.qos.logback:logback-core:1.3.16=runtimeClasspath\nempty=\n",
    )
    .expect("write");
    let xml =
        std::fs::read(format!("{}/eco-maven-verification/gradle/verification-metadata.xml", fixtures()))
            .expect("fixture exists");
    let out = parse_in(&dir.to_string_lossy(), "gradle/verification-metadata.xml", &xml);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ids(&out), ["pkg:maven/ch.qos.logback/logback-core@1.3.16"]);
    assert_eq!(out.packages[0].scope, DependencyScope::Runtime);
    assert_eq!(
        out.packages[0].hashes,
        [Hash::new(
            HashAlgorithm::Sha256,
            "f153c7d582ad19219c906dd728df335232790663f5b3d2db187ac83d9e5a3b8b"
        )]
    );
    assert_eq!(codes(&out), [("gradle-components-unlocked", None)]);
    assert!(out.diagnostics[0].message.contains("7 verified components"));
}

#[test]
fn verification_metadata_sha512_and_missing_attributes() {
    let sha512 = "a".repeat(128);
    let xml = format!(
        "<verification-metadata>\n<components>\n<component group=\"g\" name=\"a\" version=\"1\">\n\
         <artifact name=\"a-1.jar\"><sha256 value=\"{}\"/><sha512 value=\"{sha512}\"/></artifact>\n\
         </component>\n<component group=\"g\" name=\"b\"/>\n</components>\n</verification-metadata>\n",
        "b".repeat(64)
    );
    let out = parse_in("/nonexistent-ospo-root", "x/gradle/verification-metadata.xml", xml.as_bytes());
    assert_eq!(ids(&out), ["pkg:maven/g/a@1"]);
    assert_eq!(
        out.packages[0].hashes,
        [Hash::new(HashAlgorithm::Sha256, &"b".repeat(64)), Hash::new(HashAlgorithm::Sha512, &sha512)]
    );
    assert_eq!(codes(&out), [("manifest-malformed", Some(6))]);
}

#[test]
fn sbt_locks() {
    let out = parse_fixture("eco-maven-sbt/build.sbt.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 7);
    assert_eq!(
        (out.manifests[0].format.as_str(), out.manifests[0].completeness),
        ("sbt-dependency-lock (lockVersion 1)", Completeness::Complete)
    );
    let aop = package(&out, "pkg:maven/aopalliance/aopalliance@1.0");
    assert_eq!(aop.scope, DependencyScope::Provided);
    assert_eq!(aop.locations, [Location::new("eco-maven-sbt/build.sbt.lock", Some(13))]);
    assert_eq!(aop.hashes, [Hash::new(HashAlgorithm::Sha1, "0235ba8b489512805ac13a8f9ea77a1ca5ebe3e8")]);
    assert_eq!(package(&out, "pkg:maven/com.github.sbt/junit-interface@0.13.3").scope, DependencyScope::Test);
    assert_eq!(package(&out, "pkg:maven/com.chuusai/shapeless_2.11@2.3.3").scope, DependencyScope::Runtime);

    let dev = parse_fixture("eco-maven-sbt/modules/dev/build.sbt.lock");
    assert!(dev.diagnostics.is_empty(), "{:#?}", dev.diagnostics);
    assert_eq!(dev.packages.len(), 6);
    let internal = package(&dev, "pkg:maven/com.example/libcommon_2.13@0.1.1-SNAPSHOT");
    assert!(internal.hashes.is_empty() && !internal.optional);
    assert_eq!(internal.scope, DependencyScope::Runtime);

    let newer = parse_in(&fixtures(), "x/build.sbt.lock", b"{\"lockVersion\": 2, \"dependencies\": []}");
    assert_eq!(codes(&newer), [("manifest-unsupported", Some(1))]);
    let broken =
        parse_in(&fixtures(), "x/build.sbt.lock", b"{\n  \"lockVersion\" : 1,\n  \"dependencies\" : [ {\n");
    assert_eq!(codes(&broken)[0].0, "manifest-malformed");
    assert_eq!(broken.manifests.len(), 1);
}

#[test]
fn malformed_poms_are_diagnostics_and_keep_what_parsed() {
    let text = b"<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>g</groupId>\n  <artifactId>a</artifactId>\n  \
                 <version>1</version>\n  <dependencies>\n    <dependency><groupId>x</groupId><artifactId>y</artifactId>\
                 <version>2</version></dependency>\n    <dependency><groupId>z</groupId></oops>\n";
    let out = parse_in(&fixtures(), "broken/pom.xml", text);
    assert_eq!(codes(&out)[0], ("manifest-malformed", Some(8)));
    assert!(out.packages.iter().any(|p| p.id == "pkg:maven/x/y@2"), "{:#?}", ids(&out));
    let not_a_pom = parse_in(&fixtures(), "x/pom.xml", b"<settings/>");
    assert_eq!(codes(&not_a_pom), [("manifest-malformed", Some(1))]);
    let future = parse_in(&fixtures(), "x/pom.xml", b"<project><modelVersion>5.0.0</modelVersion></project>");
    assert!(codes(&future).contains(&("manifest-unsupported", Some(1))));
}

#[test]
fn parent_cycles_in_a_hostile_tree_end() {
    let dir = std::env::temp_dir().join(format!("ospo-maven-cycle-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).expect("temp dir");
    let pom = |me: &str, parent: &str, rel: &str| {
        format!(
            "<project><parent><groupId>g</groupId><artifactId>{parent}</artifactId><version>1</version>\
             <relativePath>{rel}</relativePath></parent><artifactId>{me}</artifactId></project>"
        )
    };
    std::fs::write(dir.join("pom.xml"), pom("root", "child", "a/pom.xml")).expect("write");
    std::fs::write(dir.join("a/pom.xml"), pom("child", "root", "../pom.xml")).expect("write");
    let text = std::fs::read(dir.join("a/pom.xml")).expect("read");
    let out = parse_in(&dir.to_string_lossy(), "a/pom.xml", &text);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ids(&out), ["pkg:maven/g/child@1"]);
}

#[test]
fn mutated_fixtures_never_panic() {
    let files = [
        "eco-maven-multimodule/pom.xml",
        "eco-maven-multimodule/shop-web/pom.xml",
        "eco-maven-boot/pom.xml",
        "eco-maven-gradle/dd-java-agent/gradle.lockfile",
        "eco-maven-gradle/buildscript-gradle.lockfile",
        "eco-maven-gradle/dd-smoke-tests/springboot-grpc/gradle.lockfile",
        "eco-maven-verification/gradle/verification-metadata.xml",
        "eco-maven-sbt/build.sbt.lock",
    ];
    for (seed, path) in files.iter().enumerate() {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
        // In a directory with no siblings, so each mutant is parsed alone (no tree index built).
        let name = path.rsplit('/').next().unwrap_or(path);
        let alone = if name == "verification-metadata.xml" {
            "fuzz/gradle/verification-metadata.xml".to_string()
        } else {
            format!("fuzz/{name}")
        };
        let rounds = match bytes.len() {
            0..4_000 => 500,
            4_000..12_000 => 200,
            _ => 60,
        };
        for mutant in crate::fuzz::mutants(&bytes, seed as u64 + 11, rounds) {
            let _ = parse_in("/nonexistent-ospo-fuzz-root", &alone, &mutant);
        }
        for prefix in crate::fuzz::truncations(&bytes, bytes.len() / 16 + 1) {
            let _ = parse_in(&fixtures(), path, prefix);
        }
    }
}
