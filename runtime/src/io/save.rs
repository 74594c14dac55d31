//! [`save`]: a model's params to a safetensors file, written atomically.

use std::path::Path;

use super::atomic::AtomicFile;
use super::layout::layout;
use super::Options;
use crate::params::ParamRef;
use crate::{Params, Result};

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
    let mut refs: Vec<ParamRef<'_>> = Vec::new();
    model.walk(&mut |r| refs.push(r));
    let layout = layout(
        refs.iter()
            .map(|r| {
                (
                    r.path.join(&options.separator),
                    r.view.dtype(),
                    r.view.shape().to_vec(),
                )
            })
            .collect(),
    )?;
    let mut file = AtomicFile::create(path.as_ref())?;
    file.write_all(&layout.header)?;
    for entry in &layout.entries {
        // One param's bytes at a time.
        file.write_all(&refs[entry.index].view.to_le_bytes())?;
    }
    file.commit()
}
