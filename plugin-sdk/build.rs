//! The bindings are generated from `wit/` by a proc macro, which cargo does not know reads those
//! files: without this, a WIT edit left guests built against the old records (a host refusing
//! them with "expected record of 17 fields, found 16").

fn main() {
    println!("cargo:rerun-if-changed=../wit/v0.2.0");
    println!("cargo:rerun-if-changed=build.rs");
}
