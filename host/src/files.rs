//! Reading a file the host was pointed at (a config, a plugin): only a regular file, never a
//! blocking open, never more than a cap. A FIFO would block the open forever, `/dev/zero` would
//! grow the buffer without end, and a path in an untrusted config can name either.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// `ospo.toml`: far above any real config, small enough to parse instantly.
pub const CONFIG_CAP: u64 = 1 << 20;
/// A plugin component: the default plugins are 0.1–3 MiB; a component with a large embedded
/// database is still far below this.
pub const PLUGIN_CAP: u64 = 256 << 20;

/// What a non-regular file is, for an error message.
fn kind(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

fn refuse(meta: &Metadata) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("not a regular file ({})", kind(meta)))
}

/// Opens `path` for reading only if it is a regular file, without blocking: the type is checked
/// before the open, the open is non-blocking on unix (a FIFO swapped in between does not hang
/// it), and the opened handle is checked again.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let before = std::fs::metadata(path)?;
    if !before.is_file() {
        return Err(refuse(&before));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No effect on a regular file's reads; it only keeps the open itself from waiting.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    Ok((file, meta))
}

/// The whole of the regular file `path`, refused with an error of kind `FileTooLarge` when it
/// holds more than `cap` bytes. The buffer grows with what is read (`fstat`'s size is never an
/// allocation), and the read stops one byte past the cap (a file growing while it is read cannot
/// grow the buffer).
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    let too_large = |size: u64| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("{size} bytes, more than the limit of {cap} bytes"),
        )
    };
    if meta.len() > cap {
        return Err(too_large(meta.len()));
    }
    let bytes = crate::scan::read::read_bounded(file, cap.saturating_add(1), meta.len())?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("big");
        File::create(&path).and_then(|f| f.set_len(10 << 30)).expect("a sparse file");
        let err = read_capped(&path, 1024).expect_err("over the cap");
        assert!(err.to_string().contains("more than the limit of 1024 bytes"), "{err}");
        std::fs::write(&path, b"small").expect("write");
        assert_eq!(read_capped(&path, 1024).expect("under the cap"), b"small");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_and_a_directory_are_not_regular_files() {
        let err = read_capped(Path::new("/dev/zero"), 1024).expect_err("a device");
        assert!(err.to_string().contains("a device"), "{err}");
        let err = read_capped(Path::new("/"), 1024).expect_err("a directory");
        assert!(err.to_string().contains("a directory"), "{err}");
    }
}
