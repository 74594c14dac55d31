//! Flax's msgpack checkpoints (`flax.serialization.to_bytes` / `msgpack_restore`, Hugging
//! Face's `flax_model.msgpack`): a state dict as nested msgpack maps of string keys, each
//! array a msgpack ext of type 1 whose payload is the msgpack of `(shape, dtype name, raw
//! row-major bytes)`; arrays over 1 GiB split into Flax's chunked form
//! (`{'__msgpack_chunked_array__': True, 'shape': .., 'chunks': ..}`).
//!
//! [`Msgpack`] is a [`Writer`] and a [`Reader`], so saving, loading (with every load
//! option: renames, extra tensors, partial loads) and streamed init
//! ([`format::init_to_file`](crate::io::format::init_to_file)) work on it as on
//! safetensors. The map keys are the Flax path's names; the tensor names the load options
//! see are the keys joined by the [separator](crate::io::Options::separator).
//!
//! ```
//! use fanin::{io, Key, Params};
//! use fanin::ndarray::{Array1, Array2};
//!
//! #[derive(Params)]
//! #[init(kernel = lecun_normal(), bias = zeros_init())]
//! struct Dense { #[shape(3, 2)] kernel: Array2<f32>, #[shape(2)] bias: Array1<f32> }
//!
//! #[derive(Params)]
//! struct Mlp { #[module] dense1: Dense, #[module] dense2: Dense }
//!
//! let path = std::env::temp_dir().join(format!("fanin-doc-msgpack-{}.msgpack", std::process::id()));
//! let mlp = Mlp::init(Key::new(0), &())?;
//! io::save_msgpack(&mlp, &path)?;     // {'dense1': {'kernel': .., 'bias': ..}, 'dense2': ..}
//! let back: Mlp = io::load_msgpack(&path, &())?;
//! assert_eq!(back.dense2.kernel, mlp.dense2.kernel);
//! # std::fs::remove_file(&path).unwrap();
//! # Ok::<(), fanin::Error>(())
//! ```

mod decode;
mod encode;

use std::fs::File;
use std::path::Path;

use super::format::{Piece, Reader, StoredTensor, TensorSpec, Writer};
use super::{LoadReport, Options};
use crate::{Params, Result};

/// Flax's `MAX_CHUNK_SIZE`: arrays of more bytes are written in chunks of this many bytes.
pub const MAX_CHUNK_BYTES: u64 = 1 << 30;

/// The Flax msgpack format: the separator that splits tensor names into nested keys (and
/// joins them when reading), and the size over which an array is written in chunks.
///
/// ```
/// use fanin::io::msgpack::{Msgpack, MAX_CHUNK_BYTES};
/// let format = Msgpack::new().separator("/").max_chunk_bytes(1 << 20);
/// assert_eq!(format, Msgpack::new().separator("/").max_chunk_bytes(1 << 20));
/// assert_eq!(Msgpack::default().max_chunk_bytes, MAX_CHUNK_BYTES);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msgpack {
    /// What splits a tensor name into nested map keys (`.` by default).
    pub separator: String,
    /// Arrays of more bytes than this are written in Flax's chunked form, in chunks of this
    /// many bytes (rounded down to whole elements). Flax's `MAX_CHUNK_SIZE` by default; any
    /// size is read.
    pub max_chunk_bytes: u64,
}

impl Default for Msgpack {
    fn default() -> Msgpack {
        Msgpack {
            separator: ".".to_string(),
            max_chunk_bytes: MAX_CHUNK_BYTES,
        }
    }
}

impl Msgpack {
    /// `.` and Flax's chunk size.
    ///
    /// ```
    /// assert_eq!(fanin::io::msgpack::Msgpack::new().separator, ".");
    /// ```
    pub fn new() -> Msgpack {
        Msgpack::default()
    }

    /// The format with the separator of `options` (what the `*_msgpack_with` functions use).
    ///
    /// ```
    /// use fanin::io::{msgpack::Msgpack, Options};
    /// assert_eq!(Msgpack::from_options(&Options::new().separator("/")).separator, "/");
    /// ```
    pub fn from_options(options: &Options) -> Msgpack {
        Msgpack::new().separator(options.separator.clone())
    }

    /// Sets the separator of tensor names.
    ///
    /// ```
    /// assert_eq!(fanin::io::msgpack::Msgpack::new().separator("/").separator, "/");
    /// ```
    pub fn separator(mut self, separator: impl Into<String>) -> Msgpack {
        self.separator = separator.into();
        self
    }

    /// Sets the size over which arrays are chunked.
    ///
    /// ```
    /// assert_eq!(fanin::io::msgpack::Msgpack::new().max_chunk_bytes(64).max_chunk_bytes, 64);
    /// ```
    pub fn max_chunk_bytes(mut self, bytes: u64) -> Msgpack {
        self.max_chunk_bytes = bytes;
        self
    }
}

impl Writer for Msgpack {
    fn layout(&self, tensors: &[TensorSpec]) -> Result<Vec<Piece>> {
        encode::layout(self, tensors)
    }
}

impl Reader for Msgpack {
    fn index(&self, file: &mut File, path: &Path, len: u64) -> Result<Vec<StoredTensor>> {
        decode::index(file, path, len, &self.separator)
    }
}

/// Saves every param of `model` as `flax.serialization.to_bytes` of its param dict does:
/// nested maps in declaration order, so `flax.serialization.msgpack_restore` (or
/// `from_bytes`) reads it. Atomic, as [`save`](crate::io::save).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-save-msgpack-{}.msgpack", std::process::id()));
/// io::save_msgpack(&Dense::init(Key::new(0), &())?, &path)?;
/// // {'bias': ndarray}: a fixmap of 1, the key, an ext of type 1.
/// assert_eq!(&std::fs::read(&path).unwrap()[..6], b"\x81\xa4bias");
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save_msgpack<M: Params>(model: &M, path: impl AsRef<Path>) -> Result<()> {
    save_msgpack_with(model, path, &Options::default())
}

/// [`save_msgpack`] with [`Options`] (the separator: names are split on it into keys).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-save-msgpack-with-{}.msgpack", std::process::id()));
/// let options = io::Options::new().separator("/");
/// io::save_msgpack_with(&Dense::init(Key::new(0), &())?, &path, &options)?;
/// assert_eq!(io::load_msgpack_with::<Dense>(&path, &(), &options)?.bias.len(), 2);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save_msgpack_with<M: Params>(
    model: &M,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<()> {
    super::format::save(&Msgpack::from_options(options), model, path, options)
}

/// Loads a model from a Flax msgpack file (`flax.serialization.to_bytes` of a param dict,
/// Hugging Face's `flax_model.msgpack`), every name, dtype and shape checked as
/// [`load`](crate::io::load) does. A truncated or corrupt file is an
/// [`Error::Format`](crate::Error::Format).
///
/// ```
/// use fanin::{io, Error, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-load-msgpack-{}.msgpack", std::process::id()));
/// std::fs::write(&path, b"\x92\x01\x02").unwrap();   // [1, 2]: a list, not a state dict
/// assert!(matches!(io::load_msgpack::<Dense>(&path, &()), Err(Error::Format(_))));
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_msgpack<M: Params>(path: impl AsRef<Path>, config: &M::Config) -> Result<M> {
    load_msgpack_with(path, config, &Options::default())
}

/// [`load_msgpack`] with [`Options`]: the separator, renames, extra tensors, partial loads
/// (as [`load_with`](crate::io::load_with)).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// #[derive(Params)]
/// struct Wrapped { #[module] params: Dense }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-load-msgpack-with-{}.msgpack", std::process::id()));
/// io::save_msgpack(&Wrapped::init(Key::new(0), &())?, &path)?;    // {'params': {'bias': ..}}
/// let options = io::Options::new().strip_prefix("params.");
/// assert_eq!(io::load_msgpack_with::<Dense>(&path, &(), &options)?.bias.len(), 2);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_msgpack_with<M: Params>(
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    super::format::load(&Msgpack::from_options(options), path, config, options)
}

/// [`load_msgpack_with`], and a [`LoadReport`] of what was loaded, initialized and ignored.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-msgpack-report-{}.msgpack", std::process::id()));
/// io::save_msgpack(&Dense::init(Key::new(0), &())?, &path)?;
/// let (_, report) = io::load_msgpack_with_report::<Dense>(&path, &(), &io::Options::new())?;
/// assert_eq!(report.loaded.len(), 1);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_msgpack_with_report<M: Params>(
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    super::format::load_with_report(&Msgpack::from_options(options), path, config, options)
}
