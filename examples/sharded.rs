//! A Hugging Face sharded checkpoint (`model-0000k-of-0000N.safetensors` +
//! `model.safetensors.index.json`) written by N independent processes: the parent runs this
//! program N times as `worker k N`, each writing only its own files (as each task of a Slurm
//! job array or a Kubernetes indexed job would), then checks the index, that the files are
//! byte for byte those of a one-process run, and that the checkpoint loads back equal to
//! `Params::init`.
//!
//! ```text
//! cargo run --release --example sharded -- [--workers N] [--cap BYTES] [--dir DIR]
//! cargo run --release --example sharded -- worker K N DIR [--cap BYTES]   # one worker
//! ```
//!
//! With `--dir DIR` the runs are kept: `DIR/workers` (N processes), `DIR/one` (one process),
//! `DIR/model.safetensors` (`io::init_to_file`) and `DIR/plan_order.txt` (the tensors in
//! declaration order, one `name bytes` a line), which `scripts/check_sharded.py` reads.

#[path = "models/layers.rs"]
mod layers;
#[path = "models/gpt2.rs"]
mod model;

use std::path::{Path, PathBuf};
use std::process::Command;

use fanin::io::{self, ShardOptions};
use fanin::{Error, Key, Params, Result};
use model::{Gpt2, Gpt2Config};

const SEED: u64 = 0;
/// 100 kB: the token embedding (256 kB) is bigger and gets a file of its own.
const DEFAULT_CAP: u64 = 100_000;

fn config() -> Gpt2Config {
    Gpt2Config {
        vocab: 1000,
        positions: 128,
        width: 64,
        depth: 2,
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn options(cap: u64) -> ShardOptions {
    ShardOptions::new()
        .max_shard_bytes(cap)
        .options(io::Options::new().progress(io::Progress::Never))
}

/// Worker `k` of `n`: writes its files of the checkpoint in `dir`.
fn worker(k: usize, n: usize, dir: &Path, cap: u64) -> Result<()> {
    let layout =
        io::init_to_sharded::<Gpt2>(Key::new(SEED), &config(), dir, &options(cap).worker(k, n))?;
    let mine: Vec<&str> = layout.mine().map(|f| f.name.as_str()).collect();
    eprintln!(
        "worker {k}/{n}: wrote {mine:?}{}",
        if layout.writes_index() {
            " and the index"
        } else {
            ""
        }
    );
    Ok(())
}

/// The sorted names and bytes of the files of `dir`.
fn files_of(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let path = entry.map_err(io_error(dir))?.path();
        let bytes = std::fs::read(&path).map_err(io_error(&path))?;
        files.push((
            path.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            bytes,
        ));
    }
    files.sort();
    Ok(files)
}

fn parent(workers: usize, cap: u64, keep: Option<PathBuf>) -> Result<()> {
    let exe = std::env::current_exe().map_err(io_error(Path::new("current_exe")))?;
    let root = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("fanin-sharded-{}", std::process::id()))
    });
    let (many, one) = (root.join("workers"), root.join("one"));
    for dir in [&many, &one] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io_error(dir))?;
        }
    }
    // N processes, started together, each told only its index and the count.
    let children = (0..workers)
        .map(|k| {
            Command::new(&exe)
                .args(["worker", &k.to_string(), &workers.to_string()])
                .arg(&many)
                .args(["--cap", &cap.to_string()])
                .spawn()
                .map_err(io_error(&exe))
        })
        .collect::<Result<Vec<_>>>()?;
    for (k, mut child) in children.into_iter().enumerate() {
        let status = child.wait().map_err(io_error(&exe))?;
        if !status.success() {
            return Err(Error::invalid(format!("worker {k} failed: {status}")));
        }
    }
    let layout = io::init_to_sharded::<Gpt2>(Key::new(SEED), &config(), &one, &options(cap))?;

    let plan = Gpt2::plan(&config())?;
    if layout.is_sharded() {
        check_index(&many.join(io::INDEX_FILE_NAME), &layout, plan.len())?;
    }

    // The bytes: the N runs together are the one-process run.
    let (from_workers, from_one) = (files_of(&many)?, files_of(&one)?);
    check(
        from_workers == from_one,
        "the N workers' files are byte for byte the one process's",
    )?;
    let back: Gpt2 = io::load_sharded(&many, &config())?;
    let init = Gpt2::init(Key::new(SEED), &config())?;
    check(
        back.wte.embedding == init.wte.embedding
            && back.h[1].mlp_proj.kernel == init.h[1].mlp_proj.kernel,
        "the checkpoint loads back equal to init",
    )?;

    println!(
        "{} workers, cap {cap} bytes: {} files, {} tensors, {} bytes of tensors",
        workers,
        layout.files.len(),
        plan.len(),
        layout.total_size
    );
    for (i, file) in layout.files.iter().enumerate() {
        println!(
            "  {} ({} tensors, {} bytes, worker {})",
            file.name,
            file.tensors.len(),
            file.bytes,
            i % workers
        );
    }
    println!(
        "the index and every byte of the {} files (index included) match the one-process run",
        from_one.len()
    );
    match keep {
        Some(root) => write_python_inputs(&root, cap)?,
        None => std::fs::remove_dir_all(&root).map_err(io_error(&root))?,
    }
    Ok(())
}

/// What `scripts/check_sharded.py` compares with: the model in one file, and the plan's
/// order (which fixes the assignment of tensors to files).
fn write_python_inputs(root: &Path, cap: u64) -> Result<()> {
    io::init_to_file::<Gpt2>(Key::new(SEED), &config(), root.join("model.safetensors"))?;
    let plan = Gpt2::plan(&config())?;
    let lines: String = plan
        .iter()
        .map(|p| format!("{} {}\n", p.path.dotted(), p.nbytes()))
        .collect();
    let path = root.join("plan_order.txt");
    std::fs::write(&path, format!("cap {cap}\n{lines}")).map_err(io_error(&path))
}

/// The index names every tensor of the plan once, in the file the layout gives it.
fn check_index(index_path: &Path, layout: &io::ShardLayout, tensors: usize) -> Result<()> {
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index_path).map_err(io_error(index_path))?)
            .map_err(|e| Error::Format(e.to_string()))?;
    let weight_map = index["weight_map"].as_object().cloned().unwrap_or_default();
    check(
        weight_map.len() == tensors,
        "the index names every tensor once",
    )?;
    for file in &layout.files {
        for tensor in &file.tensors {
            check(
                weight_map.get(tensor).and_then(|f| f.as_str()) == Some(&file.name),
                "each tensor is in its file",
            )?;
        }
    }
    check(
        index["metadata"]["total_size"].as_u64() == Some(layout.total_size),
        "total_size is the bytes of all tensors",
    )?;
    Ok(())
}

fn check(ok: bool, what: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("check failed: {what}")))
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| Error::invalid(format!("`{s}` is not a number")))
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let cap = flag("--cap")
        .map(|s| number(s))
        .transpose()?
        .unwrap_or(DEFAULT_CAP);
    if let [mode, k, n, dir, ..] = args.as_slice()
        && mode == "worker"
    {
        return worker(
            number(k)? as usize,
            number(n)? as usize,
            Path::new(dir),
            cap,
        );
    }
    let workers = flag("--workers")
        .map(|s| number(s))
        .transpose()?
        .unwrap_or(4) as usize;
    parent(workers.max(1), cap, flag("--dir").map(PathBuf::from))
}
