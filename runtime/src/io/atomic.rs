//! [`AtomicFile`]: a file written unseen, synced, then put in place of the destination in one
//! rename, so a crash or a kill never leaves a half-written file under the final name.
//!
//! What the destination was stays true of what replaces it:
//! * a symlink stays a link: the file written is its target, in the target's directory;
//! * an existing file keeps its permission bits (and its owner and group where the process
//!   may set them), so a private checkpoint stays private;
//! * a directory, a FIFO, a device or a socket is refused, not replaced.
//!
//! On Linux the data goes to an unnamed file (`O_TMPFILE`), which disappears by itself if the
//! process dies; it gets a short temporary name only for the instant before the rename.
//! Elsewhere, or on file systems without unnamed files, it is written under a short
//! temporary name (`.fanin-tmp-PID-N`), and the temporary files of writers that died are
//! removed on the next write into the same directory. Every error names the user's path.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, Permissions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::paths::describe_type;
use crate::{Error, Result};

/// The prefix of temporary names, followed by the writer's process id and a counter.
const TEMP_PREFIX: &str = ".fanin-tmp-";

/// A file being written that becomes the destination on [`commit`](AtomicFile::commit), and
/// leaves no trace if dropped before.
pub(crate) struct AtomicFile {
    /// The path the user gave, for messages.
    user_path: PathBuf,
    /// The file that will be replaced: the user's path, or the final target of its symlinks.
    target: PathBuf,
    /// The temporary name, once the file has one.
    temp: Option<PathBuf>,
    writer: Option<BufWriter<File>>,
    committed: bool,
}

/// An I/O error on the user's path, saying what was being done.
fn io_error<'a>(path: &'a Path, doing: &'static str) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(source.kind(), format!("{doing}: {source}")),
    }
}

/// Follows the symlinks of `path` to the file they name (which may not exist yet).
fn final_target(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link =
                    std::fs::read_link(&current).map_err(io_error(path, "reading the symlink"))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::invalid(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl AtomicFile {
    /// Prepares to replace `path`: checks what sits there and opens the file to write.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        if path.file_name().is_none() {
            return Err(Error::invalid(format!(
                "`{}` does not name a file",
                path.display()
            )));
        }
        let target = final_target(path)?;
        let existing = match std::fs::metadata(&target) {
            Ok(metadata) if metadata.is_file() => Some(metadata),
            Ok(metadata) => {
                return Err(Error::invalid(format!(
                    "{} is {}: fanin writes checkpoints to regular files only; give a file path",
                    path.display(),
                    describe_type(metadata.file_type())
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(path, "checking the destination")(e)),
        };
        let dir = directory_of(&target);
        // Also with unnamed files: a writer killed between naming its file and the rename
        // leaves a named one.
        remove_stale_temps(&dir);
        let (file, temp) = match unnamed_file(&dir) {
            Some(file) => (file, None),
            None => {
                let temp = dir.join(temp_name());
                let file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&temp)
                    .map_err(io_error(path, "creating a temporary file beside it"))?;
                (file, Some(temp))
            }
        };
        if let Some(metadata) = &existing {
            keep_owner_and_mode(&file, metadata);
        }
        Ok(AtomicFile {
            user_path: path.to_path_buf(),
            target,
            temp,
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            committed: false,
        })
    }

    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        match self.writer.as_mut() {
            Some(w) => w
                .write_all(bytes)
                .map_err(io_error(&self.user_path, "writing")),
            None => Err(Error::invalid("the file was already committed")),
        }
    }

    /// Checks that the destination's file system has room for `bytes` more bytes.
    pub fn check_free_space(&self, bytes: u64) -> Result<()> {
        let Some(available) = free_space(&directory_of(&self.target)) else {
            return Ok(());
        };
        if available < bytes {
            return Err(Error::invalid(format!(
                "{}: the file needs {bytes} bytes ({:.2} GiB) but its file system has {available} bytes free ({:.2} GiB); free some space or write elsewhere",
                self.user_path.display(),
                bytes as f64 / (1u64 << 30) as f64,
                available as f64 / (1u64 << 30) as f64,
            )));
        }
        Ok(())
    }

    /// Flushes, syncs, and puts the file in place of the destination (then syncs the
    /// directory, where the platform allows).
    pub fn commit(mut self) -> Result<()> {
        let writer = self
            .writer
            .take()
            .ok_or_else(|| Error::invalid("the file was already committed"))?;
        let file = writer
            .into_inner()
            .map_err(|e| io_error(&self.user_path, "writing")(e.into_error()))?;
        file.sync_all()
            .map_err(io_error(&self.user_path, "syncing"))?;
        let dir = directory_of(&self.target);
        if self.temp.is_none() {
            let temp = dir.join(temp_name());
            link_unnamed(&file, &temp).map_err(io_error(&self.user_path, "naming the new file"))?;
            self.temp = Some(temp);
        }
        drop(file);
        let temp = self.temp.as_ref().expect("named above");
        std::fs::rename(temp, &self.target)
            .map_err(io_error(&self.user_path, "replacing the destination"))?;
        self.committed = true;
        // Makes the rename durable; not all platforms can open a directory.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        drop(self.writer.take());
        if let (false, Some(temp)) = (self.committed, &self.temp) {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A short temporary name, unique in this process: `.fanin-tmp-PID-N`.
fn temp_name() -> OsString {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    OsString::from(format!(
        "{TEMP_PREFIX}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Gives the new file the existing file's owner, group and permission bits, where allowed.
fn keep_owner_and_mode(file: &File, existing: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{fchown, MetadataExt};
        // Not permitted unless privileged (or the same owner): the bits below still apply.
        let _ = fchown(file, Some(existing.uid()), Some(existing.gid()));
    }
    let permissions: Permissions = existing.permissions();
    let _ = file.set_permissions(permissions);
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::{File, OpenOptions};
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    /// An unnamed file in `dir` (`O_TMPFILE`), if the file system has them.
    pub(super) fn unnamed_file(dir: &Path) -> Option<File> {
        OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o666)
            .open(dir)
            .ok()
    }

    /// Gives an unnamed file the name `path` (through `/proc/self/fd`, which needs no
    /// privilege, unlike `AT_EMPTY_PATH`).
    pub(super) fn link_unnamed(file: &File, path: &Path) -> std::io::Result<()> {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        let to = CString::new(path.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated strings that outlive the call.
        let status = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if status == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }

    /// Whether the process `pid` is alive.
    pub(super) fn is_alive(pid: u32) -> bool {
        Path::new(&format!("/proc/{pid}")).exists()
    }
}

#[cfg(not(target_os = "linux"))]
mod unnamed {
    use std::fs::File;
    use std::path::Path;

    pub(super) fn unnamed_file(_dir: &Path) -> Option<File> {
        None
    }

    pub(super) fn link_unnamed(_file: &File, _path: &Path) -> std::io::Result<()> {
        Err(std::io::Error::other(
            "unnamed files are not supported here",
        ))
    }

    /// Unknown here: temporary files are kept rather than risk removing a live writer's.
    pub(super) fn is_alive(_pid: u32) -> bool {
        true
    }
}

use unnamed::{is_alive, link_unnamed, unnamed_file};

/// Removes the temporary files in `dir` left by writers that died.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !is_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Bytes free for this user on the file system of `dir`, where the platform tells.
#[cfg(unix)]
fn free_space(dir: &Path) -> Option<u64> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is NUL-terminated and `stats` is written by the call on success.
    let status = unsafe { libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) };
    if status != 0 {
        return None;
    }
    // SAFETY: the call succeeded, so it filled `stats`.
    let stats = unsafe { stats.assume_init() };
    // The field types differ between platforms (32 bits on some).
    #[allow(clippy::unnecessary_cast)]
    Some((stats.f_bavail as u64).saturating_mul(stats.f_frsize as u64))
}

#[cfg(not(unix))]
fn free_space(_dir: &Path) -> Option<u64> {
    None
}
