//! The parser end to end over the real files under `tests/fixtures/eco-nuget-*`, and small
//! trees written to a temporary directory for the shapes no stored file shows, through the
//! SDK's native stand-in host.

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::mutate::Mutations;
use ospo_plugin_sdk::{
    Completeness, DependencyScope, Hash, HashAlgorithm, Location, Manifest, Package, PackageSource,
};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_in(root: &str, path: &str, bytes: &[u8]) -> ParseOutput {
    testing::set_root(root);
    Nuget::parse(FileInput::new(path, bytes)).expect("problems are diagnostics, not errors")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    parse_in(&fixtures(), path, &bytes)
}

fn package<'a>(out: &'a ParseOutput, id: &str) -> &'a Package {
    out.packages
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no package {id} in {:#?}", out.packages))
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    out.edges.iter().any(|e| e.from == from && e.to == to)
}

fn codes(out: &ParseOutput) -> Vec<(&str, Option<u32>)> {
    out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect()
}

/// A scratch tree of `files` under the temp dir, returned as the host root.
fn tree(name: &str, files: &[(&str, &str)]) -> String {
    let dir = std::env::temp_dir().join(format!("ospo-nuget-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("dirs");
        std::fs::write(file, text).expect("write");
    }
    dir.to_string_lossy().to_string()
}

const LOCK: &str = "eco-nuget-lock/packages.lock.json";

#[test]
fn lock_v1_direct_packages_hashes_and_the_claimed_project() {
    let out = parse_fixture(LOCK);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(LOCK, "nuget", "packages.lock.json v1", Completeness::Complete)]
    );
    assert_eq!(out.packages.len(), 5, "the empty per-runtime sections add nothing");
    assert!(
        out.packages.iter().all(|p| p.direct && p.scope == DependencyScope::Runtime && p.hashes.len() == 1)
    );
    let fasterflect = package(&out, "pkg:nuget/fasterflect@3.0.0");
    assert_eq!(fasterflect.locations, [Location::new(LOCK, Some(5))], "CRLF line endings count once");
    assert_eq!(
        fasterflect.hashes,
        [Hash::new(
            HashAlgorithm::Sha512,
            "9d7b9cc71f389981fe7d2f54f766b8024fcc7d63f41f6d3873c0f623ae33b0e4329e78a185abcee8738251ca69f077ca64c9f768d9f4d62bf56c8367c47ecaa3"
        )]
    );
    assert_eq!(package(&out, "pkg:nuget/Unfucked.Caching@0.0.1-beta.3").locations[0].line, Some(29));
    assert!(out.edges.is_empty());

    let project = parse_fixture("eco-nuget-lock/GitHubActionPinner.csproj");
    assert!(project.packages.is_empty() && project.manifests.is_empty(), "the lockfile beside it reads it");
}

#[test]
fn lock_v2_projects_central_transitive_and_private_assets() {
    let lock = r#"{
  "version": 2,
  "dependencies": {
    "net8.0": {
      "Serilog": {"type": "Direct", "requested": "[3.1.1, )", "resolved": "3.1.1", "contentHash": "AAEC"},
      "StyleCop.Analyzers": {"type": "Direct", "requested": "[1.1.118, )", "resolved": "1.1.118",
        "dependencies": {"StyleCop.Analyzers.Unstable": "1.1.118"}},
      "StyleCop.Analyzers.Unstable": {"type": "Transitive", "resolved": "1.1.118"},
      "System.Text.Json": {"type": "CentralTransitive", "requested": "[8.0.4, )", "resolved": "8.0.4"},
      "app.core": {"type": "Project", "dependencies": {"Serilog": "[3.1.1, )", "System.Text.Json": "[8.0.4, )", "Gone": "1.0"}}
    },
    "net6.0": {
      "Serilog": {"type": "Direct", "requested": "[3.1.1, )", "resolved": "3.1.1"}
    }
  }
}"#;
    let csproj = r#"<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>
  <PackageReference Include="Serilog" />
  <PackageReference Include="stylecop.analyzers"><PrivateAssets>all</PrivateAssets></PackageReference>
</ItemGroup></Project>"#;
    let root = tree("v2", &[("app/packages.lock.json", lock), ("app/App.csproj", csproj)]);
    let out = parse_in(&root, "app/packages.lock.json", lock.as_bytes());
    assert_eq!(codes(&out), [("dependency-unresolved", Some(10))]);
    assert_eq!(out.manifests[0].format, "packages.lock.json v2");
    assert_eq!(out.packages.len(), 5, "Serilog in two targets is one package");
    let scope = |id: &str| (package(&out, id).scope, package(&out, id).direct);
    assert_eq!(scope("pkg:nuget/Serilog@3.1.1"), (DependencyScope::Runtime, true));
    assert_eq!(
        scope("pkg:nuget/StyleCop.Analyzers@1.1.118"),
        (DependencyScope::Development, true),
        "PrivateAssets"
    );
    assert_eq!(scope("pkg:nuget/StyleCop.Analyzers.Unstable@1.1.118"), (DependencyScope::Development, false));
    assert_eq!(
        scope("pkg:nuget/System.Text.Json@8.0.4"),
        (DependencyScope::Runtime, false),
        "pinned centrally"
    );
    assert_eq!(scope("pkg:nuget/app.core"), (DependencyScope::Runtime, false), "a project of the solution");
    assert!(has_edge(&out, "pkg:nuget/app.core", "pkg:nuget/System.Text.Json@8.0.4"));
    assert!(has_edge(
        &out,
        "pkg:nuget/StyleCop.Analyzers@1.1.118",
        "pkg:nuget/StyleCop.Analyzers.Unstable@1.1.118"
    ));
    assert_eq!(package(&out, "pkg:nuget/Serilog@3.1.1").hashes, [Hash::new(HashAlgorithm::Sha512, "000102")]);

    let v3 = parse_in(&root, "x/packages.lock.json", br#"{"version": 3, "dependencies": {}}"#);
    assert_eq!(codes(&v3), [("manifest-unsupported", Some(1))]);
    assert!(v3.packages.is_empty() && v3.manifests.is_empty(), "never a guess");
}

#[test]
fn paket_lock_packages_edges_and_sources() {
    let path = "eco-nuget-paket/paket.lock";
    let out = parse_fixture(path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(path, "nuget", "paket.lock", Completeness::Complete)]);
    assert_eq!(out.packages.len(), 52);
    assert_eq!(out.edges.len(), 105, "every dependency line resolves in the group");
    let saturn = package(&out, "pkg:nuget/Saturn@0.14.1");
    assert_eq!(saturn.locations, [Location::new(path, Some(131))]);
    assert_eq!(saturn.source, Some(PackageSource::registry("https://api.nuget.org/v3/index.json")));
    assert!(!saturn.direct, "no paket.dependencies beside it");
    assert!(has_edge(&out, "pkg:nuget/Saturn@0.14.1", "pkg:nuget/Giraffe@4.1"));
    assert!(has_edge(&out, "pkg:nuget/Expecto@9.0.2", "pkg:nuget/FSharp.Core@5.0"));
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Runtime), "the Main group");
}

#[test]
fn paket_groups_remote_files_and_direct_names() {
    let lock = "REDIRECTS: ON\nNUGET\n  remote: https://api.nuget.org/v3/index.json\n    FSharp.Core (8.0.100)\n\
                GITHUB\n  remote: fsprojects/FSharpx.Collections\n    src/FSharpx.Collections/Collections.fs (a1b69514a64c94ec46b37e7fd0f471b8c63e2a5b)\n\
                HTTP\n  remote: http://www.fssnip.net\n    raw/1M (/raw/1M)\n\
                GIT\n  remote: https://example.invalid/acme/tools.git\n     (05366e390e7552a569f3f328a0f3094249f3b93b)\n      build: build.cmd\n\n\
                GROUP Build\nRESTRICTION: == net6.0\nNUGET\n  remote: https://api.nuget.org/v3/index.json\n    Fake.Core.Target (6.0.0)\n      FSharp.Core (>= 6.0)\n      Missing (>= 1)\n    \
                FSharp.Core (6.0.7)\n\nGROUP Tests\nNUGET\n  remote: https://api.nuget.org/v3/index.json\n    Expecto (10.2.1)\n\nSTRANGE\n";
    let deps = "source https://api.nuget.org/v3/index.json\nnuget FSharp.Core\ngithub fsprojects/FSharpx.Collections src/FSharpx.Collections/Collections.fs\n\ngroup Build\n  nuget Fake.Core.Target\n";
    let root = tree("paket", &[("paket.lock", lock), ("paket.dependencies", deps)]);
    let out = parse_in(&root, "paket.lock", lock.as_bytes());
    assert_eq!(codes(&out), [("manifest-unsupported", Some(30)), ("dependency-unresolved", Some(20))]);
    let scope = |id: &str| (package(&out, id).scope, package(&out, id).direct);
    assert_eq!(scope("pkg:nuget/FSharp.Core@8.0.100"), (DependencyScope::Runtime, true));
    assert_eq!(scope("pkg:nuget/Fake.Core.Target@6.0.0"), (DependencyScope::Build, true));
    assert_eq!(
        scope("pkg:nuget/FSharp.Core@6.0.7"),
        (DependencyScope::Build, false),
        "not named in group Build"
    );
    assert_eq!(scope("pkg:nuget/Expecto@10.2.1"), (DependencyScope::Test, false));
    assert!(
        has_edge(&out, "pkg:nuget/Fake.Core.Target@6.0.0", "pkg:nuget/FSharp.Core@6.0.7"),
        "within the group"
    );
    let github = package(
        &out,
        "pkg:github/fsprojects/fsharpx.collections@a1b69514a64c94ec46b37e7fd0f471b8c63e2a5b#src/FSharpx.Collections/Collections.fs",
    );
    assert!(github.direct);
    assert_eq!(
        github.source,
        Some(PackageSource::git(
            "https://github.com/fsprojects/FSharpx.Collections",
            Some("a1b69514a64c94ec46b37e7fd0f471b8c63e2a5b")
        ))
    );
    let http =
        out.packages.iter().find(|p| p.ecosystem == "generic" && p.name == "1M").expect("the HTTP file");
    assert_eq!(http.source, Some(PackageSource::url("http://www.fssnip.net/raw/1M")));
    let git = out.packages.iter().find(|p| p.name == "tools").expect("the git repository");
    assert_eq!(
        git.source,
        Some(PackageSource::git(
            "https://example.invalid/acme/tools.git",
            Some("05366e390e7552a569f3f328a0f3094249f3b93b")
        ))
    );
}

#[test]
fn central_package_management_versions_per_condition() {
    let path = "eco-nuget-central/src/Polly.Extensions/Polly.Extensions.csproj";
    let props = "eco-nuget-central/src/Directory.Packages.props";
    let out = parse_fixture(path);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.manifests,
        [Manifest::new(path, "nuget", "*.csproj PackageReference", Completeness::DirectOnly)]
    );
    let ids: Vec<&str> = out.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pkg:nuget/Microsoft.Extensions.Options@7.0.0",
            "pkg:nuget/Microsoft.Extensions.Options@6.0.0",
            "pkg:nuget/Microsoft.Extensions.Options@2.2.0",
            "pkg:nuget/Microsoft.Extensions.Logging.Abstractions@7.0.0",
            "pkg:nuget/Microsoft.Extensions.Logging.Abstractions@6.0.0",
            "pkg:nuget/Microsoft.Extensions.Logging.Abstractions@2.2.0",
            "pkg:nuget/System.Diagnostics.DiagnosticSource@7.0.0",
        ],
        "one per version the props file gives under its target-framework conditions"
    );
    let source = package(&out, "pkg:nuget/System.Diagnostics.DiagnosticSource@7.0.0");
    assert_eq!(source.locations, [Location::new(path, Some(32)), Location::new(props, Some(17))]);
    assert!(out.packages.iter().all(|p| p.direct && p.scope == DependencyScope::Runtime));
    assert_eq!(package(&out, "pkg:nuget/Microsoft.Extensions.Options@2.2.0").locations[1].line, Some(32));

    let central = parse_fixture(props);
    assert!(central.packages.is_empty(), "versions only: the projects report the packages");
    assert_eq!(central.manifests[0].format, "Directory.Packages.props");
}

#[test]
fn project_versions_attributes_children_properties_and_ranges() {
    let csproj = r#"<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><SerilogVersion>3.1.1</SerilogVersion></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="xunit">
      <Version>2.6.2</Version>
    </PackageReference>
    <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
    <PackageReference Include="Imported" Version="$(FromElsewhere)" />
    <PackageReference Include="Ranged" Version="[1.0,2.0)" />
    <PackageReference Include="coverlet.collector" Version="6.0.0" PrivateAssets="All" />
    <PackageReference Update="Newtonsoft.Json" Version="13.0.1" />
  </ItemGroup>
</Project>"#;
    let props = r#"<Project><ItemGroup><GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" /></ItemGroup></Project>"#;
    let root = tree("csproj", &[("src/App/App.fsproj", csproj), ("Directory.Packages.props", props)]);
    let out = parse_in(&root, "src/App/App.fsproj", csproj.as_bytes());
    assert_eq!(codes(&out), [("version-unresolved", Some(9))]);
    assert_eq!(out.manifests[0].format, "*.fsproj PackageReference");
    let version = |name: &str| out.packages.iter().find(|p| p.name == name).map(|p| p.version.clone());
    assert_eq!(version("Newtonsoft.Json"), Some(Some("13.0.3".to_string())), "Update items are not packages");
    assert_eq!(out.packages.iter().filter(|p| p.name == "Newtonsoft.Json").count(), 1);
    assert_eq!(version("xunit"), Some(Some("2.6.2".to_string())));
    assert_eq!(version("Serilog"), Some(Some("3.1.1".to_string())));
    assert_eq!(version("Imported"), Some(None));
    assert_eq!(version("Ranged"), Some(None), "a range is no version");
    let coverlet = package(&out, "pkg:nuget/coverlet.collector@6.0.0");
    assert_eq!((coverlet.scope, coverlet.locations[0].line), (DependencyScope::Development, Some(11)));

    let global = parse_in(&root, "Directory.Packages.props", props.as_bytes());
    let gv = package(&global, "pkg:nuget/Nerdbank.GitVersioning@3.6.133");
    assert_eq!((gv.scope, gv.direct), (DependencyScope::Development, true));

    let empty = parse_in(&root, "src/Lib/Lib.csproj", b"<Project Sdk=\"Microsoft.NET.Sdk\"></Project>");
    assert!(empty.manifests.is_empty() && empty.diagnostics.is_empty(), "no package references, no manifest");
    let broken = parse_in(&root, "src/Lib/Lib.csproj", b"<Project>\n  <ItemGroup>\n</Project>");
    assert_eq!(codes(&broken).first().map(|c| c.0), Some("manifest-malformed"));
}

#[test]
fn packages_config_and_deps_json() {
    let config = "eco-nuget-packages-config/packages.config";
    let out = parse_fixture(config);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let zip = package(&out, "pkg:nuget/DotNetZip.Reduced@1.9.1.8");
    assert_eq!((zip.direct, zip.locations.clone()), (true, vec![Location::new(config, Some(3))]));
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);
    let dev = parse_in(
        &fixtures(),
        "x/packages.config",
        b"<packages>\n<package id=\"Fody\" version=\"6.8.0\" developmentDependency=\"true\" />\n<package version=\"1\" />\n</packages>",
    );
    assert_eq!(codes(&dev), [("manifest-malformed", Some(3))]);
    assert_eq!(package(&dev, "pkg:nuget/Fody@6.8.0").scope, DependencyScope::Development);

    let deps = "eco-nuget-deps-json/StartupDiagnostics.deps.json";
    let out = parse_fixture(deps);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.manifests, [Manifest::new(deps, "nuget", "deps.json", Completeness::Complete)]);
    let startup = package(&out, "pkg:nuget/StartupDiagnostics@1.0.0");
    assert!(startup.direct, "the project depends on it");
    assert_eq!(startup.locations, [Location::new(deps, Some(33))]);
    assert!(startup.hashes[0].value.starts_with("c6b873b8d4b2339fdfe19b30868a09f5"));
    let project = package(&out, "pkg:nuget/store.manifest@1.0.0");
    assert!(!project.direct && project.hashes.is_empty());
    assert!(has_edge(&out, "pkg:nuget/store.manifest@1.0.0", "pkg:nuget/StartupDiagnostics@1.0.0"));
}

#[test]
fn mutated_files_never_panic() {
    let files = [
        (11, LOCK),
        (12, "eco-nuget-paket/paket.lock"),
        (13, "eco-nuget-central/src/Polly.Extensions/Polly.Extensions.csproj"),
        (14, "eco-nuget-central/src/Directory.Packages.props"),
        (15, "eco-nuget-deps-json/StartupDiagnostics.deps.json"),
        (16, "eco-nuget-packages-config/packages.config"),
    ];
    for (seed, path) in files {
        let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture");
        for mutant in Mutations::new(&bytes, seed).take(200) {
            let _ = parse_in(&fixtures(), path, &mutant);
        }
    }
}

#[test]
fn info_declares_every_code() {
    let info = Nuget::plugin_info();
    let declared: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        declared,
        ["manifest-malformed", "manifest-unsupported", "dependency-unresolved", "version-unresolved"]
    );
}
