//! Writes, into a directory, the checkpoints `scripts/check_fanin_files.py` reads back with
//! Python's `flax.serialization` and `safetensors` to show that they hold Flax's `Module.init`
//! params:
//!
//! ```text
//! cargo run --features msgpack --example write_checkpoints -- DIR
//! ```
//!
//! - `bert.msgpack`, `bert.safetensors`: the gallery's tiny BERT (`FlaxBertModel(config,
//!   seed=4)`), as Hugging Face's `flax_model.msgpack` and as a safetensors file;
//! - `mlp.msgpack`, `mlp.safetensors`: an MLP of f32, bf16, f16 and f64 params (seed 7);
//! - `embed_chunked.msgpack`: `nn.Embed(20, 15)` (seed 3) with arrays over 256 bytes in
//!   Flax's chunked form, `embed.msgpack` the same as one array;
//! - `mlp_streamed.msgpack`: the MLP initialized straight into the file.

#[allow(dead_code)]
#[path = "gallery/bert.rs"]
mod bert;
#[path = "models/mixed_mlp.rs"]
mod mixed_mlp;

use std::path::PathBuf;

use fanin::io::{self, msgpack::Msgpack, Options};
use fanin::nn::{Embed, EmbedConfig};
use fanin::{Key, Params};
use mixed_mlp::MixedMlp;

fn main() -> fanin::Result<()> {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        return Err(fanin::Error::invalid("usage: write_checkpoints DIR"));
    };
    std::fs::create_dir_all(&dir).map_err(|source| fanin::Error::Io {
        path: dir.clone(),
        source,
    })?;

    let bert = bert::FlaxBertModule::init(bert::init_key(4), &bert::tiny())?;
    io::save_msgpack(&bert, dir.join("bert.msgpack"))?;
    io::save(&bert, dir.join("bert.safetensors"))?;

    let mlp = MixedMlp::init(Key::new(7), &())?;
    io::save_msgpack(&mlp, dir.join("mlp.msgpack"))?;
    io::save(&mlp, dir.join("mlp.safetensors"))?;
    io::format::init_to_file::<MixedMlp>(
        &Msgpack::new(),
        Key::new(7),
        &(),
        dir.join("mlp_streamed.msgpack"),
        &Options::new(),
    )?;

    let config = EmbedConfig::new(20, 15);
    let embed = Embed::<f32>::init(Key::new(3), &config)?;
    io::save_msgpack(&embed, dir.join("embed.msgpack"))?;
    let chunked = Msgpack::new().max_chunk_bytes(256);
    io::format::save(
        &chunked,
        &embed,
        dir.join("embed_chunked.msgpack"),
        &Options::new(),
    )?;
    println!("wrote 7 files to {}", dir.display());
    Ok(())
}
