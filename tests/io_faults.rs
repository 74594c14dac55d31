//! Faults planted in what `fanin::io` reads and writes: each must give a clear [`fanin::Error`]
//! naming the user's path (or the tensor), never a panic, an abort, a hang, a lost or exposed
//! file.
//!
//! * sizes: shapes whose bytes overflow (`init`, `plan`, `init_to_file`); the allocation
//!   failures themselves are in `tests/alloc_limits.rs` (a child process under a memory limit);
//! * paths read: a FIFO (under a timeout), a directory, a missing file, a file without
//!   permission (skipped as root), devices;
//! * destinations written: symlinks stay symlinks, permissions are kept, FIFOs, directories
//!   and devices are refused and left alone, a writer killed mid-write leaves no temporary file
//!   and the old file intact, long names work;
//! * files loaded: duplicated names, a million names, offsets that overflow, leave gaps or
//!   overlap.
//!
//! Unix only (FIFOs, devices, permission bits, signals).

#![cfg(unix)]
#![deny(warnings)]

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fanin::half::bf16;
use fanin::io::{self, Options, Progress};
use fanin::ndarray::{Array1, Array2};
use fanin::{Error, Key, Params};

// ---------------------------------------------------------------------------------------
// Helpers.

#[path = "support/temp_dir.rs"]
mod temp_dir;
use temp_dir::TempDir;

#[derive(Params)]
#[params(config = usize)]
#[init(kernel = lecun_normal(), bias = normal())]
pub struct Dense {
    #[shape(*cfg, 3)]
    pub kernel: Array2<f32>,
    #[shape(3)]
    pub bias: Array1<bf16>,
}

/// One f32 param of `cfg` elements.
#[derive(Params)]
#[params(config = usize)]
#[init(w = normal())]
pub struct Wide {
    #[shape(*cfg)]
    pub w: Array1<f32>,
}

/// Two axes of any size.
#[derive(Params)]
#[params(config = (usize, usize))]
pub struct Grid {
    #[shape(cfg.0, cfg.1)]
    #[init(zeros)]
    pub w: Array2<f64>,
}

/// Runs `f` on another thread: its result, or a failure if it takes more than 10 s (a hang).
fn within_10s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("{what}: no answer in 10 s (blocked?)"))
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let status = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(
        status,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
}

/// A character device equal to /dev/null at `path`, if this process may make one (root in
/// most containers). A copy, so that a broken refusal could never replace the real one.
fn mknod_null(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let status = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    status == 0
}

fn is_root() -> bool {
    // SAFETY: no arguments, no memory.
    unsafe { libc::geteuid() == 0 }
}

/// The message of an error, checked to name `path`.
fn names_path(error: &Error, path: &Path) -> String {
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the error does not name {}: {message}",
        path.display()
    );
    message
}

fn save_dense(path: &Path, seed: u64) -> fanin::Result<()> {
    io::save(&Dense::init(Key::new(seed), &2)?, path)
}

fn load_dense(path: &Path) -> fanin::Result<Dense> {
    io::load::<Dense>(path, &2)
}

// ---------------------------------------------------------------------------------------
// 1. Sizes.

#[test]
fn shapes_whose_bytes_overflow_are_errors() {
    // The element count fits isize, the bytes do not: f32 needs 4x.
    let count = (isize::MAX as usize) / 2 + 1;
    for result in [
        Wide::init(Key::new(0), &count).map(|_| ()),
        Wide::plan(&count).map(|_| ()),
    ] {
        let message = result
            .expect_err("a shape past isize::MAX bytes")
            .to_string();
        assert!(
            message.contains("needs") && message.contains("bytes"),
            "{message}"
        );
        assert!(
            message.starts_with("w: "),
            "the param is not named: {message}"
        );
    }
    // Two axes: the count itself overflows usize, and the bytes of one that fits do not.
    for cfg in [(usize::MAX, 2), (1 << 32, 1 << 29), (1 << 30, 1 << 30)] {
        let message = Grid::init(Key::new(0), &cfg)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(message.contains("bytes"), "{cfg:?}: {message}");
        assert!(Grid::plan(&cfg).is_err(), "{cfg:?}");
        assert!(Grid::summary(&cfg).is_err(), "{cfg:?}");
    }
    // Nor is a file made for them.
    let dir = TempDir::new("overflow");
    let path = dir.path("huge.safetensors");
    let error = io::init_to_file::<Wide>(Key::new(0), &count, &path).unwrap_err();
    assert!(error.to_string().contains("bytes"), "{error}");
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

#[test]
fn a_file_larger_than_the_disk_is_refused_before_writing() {
    // 2^60 bytes pass the size checks but no file system has them: refused, nothing written.
    let dir = TempDir::new("disk");
    let path = dir.path("big.safetensors");
    let error = io::init_to_file::<Wide>(Key::new(0), &(1usize << 58), &path).unwrap_err();
    let message = names_path(&error, &path);
    assert!(message.contains("free"), "{message}");
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

// ---------------------------------------------------------------------------------------
// 2. Paths read.

#[test]
fn loading_a_fifo_does_not_block() {
    let dir = TempDir::new("fifo-read");
    let fifo = dir.path("pipe.safetensors");
    mkfifo(&fifo);
    let link = dir.path("link.safetensors");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for path in [fifo, link] {
        let p = path.clone();
        let result = within_10s("io::load of a FIFO", move || load_dense(&p).map(|_| ()));
        let error = result.expect_err("a FIFO is no checkpoint");
        let message = names_path(&error, &path);
        assert!(message.contains("FIFO"), "{message}");
    }
}

#[test]
fn loading_what_is_not_a_regular_file_names_it() {
    let dir = TempDir::new("read");
    // A directory.
    let error = load_dense(&dir.0).map(|_| ()).unwrap_err();
    assert!(
        names_path(&error, &dir.0).contains("a directory"),
        "{error}"
    );
    // A missing file, and a file under a missing directory.
    for missing in [
        dir.path("missing.safetensors"),
        dir.path("no/such/dir/m.safetensors"),
    ] {
        let error = load_dense(&missing).map(|_| ()).unwrap_err();
        assert!(
            matches!(&error, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound),
            "{error:?}"
        );
        names_path(&error, &missing);
    }
    // A file under a path component that is a file.
    let file = dir.path("file");
    std::fs::write(&file, b"x").unwrap();
    let below = file.join("m.safetensors");
    let error = load_dense(&below).map(|_| ()).unwrap_err();
    names_path(&error, &below);
    // Devices: the real /dev/null and /dev/zero (reading them is harmless), and an empty path.
    for device in ["/dev/null", "/dev/zero"] {
        let path = PathBuf::from(device);
        let error = within_10s(device, move || load_dense(&path).map(|_| ())).unwrap_err();
        assert!(
            names_path(&error, Path::new(device)).contains("character device"),
            "{error}"
        );
    }
    assert!(load_dense(Path::new("")).is_err());
    // A dangling symlink.
    let dangling = dir.path("dangling");
    std::os::unix::fs::symlink(dir.path("nowhere"), &dangling).unwrap();
    names_path(&load_dense(&dangling).map(|_| ()).unwrap_err(), &dangling);
}

#[test]
fn loading_an_unreadable_file_names_it() {
    let dir = TempDir::new("perm");
    let path = dir.path("private.safetensors");
    save_dense(&path, 0).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if is_root() {
        // Root reads a 000 file: the permission check cannot fail here.
        eprintln!("loading_an_unreadable_file_names_it: running as root, the 000 case is skipped");
        return;
    }
    let error = load_dense(&path).map(|_| ()).unwrap_err();
    assert!(
        matches!(&error, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::PermissionDenied),
        "{error:?}"
    );
    names_path(&error, &path);
}

// ---------------------------------------------------------------------------------------
// 3. Destinations written.

#[test]
fn a_symlink_destination_stays_a_link_to_its_rewritten_target() {
    let dir = TempDir::new("symlink");
    std::fs::create_dir(dir.path("real")).unwrap();
    let target = dir.path("real/model.safetensors");
    save_dense(&target, 1).unwrap();
    // A relative link, and a link to that link.
    let link = dir.path("link.safetensors");
    std::os::unix::fs::symlink("real/model.safetensors", &link).unwrap();
    let chain = dir.path("chain.safetensors");
    std::os::unix::fs::symlink("link.safetensors", &chain).unwrap();
    for (path, seed) in [(&link, 2), (&chain, 3)] {
        save_dense(path, seed).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::symlink_metadata(&chain)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            Path::new("real/model.safetensors")
        );
        let back = load_dense(&target).unwrap();
        assert_eq!(back.kernel, Dense::init(Key::new(seed), &2).unwrap().kernel);
    }
    // Streamed init too.
    io::init_to_file::<Dense>(Key::new(4), &2, &chain).unwrap();
    assert!(std::fs::symlink_metadata(&chain)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        load_dense(&target).unwrap().kernel,
        Dense::init(Key::new(4), &2).unwrap().kernel
    );
    // Nothing but the three names, and the target in its own directory.
    assert_eq!(
        dir.files(),
        ["chain.safetensors", "link.safetensors", "real"]
    );
    assert_eq!(std::fs::read_dir(dir.path("real")).unwrap().count(), 1);
    // A dangling link: its target is created.
    let dangling = dir.path("dangling.safetensors");
    std::os::unix::fs::symlink("real/new.safetensors", &dangling).unwrap();
    save_dense(&dangling, 5).unwrap();
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(load_dense(&dir.path("real/new.safetensors")).is_ok());
    // A loop of links is an error naming the path.
    let a = dir.path("loop-a");
    std::os::unix::fs::symlink("loop-b", &a).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.path("loop-b")).unwrap();
    names_path(&save_dense(&a, 0).unwrap_err(), &a);
}

#[test]
fn permissions_are_kept() {
    let dir = TempDir::new("mode");
    for mode in [0o600, 0o640, 0o444] {
        let path = dir.path(&format!("m{mode:o}.safetensors"));
        save_dense(&path, 0).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        save_dense(&path, 1).unwrap();
        let got = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "after io::save: {got:o}");
        io::init_to_file::<Dense>(Key::new(2), &2, &path).unwrap();
        let got = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "after io::init_to_file: {got:o}");
        assert_eq!(
            load_dense(&path).unwrap().kernel,
            Dense::init(Key::new(2), &2).unwrap().kernel
        );
    }
}

/// What a refused destination must be afterwards.
fn assert_refused(
    dir: &TempDir,
    path: &Path,
    what: &str,
    still: impl Fn(&std::fs::Metadata) -> bool,
) {
    let before = dir.files();
    let p = path.to_path_buf();
    let saved = within_10s("io::save to a special file", move || save_dense(&p, 0));
    let message = names_path(&saved.expect_err("refused"), path);
    assert!(message.contains(what), "{message}");
    let p = path.to_path_buf();
    let streamed = within_10s("io::init_to_file to a special file", move || {
        io::init_to_file::<Dense>(Key::new(0), &2, &p)
    });
    let message = names_path(&streamed.expect_err("refused"), path);
    assert!(message.contains(what), "{message}");
    assert!(
        still(&std::fs::metadata(path).unwrap()),
        "{} was replaced",
        path.display()
    );
    assert_eq!(dir.files(), before, "files were left behind");
}

#[test]
fn special_destinations_are_refused_and_left_alone() {
    let dir = TempDir::new("special");
    let fifo = dir.path("pipe");
    mkfifo(&fifo);
    assert_refused(&dir, &fifo, "FIFO", |m| m.file_type().is_fifo());
    let sub = dir.path("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("keep"), b"data").unwrap();
    assert_refused(&dir, &sub, "directory", |m| m.is_dir());
    assert_eq!(std::fs::read(sub.join("keep")).unwrap(), b"data");
    // A link to a directory: refused, the error names the link.
    let link = dir.path("to-sub");
    std::os::unix::fs::symlink("sub", &link).unwrap();
    assert_refused(&dir, &link, "directory", |m| m.is_dir());
    let device = dir.path("null");
    if mknod_null(&device) {
        assert_refused(&dir, &device, "character device", |m| {
            m.file_type().is_char_device()
        });
    } else {
        eprintln!("special_destinations_are_refused_and_left_alone: mknod not permitted, the device case is skipped");
    }
    // A path that names no file.
    for bad in [PathBuf::from(""), dir.0.join("..")] {
        assert!(save_dense(&bad, 0).is_err(), "{}", bad.display());
    }
    // A destination in a missing directory.
    let missing = dir.path("no/such/dir/m.safetensors");
    names_path(&save_dense(&missing, 0).unwrap_err(), &missing);
}

#[test]
fn long_file_names_work() {
    let dir = TempDir::new("long");
    for len in [243, 255] {
        let name = format!("{}.st", "n".repeat(len - 3));
        let path = dir.path(&name);
        save_dense(&path, 0).unwrap();
        io::init_to_file::<Dense>(Key::new(1), &2, &path).unwrap();
        assert!(load_dense(&path).is_ok());
        assert_eq!(dir.files(), std::slice::from_ref(&name));
        std::fs::remove_file(&path).unwrap();
    }
    // One byte over the file system's limit: an error naming the path.
    let path = dir.path(&"n".repeat(256));
    names_path(&save_dense(&path, 0).unwrap_err(), &path);
    assert!(dir.files().is_empty());
}

#[test]
fn a_temporary_file_left_by_a_dead_writer_is_removed_by_the_next_write() {
    // A writer killed between naming its file and the rename leaves `.fanin-tmp-PID-N`.
    let dir = TempDir::new("stale");
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = dir.path(&format!(".fanin-tmp-{dead}-0"));
    std::fs::write(&stale, b"half a file").unwrap();
    // A temp file of a live process (this one) is kept.
    let live = dir.path(&format!(".fanin-tmp-{}-999999", std::process::id()));
    std::fs::write(&live, b"being written").unwrap();
    save_dense(&dir.path("m.safetensors"), 0).unwrap();
    let live_name = live.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(dir.files(), [live_name, "m.safetensors".to_string()]);
}

/// The child of [`a_writer_killed_mid_write_leaves_no_trace`]: streams a large model to the
/// path in `FANIN_FAULTS_KILL_ME`, until killed.
#[test]
fn child_streaming_writer() {
    let Some(path) = std::env::var_os("FANIN_FAULTS_KILL_ME") else {
        return;
    };
    let options = Options::new()
        .progress(Progress::Never)
        .chunk_bytes(1 << 20);
    // 4 GiB: far more than is written before the parent kills this process.
    let result = io::init_to_file_with::<Wide>(Key::new(0), &(1 << 30), &path, &options);
    println!("finished: {result:?}");
}

/// The file descriptors of process `pid` open on files in `dir` (deleted ones included).
fn open_in(pid: u32, dir: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let target = std::fs::read_link(e.path()).ok()?;
            if !target.starts_with(dir) {
                return None;
            }
            let len = std::fs::metadata(e.path()).ok()?.len();
            Some((target, len))
        })
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn a_writer_killed_mid_write_leaves_no_trace() {
    let dir = TempDir::new("kill");
    let path = dir.path("model.safetensors");
    save_dense(&path, 7).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_streaming_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FANIN_FAULTS_KILL_ME", &path)
        .env("RAYON_NUM_THREADS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Waits until the child has written 32 MiB into its (unnamed) file, then kills it.
    let start = Instant::now();
    let mut seen = Vec::new();
    while start.elapsed() < Duration::from_secs(60) {
        seen = open_in(child.id(), &dir.0);
        if seen.iter().any(|(_, len)| *len >= 32 << 20) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let writing = seen.iter().any(|(_, len)| *len >= 32 << 20);
    child.kill().unwrap(); // SIGKILL
    let output = child.wait_with_output().unwrap();
    assert!(
        writing,
        "the child never wrote 32 MiB: {seen:?}\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !output.status.success(),
        "the child finished before it was killed"
    );
    // The file being written had no name (O_TMPFILE shows as "/dir/#inode (deleted)").
    assert!(
        seen.iter()
            .all(|(name, _)| name.to_string_lossy().ends_with("(deleted)")),
        "{seen:?}"
    );
    assert_eq!(
        dir.files(),
        ["model.safetensors"],
        "a temporary file is left"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the old file was damaged"
    );
    // The next write succeeds and leaves only the destination.
    save_dense(&path, 8).unwrap();
    assert_eq!(
        load_dense(&path).unwrap().kernel,
        Dense::init(Key::new(8), &2).unwrap().kernel
    );
    assert_eq!(dir.files(), ["model.safetensors"]);
}

// ---------------------------------------------------------------------------------------
// 4. Files loaded.

/// A safetensors file of `header` (JSON, padded to 8) and `data` bytes.
fn safetensors_bytes(header: &str, data: usize) -> Vec<u8> {
    let mut json = header.as_bytes().to_vec();
    json.resize(json.len().next_multiple_of(8), b' ');
    let mut out = (json.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&json);
    out.resize(out.len() + data, 0);
    out
}

fn load_bytes(dir: &TempDir, name: &str, bytes: &[u8]) -> (PathBuf, fanin::Result<Dense>) {
    let path = dir.path(name);
    std::fs::write(&path, bytes).unwrap();
    let result = load_dense(&path);
    (path, result)
}

/// `Dense` of config 2: kernel F32 [2, 3] (24 bytes), bias BF16 [3] (6 bytes).
const KERNEL: &str = r#""kernel":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}"#;
const BIAS: &str = r#""bias":{"dtype":"BF16","shape":[3],"data_offsets":[24,30]}"#;

#[test]
fn the_handmade_file_loads() {
    let dir = TempDir::new("handmade");
    let (_, result) = load_bytes(
        &dir,
        "ok",
        &safetensors_bytes(&format!("{{{KERNEL},{BIAS}}}"), 30),
    );
    assert!(result.is_ok(), "{:?}", result.map(|_| ()));
}

#[test]
fn a_duplicated_tensor_name_is_rejected_by_name() {
    let dir = TempDir::new("dup");
    let other = r#""kernel":{"dtype":"F32","shape":[2,3],"data_offsets":[30,54]}"#;
    for (i, header) in [
        format!("{{{KERNEL},{BIAS},{other}}}"),
        format!("{{{KERNEL},{other},{BIAS}}}"),
    ]
    .iter()
    .enumerate()
    {
        let (path, result) = load_bytes(&dir, &format!("dup{i}"), &safetensors_bytes(header, 54));
        let error = result.map(|_| ()).unwrap_err();
        assert!(matches!(error, Error::Format(_)), "{error:?}");
        let message = names_path(&error, &path);
        assert!(
            message.contains("`kernel`") && message.contains("twice"),
            "{message}"
        );
    }
}

#[test]
fn offset_errors_name_the_tensor() {
    let dir = TempDir::new("offsets");
    let huge = u64::MAX - 15;
    let cases = [
        // Too few bytes for the dtype and shape.
        (
            r#""kernel":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}"#.to_string(),
            26,
            "kernel",
        ),
        // End before start.
        (
            r#""kernel":{"dtype":"F32","shape":[2,3],"data_offsets":[24,0]}"#.to_string(),
            30,
            "kernel",
        ),
        // A gap before the bias.
        (
            r#""kernel":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}"#.to_string(),
            32,
            "bias",
        ),
        // Past the end of u64 once the header is added (was an overflow).
        (
            format!(
                r#""kernel":{{"dtype":"F32","shape":[2],"data_offsets":[{huge},{}]}}"#,
                huge + 8
            ),
            30,
            "kernel",
        ),
        // A shape whose bytes overflow.
        (
            r#""kernel":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,0]}"#
                .to_string(),
            30,
            "kernel",
        ),
    ];
    for (i, (kernel, data, named)) in cases.iter().enumerate() {
        let bias = if i == 2 {
            r#""bias":{"dtype":"BF16","shape":[3],"data_offsets":[26,32]}"#
        } else {
            BIAS
        };
        let header = format!("{{{kernel},{bias}}}");
        let (path, result) = load_bytes(&dir, &format!("o{i}"), &safetensors_bytes(&header, *data));
        let error = result.map(|_| ()).unwrap_err();
        assert!(matches!(error, Error::Format(_)), "case {i}: {error:?}");
        let message = names_path(&error, &path);
        assert!(
            message.contains(&format!("`{named}`")),
            "case {i}: {message}"
        );
    }
    // Overlapping tensors.
    let bias = r#""bias":{"dtype":"BF16","shape":[3],"data_offsets":[18,24]}"#;
    let (path, result) = load_bytes(
        &dir,
        "overlap",
        &safetensors_bytes(&format!("{{{KERNEL},{bias}}}"), 24),
    );
    let message = names_path(&result.map(|_| ()).unwrap_err(), &path);
    assert!(message.contains("overlap"), "{message}");
}

#[test]
fn a_header_of_a_million_names_gives_a_short_error() {
    let dir = TempDir::new("million");
    let mut header = String::with_capacity(70 << 20);
    header.push('{');
    header.push_str(KERNEL);
    header.push(',');
    header.push_str(BIAS);
    for i in 0..1_000_000 {
        header.push_str(&format!(
            r#","t{i}":{{"dtype":"F32","shape":[0],"data_offsets":[30,30]}}"#
        ));
    }
    header.push('}');
    let start = Instant::now();
    let (path, result) = load_bytes(&dir, "million", &safetensors_bytes(&header, 30));
    let error = result.map(|_| ()).unwrap_err();
    let message = names_path(&error, &path);
    assert!(matches!(error, Error::Mismatch(_)), "{error:?}");
    assert!(message.len() < 4096, "an error of {} bytes", message.len());
    assert!(message.contains("1000000 problems"), "{}", &message[..200]);
    assert!(message.contains("... and 999980 more"), "{message}");
    assert!(message.contains("`t0`"), "{message}");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    // The same header with one name repeated at the very end: rejected by that name.
    header.pop();
    header.push_str(r#","t7":{"dtype":"F32","shape":[0],"data_offsets":[30,30]}}"#);
    let (path, result) = load_bytes(&dir, "million-dup", &safetensors_bytes(&header, 30));
    let message = names_path(&result.map(|_| ()).unwrap_err(), &path);
    assert!(
        message.contains("`t7`") && message.len() < 4096,
        "{message}"
    );
}
