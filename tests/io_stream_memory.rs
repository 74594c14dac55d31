//! Streamed init holds a few chunks, not the model: peak RSS (`VmHWM` of /proc/self/status)
//! stays far below the file size. A small version runs in CI; the multi-GiB one is ignored by
//! default: `cargo test --release --test io_stream_memory -- --ignored --nocapture`.
//!
//! Each test file is its own process, and the two tests here are serialized by a lock, so the
//! peak is this streaming's own.

#![deny(warnings)]

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use fanin::io::{self, Options, Progress};
use fanin::ndarray::{Array1, Array2};
use fanin::{Key, Params};

static SERIAL: Mutex<()> = Mutex::new(());

/// `n` blocks of a `rows x cols` f32 kernel (normal) and a bias.
pub struct Size {
    pub blocks: usize,
    pub rows: usize,
    pub cols: usize,
}

#[derive(Params)]
#[params(config = (usize, usize))]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Layer {
    #[shape(cfg.0, cfg.1)]
    pub kernel: Array2<f32>,
    #[shape(cfg.1)]
    pub bias: Array1<f32>,
}

#[derive(Params)]
#[params(config = Size)]
pub struct Big {
    #[module(config = (cfg.rows, cfg.cols), count = cfg.blocks)]
    pub blocks: Vec<Layer>,
}

/// Peak resident set size of this process, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("fanin-{name}-{}.safetensors", std::process::id()))
}

/// Streams the model, checks a few values against the plan, and returns (file bytes, peak RSS).
fn stream(size: &Size, options: &Options, name: &str) -> (u64, Option<u64>) {
    let path = temp_file(name);
    let start = Instant::now();
    io::init_to_file_with::<Big>(Key::new(0), size, &path, options).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_rss();
    let bytes = std::fs::metadata(&path).unwrap().len();
    // Spot-check: the last 16 values of the last kernel, read from the file, equal the plan.
    let plan = Big::plan(size).unwrap();
    let last = plan
        .iter()
        .find(|p| p.path.to_string() == format!("blocks_{}/kernel", size.blocks - 1))
        .unwrap();
    let mut expected = vec![0u8; 64];
    last.fill_le(Key::new(0), (last.len() - 16) as u64, &mut expected)
        .unwrap();
    let contents_tail = {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = std::fs::File::open(&path).unwrap();
        let mut n = [0u8; 8];
        f.read_exact(&mut n).unwrap();
        let header_len = u64::from_le_bytes(n);
        let mut header = vec![0u8; header_len as usize];
        f.read_exact(&mut header).unwrap();
        let header = String::from_utf8(header).unwrap();
        let name = format!("\"blocks_{}.kernel\"", size.blocks - 1);
        let at = header.find(&name).unwrap();
        let offsets = &header[at..];
        let begin = offsets.find("\"data_offsets\":[").unwrap() + 16;
        let end_rel = offsets[begin..].find(']').unwrap();
        let pair: Vec<u64> = offsets[begin..begin + end_rel]
            .split(',')
            .map(|s| s.trim().parse().unwrap())
            .collect();
        f.seek(SeekFrom::Start(8 + header_len + pair[1] - 64))
            .unwrap();
        let mut tail = vec![0u8; 64];
        f.read_exact(&mut tail).unwrap();
        tail
    };
    assert_eq!(contents_tail, expected);
    std::fs::remove_file(&path).unwrap();
    eprintln!(
        "{name}: streamed {:.1} MiB in {seconds:.2} s; peak RSS {}",
        bytes as f64 / (1 << 20) as f64,
        peak.map_or("unknown".to_string(), |p| format!(
            "{:.1} MiB",
            p as f64 / (1 << 20) as f64
        ))
    );
    (bytes, peak)
}

#[test]
fn small_streaming_stays_far_below_the_file_size() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // 4 x 32 MiB kernels: 128 MiB on disk, 1 MiB chunks.
    let size = Size {
        blocks: 4,
        rows: 2048,
        cols: 4096,
    };
    let options = Options::new()
        .chunk_bytes(1 << 20)
        .progress(Progress::Never);
    let (bytes, peak) = stream(&size, &options, "stream-small");
    assert!(bytes > 128 << 20);
    if let Some(peak) = peak {
        assert!(
            peak < bytes / 3,
            "peak RSS {peak} for a file of {bytes} bytes"
        );
    }
}

#[test]
#[ignore = "writes a 4 GiB file: run with --release -- --ignored"]
fn multi_gib_streaming_stays_far_below_the_file_size() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // 4 x 1 GiB kernels (16384 x 16384 f32): 4 GiB on disk, default options.
    let size = Size {
        blocks: 4,
        rows: 16384,
        cols: 16384,
    };
    let (bytes, peak) = stream(&size, &Options::new(), "stream-4gib");
    assert!(bytes > 4 << 30);
    let peak = peak.expect("VmHWM in /proc/self/status");
    println!("file {bytes} bytes, peak RSS {peak} bytes");
    assert!(
        peak < 256 << 20,
        "peak RSS {peak} for a file of {bytes} bytes"
    );
}
