//! The seam between fanin's I/O and a checkpoint format: a [`Writer`] lays a file out from the
//! tensors' names, dtypes and shapes; a [`Reader`] finds the tensors a file holds. Saving,
//! loading and streamed init are written once over these traits, so a new format is one file
//! that implements them (safetensors: `safetensors.rs`).

use std::fs::File;
use std::path::Path;

pub use super::safetensors::Safetensors;
use super::{LoadReport, Options};
use crate::{ElementType, Key, Params, Result};

/// [`io::save_with`](crate::io::save_with) in the format `format`.
///
/// ```
/// use fanin::io::{self, format::Safetensors, Options};
/// use fanin::{Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = ones)]
/// struct Bias { #[shape(3)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-format-{}.safetensors", std::process::id()));
/// let bias = Bias::init(Key::new(0), &())?;
/// io::format::save(&Safetensors, &bias, &path, &Options::new())?;
/// let back: Bias = io::format::load(&Safetensors, &path, &(), &Options::new())?;
/// assert_eq!(back.bias, bias.bias);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save<M: Params>(
    format: &dyn Writer,
    model: &M,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<()> {
    super::save::save_to(format, model, path.as_ref(), options)
}

/// [`io::load_with`](crate::io::load_with) from a file in the format `format`.
pub fn load<M: Params>(
    format: &dyn Reader,
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    super::load::load_from(format, path.as_ref(), config, options)
}

/// [`io::load_with_report`](crate::io::load_with_report) from a file in the format `format`.
pub fn load_with_report<M: Params>(
    format: &dyn Reader,
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    super::load::load_reporting(format, path.as_ref(), config, options)
}

/// [`io::init_to_file_with`](crate::io::init_to_file_with) in the format `format`.
pub fn init_to_file<M: Params>(
    format: &dyn Writer,
    key: Key,
    config: &M::Config,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<()> {
    super::stream::stream_to::<M>(format, key, config, path.as_ref(), options)
}

/// One tensor to be written: its name in the file, its dtype and its shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorSpec {
    /// The name in the file (`h_0.attn.c_attn.kernel`).
    pub name: String,
    /// The element type.
    pub dtype: ElementType,
    /// The shape.
    pub shape: Vec<usize>,
}

/// A piece of a file being written, in file order: bytes of the format's own (a header, a
/// tensor's framing), or the data of a tensor (row-major, little-endian).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Bytes of the format's own.
    Bytes(Vec<u8>),
    /// The data of `tensors[index]`.
    Tensor(usize),
    /// Elements `start .. start + len` of the row-major data of `tensors[tensor]` (a tensor
    /// stored in pieces: Flax's chunked arrays).
    Part {
        /// The index of the tensor.
        tensor: usize,
        /// The first element.
        start: usize,
        /// The number of elements.
        len: usize,
    },
}

/// A checkpoint format that fanin writes.
pub trait Writer {
    /// The whole file as pieces, computed from the specs alone (no tensor data): so a model
    /// can be written while its params are generated, never holding them all.
    fn layout(&self, tensors: &[TensorSpec]) -> Result<Vec<Piece>>;
}

/// One tensor as a file stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTensor {
    /// Its name in the file.
    pub name: String,
    /// Its dtype, if it is one of fanin's.
    pub dtype: Option<ElementType>,
    /// The format's name of its dtype, for messages (`F32`, `I64`).
    pub dtype_name: String,
    /// Its shape.
    pub shape: Vec<usize>,
    /// Where its data starts, in bytes from the start of the file.
    pub offset: u64,
    /// The bytes of its data.
    pub len: u64,
    /// Where the pieces of its data lie, `(offset, len)` in order, when the file stores it in
    /// pieces (Flax's chunked arrays); empty when the data is the one range
    /// `offset .. offset + len`.
    pub chunks: Vec<(u64, u64)>,
}

/// A checkpoint format that fanin reads.
pub trait Reader {
    /// The tensors of `file` (the file at `path`, `len` bytes long), in file order, each with
    /// where its data lies. Checks the file's framing; the caller checks names, dtypes and
    /// shapes against the model.
    fn index(&self, file: &mut File, path: &Path, len: u64) -> Result<Vec<StoredTensor>>;
}
