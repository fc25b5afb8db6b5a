//! OSV records written as YAML: the PyPA advisory-database (`vulns/<package>/PYSEC-*.yaml`).
//! YAML 1.2 reads `modified: 2021-07-01T00:00:00Z` as text, which is what OSV means.

use super::Loaded;
use crate::entry::Origin;
use crate::osv::Record;

pub fn load(bytes: &[u8], file: &str, loaded: &mut Loaded) {
    match serde_yaml_ng::from_slice::<Record>(bytes) {
        Ok(record) => loaded.push_record(record, Origin::PyPa, file),
        Err(err) => {
            let line = err.location().and_then(|l| u32::try_from(l.line()).ok());
            loaded.malformed(file, line, err);
        }
    }
}
