//! The `ospo` command: parse arguments, run, map the outcome to an exit code
//! (0 clean, 1 policy violations, 2 tool or usage error).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;

use ospo::cli::{Cli, Command, DbCommand, ExplainArgs, InitArgs, PluginsCommand};
use ospo::plugins::PluginSet;
use ospo::runtime::Runtime;
use ospo::{diagnostics, output, plan, scan};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Errors quote configs, paths and plugin output: nothing raw reaches the terminal.
            eprintln!("error: {}", ospo::escape::block(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("OSPO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal: a CI log or a file gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .try_init();
}

/// Compiled components live here; `OSPO_CACHE_DIR` overrides, `OSPO_CACHE_DIR=off` disables.
fn cache_dir() -> Option<std::path::PathBuf> {
    match std::env::var_os("OSPO_CACHE_DIR") {
        Some(dir) if dir == "off" => None,
        Some(dir) => Some(dir.into()),
        None => dirs::cache_dir().map(|d| d.join("ospo").join("components")),
    }
}

/// The content filter a plugin declares without configuration, when it has a keyword: the
/// scan ignores empty ones, and a filter without any filters nothing.
fn declared_filter(plugin: &ospo::runtime::LoadedPlugin) -> Option<&ospo::runtime::bindings::ContentFilter> {
    plugin.content_filter.as_ref().filter(|f| f.keywords.iter().any(|k| !k.is_empty()))
}

/// What the scan records about itself: when (honouring `SOURCE_DATE_EPOCH`), what was scanned,
/// and its version-control state.
fn scan_metadata(root: &std::path::Path) -> Result<ospo::model::ScanMetadata> {
    let mut metadata = ospo::model::ScanResult::new(String::new()).metadata;
    metadata.timestamp = ospo::metadata::timestamp()?;
    metadata.root_component = ospo::metadata::root_component(root);
    metadata.vcs = ospo::metadata::vcs(root);
    Ok(metadata)
}

/// `ospo explain`: the catalogue needs no plugins loaded, so it answers instantly. An unknown
/// code is a usage error (exit 2) listing what the user may have meant.
fn explain(args: &ExplainArgs) -> Result<ExitCode> {
    let config = plan::load_config(&args.plugins, std::path::Path::new("."))?;
    let plugin_plan = plan::plugin_plan(&args.plugins, &config)?;
    let runtime = Runtime::new(cache_dir())?;
    let plugins = PluginSet::load(&runtime, &plugin_plan)?;
    let declared: Vec<diagnostics::Entry<'_>> = plugins
        .plugins
        .iter()
        .flat_map(|plugin| {
            plugin.info.codes.iter().map(|code| diagnostics::Entry {
                code: &code.code,
                raised_by: diagnostics::Raiser::Plugin(plugin.name()),
                level: ospo::runtime::convert::level(code.level),
                description: &code.description,
            })
        })
        .collect();
    let Some(code) = args.code.as_deref() else {
        output::write(diagnostics::table(&diagnostics::entries(&declared)).as_bytes(), None)?;
        return Ok(ExitCode::SUCCESS);
    };
    let found = diagnostics::lookup(code, &declared);
    if found.is_empty() {
        let close = diagnostics::close_matches(code, &declared);
        if close.is_empty() {
            let mut all: Vec<&str> = diagnostics::entries(&declared).iter().map(|e| e.code).collect();
            all.dedup();
            bail!("unknown diagnostic code {code:?}; known codes: {}", all.join(", "));
        }
        bail!("unknown diagnostic code {code:?}; did you mean: {}", close.join(", "));
    }
    let text: Vec<String> = found.iter().map(diagnostics::explain).collect();
    output::write(text.join("\n").as_bytes(), None)?;
    Ok(ExitCode::SUCCESS)
}

/// `ospo sbom check`: exit 0 when the SBOM has every element the profile requires, 1 when it
/// lacks some (like a policy violation), 2 when it cannot be read.
fn sbom_check(args: &ospo::cli::SbomCheckArgs) -> Result<ExitCode> {
    // SBOMs of large products run to tens of megabytes; a cap keeps a hostile file bounded.
    const SBOM_CAP: u64 = 512 * 1024 * 1024;
    let bytes = ospo::files::read_capped(&args.file, SBOM_CAP)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let sbom = ospo::sbom_check::read(&bytes)
        .with_context(|| format!("cannot read {} as an SBOM", args.file.display()))?;
    let report = ospo::sbom_check::check(&sbom, args.profile);
    let out = match args.format.as_str() {
        "text" => ospo::sbom_check::text(&args.file.display().to_string(), &report).into_bytes(),
        "json" => {
            let mut bytes = serde_json::to_vec_pretty(&report)?;
            bytes.push(b'\n');
            bytes
        }
        other => bail!("unknown format {other:?} for `sbom check`; use text or json"),
    };
    output::write(&out, None)?;
    Ok(if report.passes() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `ospo init`: the starter policy, never over an existing file (`create_new` also refuses a
/// symlink planted where the file would go).
fn init(args: &InitArgs) -> Result<ExitCode> {
    use std::io::Write as _;
    let path = &args.path;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{} already exists; ospo init never overwrites a file (remove it, or edit it)",
                path.display()
            )
        }
        Err(err) => return Err(err).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(ospo::policy::STARTER.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "wrote {}: a starter licence policy; `ospo scan` reads it from the scanned directory",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `ospo db update` and `ospo db status`.
fn db(command: &DbCommand) -> Result<ExitCode> {
    let dir = |args: &ospo::cli::DbDirArgs| -> Result<std::path::PathBuf> {
        match args.dir.clone().or_else(ospo::db::default_dir) {
            Some(dir) => Ok(dir),
            None => bail!(
                "no database directory: pass --dir (OSPO_DB_DIR is off, or no cache directory is known)"
            ),
        }
    };
    match command {
        DbCommand::Update(args) => {
            let ecosystems: Vec<String> = match &args.ecosystems {
                Some(names) => names.clone(),
                None => ospo::db::DEFAULT_ECOSYSTEMS.iter().map(|s| s.to_string()).collect(),
            };
            let dir = dir(&args.dir)?;
            let options = ospo::db::UpdateOptions {
                dir: &dir,
                mirror: &args.mirror,
                ecosystems: &ecosystems,
                now: ospo::db::now(),
            };
            ospo::db::update(&options, &mut std::io::stderr())?;
            print!("{}", ospo::db::status(&dir, ospo::db::now()));
        }
        DbCommand::Status(args) => print!("{}", ospo::db::status(&dir(args)?, ospo::db::now())),
    }
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Db(command) => db(&command),
        Command::Explain(args) => explain(&args),
        Command::Plugin(command) => ospo::plugin_cmd::run(&command, cache_dir()),
        Command::Init(args) => init(&args),
        Command::Sbom(ospo::cli::SbomCommand::Check(args)) => sbom_check(&args),
        Command::Scan(args) => {
            let plan = plan::scan_plan(&args)?;
            let runtime = Runtime::new(cache_dir())?;
            let load_started = Instant::now();
            let plugins = PluginSet::load(&runtime, &plan.plugins)?;
            ospo::plugin_cmd::lock::check_loaded(&args.plugins, &plugins)?;
            let load_ms = u64::try_from(load_started.elapsed().as_millis()).unwrap_or(u64::MAX);
            // Every format is checked before the scan: a typo must not cost a whole scan.
            let mut reporters = Vec::new();
            for wanted in &plan.outputs {
                reporters.push(match wanted.format.as_str() {
                    "json" | "text" => None,
                    format => match plugins.reporter_for(format) {
                        Some(reporter) => Some(reporter.clone()),
                        None => {
                            bail!("unknown format {format:?}; available: {}", plugins.formats().join(", "))
                        }
                    },
                });
            }
            let progress = !cli.quiet && std::io::stderr().is_terminal();
            let metadata = scan_metadata(&plan.root)?;
            let scan::Scan { mut result, mut timings, violations } =
                scan::run(&runtime, &plugins, &plan, &scan::ScanOptions { progress, metadata })?;
            timings.load_ms = load_ms;
            // Timings make two scans of one tree differ: only on request.
            if args.timings {
                result.timings = Some(timings);
            }
            for (wanted, reporter) in plan.outputs.iter().zip(&reporters) {
                let bytes = match (reporter, wanted.format.as_str()) {
                    (Some(reporter), format) => scan::render(&runtime, reporter, &plan, format, &result)?,
                    (None, "json") => {
                        output::write_json(&result, wanted.path.as_deref())?;
                        continue;
                    }
                    (None, _) => output::text(&result),
                };
                output::write(&bytes, wanted.path.as_deref())?;
            }
            // The CI log says why the job failed, whatever the reports went to; in full unless
            // the text report on stdout already does.
            if violations > 0 && !cli.quiet {
                let text_on_stdout = plan.outputs.iter().any(|o| o.format == "text" && o.path.is_none());
                if text_on_stdout {
                    eprintln!("error: {violations} licence policy violation(s): see \"Policy\" above");
                } else {
                    eprint!("{}", output::violations(&result, plan.baseline.as_ref()));
                }
            }
            Ok(if violations > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Plugins(PluginsCommand::List(args)) => {
            let config = plan::load_config(&args.plugins, std::path::Path::new("."))?;
            let plugin_plan = plan::plugin_plan(&args.plugins, &config)?;
            let runtime = Runtime::new(cache_dir())?;
            let plugins = PluginSet::load(&runtime, &plugin_plan)?;
            let records = plugins.records();
            let bytes = match args.format.as_str() {
                "json" => {
                    // A detector's content filter decides which files it ever sees: listed so a
                    // user can tell why a file reached one plugin and not another.
                    let listed: Vec<serde_json::Value> = records
                        .iter()
                        .zip(&plugins.plugins)
                        .map(|(record, plugin)| {
                            let mut value = serde_json::to_value(record)?;
                            if let (Some(filter), Some(fields)) = (declared_filter(plugin), value.as_object_mut()) {
                                fields.insert(
                                    "content_filter".to_string(),
                                    serde_json::json!({ "keywords": filter.keywords, "always": filter.always }),
                                );
                            }
                            // A scan leaves such a plugin out; listing it says why.
                            if let (Some(err), Some(fields)) = (plugin.glob_error(), value.as_object_mut()) {
                                fields.insert("error".to_string(), serde_json::json!(err.to_string()));
                            }
                            Ok(value)
                        })
                        .collect::<Result<_, serde_json::Error>>()?;
                    let mut bytes = serde_json::to_vec_pretty(&listed)?;
                    bytes.push(b'\n');
                    bytes
                }
                "text" => {
                    // Names, versions, descriptions and keywords come from the plugins' `info()`.
                    let esc = |text: &str| ospo::escape::line(text).to_string();
                    let mut out = String::new();
                    for (record, plugin) in records.iter().zip(&plugins.plugins) {
                        out.push_str(&format!(
                            "{:<22} {:<9} {:<8} wit {:<6} {}  {}\n    {}\n",
                            esc(&record.name),
                            record.kind.as_str(),
                            esc(&record.version),
                            record.wit_version,
                            record.sha256.get(..16).unwrap_or(&record.sha256),
                            esc(&record.source),
                            esc(&plugin.info.description)
                        ));
                        if let Some(filter) = declared_filter(plugin) {
                            out.push_str(&format!(
                                "    content filter: files holding one of {} word(s) ({}), or matching {}\n",
                                filter.keywords.len(),
                                esc(&filter.keywords.join(", ")),
                                if filter.always.is_empty() {
                                    "no glob".to_string()
                                } else {
                                    esc(&filter.always.join(", "))
                                },
                            ));
                        }
                        if let Some(err) = plugin.glob_error() {
                            out.push_str(&format!(
                                "    error: {}; a scan leaves it out\n",
                                esc(&err.to_string())
                            ));
                        }
                    }
                    out.into_bytes()
                }
                other => bail!("unknown format {other:?} for `plugins list`; use text or json"),
            };
            output::write(&bytes, None)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
