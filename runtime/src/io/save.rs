//! [`save`]: a model's params to a safetensors file, written atomically.

use std::path::Path;

use ndarray::ArrayViewD;

use super::atomic::AtomicFile;
use super::format::{Piece, TensorSpec, Writer};
use super::safetensors::Safetensors;
use super::Options;
use crate::params::{ParamRef, ParamView};
use crate::{Dtype, Params, Result};

/// Elements converted to bytes at a time while a tensor is written.
const WRITE_ELEMENTS: usize = 1 << 14;

/// Saves every param of `model` to a safetensors file at `path`, tensors named by their Flax
/// paths joined by `.` (`dense1.kernel`, as Hugging Face's Flax checkpoints). The bytes are
/// those of the `safetensors` crate's `serialize` (no `__metadata__`), so `safetensors.flax`
/// and `safetensors.numpy` read it. The write is atomic: a temporary file beside `path`,
/// synced, then renamed over it.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(3, 2)]
///     kernel: Array2<f32>,
///     #[shape(2)]
///     bias: Array1<f32>,
/// }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-save-{}.safetensors", std::process::id()));
/// let dense = Dense::init(Key::new(0), &())?;
/// io::save(&dense, &path)?;
/// let back: Dense = io::load(&path, &())?;
/// assert_eq!(back.kernel, dense.kernel);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save<M: Params>(model: &M, path: impl AsRef<Path>) -> Result<()> {
    save_with(model, path, &Options::default())
}

/// [`save`] with [`Options`] (the separator of tensor names; the other options do not apply).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(scale = ones_init())]
/// struct Norm { #[shape(4)] scale: Array1<f32> }
///
/// #[derive(Params)]
/// struct Model { #[module] norm: Norm }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-save-with-{}.safetensors", std::process::id()));
/// let options = io::Options::new().separator("/");
/// io::save_with(&Model::init(Key::new(0), &())?, &path, &options)?;
/// let back: Model = io::load_with(&path, &(), &options)?;   // the tensor is "norm/scale"
/// assert!(io::load::<Model>(&path, &()).is_err());           // no "norm.scale" in the file
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save_with<M: Params>(model: &M, path: impl AsRef<Path>, options: &Options) -> Result<()> {
    save_to(&Safetensors, model, path.as_ref(), options)
}

/// [`save_with`] in any format.
pub(crate) fn save_to<M: Params>(
    format: &dyn Writer,
    model: &M,
    path: &Path,
    options: &Options,
) -> Result<()> {
    let mut refs: Vec<ParamRef<'_>> = Vec::new();
    model.walk(&mut |r| refs.push(r));
    write_refs(format, &refs, path, options)
}

/// Writes the params `refs` (all of a model's, or those of one file of a sharded
/// checkpoint) in any format.
pub(crate) fn write_refs(
    format: &dyn Writer,
    refs: &[ParamRef<'_>],
    path: &Path,
    options: &Options,
) -> Result<()> {
    let specs: Vec<TensorSpec> = refs
        .iter()
        .map(|r| TensorSpec {
            name: r.path.join(&options.separator),
            dtype: r.view.dtype(),
            shape: r.view.shape().to_vec(),
        })
        .collect();
    let pieces = format.layout(&specs)?;
    let mut file = AtomicFile::create(path)?;
    for piece in &pieces {
        match piece {
            Piece::Bytes(bytes) => file.write_all(bytes)?,
            Piece::Tensor(index) => {
                let view = &refs[*index].view;
                write_view(&mut file, view, 0, view.len())?
            }
            Piece::Part { tensor, start, len } => {
                write_view(&mut file, &refs[*tensor].view, *start, *len)?
            }
        }
    }
    file.commit()
}

/// Writes elements `start .. start + len` of a param (row-major) as little-endian bytes, a
/// block of elements at a time.
fn write_view(file: &mut AtomicFile, view: &ParamView<'_>, start: usize, len: usize) -> Result<()> {
    fn write<T: Dtype>(
        file: &mut AtomicFile,
        view: &ArrayViewD<'_, T>,
        start: usize,
        len: usize,
    ) -> Result<()> {
        let mut values = Vec::with_capacity(WRITE_ELEMENTS);
        let mut bytes = vec![0u8; WRITE_ELEMENTS * T::DTYPE.size()];
        let mut elements = view.iter().copied().skip(start).take(len).peekable();
        while elements.peek().is_some() {
            values.clear();
            values.extend(elements.by_ref().take(WRITE_ELEMENTS));
            let out = &mut bytes[..values.len() * T::DTYPE.size()];
            T::write_le(&values, out);
            file.write_all(out)?;
        }
        Ok(())
    }
    match view {
        ParamView::F32(a) => write(file, a, start, len),
        ParamView::F64(a) => write(file, a, start, len),
        ParamView::BF16(a) => write(file, a, start, len),
        ParamView::F16(a) => write(file, a, start, len),
    }
}
