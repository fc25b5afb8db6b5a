//! Registration macros: each wires a trait implementation to the exports of its WIT world.

/// Exports a [`Detector`](crate::Detector) implementation as this component's detector.
#[macro_export]
macro_rules! register_detector {
    ($plugin:ty) => {
        // Native builds (unit tests) link no component exports: their names are not valid
        // symbol names for a native linker.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct OspoDetectorExport;
            impl $crate::__private::detector::exports::ospo::plugin::detect::Guest for OspoDetectorExport {
                fn info() -> $crate::PluginInfo {
                    // The trait fixes the kind, whatever the builder said.
                    $crate::__private::with_kind(<$plugin as $crate::Detector>::info(), $crate::PluginKind::Detector)
                }
                fn detect(
                    files: ::std::vec::Vec<$crate::FileInput>,
                ) -> ::std::result::Result<$crate::DetectOutput, ::std::string::String> {
                    <$plugin as $crate::Detector>::detect(files)
                }
            }
            impl $crate::__private::detector::exports::ospo::plugin::prefilter::Guest for OspoDetectorExport {
                fn filter() -> $crate::ContentFilter {
                    <$plugin as $crate::Detector>::content_filter()
                }
            }
            $crate::__private::detector::export_detector!(OspoDetectorExport with_types_in $crate::__private::detector);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::PluginInfo = <$plugin as $crate::Detector>::plugin_info;
    };
}

/// Exports a [`Parser`](crate::Parser) implementation as this component's parser.
#[macro_export]
macro_rules! register_parser {
    ($plugin:ty) => {
        // Native builds (unit tests) link no component exports: their names are not valid
        // symbol names for a native linker.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct OspoParserExport;
            impl $crate::__private::parser::exports::ospo::plugin::parse::Guest for OspoParserExport {
                fn info() -> $crate::PluginInfo {
                    // The trait fixes the kind, whatever the builder said.
                    $crate::__private::with_kind(<$plugin as $crate::Parser>::info(), $crate::PluginKind::Parser)
                }
                fn parse(
                    file: $crate::FileInput,
                ) -> ::std::result::Result<$crate::ParseOutput, ::std::string::String> {
                    <$plugin as $crate::Parser>::parse(file)
                }
            }
            $crate::__private::parser::export_parser!(OspoParserExport with_types_in $crate::__private::parser);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::PluginInfo = <$plugin as $crate::Parser>::plugin_info;
    };
}

/// Exports an [`Advisor`](crate::Advisor) implementation as this component's advisor.
#[macro_export]
macro_rules! register_advisor {
    ($plugin:ty) => {
        // Native builds (unit tests) link no component exports: their names are not valid
        // symbol names for a native linker.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct OspoAdvisorExport;
            impl $crate::__private::advisor::exports::ospo::plugin::advise::Guest for OspoAdvisorExport {
                fn info() -> $crate::PluginInfo {
                    // The trait fixes the kind, whatever the builder said.
                    $crate::__private::with_kind(<$plugin as $crate::Advisor>::info(), $crate::PluginKind::Advisor)
                }
                fn advise(
                    packages: ::std::vec::Vec<$crate::Package>,
                ) -> ::std::result::Result<$crate::AdviseOutput, ::std::string::String> {
                    <$plugin as $crate::Advisor>::advise(packages)
                }
            }
            $crate::__private::advisor::export_advisor!(OspoAdvisorExport with_types_in $crate::__private::advisor);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::PluginInfo = <$plugin as $crate::Advisor>::plugin_info;
    };
}

/// Exports a [`Collector`](crate::Collector) implementation as this component's collector.
#[macro_export]
macro_rules! register_collector {
    ($plugin:ty) => {
        // Native builds (unit tests) link no component exports: their names are not valid
        // symbol names for a native linker.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct OspoCollectorExport;
            impl $crate::__private::collector::exports::ospo::plugin::collect::Guest for OspoCollectorExport {
                fn info() -> $crate::PluginInfo {
                    // The trait fixes the kind, whatever the builder said.
                    $crate::__private::with_kind(<$plugin as $crate::Collector>::info(), $crate::PluginKind::Collector)
                }
                fn collect(
                    scan: $crate::ScanResult,
                ) -> ::std::result::Result<$crate::CollectOutput, ::std::string::String> {
                    <$plugin as $crate::Collector>::collect(scan)
                }
            }
            $crate::__private::collector::export_collector!(OspoCollectorExport with_types_in $crate::__private::collector);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::PluginInfo = <$plugin as $crate::Collector>::plugin_info;
    };
}

/// Exports a [`Reporter`](crate::Reporter) implementation as this component's reporter.
#[macro_export]
macro_rules! register_reporter {
    ($plugin:ty) => {
        // Native builds (unit tests) link no component exports: their names are not valid
        // symbol names for a native linker.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct OspoReporterExport;
            impl $crate::__private::reporter::exports::ospo::plugin::render::Guest for OspoReporterExport {
                fn info() -> $crate::PluginInfo {
                    // The trait fixes the kind, whatever the builder said.
                    $crate::__private::with_kind(<$plugin as $crate::Reporter>::info(), $crate::PluginKind::Reporter)
                }
                fn render(
                    format: ::std::string::String,
                    scan: $crate::ScanResult,
                ) -> ::std::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
                    <$plugin as $crate::Reporter>::render(&format, scan)
                }
            }
            $crate::__private::reporter::export_reporter!(OspoReporterExport with_types_in $crate::__private::reporter);
        };
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn() -> $crate::PluginInfo = <$plugin as $crate::Reporter>::plugin_info;
    };
}
