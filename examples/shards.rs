//! Sharded init across processes: the parent spawns N copies of itself; child `i` makes only
//! its rows of every param of a small GPT-2-shaped model (`fanin::io::shard::init_shard`) and
//! writes them to a safetensors file; the parent assembles the shards and checks that they
//! equal the whole model made by `Params::init`, bit for bit.
//!
//! ```text
//! cargo run --release --example shards -- [N]      # N processes, default 4
//! ```

#[path = "models/layers.rs"]
mod layers;
#[path = "models/gpt2.rs"]
mod model;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use fanin::io::shard::init_shard;
use fanin::{ElementType, Error, Key, Params, Result};
use model::{Gpt2, Gpt2Config};
use safetensors::tensor::TensorView;
use safetensors::SafeTensors;

const SEED: u64 = 0;

fn config() -> Gpt2Config {
    Gpt2Config {
        vocab: 1000,
        positions: 128,
        width: 64,
        depth: 2,
    }
}

fn st_dtype(dtype: ElementType) -> safetensors::Dtype {
    match dtype {
        ElementType::F32 => safetensors::Dtype::F32,
        ElementType::F64 => safetensors::Dtype::F64,
        ElementType::BF16 => safetensors::Dtype::BF16,
        ElementType::F16 => safetensors::Dtype::F16,
    }
}

fn format_error(e: impl std::fmt::Display) -> Error {
    Error::Format(e.to_string())
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Child `index` of `count`: writes its shard of every param to `path`.
fn child(index: usize, count: usize, path: &Path) -> Result<()> {
    let shards = init_shard::<Gpt2>(Key::new(SEED), &config(), index, count)?;
    let views = shards
        .iter()
        .map(|s| {
            let view =
                TensorView::new(st_dtype(s.dtype), s.shape(), &s.data).map_err(format_error)?;
            Ok((s.path.dotted(), view))
        })
        .collect::<Result<Vec<_>>>()?;
    let bytes = safetensors::serialize(views, None).map_err(format_error)?;
    std::fs::write(path, bytes).map_err(io_error(path))?;
    eprintln!(
        "shard {index}/{count}: {} params written to {}",
        shards.len(),
        path.display()
    );
    Ok(())
}

fn parent(count: usize) -> Result<()> {
    let exe = std::env::current_exe().map_err(io_error(Path::new("current_exe")))?;
    let dir = std::env::temp_dir().join(format!("fanin-shards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    let files: Vec<PathBuf> = (0..count)
        .map(|i| dir.join(format!("shard-{i}.safetensors")))
        .collect();
    let children = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            Command::new(&exe)
                .args(["--child", &i.to_string(), &count.to_string()])
                .arg(file)
                .spawn()
                .map_err(io_error(&exe))
        })
        .collect::<Result<Vec<_>>>()?;
    for (i, mut c) in children.into_iter().enumerate() {
        let status = c.wait().map_err(io_error(&exe))?;
        if !status.success() {
            return Err(Error::invalid(format!(
                "shard process {i} failed: {status}"
            )));
        }
    }
    // Assemble: each param's shards, concatenated in shard order.
    let mut assembled: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(io_error(file))?;
        let tensors = SafeTensors::deserialize(&bytes).map_err(format_error)?;
        for (name, view) in tensors.tensors() {
            assembled
                .entry(name)
                .or_default()
                .extend_from_slice(view.data());
        }
    }
    // The whole model, made in this process.
    let model = Gpt2::init(Key::new(SEED), &config())?;
    let mut checked = 0;
    let mut mismatched = Vec::new();
    model.walk(&mut |p| {
        let name = p.path.dotted();
        if assembled.get(&name) != Some(&p.view.to_le_bytes()) {
            mismatched.push(name);
        }
        checked += 1;
    });
    let _ = std::fs::remove_dir_all(&dir);
    if !mismatched.is_empty() || checked != assembled.len() {
        return Err(Error::Mismatch(format!(
            "the shards do not assemble into the model: {mismatched:?}"
        )));
    }
    println!("{count} processes, {checked} params: the assembled shards equal the whole init, bit for bit");
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |s: &str| {
        s.parse::<usize>()
            .map_err(|_| Error::invalid(format!("`{s}` is not a number")))
    };
    match args.as_slice() {
        [flag, index, count, path] if flag == "--child" => {
            child(number(index)?, number(count)?, Path::new(path))
        }
        [] => parent(4),
        [count] => parent(number(count)?.max(1)),
        _ => Err(Error::invalid("usage: shards [N]")),
    }
}
