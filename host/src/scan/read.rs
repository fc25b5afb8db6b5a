//! Reading a walked file for a plugin: one open, one `fstat`, one bounded read.
//!
//! The size `fstat` reports is a hint, never an allocation: a sparse file claims 100 GB on an
//! empty disk, and a file may change between the `fstat` and the read. So no file above
//! [`MAX_FILE_BYTES`] goes to any plugin, whatever its `max-size` says, a buffer starts at most
//! [`INITIAL_CAPACITY`] and grows with what is actually read, and a read stops at its cap.

use std::io::Read;
use std::path::Path;

use super::walk::WalkedFile;
use crate::diagnostics::Code;
use crate::model::Diagnostic;

/// The largest file the host hands to any plugin (a detector's or parser's input, or a
/// `read-file`/`read-data` result): a plugin without `max-size` (the SDK default) gets this.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The most a read reserves before it has read anything; larger files grow the buffer.
pub const INITIAL_CAPACITY: u64 = 1 << 20;

/// How much of a file is inspected for NUL bytes to call it binary (as git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

/// The diagnostic for a file that could not be opened or read; a file over the host's cap (see
/// [`open_sized`]) is `file-too-large`.
pub(super) fn unreadable(file: &WalkedFile, err: &std::io::Error) -> Diagnostic {
    if err.kind() == std::io::ErrorKind::FileTooLarge {
        return Diagnostic::of(Code::FileTooLarge, format!("skipped {}: {err}", file.rel)).at(&file.rel);
    }
    Diagnostic::of(Code::FileUnreadable, format!("cannot read {}: {err}", file.rel)).at(&file.rel)
}

fn too_large(size: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("{size} bytes, over the host's limit of {MAX_FILE_BYTES} bytes for any file a plugin reads"),
    )
}

/// Opens a file and reads its size from the open handle (`fstat`, no second path lookup). Only a
/// regular file; one larger than [`MAX_FILE_BYTES`] is an error of kind `FileTooLarge`.
pub(super) fn open_sized(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    Ok((file, meta.len()))
}

/// Reads the file as it was when opened, at most `cap` bytes (and never more than
/// [`MAX_FILE_BYTES`]). The size from `fstat` bounds the read, so a file costs one `read` call,
/// not a second that only sees its end (14,000 fewer system calls on the bench tree); a file
/// that grows meanwhile is read up to its size at opening, a snapshot. A file that reports no
/// size (procfs-like) is read to its end or the cap, and is too large past the host's.
pub(super) fn read_capped(file: std::fs::File, cap: u64, size: u64) -> std::io::Result<Vec<u8>> {
    let cap = cap.min(MAX_FILE_BYTES);
    if size == 0 {
        let contents = read_bounded(file, cap.saturating_add(1), 0)?;
        if contents.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(contents.len() as u64));
        }
        return Ok(contents);
    }
    read_bounded(file, size.min(cap), size)
}

/// At most `limit` bytes of `reader`, into a buffer that starts at `min(size_hint, limit,
/// INITIAL_CAPACITY)` and grows only with bytes actually read.
pub(crate) fn read_bounded(reader: impl Read, limit: u64, size_hint: u64) -> std::io::Result<Vec<u8>> {
    let initial = size_hint.min(limit).min(INITIAL_CAPACITY);
    let mut contents = Vec::with_capacity(usize::try_from(initial).unwrap_or(0));
    reader.take(limit).read_to_end(&mut contents)?;
    Ok(contents)
}

pub(super) fn looks_binary(contents: &[u8]) -> bool {
    contents[..contents.len().min(BINARY_SNIFF)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 100 GB sparse file costs no disk; before the fix the reservation alone aborted.
    #[test]
    fn a_sparse_huge_file_is_too_large_and_nothing_is_reserved_for_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Cargo.lock");
        std::fs::File::create(&path).and_then(|f| f.set_len(100 << 30)).expect("a sparse file");
        let err = open_sized(&path).expect_err("over the host's cap");
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn reads_reserve_little_and_stop_at_the_cap() {
        let bytes = vec![b'x'; 3 << 20];
        // A lying size hint (100 GB) reserves at most the initial capacity.
        let read = read_bounded(bytes.as_slice(), 2 << 20, 100 << 30).expect("read");
        assert_eq!(read.len(), 2 << 20);
        let small = read_bounded(&b"abc"[..], u64::MAX, 100 << 30).expect("read");
        assert_eq!(small, b"abc");
        assert!(small.capacity() as u64 <= INITIAL_CAPACITY);
    }
}
