//! Hostile test plugin: a valid component that exports `example:other/thing@1.0.0` and none of
//! the ospo:plugin worlds. Proves the host refuses it at load with a message saying what it
//! expected, instead of failing later at the first call.
//!
//! Wasm only: natively there is nothing to test, and a native cdylib cannot link export names
//! holding `:` and `/`.

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({
        world: "other",
        path: "wit",
    });

    struct Other;

    impl exports::example::other::thing::Guest for Other {
        fn hello() -> String {
            "hello from a world ospo does not know".to_string()
        }
    }

    export!(Other);
}
