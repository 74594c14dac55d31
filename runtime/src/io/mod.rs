//! Params leave the process: safetensors files ([`save`], [`load`]), a model initialized
//! straight into a file in bounded memory ([`init_to_file`]), and any block of a param made
//! on its own ([`shard`]), and Hugging Face's sharded checkpoints written by one process
//! or by many independent workers ([`init_to_sharded`], [`save_sharded`], [`load_sharded`]).
//!
//! Tensor names are the Flax paths joined by `.` (`h_0.c_attn.kernel`, as Hugging Face's
//! Flax checkpoints; `/` with [`Options::separator`]), so `safetensors.flax.load_file` gives
//! the flattened dict of Flax's `Module.init(...)['params']`. Variables of other collections
//! (`#[variable("batch_stats")]`) are named with their collection first
//! (`batch_stats.bn.mean`), as `flatten_dict(variables, sep='.')` names them; params keep
//! their names without a `params.` segment. Dtypes: `F32`, `F64`, `BF16`,
//! `F16`. Writes are atomic: the file is written unseen, synced, then renamed over the
//! destination, which keeps its permissions (a symlink stays a link to the rewritten target);
//! only regular files are read or replaced.
//!
//! Formats plug in through [`format::Writer`] and [`format::Reader`]; saving, loading and
//! streaming are written once over them. Safetensors is the format of `save`, `load` and
//! `init_to_file`; Flax's msgpack (`flax.serialization`, Hugging Face's `flax_model.msgpack`)
//! is `msgpack` (feature `msgpack`).
//!
//! Checkpoints made elsewhere load through [`load_with`]'s [`Options`]: renamed tensors
//! ([`Options::strip_prefix`], [`Options::rename`], [`Options::remap`]), tensors the model
//! does not have ([`Options::allow_extra`]), params the file does not have, initialized as
//! `init` makes them ([`Options::partial`]); [`load_with_report`] says which was which.
//!
//! ```
//! use fanin::{io, Key, Params};
//! use fanin::ndarray::{Array1, Array2};
//!
//! #[derive(Params)]
//! #[init(kernel = lecun_normal(), bias = zeros_init())]
//! struct Dense {
//!     #[shape(4, 5)]
//!     kernel: Array2<f32>,
//!     #[shape(5)]
//!     bias: Array1<f32>,
//! }
//!
//! let dir = std::env::temp_dir();
//! let a = dir.join(format!("fanin-doc-io-a-{}.safetensors", std::process::id()));
//! let b = dir.join(format!("fanin-doc-io-b-{}.safetensors", std::process::id()));
//! let dense = Dense::init(Key::new(0), &())?;
//! io::save(&dense, &a)?;                                  // init, then save
//! io::init_to_file::<Dense>(Key::new(0), &(), &b)?;       // or straight to the file
//! assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
//! let back: Dense = io::load(&b, &())?;
//! assert_eq!(back.kernel, dense.kernel);
//! # std::fs::remove_file(&a).unwrap();
//! # std::fs::remove_file(&b).unwrap();
//! # Ok::<(), fanin::Error>(())
//! ```

mod atomic;
pub mod format;
mod load;
#[cfg(feature = "msgpack")]
#[cfg_attr(docsrs, doc(cfg(feature = "msgpack")))]
pub mod msgpack;
mod options;
mod paths;
mod progress;
mod rename;
mod report;
mod safetensors;
mod save;
pub mod shard;
mod sharded;
mod stream;

pub use load::{load, load_with, load_with_report};
#[cfg(feature = "msgpack")]
#[cfg_attr(docsrs, doc(cfg(feature = "msgpack")))]
pub use msgpack::{
    load_msgpack, load_msgpack_with, load_msgpack_with_report, save_msgpack, save_msgpack_with,
};
pub use options::{Options, Progress};
pub use rename::Renames;
pub use report::LoadReport;
pub use save::{save, save_with};
pub use sharded::{
    init_to_sharded, load_sharded, load_sharded_with, save_sharded, ShardFile, ShardLayout,
    ShardOptions, DEFAULT_MAX_SHARD_BYTES, INDEX_FILE_NAME, SINGLE_FILE_NAME,
};
pub use stream::{init_to_file, init_to_file_with};
