//! Initializes a GPT-2-small-shaped transformer and prints its summary, its parameter count and
//! how long init took: `cargo run --release --example gpt2` (`-- --seconds` prints only the
//! best of five init times, for `scripts/bench_vs_jax.py`).

#[path = "models/layers.rs"]
mod layers;
#[path = "models/gpt2.rs"]
mod model;

use std::time::Instant;

use fanin::{Key, Params};
use model::{Gpt2, Gpt2Config};

fn main() -> fanin::Result<()> {
    let config = Gpt2Config::small();
    if std::env::args().any(|a| a == "--seconds") {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            let model = Gpt2::init(Key::new(0), &config)?;
            best = best.min(start.elapsed().as_secs_f64());
            drop(model);
        }
        println!("{best:.6}");
        return Ok(());
    }
    println!("{}", Gpt2::summary(&config)?);
    let start = Instant::now();
    let model = Gpt2::init(Key::new(0), &config)?;
    let seconds = start.elapsed().as_secs_f64();
    println!("parameters: {}", model.param_count());
    println!(
        "init took {:.3} s ({:.0} M params/s)",
        seconds,
        model.param_count() as f64 / seconds / 1e6
    );
    Ok(())
}
