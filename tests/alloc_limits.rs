//! Models larger than the memory the process may have: an [`fanin::Error`], never an abort.
//!
//! Each case runs in a child process (this test binary, re-executed with `FANIN_ALLOC_CASE`)
//! whose address space is limited to 1 GiB with `setrlimit(RLIMIT_AS)`, so an allocation of a
//! few GiB fails there whatever the machine has. The child prints `RESULT: ...` and exits
//! normally; the parent asserts on its exit status and its output. An abort ("memory
//! allocation of N bytes failed") kills the child with SIGABRT and fails the parent.
//!
//! Also under the limit: `io::init_to_file` of a 4 GiB model succeeds (its memory does not grow
//! with the model), and loading a header of a million names gives an error, not an abort.

#![cfg(target_os = "linux")]
#![deny(warnings)]

use std::path::PathBuf;
use std::process::Command;

use fanin::io::{self, Options, Progress};
use fanin::ndarray::{Array1, Array2};
use fanin::{Key, Params};

/// The child's address-space limit.
const LIMIT: u64 = 1 << 30;

/// 4 GiB of f32 in one param: `1 << 30` elements.
const FOUR_GIB: usize = 1 << 30;

#[derive(Params)]
#[params(config = (usize, usize))]
#[init(w = normal())]
pub struct Normal {
    #[shape(cfg.0, cfg.1)]
    pub w: Array2<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(w = zeros_init())]
pub struct Zeros {
    #[shape(*cfg)]
    pub w: Array1<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(w = constant(0.5))]
pub struct Constant {
    #[shape(*cfg)]
    pub w: Array1<f32>,
}

#[derive(Params)]
#[params(config = (usize, usize))]
#[init(w = lecun_normal())]
pub struct Lecun {
    #[shape(cfg.0, cfg.1)]
    pub w: Array2<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(w = truncated_normal())]
pub struct Truncated {
    #[shape(*cfg)]
    pub w: Array1<f64>,
}

/// Four params of 384 MiB: each fits under the limit, not all of them.
#[derive(Params)]
#[params(config = usize)]
#[init(a = uniform(), b = uniform(), c = uniform(), d = uniform())]
pub struct Many {
    #[shape(*cfg)]
    pub a: Array1<f32>,
    #[shape(*cfg)]
    pub b: Array1<f32>,
    #[shape(*cfg)]
    pub c: Array1<f32>,
    #[shape(*cfg)]
    pub d: Array1<f32>,
}

fn limit_address_space(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: a valid rlimit for the call to read.
    let status = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    assert_eq!(status, 0, "setrlimit: {}", std::io::Error::last_os_error());
}

/// The child's side: runs the case named by `FANIN_ALLOC_CASE` under the limit.
#[test]
fn child() {
    let Ok(case) = std::env::var("FANIN_ALLOC_CASE") else {
        return;
    };
    let path = std::env::var_os("FANIN_ALLOC_PATH").map(PathBuf::from);
    limit_address_space(LIMIT);
    let quiet = Options::new().progress(Progress::Never);
    let result: fanin::Result<()> = match case.as_str() {
        "normal" => Normal::init(Key::new(0), &(1 << 15, 1 << 15)).map(drop),
        "zeros" => Zeros::init(Key::new(0), &FOUR_GIB).map(drop),
        "constant" => Constant::init(Key::new(0), &FOUR_GIB).map(drop),
        "lecun" => Lecun::init(Key::new(0), &(1 << 15, 1 << 15)).map(drop),
        "truncated" => Truncated::init(Key::new(0), &(FOUR_GIB / 2)).map(drop),
        "many" => Many::init(Key::new(0), &(96 << 20)).map(drop),
        "jit" => Normal::init_jit(Key::new(0), &(1 << 15, 1 << 15)).map(drop),
        "stream" => io::init_to_file_with::<Normal>(
            Key::new(0),
            &(1 << 15, 1 << 15),
            path.as_ref().unwrap(),
            &quiet,
        ),
        "load" => io::load::<Normal>(path.as_ref().unwrap(), &(1 << 15, 1 << 15)).map(drop),
        "load-600" => io::load::<Zeros>(path.as_ref().unwrap(), &(150 << 20)).map(drop),
        "million" => io::load::<Zeros>(path.as_ref().unwrap(), &4).map(drop),
        other => panic!("unknown case {other}"),
    };
    // One line, whatever the message; then the peak resident memory, for the record.
    match result {
        Ok(()) => println!("RESULT: ok"),
        Err(e) => println!("RESULT: error: {}", e.to_string().replace('\n', "\\n")),
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(peak) = status.lines().find(|l| l.starts_with("VmHWM:")) {
        println!("PEAK: {case}: {peak}");
    }
}

/// Runs `case` in a child under the limit: its `RESULT:` line, after checking it exited
/// normally.
fn run_child(case: &str, path: Option<&PathBuf>) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("FANIN_ALLOC_CASE", case)
        .env("RAYON_NUM_THREADS", "2");
    if let Some(path) = path {
        command.env("FANIN_ALLOC_PATH", path);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "case {case}: the child did not exit normally ({}):\n{stdout}\n{stderr}",
        output.status
    );
    if let Some(peak) = stdout
        .lines()
        .find_map(|l| l.find("PEAK: ").map(|at| &l[at..]))
    {
        eprintln!("{peak}");
    }
    stdout
        .lines()
        // The harness prints "test child ... " on the same line.
        .find_map(|l| l.find("RESULT: ").map(|at| &l[at..]))
        .unwrap_or_else(|| panic!("case {case}: no RESULT line:\n{stdout}\n{stderr}"))
        .to_string()
}

fn assert_refused(case: &str) {
    let result = run_child(case, None);
    assert!(
        result.contains("the allocator refused"),
        "case {case}: {result}"
    );
    assert!(
        result.starts_with("RESULT: error: w: "),
        "case {case}: the param is not named: {result}"
    );
}

#[test]
fn init_beyond_memory_is_an_error() {
    for case in ["normal", "zeros", "constant", "lecun", "truncated", "jit"] {
        assert_refused(case);
    }
}

#[test]
fn a_model_whose_params_fit_one_by_one_but_not_together_is_an_error() {
    let result = run_child("many", None);
    assert!(result.contains("the allocator refused"), "{result}");
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "fanin-alloc-{name}-{}.safetensors",
        std::process::id()
    ))
}

/// Removes the file on drop.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn streaming_four_gib_fits_in_one_gib_and_loading_it_is_an_error() {
    let file = Removed(temp_path("stream"));
    let result = run_child("stream", Some(&file.0));
    assert_eq!(result, "RESULT: ok");
    let len = std::fs::metadata(&file.0).unwrap().len();
    assert!(len > 4 << 30, "{len}");
    // The plan's bytes, checked at two places.
    let plan = Normal::plan(&(1 << 15, 1 << 15)).unwrap();
    let header = len - (4u64 << 30);
    let mut file_handle = std::fs::File::open(&file.0).unwrap();
    for at in [0u64, (4u64 << 30) - 4096] {
        use std::io::{Read, Seek, SeekFrom};
        let mut got = vec![0u8; 4096];
        file_handle.seek(SeekFrom::Start(header + at)).unwrap();
        file_handle.read_exact(&mut got).unwrap();
        let mut want = vec![0u8; 4096];
        plan[0].fill_le(Key::new(0), at / 4, &mut want).unwrap();
        assert_eq!(got, want, "bytes at {at}");
    }
    // Loading it back needs 4 GiB: refused under the limit, not an abort.
    let result = run_child("load", Some(&file.0));
    assert!(result.contains("the allocator refused"), "{result}");
    assert!(result.contains("`w`"), "the tensor is not named: {result}");
}

#[test]
fn a_header_of_a_million_names_loads_in_bounded_memory() {
    let file = Removed(temp_path("million"));
    let mut header = String::from(r#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}"#);
    for i in 0..1_000_000 {
        header.push_str(&format!(
            r#","t{i}":{{"dtype":"F32","shape":[0],"data_offsets":[16,16]}}"#
        ));
    }
    header.push('}');
    let mut json = header.into_bytes();
    json.resize(json.len().next_multiple_of(8), b' ');
    let mut bytes = (json.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(&json);
    bytes.resize(bytes.len() + 16, 0);
    std::fs::write(&file.0, &bytes).unwrap();
    drop(bytes);
    let result = run_child("million", Some(&file.0));
    assert!(
        result.contains("... and 999980 more"),
        "{}",
        &result[..result.len().min(500)]
    );
    assert!(result.len() < 4096, "{} bytes", result.len());
}

/// A 600 MiB tensor: its bytes fit under the limit, but not twice. Loading reads the bytes,
/// then converts them into a second buffer of values: both allocations are fallible, so the
/// refused one is an error naming the param.
#[test]
fn loading_a_tensor_that_fits_once_but_not_twice_is_an_error() {
    let file = Removed(temp_path("load-600"));
    let quiet = Options::new().progress(Progress::Never);
    io::init_to_file_with::<Zeros>(Key::new(0), &(150 << 20), &file.0, &quiet).unwrap();
    let result = run_child("load-600", Some(&file.0));
    assert!(result.contains("the allocator refused"), "{result}");
}
