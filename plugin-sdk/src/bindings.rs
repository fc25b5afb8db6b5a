//! Generated bindings, one module per world. Private: plugin authors use the curated re-exports in
//! the crate root. `types` and `host` are generated once (with the detector world) and shared by the
//! other worlds through `with`, so every trait speaks the same Rust types.

#![allow(missing_docs)]

pub mod detector {
    // 0.2 detectors export the content filter (`prefilter`) beside `detect`; the SDK default
    // declares none.
    wit_bindgen::generate!({
        world: "detector",
        path: "../wit/v0.2.0",
        pub_export_macro: true,
        export_macro_name: "export_detector",
        default_bindings_module: "::ospo_plugin_sdk::__private::detector",
        type_section_suffix: "detector",
        additional_derives: [PartialEq, serde::Serialize, serde::Deserialize],
    });
}

pub mod parser {
    wit_bindgen::generate!({
        world: "parser",
        path: "../wit/v0.2.0",
        with: {
            "ospo:plugin/types@0.2.0": crate::bindings::detector::ospo::plugin::types,
            "ospo:plugin/host@0.2.0": crate::bindings::detector::ospo::plugin::host,
        },
        pub_export_macro: true,
        export_macro_name: "export_parser",
        default_bindings_module: "::ospo_plugin_sdk::__private::parser",
        type_section_suffix: "parser",
    });
}

pub mod advisor {
    wit_bindgen::generate!({
        world: "advisor",
        path: "../wit/v0.2.0",
        with: {
            "ospo:plugin/types@0.2.0": crate::bindings::detector::ospo::plugin::types,
            "ospo:plugin/host@0.2.0": crate::bindings::detector::ospo::plugin::host,
        },
        pub_export_macro: true,
        export_macro_name: "export_advisor",
        default_bindings_module: "::ospo_plugin_sdk::__private::advisor",
        type_section_suffix: "advisor",
    });
}

pub mod collector {
    wit_bindgen::generate!({
        world: "collector",
        path: "../wit/v0.2.0",
        with: {
            "ospo:plugin/types@0.2.0": crate::bindings::detector::ospo::plugin::types,
            "ospo:plugin/host@0.2.0": crate::bindings::detector::ospo::plugin::host,
        },
        pub_export_macro: true,
        export_macro_name: "export_collector",
        default_bindings_module: "::ospo_plugin_sdk::__private::collector",
        type_section_suffix: "collector",
    });
}

pub mod reporter {
    wit_bindgen::generate!({
        world: "reporter",
        path: "../wit/v0.2.0",
        with: {
            "ospo:plugin/types@0.2.0": crate::bindings::detector::ospo::plugin::types,
            "ospo:plugin/host@0.2.0": crate::bindings::detector::ospo::plugin::host,
        },
        pub_export_macro: true,
        export_macro_name: "export_reporter",
        default_bindings_module: "::ospo_plugin_sdk::__private::reporter",
        type_section_suffix: "reporter",
    });
}
