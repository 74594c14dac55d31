//! Hugging Face's sharded safetensors checkpoints: `model-00001-of-0000N.safetensors` ...
//! and `model.safetensors.index.json`, which transformers, candle and serving engines read.
//!
//! [`init_to_sharded`] streams a model into them and [`save_sharded`] writes a model's
//! params; [`load_sharded`] reads them back. The files each tensor goes to ([`ShardLayout`])
//! are decided from the model's plan alone, so `n` independent processes (a Slurm job
//! array, a Kubernetes indexed job) each started with [`ShardOptions::worker`]`(k, n)`
//! write their own files and together the same bytes as one process.

mod index;
mod layout;
mod options;
mod read;
mod write;

pub use layout::{ShardFile, ShardLayout, INDEX_FILE_NAME, SINGLE_FILE_NAME};
pub use options::{ShardOptions, DEFAULT_MAX_SHARD_BYTES};
pub use read::{load_sharded, load_sharded_with};
pub use write::{init_to_sharded, save_sharded};
