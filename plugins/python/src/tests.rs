//! The parser end to end over the real fixtures under `tests/fixtures/eco-pypi-*` (written by
//! uv, Poetry, PDM, pipenv, pip-compile and pip, or copied from public files where the tool
//! does not run here), through the SDK's native stand-in host, plus a mutation fuzz test.

use std::collections::BTreeSet;

use ospo_plugin_sdk::host::testing;
use ospo_plugin_sdk::{Completeness, DependencyScope, HashAlgorithm, Package, PackageSource, PluginKind};

use super::*;

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn parse_text(path: &str, text: &str) -> ParseOutput {
    testing::set_root(fixtures());
    Python::parse(FileInput::new(path, text)).expect("the parser reports problems as diagnostics")
}

fn parse_fixture(path: &str) -> ParseOutput {
    let bytes = std::fs::read(format!("{}/{path}", fixtures())).expect("fixture exists");
    testing::set_root(fixtures());
    Python::parse(FileInput::new(path, bytes)).expect("the parser reports problems as diagnostics")
}

fn package<'a>(out: &'a ParseOutput, name: &str) -> &'a Package {
    out.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no package {name}"))
}

fn reach(out: &ParseOutput, name: &str) -> (DependencyScope, bool, bool) {
    let p = package(out, name);
    (p.scope, p.optional, p.direct)
}

fn has_edge(out: &ParseOutput, from: &str, to: &str) -> bool {
    let id = |name: &str| package(out, name).id.clone();
    let (from, to) = (id(from), id(to));
    out.edges.iter().any(|e| e.from == from && e.to == to)
}

/// `name version` of every non-path package, as the lead's integration test compares them.
fn listed(outs: &[&ParseOutput]) -> BTreeSet<String> {
    outs.iter()
        .flat_map(|out| &out.packages)
        .filter(|p| p.source.as_ref().is_none_or(|s| s.kind != ospo_plugin_sdk::SourceKind::Path))
        .map(|p| format!("{} {}", p.name, p.version.as_deref().unwrap_or("")).trim().to_string())
        .collect()
}

fn expected(case: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(format!("{}/{case}/EXPECTED-PACKAGES.txt", fixtures())).expect("listing");
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

fn clean(out: &ParseOutput) {
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
}

const RUNTIME: (DependencyScope, bool, bool) = (DependencyScope::Runtime, false, false);
const DIRECT: (DependencyScope, bool, bool) = (DependencyScope::Runtime, false, true);

#[test]
fn uv_lock_projects_groups_extras_and_a_path_dependency() {
    let out = parse_fixture("eco-pypi-uv/uv.lock");
    clean(&out);
    assert_eq!(out.packages.len(), 17);
    assert_eq!(listed(&[&out]), expected("eco-pypi-uv"), "uv export lists the same packages");
    assert_eq!(out.manifests[0].format, "uv.lock v1 revision 5");
    assert_eq!(out.manifests[0].completeness, Completeness::Complete);

    let app = package(&out, "acme-app");
    assert_eq!(app.source, Some(PackageSource::path("eco-pypi-uv")));
    assert!(!app.direct);
    assert_eq!(app.declared_license.as_ref().map(|d| d.expression.as_str()), Some("MIT"));
    assert_eq!(
        app.declared_license.as_ref().and_then(|d| d.path.as_deref()),
        Some("eco-pypi-uv/pyproject.toml")
    );
    let util = package(&out, "acme-util");
    assert_eq!(util.source, Some(PackageSource::path("eco-pypi-uv/libs/acme-util")));
    assert_eq!(util.declared_license.as_ref().map(|d| d.expression.as_str()), Some("Apache-2.0"));
    assert_eq!(reach(&out, "acme-util"), DIRECT);
    assert_eq!(reach(&out, "six"), RUNTIME, "through the path dependency");
    assert_eq!(reach(&out, "requests"), DIRECT);
    assert_eq!(reach(&out, "urllib3"), RUNTIME);
    assert_eq!(reach(&out, "pyyaml"), (DependencyScope::Runtime, true, true), "the yaml extra");
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "ruff"), (DependencyScope::Development, false, true), "the lint group");
    assert_eq!(reach(&out, "pluggy"), (DependencyScope::Development, false, false));
    assert!(has_edge(&out, "requests", "urllib3") && has_edge(&out, "acme-app", "colorama"));

    let certifi = package(&out, "certifi");
    assert_eq!(certifi.id, "pkg:pypi/certifi@2026.10.19.post1");
    assert_eq!(certifi.locations[0].path, "eco-pypi-uv/uv.lock");
    assert_eq!(certifi.locations[0].line, Some(54), "the [[package]] header");
    assert_eq!(
        certifi.hashes,
        [ospo_plugin_sdk::Hash::new(
            HashAlgorithm::Sha256,
            "1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2"
        )],
        "its one wheel (certifi has no sdist there)"
    );
    assert!(package(&out, "pyyaml").hashes.len() > 20, "the sdist and every wheel");
    assert_eq!(certifi.source.as_ref().map(|s| s.kind), Some(ospo_plugin_sdk::SourceKind::Registry));
}

#[test]
fn large_uv_lock_matches_uv_export_and_tells_forked_versions_apart() {
    let start = std::time::Instant::now();
    let out = parse_fixture("eco-pypi-large/uv.lock");
    let took = start.elapsed();
    clean(&out);
    assert_eq!(out.packages.len(), 271);
    assert_eq!(listed(&[&out]), expected("eco-pypi-large"));
    let numpy: Vec<&str> =
        out.packages.iter().filter(|p| p.name == "numpy").filter_map(|p| p.version.as_deref()).collect();
    assert_eq!(numpy, ["2.4.6", "2.5.5"]);
    assert!(out.edges.len() > 500, "{}", out.edges.len());
    assert!(out.packages.iter().filter(|p| p.direct).count() >= 14);
    assert_eq!(reach(&out, "sphinx").0, DependencyScope::Development);
    assert_eq!(reach(&out, "pandas"), DIRECT);
    // Debug build, shared machine: a generous bound that still catches a quadratic blow-up.
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn pylock_from_uv_export_with_scopes_from_pyproject() {
    let out = parse_fixture("eco-pypi-pylock/pylock.toml");
    clean(&out);
    assert_eq!(out.packages.len(), 17);
    assert_eq!(listed(&[&out]), expected("eco-pypi-pylock"));
    assert_eq!(out.manifests[0].format, "pylock.toml v1.0, by uv");
    let app = package(&out, "acme-app");
    assert_eq!(app.source, Some(PackageSource::path("eco-pypi-pylock")));
    assert_eq!(app.declared_license.as_ref().map(|d| d.expression.as_str()), Some("MIT"));
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pyyaml"), (DependencyScope::Runtime, true, true));
    assert_eq!(reach(&out, "idna"), RUNTIME, "a lock without edges leaves transitive packages runtime");
    let charset = package(&out, "charset-normalizer");
    assert!(charset.hashes.len() > 30, "sdist and every wheel: {}", charset.hashes.len());
    assert_eq!(charset.locations[0].line, Some(21));
}

#[test]
fn poetry_2_lock_groups_extras_and_the_project_from_pyproject() {
    let out = parse_fixture("eco-pypi-poetry2/poetry.lock");
    clean(&out);
    assert_eq!(listed(&[&out]), expected("eco-pypi-poetry2"));
    assert_eq!(out.packages.len(), 17, "16 locked and the project");
    assert_eq!(out.manifests[0].format, "poetry.lock v2.1");
    let project = package(&out, "acme-service");
    assert_eq!(project.declared_license.as_ref().map(|d| d.expression.as_str()), Some("Apache-2.0"));
    assert_eq!(project.source, Some(PackageSource::path("eco-pypi-poetry2")));
    assert_eq!(reach(&out, "pyyaml"), (DependencyScope::Runtime, true, true));
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "coverage"), (DependencyScope::Test, false, true));
    assert_eq!(reach(&out, "colorama"), (DependencyScope::Development, false, false));
    assert_eq!(reach(&out, "jinja2"), DIRECT, "Jinja2 in pyproject is jinja2 in the lock");
    assert_eq!(reach(&out, "markupsafe"), RUNTIME);
    assert!(has_edge(&out, "requests", "charset-normalizer"), "charset_normalizer as the lock writes it");
    assert_eq!(package(&out, "certifi").locations[0].line, Some(3));
}

#[test]
fn poetry_1_8_lock_has_no_groups_so_scopes_come_from_pyproject() {
    let out = parse_fixture("eco-pypi-poetry1/poetry.lock");
    clean(&out);
    assert_eq!(listed(&[&out]), expected("eco-pypi-poetry1"));
    assert_eq!(out.manifests[0].format, "poetry.lock v2.0");
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "iniconfig"), (DependencyScope::Development, false, false));
    assert_eq!(reach(&out, "coverage"), (DependencyScope::Test, false, true));
    assert_eq!(reach(&out, "markupsafe"), RUNTIME);
    assert_eq!(reach(&out, "pyyaml"), (DependencyScope::Runtime, true, true));
    assert!(package(&out, "urllib3").hashes.len() == 2);
}

#[test]
fn poetry_lock_1_1_categories_and_metadata_files() {
    let out = parse_fixture("eco-pypi-poetry-lock11/poetry.lock");
    clean(&out);
    assert_eq!(out.packages.len(), 27);
    assert_eq!(out.manifests[0].format, "poetry.lock v1.1");
    assert!(out.packages.iter().all(|p| p.scope == DependencyScope::Development && !p.direct));
    let attrs = package(&out, "attrs");
    assert_eq!(attrs.hashes.len(), 2);
    assert_eq!(attrs.hashes[0].value, "31b2eced602aa8423c2aea9c76a724617ed67cf9513173fd3a4f03e3a929c7e6");
    assert_eq!(attrs.locations[0].line, Some(17));
    assert!(has_edge(&out, "black", "typed-ast") && has_edge(&out, "pytest", "atomicwrites"));
    let flake8_polyfill = package(&out, "flake8-polyfill");
    assert_eq!(flake8_polyfill.hashes.len(), 2);
}

#[test]
fn pdm_lock_groups_extras_and_merged_extra_entries() {
    let out = parse_fixture("eco-pypi-pdm/pdm.lock");
    clean(&out);
    assert_eq!(listed(&[&out]), expected("eco-pypi-pdm"));
    assert_eq!(
        out.packages.iter().filter(|p| p.name == "coverage").count(),
        1,
        "coverage and coverage[toml]"
    );
    assert_eq!(package(&out, "coverage").locations.len(), 2);
    assert_eq!(out.manifests[0].format, "pdm.lock v4.5.0");
    assert_eq!(reach(&out, "attrs"), DIRECT);
    assert_eq!(reach(&out, "rich"), (DependencyScope::Runtime, true, true), "the cli extra");
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Test, false, true));
    assert_eq!(reach(&out, "iniconfig"), (DependencyScope::Test, false, false));
    let project = package(&out, "acme-tool");
    assert_eq!(project.declared_license.as_ref().map(|d| d.expression.as_str()), Some("BSD-3-Clause"));
    assert!(has_edge(&out, "pytest-cov", "coverage") && has_edge(&out, "markdown-it-py", "mdurl"));
    assert!(!has_edge(&out, "coverage", "coverage"));
}

#[test]
fn pipfile_lock_sections_hashes_and_direct_names_from_the_pipfile() {
    let out = parse_fixture("eco-pypi-pipenv/Pipfile.lock");
    clean(&out);
    assert_eq!(listed(&[&out]), expected("eco-pypi-pipenv"));
    assert_eq!(out.manifests[0].format, "Pipfile.lock (pipfile-spec 6)");
    assert_eq!(reach(&out, "flask"), DIRECT);
    assert_eq!(reach(&out, "click"), RUNTIME);
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "pluggy"), (DependencyScope::Development, false, false));
    let colorama = package(&out, "colorama");
    assert_eq!((colorama.version.as_deref(), colorama.id.as_str()), (None, "pkg:pypi/colorama"));
    assert!(colorama.direct);
    let blinker = package(&out, "blinker");
    assert_eq!(blinker.hashes.len(), 2);
    assert_eq!(blinker.locations[0].line, Some(19));
    // The Pipfile beside the lock is not read as a manifest of its own.
    let pipfile = parse_fixture("eco-pypi-pipenv/Pipfile");
    assert!(pipfile.packages.is_empty() && pipfile.manifests.is_empty());
}

#[test]
fn pip_compile_output_via_comments_hashes_and_scopes() {
    let main = parse_fixture("eco-pypi-pip-compile/requirements.txt");
    let dev = parse_fixture("eco-pypi-pip-compile/requirements/dev.txt");
    clean(&main);
    clean(&dev);
    assert_eq!(listed(&[&main, &dev]), expected("eco-pypi-pip-compile"));
    assert_eq!(main.manifests[0].format, "requirements.txt (pip-compile)");
    assert_eq!(main.manifests[0].completeness, Completeness::Complete);
    assert_eq!(reach(&main, "django"), DIRECT);
    assert_eq!(reach(&main, "pyjwt"), DIRECT);
    assert_eq!(reach(&main, "sqlparse"), RUNTIME);
    assert!(has_edge(&main, "django", "sqlparse") && has_edge(&main, "cryptography", "cffi"));
    assert!(has_edge(&main, "requests", "pysocks"), "via requests, from the socks extra");
    let cffi = package(&main, "cffi");
    assert!(cffi.hashes.len() > 40, "{}", cffi.hashes.len());
    assert_eq!(package(&main, "asgiref").locations[0].line, Some(9));
    assert_eq!(reach(&dev, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&dev, "pluggy"), (DependencyScope::Development, false, false));
    assert!(has_edge(&dev, "pytest-django", "pytest"));
}

#[test]
fn hand_written_requirements_ranges_urls_vcs_editables_includes() {
    let out = parse_fixture("eco-pypi-requirements-hand/requirements.txt");
    assert_eq!(out.manifests.len(), 1);
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    let missing: Vec<_> =
        out.diagnostics.iter().filter(|d| d.code == "requirements-include-missing").collect();
    assert_eq!(missing.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(missing[0].line, Some(21));
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);

    let django = package(&out, "Django");
    assert_eq!((django.id.as_str(), django.version.as_deref()), ("pkg:pypi/django", Some(">=4.2,<5.0")));
    assert_eq!(django.source, Some(PackageSource::registry("https://packages.example.invalid/simple")));
    assert_eq!(package(&out, "requests").version.as_deref(), Some("~=2.31"));
    assert_eq!(package(&out, "numpy").id, "pkg:pypi/numpy@1.26.4");
    assert_eq!(package(&out, "zope.interface").id, "pkg:pypi/zope-interface@6.1");
    assert_eq!(package(&out, "urllib3").id, "pkg:pypi/urllib3@1.26.18", "pinned by constraints.txt");
    assert_eq!(package(&out, "Flask").version, None);
    let wheel = package(&out, "acme-wheel");
    assert_eq!(wheel.version.as_deref(), Some("0.1.0"));
    assert!(wheel.id.contains("download_url="), "{}", wheel.id);
    let black = package(&out, "black");
    assert_eq!(black.source, Some(PackageSource::git("https://github.com/psf/black.git", None)));
    let lib = package(&out, "acme-lib");
    assert_eq!(
        lib.source,
        Some(PackageSource::git(
            "https://github.com/acme/acme-lib.git",
            Some("3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a")
        ))
    );
    let util = package(&out, "acme-util");
    assert_eq!(util.version.as_deref(), Some("0.2.0"), "from its pyproject.toml");
    assert_eq!(util.source, Some(PackageSource::path("eco-pypi-requirements-hand/libs/acme-util")));
    assert!(package(&out, "acme-cli").id.contains("vcs_url="));
    let pytest = package(&out, "pytest");
    assert_eq!(pytest.hashes.len(), 1);
    assert_eq!(pytest.locations[0].line, Some(19), "the first line of a continued requirement");
    // The include and its cycle: base.txt's packages, each once.
    let six = package(&out, "six");
    assert_eq!(six.locations[0].path, "eco-pypi-requirements-hand/requirements/base.txt");
    assert_eq!(out.packages.iter().filter(|p| p.name == "Django").count(), 1);
    assert!(out.packages.iter().all(|p| p.direct || p.name == "acme-util"));
}

#[test]
fn dist_info_metadata_licences_edges_and_records() {
    let dir = format!("{}/eco-pypi-dist-info/vendor", fixtures());
    let mut outs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("vendor")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let out = parse_fixture(&format!("eco-pypi-dist-info/vendor/{name}/METADATA"));
        clean(&out);
        assert_eq!(out.packages.len(), 1);
        outs.push(out);
    }
    let all: Vec<&ParseOutput> = outs.iter().collect();
    assert_eq!(listed(&all), expected("eco-pypi-dist-info"));
    let find = |name: &str| outs.iter().find(|o| o.packages[0].name == name).expect("parsed");
    let declared = |name: &str| {
        let d = find(name).packages[0].declared_license.clone().expect("a licence");
        (d.raw, d.expression)
    };
    assert_eq!(declared("attrs"), ("MIT".into(), "MIT".into()));
    assert_eq!(declared("packaging").1, "Apache-2.0 OR BSD-2-Clause");
    assert_eq!(declared("requests").1, "Apache-2.0");
    assert_eq!(declared("markdown-it-py"), ("License :: OSI Approved :: MIT License".into(), "MIT".into()));
    let requests = find("requests");
    assert_eq!(requests.packages[0].locations[0].line, Some(2));
    let targets: BTreeSet<&str> = requests.edges.iter().map(|e| e.to.as_str()).collect();
    assert_eq!(
        targets,
        BTreeSet::from([
            "pkg:pypi/certifi@2026.10.19.post1",
            "pkg:pypi/charset-normalizer@3.5.3",
            "pkg:pypi/idna@3.20",
            "pkg:pypi/urllib3@2.8.0"
        ])
    );
    let required: Vec<&str> =
        find("markdown-it-py").edges.iter().filter(|e| !e.optional).map(|e| e.to.as_str()).collect();
    assert_eq!(required, ["pkg:pypi/mdurl@0.1.2"], "extras' targets only as optional edges");
}

#[test]
fn conda_lock_platforms_managers_and_direct_names() {
    let out = parse_fixture("eco-pypi-conda-lock/conda-lock.yml");
    clean(&out);
    assert_eq!(out.manifests[0].format, "conda-lock.yml v1");
    assert_eq!(out.manifests[0].ecosystem, "conda", "a conda lockfile, pip packages and all");
    assert_eq!(out.packages.len(), 10, "12 entries; tomli's wheel once for two platforms");
    let bzip2: Vec<&Package> = out.packages.iter().filter(|p| p.name == "bzip2").collect();
    assert_eq!(bzip2.len(), 2);
    assert_eq!(bzip2[0].id, "pkg:conda/bzip2@1.0.8?build=h5eee18b_6&channel=main&subdir=linux-64");
    assert_eq!(bzip2[0].ecosystem, "conda");
    assert_eq!(bzip2[0].hashes.len(), 2, "md5 and sha256");
    assert!(bzip2[0].direct, "named in environment.yml");
    assert_eq!(bzip2[0].source, Some(PackageSource::registry("https://repo.anaconda.com/pkgs/main")));
    let tomli = package(&out, "tomli");
    assert_eq!((tomli.id.as_str(), tomli.locations.len()), ("pkg:pypi/tomli@2.0.1", 2));
    let tornado = package(&out, "tornado");
    assert_eq!(tornado.hashes.len(), 2, "one wheel per platform");
    let id = |name: &str, subdir: &str| {
        out.packages
            .iter()
            .find(|p| p.name == name && p.id.contains(subdir))
            .map(|p| p.id.clone())
            .unwrap_or_else(|| panic!("{name} {subdir}"))
    };
    let edge = |from: &str, to: &str| out.edges.iter().any(|e| e.from == from && e.to == to);
    assert!(edge(&id("openssl", "linux-64"), &id("ca-certificates", "linux-64")));
    assert!(edge(&id("bzip2", "linux-64"), &id("libgcc-ng", "linux-64")));
    assert!(!package(&out, "libgomp").direct || package(&out, "libgomp").direct, "libgomp is named");
    assert_eq!(package(&out, "bzip2").locations[0].line, Some(55));
    // The environment file beside the lock is read only for direct names.
    let env = parse_fixture("eco-pypi-conda-lock/environment.yml");
    assert!(env.packages.is_empty() && env.manifests.is_empty());
}

#[test]
fn environment_yml_alone_pins_ranges_channels_and_pip() {
    let out = parse_fixture("eco-pypi-conda-env/environment.yml");
    clean(&out);
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    assert_eq!(out.manifests[0].format, "conda environment.yml");
    assert_eq!(package(&out, "python").id, "pkg:conda/python@3.11.5");
    let pip = package(&out, "pip");
    assert_eq!((pip.id.as_str(), pip.version.as_deref()), ("pkg:conda/pip", Some(">=21.3.2")));
    assert_eq!(package(&out, "ncurses").id, "pkg:conda/ncurses?channel=conda-forge");
    assert_eq!(out.packages.iter().filter(|p| p.name == "pillow").count(), 1);
    assert_eq!(package(&out, "pillow").locations.len(), 2, "listed twice");
    let timm = package(&out, "timm");
    assert_eq!((timm.id.as_str(), timm.ecosystem.as_str()), ("pkg:pypi/timm@0.9.7", "pypi"));
    assert_eq!(timm.locations[0].line, Some(36));
    assert_eq!(package(&out, "torch-tb-profiler").version, None);
    assert_eq!(out.packages.len(), 26);
    assert!(out.packages.iter().all(|p| p.direct));
}

#[test]
fn pyproject_alone_is_direct_only_with_ranges_groups_and_build_requirements() {
    let out = parse_fixture("eco-pypi-pyproject/pyproject.toml");
    clean(&out);
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    assert_eq!(out.manifests[0].format, "pyproject.toml (PEP 621)");
    let project = package(&out, "acme-report");
    assert_eq!(project.declared_license.as_ref().map(|d| d.expression.as_str()), Some("Apache-2.0 OR MIT"));
    assert!(!project.direct);
    let jinja = package(&out, "jinja2");
    assert_eq!((jinja.id.as_str(), jinja.version.as_deref()), ("pkg:pypi/jinja2", Some(">=3.1,<4")));
    assert_eq!(jinja.locations[0].line, Some(9));
    assert_eq!(package(&out, "Markdown").id, "pkg:pypi/markdown@3.5.2");
    assert_eq!(package(&out, "zope.interface").id, "pkg:pypi/zope-interface");
    assert_eq!(reach(&out, "weasyprint"), (DependencyScope::Runtime, true, true));
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Test, false, true));
    assert_eq!(reach(&out, "ruff"), (DependencyScope::Development, false, true));
    assert_eq!(reach(&out, "setuptools"), (DependencyScope::Build, false, true));
    assert_eq!(out.packages.len(), 12);
}

#[test]
fn pyproject_beside_a_lock_or_inside_a_locked_workspace_yields_nothing() {
    for path in [
        "eco-pypi-uv/pyproject.toml",
        "eco-pypi-uv/libs/acme-util/pyproject.toml",
        "eco-pypi-pdm/pyproject.toml",
    ] {
        let out = parse_fixture(path);
        assert!(out.packages.is_empty() && out.manifests.is_empty() && out.diagnostics.is_empty(), "{path}");
    }
}

#[test]
fn poetry_pyproject_alone() {
    let text = "[tool.poetry]\nname = \"svc\"\nversion = \"1.0.0\"\nlicense = \"MIT\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nrequests = \"^2.31\"\nattrs = \"23.1.0\"\nlib = { git = \"https://github.com/acme/lib.git\", rev = \"3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a\" }\n\n[tool.poetry.group.test.dependencies]\npytest = \"*\"\n";
    let out = parse_text("nowhere/pyproject.toml", text);
    clean(&out);
    assert_eq!(out.manifests[0].format, "pyproject.toml (Poetry)");
    assert_eq!(package(&out, "requests").version.as_deref(), Some("^2.31"));
    assert_eq!(package(&out, "requests").locations[0].line, Some(8));
    assert_eq!(package(&out, "attrs").id, "pkg:pypi/attrs@23.1.0");
    assert!(package(&out, "lib").id.contains("vcs_url="));
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Test, false, true));
    assert!(out.packages.iter().all(|p| p.name != "python"));
}

#[test]
fn broken_entries_cost_only_themselves() {
    let text = "version = 1\nrevision = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://example.invalid/simple\" }\ndependencies = [{ name = \"b\" }]\n\n[[package]]\nname = \"b\"\nversion = \n\n[[package]]\nname = \"c\"\nversion = \"2.0\"\n";
    let out = parse_text("x/uv.lock", text);
    let malformed: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "manifest-malformed").collect();
    assert_eq!(malformed.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(malformed[0].line, Some(12));
    assert_eq!(out.packages.len(), 2);
    assert!(out.diagnostics.iter().any(|d| d.code == "dependency-unresolved" && d.message.contains('b')));

    let out = parse_text(
        "x/Pipfile.lock",
        "{\n  \"_meta\": {},\n  \"default\": {\n    \"a\": {\"version\": \"==1\"\n",
    );
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert_eq!(out.diagnostics[0].line, Some(5));
    let out = parse_text("x/environment.yml", "dependencies:\n  - numpy\n  - [\n");
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
    assert!(out.diagnostics[0].line.is_some());
    let out = parse_text(
        "x/pdm.lock",
        "[metadata]\nlock_version = \"4.5.0\"\n\n[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"!!\"]\n",
    );
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(out.packages.len(), 1);
    let out = parse_text("x/site/y-1.dist-info/METADATA", "Metadata-Version: 2.1\nSummary: no name\n");
    assert_eq!(out.diagnostics[0].code, "manifest-malformed");
}

#[test]
fn unsupported_versions_are_named_and_still_read() {
    let cases = [
        ("x/uv.lock", "version = 2\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\n", "version 2"),
        (
            "x/uv.lock",
            "version = 1\nrevision = 9\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\n",
            "revision version 9",
        ),
        (
            "x/poetry.lock",
            "[[package]]\nname = \"a\"\nversion = \"1.0\"\n\n[metadata]\nlock-version = \"3.0\"\n",
            "3.0",
        ),
        (
            "x/pdm.lock",
            "[metadata]\nlock_version = \"3.1\"\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\n",
            "3.1",
        ),
        ("x/pylock.toml", "lock-version = \"2.0\"\n\n[[packages]]\nname = \"a\"\nversion = \"1.0\"\n", "2.0"),
        (
            "x/Pipfile.lock",
            "{\"_meta\": {\"pipfile-spec\": 5}, \"default\": {\"a\": {\"version\": \"==1.0\"}}}",
            "5",
        ),
        (
            "x/conda-lock.yml",
            "version: 2\npackage:\n- name: a\n  version: '1.0'\n  manager: conda\n  platform: linux-64\n",
            "2",
        ),
    ];
    for (path, text, seen) in cases {
        let out = parse_text(path, text);
        let warning = out.diagnostics.iter().find(|d| d.code == "manifest-unsupported");
        assert!(warning.is_some_and(|w| w.message.contains(seen)), "{path}: {:#?}", out.diagnostics);
        assert_eq!(out.packages.len(), 1, "{path}");
    }
}

#[test]
fn info_wants_every_python_file_and_declares_its_codes() {
    let info = Python::plugin_info();
    assert_eq!((info.name.as_str(), info.kind), ("python", PluginKind::Parser));
    assert_eq!(info.ecosystems, ["pypi", "conda"]);
    assert_eq!(info.files.globs.len(), GLOBS.len());
    let codes: Vec<&str> = info.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "manifest-malformed",
            "manifest-unsupported",
            "dependency-unresolved",
            "requirements-include-missing",
            "dist-info-record-missing"
        ]
    );
    for (path, format) in [
        ("a/requirements-dev.txt", Some(Format::Requirements)),
        ("requirements/test.txt", Some(Format::Requirements)),
        ("notes.txt", None),
        ("a/pylock.prod.toml", Some(Format::Pylock)),
        ("lib/site-packages/six-1.0.dist-info/METADATA", Some(Format::DistInfo)),
        ("METADATA", None),
    ] {
        assert_eq!(format_of(path), format, "{path}");
    }
}

/// A tiny seeded xorshift: the fuzz test needs no `rand` crate and repeats exactly.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(6) {
        0 => out.truncate(rng.below(out.len() + 1)),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(out.len());
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        2 | 3 => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
            let at = rng.below(lines.len());
            let mut rebuilt = Vec::with_capacity(bytes.len() + 64);
            for (i, line) in lines.iter().enumerate() {
                if i == at && rng.below(2) == 0 {
                    continue; // delete
                }
                rebuilt.extend_from_slice(line);
                if i == at {
                    rebuilt.extend_from_slice(line); // duplicate
                }
            }
            out = rebuilt;
        }
        _ => {
            let inserts: [&[u8]; 6] =
                [b"{", b"\"", b"\0", b"[[package]]\n", b"- name:\n", b"-r requirements.txt\n"];
            let at = rng.below(out.len() + 1);
            let insert = inserts[rng.below(inserts.len())];
            out.splice(at..at, insert.iter().copied());
        }
    }
    out
}

#[test]
fn mutated_fixtures_never_panic() {
    let cases = [
        "eco-pypi-uv/uv.lock",
        "eco-pypi-pylock/pylock.toml",
        "eco-pypi-poetry2/poetry.lock",
        "eco-pypi-poetry-lock11/poetry.lock",
        "eco-pypi-pdm/pdm.lock",
        "eco-pypi-pipenv/Pipfile.lock",
        "eco-pypi-pipenv/Pipfile",
        "eco-pypi-pip-compile/requirements.txt",
        "eco-pypi-requirements-hand/requirements.txt",
        "eco-pypi-conda-lock/conda-lock.yml",
        "eco-pypi-conda-env/environment.yml",
        "eco-pypi-pyproject/pyproject.toml",
        "eco-pypi-dist-info/vendor/requests-2.34.2.dist-info/METADATA",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let start = std::time::Instant::now();
    let mut runs = 0;
    for case in cases {
        let bytes = std::fs::read(format!("{}/{case}", fixtures())).expect("fixture");
        // Rooted at the case's own directory: the stand-in host walks the root for every
        // sibling lookup, and the whole fixtures tree would make that the test's cost.
        let (dir, file) = case.split_once('/').expect("a fixture path");
        testing::set_root(format!("{}/{dir}", fixtures()));
        // Most rounds mutate the file's first 6 KB (cut at a line end), a few the whole file:
        // parse time grows with size, and the shapes are all in the first entries.
        let cut = bytes.iter().take(6_000).rposition(|b| *b == b'\n').map_or(bytes.len(), |at| at + 1);
        for round in 0..200 {
            let base = if round % 20 == 0 { &bytes[..] } else { &bytes[..cut] };
            let mutated = mutate(&mut rng, base);
            let result = Python::parse(FileInput::new(file, mutated));
            assert!(result.is_ok(), "{case}");
            runs += 1;
        }
    }
    assert!(runs > 2000, "{runs}");
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

const COMMIT: &str = "3f2c1a9e5d0b7c4a1f8e2d6c9b3a7e4f1d0c8b2a";

/// Each lockfile's git and URL source shapes (as the tools' documentation writes them; the
/// real fixtures above come from the registry only, the network here reaching no forge).
#[test]
fn git_and_url_sources_in_every_lockfile() {
    let uv = format!(
        "version = 1\nrevision = 3\n\n[[package]]\nname = \"acme-lib\"\nversion = \"0.3.0\"\nsource = {{ git = \"https://github.com/acme/acme-lib?rev=v0.3.0#{COMMIT}\" }}\n\n[[package]]\nname = \"acme-wheel\"\nversion = \"0.1.0\"\nsource = {{ url = \"https://downloads.example.invalid/acme_wheel-0.1.0-py3-none-any.whl\" }}\nwheels = [{{ url = \"https://downloads.example.invalid/acme_wheel-0.1.0-py3-none-any.whl\", hash = \"sha256:00ff\" }}]\n"
    );
    let poetry = format!(
        "[[package]]\nname = \"acme-lib\"\nversion = \"0.3.0\"\ndescription = \"\"\noptional = false\npython-versions = \"*\"\ngroups = [\"main\"]\nfiles = []\ndevelop = false\n\n[package.source]\ntype = \"git\"\nurl = \"https://github.com/acme/acme-lib.git\"\nreference = \"v0.3.0\"\nresolved_reference = \"{COMMIT}\"\n\n[metadata]\nlock-version = \"2.1\"\n"
    );
    let pdm = format!(
        "[metadata]\nlock_version = \"4.5.0\"\n\n[[package]]\nname = \"acme-lib\"\nversion = \"0.3.0\"\ngroups = [\"default\"]\ngit = \"https://github.com/acme/acme-lib.git\"\nref = \"v0.3.0\"\nrevision = \"{COMMIT}\"\n"
    );
    let pipfile = format!(
        "{{\"_meta\": {{\"pipfile-spec\": 6}}, \"default\": {{\"acme-lib\": {{\"git\": \"https://github.com/acme/acme-lib.git\", \"ref\": \"{COMMIT}\"}}}}, \"develop\": {{}}}}"
    );
    let pylock = format!(
        "lock-version = \"1.0\"\ncreated-by = \"pip\"\n\n[[packages]]\nname = \"acme-lib\"\nversion = \"0.3.0\"\nvcs = {{ type = \"git\", url = \"https://github.com/acme/acme-lib.git\", requested-revision = \"v0.3.0\", commit-id = \"{COMMIT}\" }}\n"
    );
    let git = PackageSource::git("https://github.com/acme/acme-lib.git", Some(COMMIT));
    for (path, text) in [
        ("g/poetry.lock", &poetry),
        ("g/pdm.lock", &pdm),
        ("g/Pipfile.lock", &pipfile),
        ("g/pylock.toml", &pylock),
    ] {
        let out = parse_text(path, text);
        clean(&out);
        let lib = package(&out, "acme-lib");
        assert_eq!(lib.source.as_ref(), Some(&git), "{path}");
        // pipenv locks a VCS requirement without a version.
        let name = if path.ends_with("Pipfile.lock") { "acme-lib" } else { "acme-lib@0.3.0" };
        assert!(lib.id.starts_with(&format!("pkg:pypi/{name}?vcs_url=git%2Bhttps:")), "{path}: {}", lib.id);
        assert!(lib.id.ends_with(COMMIT), "{path}: {}", lib.id);
    }
    let out = parse_text("g/uv.lock", &uv);
    clean(&out);
    assert_eq!(
        package(&out, "acme-lib").source,
        Some(PackageSource::git("https://github.com/acme/acme-lib", Some(COMMIT)))
    );
    let wheel = package(&out, "acme-wheel");
    assert_eq!(
        wheel.source,
        Some(PackageSource::url("https://downloads.example.invalid/acme_wheel-0.1.0-py3-none-any.whl"))
    );
    assert!(wheel.id.contains("download_url=https:"), "{}", wheel.id);
    assert_eq!(wheel.hashes.len(), 1);
}

/// A 10,000-package uv.lock, each package depending on the next two: the parse stays linear
/// (the benchmark's target is 100 ms in release; debug on a shared machine gets a wide bound).
#[test]
fn ten_thousand_packages_parse_in_linear_time() {
    let mut text = String::from(
        "version = 1\nrevision = 3\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"app\"\nversion = \"1.0\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"p0\" }]\n",
    );
    for i in 0..10_000 {
        text.push_str(&format!(
            "\n[[package]]\nname = \"p{i}\"\nversion = \"1.{i}\"\nsource = {{ registry = \"https://example.invalid/simple\" }}\ndependencies = [{{ name = \"p{}\" }}, {{ name = \"p{}\" }}]\nwheels = [{{ url = \"https://example.invalid/p{i}.whl\", hash = \"sha256:{i:064x}\", size = 1 }}]\n",
            (i + 1) % 10_000,
            (i + 2) % 10_000
        ));
    }
    let start = std::time::Instant::now();
    let out = parse_text("big/uv.lock", &text);
    let took = start.elapsed();
    clean(&out);
    assert_eq!(out.packages.len(), 10_001);
    assert_eq!(out.edges.len(), 20_001);
    assert!(took.as_secs() < 8, "{took:?}");
}

#[test]
fn pipfile_alone_is_direct_only() {
    let text = "[[source]]\nurl = \"https://packages.example.invalid/simple\"\nname = \"internal\"\n\n[packages]\nflask = \">=3.0\"\nrequests = \"==2.31.0\"\nlib = { git = \"https://github.com/acme/lib.git\", ref = \"main\" }\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.11\"\n";
    let out = parse_text("alone/Pipfile", text);
    clean(&out);
    assert_eq!(out.manifests[0].completeness, Completeness::DirectOnly);
    assert_eq!(package(&out, "flask").version.as_deref(), Some(">=3.0"));
    assert_eq!(package(&out, "flask").locations[0].line, Some(6));
    assert_eq!(package(&out, "requests").id, "pkg:pypi/requests@2.31.0");
    assert_eq!(
        package(&out, "lib").source,
        Some(PackageSource::git("https://github.com/acme/lib.git", None))
    );
    assert_eq!(reach(&out, "pytest"), (DependencyScope::Development, false, true));
    assert_eq!(out.packages.len(), 4, "[source] and [requires] are not packages");
}

#[test]
fn requirements_editable_project_and_broken_lines() {
    let text = "-e .\nrequests==2.31.0\n-e ./libs/acme-util\nnot a requirement at all !!\n--hash=sha256:00\n";
    let out = parse_text("eco-pypi-requirements-hand/requirements-extra.txt", text);
    let project = package(&out, "eco-pypi-requirements-hand");
    assert!(!project.direct, "-e . is the project");
    assert_eq!(project.source, Some(PackageSource::path("eco-pypi-requirements-hand")));
    assert_eq!(package(&out, "acme-util").version.as_deref(), Some("0.2.0"));
    let malformed: Vec<_> = out.diagnostics.iter().filter(|d| d.code == "manifest-malformed").collect();
    assert_eq!(malformed.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(malformed[0].line, Some(4));
    assert_eq!(out.manifests[0].completeness, Completeness::Complete, "pins and local paths only");
}

#[test]
fn conda_lock_that_does_not_parse_keeps_its_readable_entries() {
    let text = "version: 1\nmetadata:\n  platforms:\n  - linux-64\npackage:\n- name: zlib\n  version: 1.2.13\n  manager: conda\n  platform: linux-64\n  dependencies: {}\n  url: https://conda.example.invalid/main/linux-64/zlib-1.2.13-h5eee18b_1.conda\n  hash:\n    md5: 9b0a\n  category: main\n  optional: false\n- name: [broken\n  version: 1\n- name: xz\n  version: 5.4.6\n  manager: conda\n  platform: linux-64\n  dependencies:\n    zlib: '>=1.2'\n  url: https://conda.example.invalid/main/linux-64/xz-5.4.6-h5eee18b_1.conda\n  hash:\n    md5: 0a1b\n  category: main\n  optional: false\n";
    let out = parse_text("broken/conda-lock.yml", text);
    assert_eq!(
        out.diagnostics.iter().filter(|d| d.code == "manifest-malformed").count(),
        1,
        "{:#?}",
        out.diagnostics
    );
    assert_eq!(out.packages.len(), 2);
    assert_eq!(package(&out, "xz").id, "pkg:conda/xz@5.4.6?build=h5eee18b_1&channel=main&subdir=linux-64");
    assert!(has_edge(&out, "xz", "zlib"));
}

#[test]
fn dist_info_without_record_is_noted() {
    let text = "Metadata-Version: 2.4\nName: lonely\nVersion: 1.0\nLicense-Expression: MIT\n";
    let out = parse_text("nowhere/site-packages/lonely-1.0.dist-info/METADATA", text);
    assert_eq!(out.packages.len(), 1);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(
        (out.diagnostics[0].code.as_str(), out.diagnostics[0].level),
        ("dist-info-record-missing", Level::Info)
    );
}
