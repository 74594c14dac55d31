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
///
/// ```
/// use fanin::io::{format::{self, Safetensors}, Options};
/// use fanin::{Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = ones)]
/// struct Bias { #[shape(3)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-format-load-{}.safetensors", std::process::id()));
/// format::save(&Safetensors, &Bias::init(Key::new(0), &())?, &path, &Options::new())?;
/// // Names in the file that start with `params.` would lose it on the way in.
/// let options = Options::new().strip_prefix("params.");
/// let back: Bias = format::load(&Safetensors, &path, &(), &options)?;
/// assert_eq!(back.bias.to_vec(), [1.0; 3]);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load<M: Params>(
    format: &dyn Reader,
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    super::load::load_from(format, path.as_ref(), config, options)
}

/// [`io::load_with_report`](crate::io::load_with_report) from a file in the format `format`.
///
/// ```
/// use fanin::io::{format::{self, Safetensors}, Options};
/// use fanin::{Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = ones)]
/// struct Bias { #[shape(3)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-format-report-{}.safetensors", std::process::id()));
/// format::save(&Safetensors, &Bias::init(Key::new(0), &())?, &path, &Options::new())?;
/// let (back, report): (Bias, _) = format::load_with_report(&Safetensors, &path, &(), &Options::new())?;
/// assert_eq!(back.bias.to_vec(), [1.0; 3]);
/// assert_eq!(report.loaded, [("bias".to_string(), "bias".to_string())]);
/// assert!(report.initialized.is_empty());
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_with_report<M: Params>(
    format: &dyn Reader,
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    super::load::load_reporting(format, path.as_ref(), config, options)
}

/// [`io::init_to_file_with`](crate::io::init_to_file_with) in the format `format`.
///
/// ```
/// use fanin::io::{format::{self, Safetensors}, Options};
/// use fanin::{Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = ones)]
/// struct Bias { #[shape(3)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-format-stream-{}.safetensors", std::process::id()));
/// format::init_to_file::<Bias>(&Safetensors, Key::new(0), &(), &path, &Options::new())?;
/// let back: Bias = format::load(&Safetensors, &path, &(), &Options::new())?;
/// assert_eq!(back.bias, Bias::init(Key::new(0), &())?.bias);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
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
///
/// fanin writes the pieces in order, a tensor's data as row-major little-endian bytes; the
/// layout never sees the data. A toy format, a text header (`name dtype dims` per line, then
/// a blank line) before the data, saved and loaded through [`save`] and [`load`]:
///
/// ```
/// use std::fs::File;
/// use std::io::{BufRead, BufReader};
/// use std::path::Path;
/// use fanin::io::format::{self, Piece, Reader, StoredTensor, TensorSpec, Writer};
/// use fanin::io::Options;
/// use fanin::ndarray::Array2;
/// use fanin::{ElementType, Error, Key, Params, Result};
///
/// struct Toy;
///
/// impl Writer for Toy {
///     fn layout(&self, tensors: &[TensorSpec]) -> Result<Vec<Piece>> {
///         let mut header = String::new();
///         for t in tensors {
///             let dims: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
///             header += &format!("{} {} {}\n", t.name, t.dtype.name(), dims.join(","));
///         }
///         header += "\n";
///         let mut pieces = vec![Piece::Bytes(header.into_bytes())];
///         pieces.extend((0..tensors.len()).map(Piece::Tensor));
///         Ok(pieces)
///     }
/// }
///
/// impl Reader for Toy {
///     fn index(&self, file: &mut File, path: &Path, len: u64) -> Result<Vec<StoredTensor>> {
///         let bad = |what: &str| Error::invalid(format!("{}: {what}", path.display()));
///         let mut header = BufReader::new(file);
///         let (mut line, mut offset, mut tensors) = (String::new(), 0, Vec::new());
///         loop {
///             line.clear();
///             offset += header.read_line(&mut line).map_err(|_| bad("no text header"))? as u64;
///             // The blank line ends the header.
///             let [name, dtype_name, dims] = line.trim_end().split(' ').collect::<Vec<_>>()[..]
///             else {
///                 break;
///             };
///             let shape = dims.split(',').map(|d| d.parse().map_err(|_| bad("a bad dim")))
///                 .collect::<Result<Vec<usize>>>()?;
///             let dtype = [ElementType::F32, ElementType::F64, ElementType::BF16, ElementType::F16]
///                 .into_iter().find(|d| d.name() == dtype_name);
///             let bytes = shape.iter().product::<usize>() * dtype.map_or(0, |d| d.size());
///             tensors.push(StoredTensor {
///                 name: name.to_string(), dtype, dtype_name: dtype_name.to_string(), shape,
///                 offset: 0, len: bytes as u64, chunks: Vec::new(),
///             });
///         }
///         // The data follows the header, tensor after tensor.
///         for tensor in &mut tensors {
///             tensor.offset = offset;
///             offset += tensor.len;
///         }
///         if offset != len {
///             return Err(bad("the file is not as long as its header says"));
///         }
///         Ok(tensors)
///     }
/// }
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal())]
/// struct Dense { #[shape(3, 4)] kernel: Array2<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-toy-{}.txt", std::process::id()));
/// let dense = Dense::init(Key::new(0), &())?;
/// format::save(&Toy, &dense, &path, &Options::new())?;
/// let back: Dense = format::load(&Toy, &path, &(), &Options::new())?;
/// assert_eq!(back.kernel, dense.kernel);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
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

/// A checkpoint format that fanin reads: where each tensor's bytes lie; fanin reads them,
/// checks names, dtypes and shapes against the model and applies the load [`Options`]. See
/// [`Writer`] for a format that implements both. What fanin's own reader finds in a file:
///
/// ```
/// use std::fs::File;
/// use fanin::io::{self, format::{Reader, Safetensors}};
/// use fanin::{ElementType, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = ones)]
/// struct Bias { #[shape(3)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-reader-{}.safetensors", std::process::id()));
/// io::save(&Bias::init(Key::new(0), &())?, &path)?;
/// let len = std::fs::metadata(&path)?.len();
/// let tensors = Safetensors.index(&mut File::open(&path)?, &path, len)?;
/// assert_eq!((tensors[0].name.as_str(), tensors[0].dtype), ("bias", Some(ElementType::F32)));
/// assert_eq!((tensors[0].shape.as_slice(), tensors[0].len), (&[3][..], 12));
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Reader {
    /// The tensors of `file` (the file at `path`, `len` bytes long), in file order, each with
    /// where its data lies. Checks the file's framing; the caller checks names, dtypes and
    /// shapes against the model.
    fn index(&self, file: &mut File, path: &Path, len: u64) -> Result<Vec<StoredTensor>>;
}
