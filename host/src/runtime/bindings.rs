//! Host-side bindings, one per plugin world. Configuration, not code: `types` and `host` are
//! generated once (with the detector world) and shared by the other worlds through `with`.

pub mod detector {
    wasmtime::component::bindgen!({
        world: "detector",
        path: "../wit/v0.1.0",
    });
}

macro_rules! world_bindings {
    ($module:ident, $world:literal) => {
        pub mod $module {
            wasmtime::component::bindgen!({
                world: $world,
                path: "../wit/v0.1.0",
                with: {
                    "ospo:plugin/types@0.1.0": crate::runtime::bindings::detector::ospo::plugin::types,
                    "ospo:plugin/host@0.1.0": crate::runtime::bindings::detector::ospo::plugin::host,
                },
            });
        }
    };
}

world_bindings!(parser, "parser");
world_bindings!(advisor, "advisor");
world_bindings!(collector, "collector");
world_bindings!(reporter, "reporter");

pub use detector::ospo::plugin::types as wit;
