//! bun.lock (and bun.lockb), deno.lock v3, v4 and v5.

use ospo_plugin_sdk::{DependencyScope, Hash, HashAlgorithm, Location, PackageSource};

use super::*;

const APP: &str = "pkg:npm/acme-app@1.0.0";

#[test]
fn bun_lock_workspaces_and_packages() {
    let out = parse_fixture("eco-npm-bun", "bun.lock");
    assert_eq!(out.manifests[0].format, "bun.lock v2");
    assert_eq!(out.packages.len(), 28);
    let debug = package(&out, "pkg:npm/debug@4.4.3");
    assert_eq!(debug.locations, [Location::new("bun.lock", Some(53))]);
    assert!(debug.hashes[0].value.starts_with("446c305a"), "{}", debug.hashes[0].value);
    assert_eq!(reach(&out, "pkg:npm/debug@4.4.3"), (DependencyScope::Runtime, false, true));
    assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pkg:npm/supports-color@7.2.0"), (DependencyScope::Development, false, false));
    assert_eq!(
        reach(&out, "pkg:npm/has-flag@4.0.0"),
        (DependencyScope::Development, false, true),
        "util's dev dependency"
    );
    assert_eq!(reach(&out, "pkg:npm/react@18.3.1"), (DependencyScope::Provided, false, true));
    assert_eq!(reach(&out, "pkg:npm/ms@1.0.0"), (DependencyScope::Runtime, false, true), "the alias old-ms");
    let util = package(&out, "pkg:npm/%40acme/util@1.0.0");
    assert_eq!((util.direct, util.source.clone()), (false, Some(PackageSource::path("packages/util"))));
    assert!(has_edge(&out, APP, "pkg:npm/%40acme/util@1.0.0"));
    assert!(has_edge(&out, "pkg:npm/%40acme/util@1.0.0", "pkg:npm/ms@2.1.3"));
    assert_eq!(package(&out, "pkg:npm/local-lib@0.1.0").source, Some(PackageSource::path("local-lib")));
    assert!(has_edge(&out, "pkg:npm/local-lib@0.1.0", "pkg:npm/ms@2.1.3"));
}

#[test]
fn bun_nested_git_and_binary_by_hand() {
    let lock = r#"{
  "lockfileVersion": 1,
  // Bun writes no comments, but the format is JSONC.
  "workspaces": {
    "": { "name": "app", "dependencies": { "a": "^1", "lib": "github:acme/lib" }, },
  },
  "packages": {
    "a": ["a@1.0.0", "", { "dependencies": { "b": "^2" } }, "sha512-AAEC"],
    "a/b": ["b@2.0.0", "", {}, "sha512-AAEC"],
    "b": ["b@1.0.0", "", {}, "sha512-AAEC"],
    "lib": ["lib@github:acme/lib#0123abc", { "dependencies": { "b": "^1" } }, "acme-lib-0123abc"],
  },
}"#;
    let out = parse_tree("bun-hand", &[("bun.lock", lock)], "bun.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert!(has_edge(&out, "pkg:npm/a@1.0.0", "pkg:npm/b@2.0.0"), "the nested copy");
    let lib = out.packages.iter().find(|p| p.name == "lib").expect("lib");
    assert_eq!(lib.source, Some(PackageSource::git("github:acme/lib", Some("0123abc"))));
    assert!(lib.direct);
    assert!(has_edge(&out, &lib.id, "pkg:npm/b@1.0.0"));
    assert_eq!(package(&out, "pkg:npm/b@2.0.0").hashes, [Hash::new(HashAlgorithm::Sha512, "000102")]);
    assert_eq!(line(&out, "pkg:npm/b@2.0.0"), Some(9));

    let out = parse_tree("bun-v9", &[("bun.lock", "{\"lockfileVersion\": 9}")], "bun.lock");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    let root = scratch("bun-binary", &[]);
    let out =
        parse_in(&root, "web/bun.lockb", b"#!/usr/bin/env bun\nbun-lockfile-format-v0\n\x02\x00\x00\x00\xff");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
    assert!(out.diagnostics[0].message.contains("--save-text-lockfile"));
    assert!(out.packages.is_empty() && out.manifests.is_empty());
}

#[test]
fn deno_lock_every_version() {
    for (case, chalk, ms, root_line) in
        [("eco-npm-deno-v3", 28, 53, 70), ("eco-npm-deno-v4", 26, 48, 61), ("eco-npm-deno-v5", 26, 48, 61)]
    {
        let out = parse_fixture(case, "deno.lock");
        let version = case.trim_start_matches("eco-npm-deno-");
        assert_eq!(out.manifests[0].format, format!("deno.lock {version}"));
        assert_eq!(out.packages.len(), 12, "{case}");
        assert_eq!(line(&out, "pkg:npm/chalk@4.1.2"), Some(chalk), "{case}");
        assert_eq!(line(&out, "pkg:npm/ms@2.1.3"), Some(ms), "{case}");
        assert_eq!(reach(&out, "pkg:npm/chalk@4.1.2"), (DependencyScope::Runtime, false, true));
        assert_eq!(reach(&out, "pkg:npm/has-flag@4.0.0"), (DependencyScope::Runtime, false, false));
        assert!(has_edge(&out, "pkg:npm/supports-color@7.2.0", "pkg:npm/has-flag@4.0.0"), "{case}");
        assert!(package(&out, "pkg:npm/%40babel/code-frame@7.29.7").hashes[0].value.starts_with("02ea7b69"));
        let root = package(&out, "pkg:npm/root");
        assert_eq!(root.locations[0].line, Some(root_line), "{case}");
        assert_eq!(out.edges.len(), 11, "{case}");
    }
}

#[test]
fn deno_jsr_and_remote_by_hand() {
    // The shape of deno's docs' v4 lockfile: JSR and remote hosts are out of reach here.
    let lock = r#"{
  "version": "4",
  "specifiers": {
    "jsr:@std/path@1": "1.0.8",
    "jsr:@std/internal@^1.0.5": "1.0.5",
    "npm:react-dom@18": "18.3.1_react@18.3.1"
  },
  "jsr": {
    "@std/internal@1.0.5": {"integrity": "54a546004f769c1ac9e025abd15a76b6671ddc9687e2313b67376125650dc7ba"},
    "@std/path@1.0.8": {
      "integrity": "548fa456bb6a04d3c1a1e7477986b6cffbce95102d0bb447c67c4ee70e0364be",
      "dependencies": ["jsr:@std/internal"]
    }
  },
  "npm": {
    "react@18.3.1": {"integrity": "sha512-AAEC"},
    "react-dom@18.3.1_react@18.3.1": {"integrity": "sha512-AAEC", "dependencies": ["react"]}
  },
  "remote": {
    "https://deno.example/std@0.224.0/fmt/colors.ts": "d67e3cd9f472535241a8e410d33423980bec45047e343577554d3356e1f0ef4e"
  },
  "workspace": {"dependencies": ["jsr:@std/path@1", "npm:react-dom@18"]}
}"#;
    let out = parse_tree("deno-jsr", &[("deno.lock", lock)], "deno.lock");
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let path = package(&out, "pkg:generic/jsr/%40std/path@1.0.8");
    assert_eq!((path.name.as_str(), path.ecosystem.as_str()), ("@std/path", "generic"));
    assert_eq!(path.hashes[0].algorithm, HashAlgorithm::Sha256);
    assert!(path.direct);
    assert!(has_edge(&out, "pkg:generic/jsr/%40std/path@1.0.8", "pkg:generic/jsr/%40std/internal@1.0.5"));
    assert_eq!(line(&out, "pkg:generic/jsr/%40std/path@1.0.8"), Some(10));
    assert!(package(&out, "pkg:npm/react-dom@18.3.1").direct, "through specifiers, peer suffix and all");
    assert!(has_edge(&out, "pkg:npm/react-dom@18.3.1", "pkg:npm/react@18.3.1"));
    let remote =
        out.packages.iter().find(|p| p.name == "deno.example/std@0.224.0/fmt/colors.ts").expect("remote");
    assert_eq!(remote.ecosystem, "generic");
    assert_eq!(
        remote.purl.as_deref(),
        Some("pkg:generic/colors.ts?download_url=https:%2F%2Fdeno.example%2Fstd%400.224.0%2Ffmt%2Fcolors.ts")
    );
    assert_eq!(remote.source, Some(PackageSource::url("https://deno.example/std@0.224.0/fmt/colors.ts")));
    assert_eq!(remote.locations[0].line, Some(20));

    let out = parse_tree("deno-v9", &[("deno.lock", "{\"version\": \"9\"}")], "deno.lock");
    assert_eq!(out.diagnostics[0].code, "manifest-unsupported");
}
