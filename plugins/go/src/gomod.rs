//! `go.mod`: the main module, its requirements with `replace` applied, and the tools it names.

use ospo_plugin_sdk::{
    Completeness, DependencyEdge, DependencyScope, Diagnostic, HashAlgorithm, Level, Manifest, Package,
    ParseOutput,
};

use crate::module::{self, Replace, Target};
use crate::{ECOSYSTEM, gosum, modfile};

/// One `require`.
#[derive(Debug, Clone)]
pub struct Require {
    pub path: String,
    pub version: String,
    pub indirect: bool,
    pub line: u32,
}

/// A go.mod as written.
#[derive(Debug, Clone, Default)]
pub struct GoMod {
    /// The module path and its line.
    pub module: Option<(String, u32)>,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    pub requires: Vec<Require>,
    pub replaces: Vec<Replace>,
    /// Package paths of `tool` directives, with their lines.
    pub tools: Vec<(String, u32)>,
}

impl GoMod {
    /// Every module path the file names as a dependency: required, or a replacement's target.
    pub fn module_paths(&self) -> Vec<&str> {
        let required = self.requires.iter().map(|r| r.path.as_str());
        let targets = self.replaces.iter().filter_map(|r| match &r.target {
            Target::Module { path, .. } => Some(path.as_str()),
            Target::Dir(_) => None,
        });
        required.chain(targets).collect()
    }

    /// The required module providing the package `tool`, the longest path that is a prefix.
    fn tool_module(&self, tool: &str) -> Option<&str> {
        self.requires
            .iter()
            .map(|r| r.path.as_str())
            .filter(|m| tool == *m || tool.strip_prefix(m).is_some_and(|rest| rest.starts_with('/')))
            .max_by_key(|m| m.len())
    }
}

/// A line that does not parse or is not understood.
#[derive(Debug, Clone)]
pub struct Problem {
    pub line: u32,
    pub code: &'static str,
    pub level: Level,
    pub message: String,
}

impl Problem {
    fn malformed(line: u32, message: String) -> Self {
        Problem { line, code: "manifest-malformed", level: Level::Error, message }
    }
}

/// Reads a go.mod; what does not parse is a problem and the rest is kept.
pub fn read(text: &str) -> (GoMod, Vec<Problem>) {
    let (directives, errors) = modfile::parse(text);
    let mut problems: Vec<Problem> =
        errors.into_iter().map(|e| Problem::malformed(e.line, e.message)).collect();
    let mut m = GoMod::default();
    for d in directives {
        let line = d.line;
        match (d.verb.as_str(), d.args.as_slice()) {
            ("module", [path, ..]) => m.module = Some((path.clone(), line)),
            ("go", [version]) => m.go = Some(version.clone()),
            ("toolchain", [name]) => m.toolchain = Some(name.clone()),
            ("require", [path, version]) => {
                m.requires.push(Require {
                    path: path.clone(),
                    version: version.clone(),
                    indirect: d.indirect(),
                    line,
                });
            }
            ("replace", args) => match module::parse_replace(args, line) {
                Ok(replace) => m.replaces.push(replace),
                Err(why) => problems.push(Problem::malformed(line, why)),
            },
            ("tool", [path]) => m.tools.push((path.clone(), line)),
            // Versions never built (exclude), the module's own withdrawn versions (retract),
            // runtime settings (godebug) and directories the go command skips (ignore, 1.25).
            ("exclude", [_, _]) | ("retract", [_, ..]) | ("godebug", [_, ..]) | ("ignore", [_, ..]) => {}
            (
                "module" | "go" | "toolchain" | "require" | "tool" | "exclude" | "retract" | "godebug"
                | "ignore",
                _,
            ) => {
                problems.push(Problem::malformed(line, format!("`{}` with arguments {:?}", d.verb, d.args)));
            }
            (verb, _) => problems.push(Problem {
                line,
                code: "manifest-unsupported",
                level: Level::Warning,
                message: format!("unknown directive `{verb}`"),
            }),
        }
    }
    (m, problems)
}

/// A go.mod handed to the parser: packages, edges from the main module, its manifest record.
pub fn parse(path: &str, text: &str, out: &mut ParseOutput) {
    let (m, problems) = read(text);
    for p in &problems {
        out.diagnostics
            .push(Diagnostic::new(p.code, p.level, format!("go.mod: {}", p.message)).at(path, Some(p.line)));
    }
    let dir = module::parent(path);
    let sum_path = module::file_in(dir, "go.sum");
    let sums = ospo_plugin_sdk::host::read_file(&sum_path)
        .map(|bytes| gosum::read(&ospo_plugin_sdk::text::lossy(&bytes)).0)
        .unwrap_or_default();

    let main = match &m.module {
        Some((module_path, line)) => module::local_package(
            module_path,
            &module::shown_dir(dir, "."),
            path,
            *line,
            &mut out.diagnostics,
        ),
        None => {
            out.diagnostics.push(
                Diagnostic::new("manifest-malformed", Level::Error, "go.mod: no `module` directive")
                    .at(path, Some(1)),
            );
            None
        }
    };
    let main_id = main.as_ref().map(|p| p.id.clone());
    let tool_modules: Vec<&str> = m.tools.iter().filter_map(|(tool, _)| m.tool_module(tool)).collect();

    let mut packages: Vec<Package> = Vec::new();
    for require in &m.requires {
        let is_tool = tool_modules.contains(&require.path.as_str());
        let Some(package) = required_package(&m, require, path, dir, &sums, &sum_path, &mut out.diagnostics)
        else {
            continue;
        };
        // A tool the code does not import is only needed to build.
        let scope =
            if is_tool && require.indirect { DependencyScope::Build } else { DependencyScope::Runtime };
        let package = package.scope(scope).direct(!require.indirect || is_tool);
        match packages.iter_mut().find(|p| p.id == package.id) {
            // Listed twice (a go.mod edited by hand): one package, direct if either line says so.
            Some(existing) => {
                existing.direct |= package.direct;
                existing.locations.extend(package.locations);
            }
            None => packages.push(package),
        }
    }
    if let Some(main_id) = &main_id {
        for p in packages.iter().filter(|p| p.direct) {
            out.edges.push(DependencyEdge::new(main_id, &p.id, p.scope));
        }
    }
    out.packages.extend(main);
    out.packages.extend(packages);

    let go = m.go.as_deref();
    let (format, completeness) = match go {
        Some(v) if module::lists_whole_build(Some(v)) => (
            format!("go.mod (go {v}; every module of the build, no edges between dependencies)"),
            Completeness::Complete,
        ),
        Some(v) => (format!("go.mod (go {v}; direct requirements only)"), Completeness::DirectOnly),
        None => (
            "go.mod (no go directive, read as go 1.16; direct requirements only)".to_string(),
            Completeness::DirectOnly,
        ),
    };
    let format = match &m.toolchain {
        Some(toolchain) => format.replacen(')', &format!("; toolchain {toolchain})"), 1),
        None => format,
    };
    out.manifests.push(Manifest::new(path, ECOSYSTEM, &format, completeness));
}

/// The package a `require` stands for, with `replace` applied and its go.sum hash.
fn required_package(
    m: &GoMod,
    require: &Require,
    path: &str,
    dir: &str,
    sums: &[gosum::Sum],
    sum_path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Package> {
    let replace = module::replacement(&m.replaces, &require.path, &require.version);
    let (module_path, version) = match replace.map(|r| &r.target) {
        Some(Target::Dir(rel)) => {
            let package = module::local_package(
                &require.path,
                &module::shown_dir(dir, rel),
                path,
                require.line,
                diagnostics,
            )?;
            return Some(package.location(path, replace.map(|r| r.line)));
        }
        Some(Target::Module { path: new_path, version }) => (new_path.as_str(), version.as_str()),
        None => (require.path.as_str(), require.version.as_str()),
    };
    let mut package = module::package(module_path, Some(version), path, require.line, diagnostics)?;
    if let Some(r) = replace {
        package = package.location(path, Some(r.line));
    }
    if let Some(sum) = gosum::find(sums, module_path, version) {
        package = package.location(sum_path, Some(sum.line));
        if let (false, Some(hex)) = (sum.go_mod_only, &sum.sha256) {
            package = package.hash(HashAlgorithm::Sha256, hex);
        }
    }
    Some(package)
}
