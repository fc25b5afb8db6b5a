//! Approximate bytes a plugin returned, for the output cap. Counts the variable parts (strings,
//! lists) and a fixed cost per record, which is what a flood is made of.

use super::bindings::wit;

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

record_size!(wit::PluginInfo { name, version, description, formats });
record_size!(super::bindings::ContentFilter { keywords, always });
record_size!(wit::LicenseFinding { path, expression, rule_id, detector });
record_size!(wit::Copyright { path, statement, holders, years });
record_size!(wit::Observation { rule_id, message, path });
record_size!(wit::Diagnostic { code, message, path, plugin });
record_size!(wit::Package {
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
record_size!(wit::DependencyEdge { from, to });
record_size!(wit::Advisory {
    id,
    aliases,
    package_id,
    summary,
    severity,
    affected_ranges,
    fixed_versions,
    references
});
record_size!(wit::Metric { name, unit, description });
record_size!(wit::DetectOutput { licenses, copyrights, observations, diagnostics });
record_size!(wit::ParseOutput { packages, edges, diagnostics });
record_size!(wit::AdviseOutput { advisories, diagnostics });
record_size!(wit::CollectOutput { metrics, diagnostics });
