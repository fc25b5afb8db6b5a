//! `ospo plugin wit`: the contract this binary was built with, so an author in any language
//! generates bindings against exactly what the host links (no clone of the repository needed).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::WitArgs;

/// The package's file name inside a WIT directory.
pub const FILE_NAME: &str = "ospo-plugin.wit";

/// `wit/v<WIT_VERSION>/ospo-plugin.wit`, as compiled into the host.
pub const CONTRACT: &str = include_str!("../../../wit/v0.2.0/ospo-plugin.wit");

/// Writes the contract as `DIR/ospo-plugin.wit` (the layout `wit-bindgen` and `componentize-py`
/// read), creating `DIR`.
pub fn write_to(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(FILE_NAME);
    std::fs::write(&path, CONTRACT).with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(args: &WitArgs) -> Result<ExitCode> {
    match &args.out {
        Some(dir) => {
            write_to(dir)?;
            eprintln!(
                "wrote {} (ospo:plugin@{})",
                dir.join(FILE_NAME).display(),
                crate::runtime::WIT_VERSION
            );
        }
        None => crate::output::write(CONTRACT.as_bytes(), None)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded file is the contract the host's bindings are generated from: same version,
    /// and the only file of its directory (a second file would be a part of the package the
    /// printed contract lacks).
    #[test]
    fn embedded_contract_is_the_hosts() {
        let version = crate::runtime::WIT_VERSION;
        assert!(
            CONTRACT.contains(&format!("package ospo:plugin@{version};")),
            "wit/v{version} is not embedded"
        );
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../wit/v{version}"));
        let names: Vec<String> = std::fs::read_dir(&dir)
            .expect("the WIT directory")
            .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [FILE_NAME], "wit/v{version} has files `ospo plugin wit` does not print");
    }
}
