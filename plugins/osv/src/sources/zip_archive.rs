//! the OSV project's per-ecosystem `all.zip`: one OSV JSON record per entry. The archive is read from
//! memory; each entry is inflated on its own, so one bad entry costs only itself.

use std::io::Read;

use super::{Loaded, osv_json};

/// The largest entry inflated: OSV records are kilobytes; a zip bomb's entry is not read.
const MAX_ENTRY: u64 = 16 << 20;

pub fn load(bytes: &[u8], file: &str, loaded: &mut Loaded) {
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(err) => return loaded.malformed(file, None, format!("not a readable zip archive: {err}")),
    };
    let mut buffer = Vec::new();
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(err) => {
                loaded.malformed(file, None, format!("entry {index}: {err}"));
                continue;
            }
        };
        let entry_name = entry.name().map(|n| n.to_string()).unwrap_or_else(|_| format!("entry {index}"));
        if !entry.is_file() || !entry_name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let name = format!("{file}!{entry_name}");
        if entry.size() > MAX_ENTRY {
            loaded.malformed(&name, None, format!("inflates to {} bytes, over {MAX_ENTRY}", entry.size()));
            continue;
        }
        buffer.clear();
        if let Err(err) = (&mut entry).take(MAX_ENTRY).read_to_end(&mut buffer) {
            loaded.malformed(&name, None, format!("cannot be inflated: {err}"));
            continue;
        }
        osv_json::load(&buffer, &name, loaded);
    }
}
