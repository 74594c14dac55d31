//! Initializes the GPT-2-small-shaped model of `examples/gpt2.rs` straight into a safetensors
//! checkpoint with `fanin::io::init_to_file`, and prints the time and the size:
//!
//! ```text
//! cargo run --release --example checkpoint -- [--out PATH] [--seed N]
//!     [--width W] [--depth D] [--vocab V] [--positions P] [--jit]
//! ```
//!
//! The defaults are GPT-2 small and `gpt2.safetensors` in the system temp dir. The file holds
//! Flax's `model.init` params, or `jax.jit(model.init)`'s with `--jit`;
//! `scripts/compare_checkpoint.py` (with the same `--jit`) compares it with Flax.

#[path = "models/layers.rs"]
mod layers;
#[path = "models/gpt2.rs"]
mod model;

use std::path::PathBuf;
use std::time::Instant;

use fanin::{io, Execution, Key, Params};
use model::{Gpt2, Gpt2Config};

fn usage(message: &str) -> fanin::Error {
    fanin::Error::invalid(format!(
        "{message}\nusage: checkpoint [--out PATH] [--seed N] [--width W] [--depth D] [--vocab V] [--positions P] [--jit]"
    ))
}

fn main() -> fanin::Result<()> {
    let mut config = Gpt2Config::small();
    let mut out = std::env::temp_dir().join("gpt2.safetensors");
    let mut seed = 0u64;
    let mut options = io::Options::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--jit" {
            options = options.execution(Execution::Jit);
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| usage(&format!("{flag} needs a value")))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| usage(&format!("{flag}: `{value}` is not a number")))
        };
        match flag.as_str() {
            "--out" => out = PathBuf::from(&value),
            "--seed" => seed = number()?,
            "--width" => config.width = number()? as usize,
            "--depth" => config.depth = number()? as usize,
            "--vocab" => config.vocab = number()? as usize,
            "--positions" => config.positions = number()? as usize,
            other => return Err(usage(&format!("unknown argument `{other}`"))),
        }
    }
    let summary = Gpt2::summary(&config)?;
    let params: usize = Gpt2::plan(&config)?.iter().map(|p| p.len()).sum();
    let start = Instant::now();
    io::init_to_file_with::<Gpt2>(Key::new(seed), &config, &out, &options)?;
    let seconds = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&out)
        .map_err(|source| fanin::Error::Io {
            path: out.clone(),
            source,
        })?
        .len();
    if std::env::args().any(|a| a == "--summary") {
        println!("{summary}");
    }
    println!(
        "wrote {} ({params} params, {bytes} bytes = {:.1} MiB) in {seconds:.3} s ({:.0} MiB/s)",
        out.display(),
        bytes as f64 / (1 << 20) as f64,
        bytes as f64 / (1 << 20) as f64 / seconds
    );
    println!(
        "compare: python scripts/compare_checkpoint.py {} --seed {seed} --width {} --depth {} --vocab {} --positions {}{}",
        out.display(),
        config.width,
        config.depth,
        config.vocab,
        config.positions,
        if options.execution == Some(Execution::Jit) { " --jit" } else { "" }
    );
    Ok(())
}
