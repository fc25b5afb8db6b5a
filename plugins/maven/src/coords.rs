//! Maven coordinates as purls (`pkg:maven/<groupId>/<artifactId>@<version>`, with `classifier`
//! and a non-`jar` `type` as qualifiers, as the purl spec's maven type says) and the scope
//! words of Maven, Gradle and sbt mapped to the contract's scopes.

use ospo_plugin_sdk::{DependencyScope, Diagnostic, Level, Package, PackageSource, SourceKind};

/// The purl type and ecosystem of every package this plugin reports.
pub const ECOSYSTEM: &str = "maven";

/// A package for `group:artifact[:version]`, located at `file:line`; `None` with a diagnostic
/// when no purl can hold the coordinates.
pub fn package(
    group: &str,
    artifact: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
    file: &str,
    line: u32,
    out: &mut Vec<Diagnostic>,
) -> Option<Package> {
    let qualifiers: Vec<(&str, &str)> = qualifiers
        .iter()
        .copied()
        .filter(|(k, v)| !(v.is_empty() || (*k == "type" && *v == "jar")))
        .collect();
    match ospo_plugin_sdk::purl::with_qualifiers(ECOSYSTEM, Some(group), artifact, version, &qualifiers) {
        Ok(purl) => Some(
            Package::new(ECOSYSTEM, &format!("{group}:{artifact}"), version)
                .purl(&purl)
                .source(PackageSource::new(SourceKind::Registry, None))
                .location(file, Some(line)),
        ),
        Err(error) => {
            out.push(
                Diagnostic::new("manifest-malformed", Level::Error, format!("`{group}:{artifact}`: {error}"))
                    .at(file, Some(line)),
            );
            None
        }
    }
}

/// A Maven `<scope>`: compile and runtime ship, provided and system come from the
/// environment, test only tests. `None` for a word Maven does not know.
pub fn maven_scope(scope: &str) -> Option<DependencyScope> {
    Some(match scope {
        "" | "compile" | "runtime" => DependencyScope::Runtime,
        "provided" | "system" => DependencyScope::Provided,
        "test" => DependencyScope::Test,
        _ => return None,
    })
}

/// Gradle configurations to one scope: a (non-test) runtime classpath ships; a compile
/// classpath without a runtime one is compile-only, like Maven's provided; configurations of
/// the test source sets are tests; anything else (annotation processors, linters, compiler
/// classpaths, custom configurations) is build.
pub fn gradle_scope<'a>(configurations: impl IntoIterator<Item = &'a str>) -> DependencyScope {
    let mut scope = DependencyScope::Build;
    let rank = |s: DependencyScope| match s {
        DependencyScope::Runtime => 3,
        DependencyScope::Provided => 2,
        DependencyScope::Test => 1,
        _ => 0,
    };
    for c in configurations {
        let test = c.starts_with("test");
        let this = if !test && (c == "runtimeClasspath" || c.ends_with("RuntimeClasspath")) {
            DependencyScope::Runtime
        } else if !test && (c == "compileClasspath" || c.ends_with("CompileClasspath")) {
            DependencyScope::Provided
        } else if test {
            DependencyScope::Test
        } else {
            DependencyScope::Build
        };
        if rank(this) > rank(scope) {
            scope = this;
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_with_qualifiers() {
        let mut d = Vec::new();
        let p = package(
            "org.apache.commons",
            "commons-lang3",
            Some("3.14.0"),
            &[("type", "jar")],
            "pom.xml",
            3,
            &mut d,
        )
        .expect("valid");
        assert_eq!(p.id, "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
        assert_eq!(p.name, "org.apache.commons:commons-lang3");
        let t = package(
            "com.acme",
            "core",
            Some("1.0"),
            &[("classifier", "tests"), ("type", "test-jar")],
            "pom.xml",
            3,
            &mut d,
        )
        .expect("valid");
        assert_eq!(t.id, "pkg:maven/com.acme/core@1.0?classifier=tests&type=test-jar");
    }

    #[test]
    fn gradle_configurations() {
        assert_eq!(
            gradle_scope(["compileClasspath", "runtimeClasspath", "testRuntimeClasspath"]),
            DependencyScope::Runtime
        );
        assert_eq!(gradle_scope(["productionRuntimeClasspath"]), DependencyScope::Runtime);
        assert_eq!(gradle_scope(["compileClasspath", "testCompileClasspath"]), DependencyScope::Provided);
        assert_eq!(gradle_scope(["testCompileClasspath", "testRuntimeClasspath"]), DependencyScope::Test);
        assert_eq!(gradle_scope(["spotbugs", "kotlinCompilerClasspath"]), DependencyScope::Build);
        assert_eq!(maven_scope("system"), Some(DependencyScope::Provided));
        assert_eq!(maven_scope("import"), None);
    }
}
