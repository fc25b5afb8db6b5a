//! Host-side bindings, one per plugin world, generated from the newest contract (0.1.1). A plugin
//! built against 0.1.0 links too: wasmtime matches `@0.1.0` names to `@0.1.1` definitions, and
//! 0.1.1 only added the `prefilter` interface and its world. Configuration, not code: `types` and
//! `host` are generated once (with the detector world) and shared by the other worlds through `with`.

pub mod detector {
    wasmtime::component::bindgen!({
        world: "detector",
        path: "../wit/v0.1.1",
    });
}

macro_rules! world_bindings {
    ($module:ident, $world:literal) => {
        pub mod $module {
            wasmtime::component::bindgen!({
                world: $world,
                path: "../wit/v0.1.1",
                with: {
                    "ospo:plugin/types@0.1.1": crate::runtime::bindings::detector::ospo::plugin::types,
                    "ospo:plugin/host@0.1.1": crate::runtime::bindings::detector::ospo::plugin::host,
                },
            });
        }
    };
}

world_bindings!(filtered_detector, "filtered-detector");
world_bindings!(parser, "parser");
world_bindings!(advisor, "advisor");
world_bindings!(collector, "collector");
world_bindings!(reporter, "reporter");

pub use detector::ospo::plugin::types as wit;
pub use filtered_detector::exports::ospo::plugin::prefilter::ContentFilter;
