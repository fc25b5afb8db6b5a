//! Approximate bytes a plugin returned, for the output cap. Counts the variable parts (strings,
//! lists) and a fixed cost per record, which is what a flood is made of.

use super::bindings::{v1, v2};

pub trait WireSize {
    fn wire_size(&self) -> usize;
}

impl WireSize for String {
    fn wire_size(&self) -> usize {
        self.len() + 8
    }
}

impl WireSize for u8 {
    fn wire_size(&self) -> usize {
        1
    }
}

impl<T: WireSize> WireSize for Vec<T> {
    fn wire_size(&self) -> usize {
        // Bytes are the common big payload (reports); avoid a per-element walk for them.
        8 + self.iter().map(WireSize::wire_size).sum::<usize>()
    }
}

impl<T: WireSize> WireSize for Option<T> {
    fn wire_size(&self) -> usize {
        self.as_ref().map_or(1, |v| 1 + v.wire_size())
    }
}

macro_rules! record_size {
    ($ty:ty { $($field:ident),* }) => {
        impl WireSize for $ty {
            fn wire_size(&self) -> usize {
                16 $(+ self.$field.wire_size())*
            }
        }
    };
}

impl WireSize for (String, String) {
    fn wire_size(&self) -> usize {
        self.0.wire_size() + self.1.wire_size()
    }
}

/// The records of one contract line; a field not listed is fixed-size.
macro_rules! common_sizes {
    ($line:ident) => {
        record_size!($line::wit::FileFilter { globs });
        record_size!($line::ContentFilter { keywords, always });
        record_size!($line::wit::Observation { rule_id, message, path });
        record_size!($line::wit::Diagnostic { code, message, path, plugin });
        record_size!($line::wit::DependencyEdge { from, to });
        record_size!($line::wit::DetectOutput { licenses, copyrights, observations, diagnostics });
        record_size!($line::wit::AdviseOutput { advisories, diagnostics });
        record_size!($line::wit::CollectOutput { metrics, diagnostics });
        impl WireSize for $line::wit::MetricValue {
            fn wire_size(&self) -> usize {
                match self {
                    $line::wit::MetricValue::Text(text) => 8 + text.wire_size(),
                    _ => 16,
                }
            }
        }
    };
}

common_sizes!(v1);
common_sizes!(v2);

record_size!(v1::wit::LicenseFinding { path, expression, rule_id, detector });
record_size!(v2::wit::LicenseFinding {
    path,
    expression,
    rule_id,
    raw,
    text,
    references,
    detector,
    also,
    package_id
});
record_size!(v2::wit::LicenseReference { target, resolved_path });
record_size!(v2::wit::Evidence { detector, rule_id });

record_size!(v1::wit::PluginInfo { name, version, description, files, formats });
record_size!(v1::wit::Copyright { path, statement, holders, years });
record_size!(v1::wit::Package {
    id,
    name,
    version,
    ecosystem,
    purl,
    source,
    integrity,
    declared_license,
    manifest_path
});
record_size!(v1::wit::Advisory {
    id,
    aliases,
    package_id,
    summary,
    severity,
    affected_ranges,
    fixed_versions,
    references
});
record_size!(v1::wit::Metric { name, value, unit, description });
record_size!(v1::wit::ParseOutput { packages, edges, diagnostics });

record_size!(v2::wit::PluginInfo { name, version, description, files, formats, ecosystems, codes, homepage });
record_size!(v2::wit::CodeInfo { code, description });
record_size!(v2::wit::Copyright { path, statement, holders, years, package_id });
record_size!(v2::wit::Package {
    id,
    name,
    version,
    ecosystem,
    purl,
    locations,
    hashes,
    source,
    declared_license,
    detected_license,
    concluded_license,
    files_path,
    supplier,
    homepage
});
record_size!(v2::wit::Location { path });
record_size!(v2::wit::Hash { value });
record_size!(v2::wit::PackageSource { url, commit });
record_size!(v2::wit::DeclaredLicense { raw, expression, path });
record_size!(v2::wit::ConcludedLicense { expression, reason });
record_size!(v2::wit::Manifest { path, ecosystem, format });
record_size!(v2::wit::Advisory {
    id,
    aliases,
    package_id,
    summary,
    details,
    severities,
    ranges,
    versions,
    fixed_versions,
    references,
    published,
    modified,
    withdrawn,
    matched
});
record_size!(v2::wit::Severity { scheme, vector, source });
record_size!(v2::wit::AffectedRange { events, repo });
record_size!(v2::wit::RangeEvent { version });
record_size!(v2::wit::AdvisoryMatch { version, range, comparator, upgrade_to });
record_size!(v2::wit::Metric { name, value, unit, description, labels });
record_size!(v2::wit::Label { key, value });
record_size!(v2::wit::ParseOutput { packages, edges, manifests, diagnostics });
