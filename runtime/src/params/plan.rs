//! [`ParamPlan`]: one param described without its values: what streaming and sharded init,
//! and file I/O, build on.

use std::fmt;
use std::sync::Arc;

use super::ParamPath;
use crate::{ElementType, Error, Key, Result};

/// Writes elements `start .. start + out.len() / size` of a param, as little-endian bytes, for
/// a root key: `fill(root, start, out)`.
pub type FillFn = dyn Fn(Key, u64, &mut [u8]) -> Result<()> + Send + Sync;

/// The key of a param from the root key of the model: `key_of(root)`.
pub(crate) type KeyFn = dyn Fn(Key) -> Key + Send + Sync;

/// One param of a model as [`Params::plan`](crate::Params::plan) lists it: path, shape,
/// dtype, initializer and key, and a way to generate any range of its values. Making a plan
/// allocates no array.
///
/// ```
/// use fanin::{Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(4, 5)]
///     kernel: Array2<f32>,
///     #[shape(5)]
///     bias: Array1<f32>,
/// }
///
/// let plan = Dense::plan(&())?;
/// assert_eq!(plan[0].path.to_string(), "kernel");
/// assert_eq!((plan[0].shape.as_slice(), plan[0].counter), (&[4, 5][..], 1));
/// assert_eq!(plan[0].init, "lecun_normal()");
///
/// // Elements 7..10 of the kernel, as bytes, without making the whole kernel:
/// let mut bytes = [0u8; 3 * 4];
/// plan[0].fill_le(Key::new(0), 7, &mut bytes)?;
/// let dense = Dense::init(Key::new(0), &())?;
/// let expected: Vec<u8> = dense.kernel.iter().skip(7).take(3).flat_map(|v| v.to_le_bytes()).collect();
/// assert_eq!(bytes.to_vec(), expected);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone)]
pub struct ParamPlan {
    /// Where the param sits (`dense1/kernel`).
    pub path: ParamPath,
    /// Its shape.
    pub shape: Vec<usize>,
    /// Its element type.
    pub dtype: ElementType,
    /// The initializer, described (`lecun_normal()`).
    pub init: String,
    /// The standard deviation the initializer's distribution has for this param
    /// ([`Initializer::expected_std`](crate::init::Initializer::expected_std)); for a stacked
    /// param, that of one layer. `None` when the initializer does not say (a custom one).
    pub expected_std: Option<f64>,
    /// Flax's counter of the param within its module (1-based, declaration order). With the
    /// module path it gives the key: see [`key`](ParamPlan::key). `0` for a variable of
    /// another collection (`#[variable("batch_stats")]`), which draws no key.
    pub counter: u64,
    /// Whether [`fill_le`](ParamPlan::fill_le) of a range costs only that range (otherwise
    /// it makes the whole param and copies the range: orthogonal initializers).
    pub elementwise: bool,
    /// `fill(root, start, out)` writes elements `start..` as little-endian bytes; the maker
    /// of the entry has checked its size with `crate::size::sizes`.
    pub(crate) fill: Arc<FillFn>,
    /// The param's key from the root key (see [`key`](ParamPlan::key)).
    pub(crate) key_of: Arc<KeyFn>,
}

impl ParamPlan {
    /// The collection of the entry: `params`, or that of a `#[variable("...")]` field
    /// (`batch_stats`). Same as `self.path.collection()`.
    ///
    /// ```
    /// use fanin::Params;
    /// use fanin::ndarray::Array1;
    ///
    /// #[derive(Params)]
    /// struct Norm {
    ///     #[shape(3)] #[init(ones)] scale: Array1<f32>,
    ///     #[variable("batch_stats")] #[shape(3)] #[init(zeros)] mean: Array1<f32>,
    /// }
    ///
    /// let plan = Norm::plan(&())?;
    /// assert_eq!((plan[0].collection(), plan[0].counter), ("params", 1));
    /// assert_eq!((plan[1].collection(), plan[1].counter), ("batch_stats", 0));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn collection(&self) -> &str {
        self.path.collection()
    }

    /// The number of elements. A plan made by [`Params::plan`](crate::Params::plan) only
    /// holds params whose element and byte counts fit in `isize`; for a `shape` changed
    /// afterwards the count saturates at `usize::MAX` instead of overflowing.
    pub fn len(&self) -> usize {
        self.shape.iter().fold(1usize, |n, &d| n.saturating_mul(d))
    }

    /// Whether the param has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of bytes of its values (saturating as [`len`](ParamPlan::len)).
    pub fn nbytes(&self) -> usize {
        self.len().saturating_mul(self.dtype.size())
    }

    /// The key this param is drawn with when the model is initialized with `root`: Flax's
    /// `fold_in(root, sha1(path ++ counter))`, as [`ModulePath::param_key`](super::ModulePath::param_key)
    /// derives it (with the `flax_fix_rng_separator` setting the plan was made under). For a
    /// param stacked by `nn.scan` or `nn.vmap` (a field of type [`Stacked`](crate::Stacked)),
    /// each layer has its own key: this is the key of the first layer.
    pub fn key(&self, root: Key) -> Key {
        (self.key_of)(root)
    }

    /// Writes elements `start .. start + out.len() / dtype.size()` of the row-major
    /// flattening of this param, as little-endian bytes, exactly as `Params::init(root, ..)`
    /// makes them. `out.len()` must be a multiple of the element size.
    pub fn fill_le(&self, root: Key, start: u64, out: &mut [u8]) -> Result<()> {
        if !out.len().is_multiple_of(self.dtype.size()) {
            return Err(Error::invalid(format!(
                "{}: a buffer of {} bytes does not hold whole {} elements ({} bytes each)",
                self.path,
                out.len(),
                self.dtype,
                self.dtype.size()
            )));
        }
        (self.fill)(root, start, out)
    }

    /// The whole param as little-endian bytes.
    pub fn sample_le(&self, root: Key) -> Result<Vec<u8>> {
        let mut out = crate::alloc::try_zeroed_vec(self.nbytes())
            .map_err(|e| crate::params::path::in_param(&self.path, e))?;
        self.fill_le(root, 0, &mut out)?;
        Ok(out)
    }
}

impl fmt::Debug for ParamPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParamPlan")
            .field("path", &self.path.to_string())
            .field("shape", &self.shape)
            .field("dtype", &self.dtype)
            .field("init", &self.init)
            .field("counter", &self.counter)
            .field("elementwise", &self.elementwise)
            .finish_non_exhaustive()
    }
}
