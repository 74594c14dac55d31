//! Opening the files a user names: only regular files are read, and every error names the
//! user's path and says what sits there instead.

use std::fs::{File, FileType, OpenOptions};
use std::path::Path;

use crate::{Error, Result};

/// Opens `path` for reading if it is a regular file (following symlinks), with its length.
///
/// The file is opened without blocking, then checked through its handle: a FIFO or a device
/// never blocks the open, and the check holds for the file actually opened.
pub(crate) fn open_regular(path: &Path) -> Result<(File, u64)> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let metadata = file.metadata().map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !metadata.is_file() {
        return Err(Error::invalid(format!(
            "{} is {}, not a regular file: give the path of a checkpoint file",
            path.display(),
            describe_type(metadata.file_type())
        )));
    }
    Ok((file, metadata.len()))
}

/// What a non-regular file is, for messages: "a directory", "a FIFO", ...
pub(crate) fn describe_type(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}
