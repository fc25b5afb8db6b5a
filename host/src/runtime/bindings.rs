//! Host-side bindings, one set per contract line the host speaks. `v1` is generated from 0.1.1
//! (a 0.1.0 plugin links too: wasmtime matches `@0.1.0` names to `@0.1.1` definitions, and 0.1.1
//! only added the `prefilter` interface); `v2` from 0.2.0. `types` and `host` are generated once
//! per line (with the detector world) and shared by its other worlds through `with`.

pub mod v1 {
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
                        "ospo:plugin/types@0.1.1": crate::runtime::bindings::v1::detector::ospo::plugin::types,
                        "ospo:plugin/host@0.1.1": crate::runtime::bindings::v1::detector::ospo::plugin::host,
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
}

pub mod v2 {
    pub mod detector {
        wasmtime::component::bindgen!({
            world: "detector",
            path: "../wit/v0.2.0",
        });
    }

    macro_rules! world_bindings {
        ($module:ident, $world:literal) => {
            pub mod $module {
                wasmtime::component::bindgen!({
                    world: $world,
                    path: "../wit/v0.2.0",
                    with: {
                        "ospo:plugin/types@0.2.0": crate::runtime::bindings::v2::detector::ospo::plugin::types,
                        "ospo:plugin/host@0.2.0": crate::runtime::bindings::v2::detector::ospo::plugin::host,
                    },
                });
            }
        };
    }

    world_bindings!(parser, "parser");
    world_bindings!(advisor, "advisor");
    world_bindings!(collector, "collector");
    world_bindings!(reporter, "reporter");

    pub use detector::exports::ospo::plugin::prefilter::ContentFilter;
    pub use detector::ospo::plugin::types as wit;
}

/// The newest contract's types: what the host hands plugins and reads back, once adapted.
pub use v2::{ContentFilter, wit};
