//! Builds every guest crate (`plugins/*`, `examples/*`, `tests/plugins/*`) for wasm32-wasip2 in a
//! target dir of its own, then embeds `plugins/*` in the binary so `cargo run -- scan .` needs
//! nothing else. Examples and test plugins are exposed to tests through `OSPO_GUEST_DIR`.

use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::Command;

const GUEST_TARGET: &str = "wasm32-wasip2";
const GUEST_DIRS: [&str; 3] = ["plugins", "examples", "tests/plugins"];

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir.parent().expect("host/ lives inside the workspace").to_path_buf();
    for watched in ["plugins", "examples", "tests/plugins", "plugin-sdk", "wit", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={}", workspace.join(watched).display());
    }

    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(workspace.join("Cargo.toml"))
        .no_deps()
        .exec()
        .expect("reading workspace metadata");
    let guests: Vec<(String, PathBuf, bool)> = metadata
        .workspace_packages()
        .into_iter()
        .filter_map(|pkg| {
            let dir = pkg.manifest_path.parent()?.as_std_path().to_path_buf();
            let rel = dir.strip_prefix(&workspace).ok()?;
            let group = GUEST_DIRS.iter().find(|g| rel.parent() == Some(Path::new(g)))?;
            Some((pkg.name.to_string(), dir, *group == "plugins"))
        })
        .collect();

    // A development knob: build (and embed) only the named guest crates while others are broken.
    println!("cargo:rerun-if-env-changed=OSPO_GUEST_CRATES");
    let guests: Vec<_> = match std::env::var("OSPO_GUEST_CRATES") {
        Ok(list) => guests.into_iter().filter(|(name, _, _)| list.split(',').any(|n| n == name)).collect(),
        Err(_) => guests,
    };

    let target_dir = metadata.target_directory.as_std_path().join("wasm-guests");
    build_guests(&guests, &target_dir);

    let artifacts = target_dir.join(GUEST_TARGET).join("release");
    println!("cargo:rustc-env=OSPO_GUEST_DIR={}", artifacts.display());

    let mut embedded = String::from(
        "/// Default plugins built from `plugins/*`: (crate name, component bytes, their sha256).\n",
    );
    embedded.push_str("pub static EMBEDDED: &[(&str, &[u8], &str)] = &[\n");
    for (name, _, is_default) in &guests {
        if !is_default {
            continue;
        }
        let wasm = artifacts.join(format!("{}.wasm", name.replace('-', "_")));
        assert!(wasm.is_file(), "guest build produced no {}", wasm.display());
        // The compile cache is keyed by the digest: hashing megabytes of plugins at every start
        // was most of the warm start, and the bytes are fixed here.
        let bytes = std::fs::read(&wasm).expect("reading a guest build");
        let digest = hex::encode(sha2::Sha256::digest(&bytes));
        embedded.push_str(&format!(
            "    ({name:?}, include_bytes!({:?}), {digest:?}),\n",
            wasm.display().to_string()
        ));
    }
    embedded.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_plugins.rs"), embedded).expect("writing embedded_plugins.rs");
}

fn build_guests(guests: &[(String, PathBuf, bool)], target_dir: &Path) {
    // With no `-p`, cargo would build the default members (the host itself) for wasm.
    if guests.is_empty() {
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "--target", GUEST_TARGET, "--target-dir"]).arg(target_dir);
    // Guests are small and run hot under a JIT that does no inlining across functions of its
    // own: one codegen unit and full LTO let LLVM do it (see BENCHMARKS.md).
    cmd.args(["--config", "profile.release.codegen-units=1", "--config", "profile.release.lto=\"fat\""]);
    for (name, _, _) in guests {
        cmd.args(["-p", name]);
    }
    // The outer build's settings are for the host; none of them apply to the guests.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let output = cmd.output().expect("running cargo for the wasm32-wasip2 guests");
    if output.status.success() {
        return;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("may not be installed") || stderr.contains("can't find crate for `std`") {
        panic!(
            "the {GUEST_TARGET} target is missing; install it with:\n\n    rustup target add {GUEST_TARGET}\n\n{stderr}"
        );
    }
    panic!("building the wasm plugins failed:\n{stderr}");
}
