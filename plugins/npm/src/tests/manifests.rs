//! package.json alone, and which package.json files a lockfile claims.

use ospo_plugin_sdk::{Completeness, DependencyScope, Manifest, PackageSource};

use super::*;

#[test]
fn package_json_alone_is_direct_only_with_ranges() {
    let out = parse_fixture("eco-npm-package-json", "package.json");
    assert_eq!(
        out.manifests,
        [Manifest::new("package.json", "npm", "package.json", Completeness::DirectOnly)]
    );
    let debug = package(&out, "pkg:npm/debug");
    assert_eq!(debug.version.as_deref(), Some("^4.3.4"), "the range, kept; the purl has none");
    assert_eq!((debug.scope, debug.direct), (DependencyScope::Runtime, true));
    assert_eq!(debug.locations[0].line, Some(8));
    assert_eq!(package(&out, "pkg:npm/ms").version.as_deref(), Some("^1.0.0"), "the alias old-ms is ms");
    assert_eq!(package(&out, "pkg:npm/chalk").scope, DependencyScope::Development);
    assert_eq!(package(&out, "pkg:npm/react").scope, DependencyScope::Provided);
    assert!(package(&out, "pkg:npm/is-number").optional);
    assert_eq!(package(&out, "pkg:npm/local-lib").source, Some(PackageSource::path("local-lib")));
    assert_eq!(out.packages.len(), 9);
    let pinned = parse_tree(
        "pinned",
        &[("package.json", "{\"dependencies\": {\"a\": \"1.2.3\", \"w\": \"workspace:*\"}}")],
        "package.json",
    );
    assert_eq!(
        ids(&pinned),
        ["pkg:npm/root", "pkg:npm/a@1.2.3"],
        "an exact version is a version; workspace: specs are left out"
    );
}

#[test]
fn lockfiles_claim_their_package_json() {
    // Beside a lockfile, in a workspace member, in a folder the lockfile names, inside node_modules.
    for (case, path) in [
        ("eco-npm-lock-v3", "package.json"),
        ("eco-npm-lock-v3", "local-lib/package.json"),
        ("eco-npm-workspaces", "packages/app/package.json"),
        ("eco-npm-pnpm-workspace", "packages/util/package.json"),
        ("eco-npm-yarn-berry-v10", "packages/util/package.json"),
        ("eco-npm-deno-v5", "deno.json"),
        ("eco-npm-hidden-lockfile", "package.json"),
        ("eco-npm-bun", "local-lib/package.json"),
    ] {
        let out = parse_fixture(case, path);
        assert!(
            out.packages.is_empty() && out.manifests.is_empty() && out.diagnostics.is_empty(),
            "{case} {path}"
        );
    }
    let files = [
        ("package.json", "{\"name\": \"tools\", \"devDependencies\": {\"x\": \"^1\"}}"),
        ("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"tools\"}}}"),
        ("examples/demo/package.json", "{\"name\": \"demo\", \"dependencies\": {\"y\": \"^2\"}}"),
        ("node_modules/y/package.json", "{\"name\": \"y\", \"dependencies\": {\"z\": \"^3\"}}"),
        ("node_modules/y/yarn.lock", "# yarn lockfile v1\n"),
    ];
    let out = parse_tree("claims", &files, "examples/demo/package.json");
    assert_eq!(
        ids(&out),
        ["pkg:npm/demo", "pkg:npm/y"],
        "a project the root lockfile does not lock is read alone"
    );
    assert!(parse_tree("claims", &files, "node_modules/y/package.json").packages.is_empty());
    assert!(parse_tree("claims", &files, "node_modules/y/yarn.lock").manifests.is_empty());
    let broken =
        parse_tree("broken-pj", &[("package.json", "{\n  \"name\": \"x\",\n  oops\n}")], "package.json");
    assert_eq!(
        (broken.diagnostics[0].code.as_str(), broken.diagnostics[0].line),
        ("manifest-malformed", Some(3))
    );
}
