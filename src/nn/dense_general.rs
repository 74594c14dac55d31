//! [`DenseGeneral`]: `flax.linen.DenseGeneral`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Error, Params, Result};

use super::checks::{all_positive, normalize_axis, product};
use super::flattened::Flattened;
use super::{init_fn, InitFn};

const LAYER: &str = "DenseGeneral";

/// The config of [`DenseGeneral`]: `flax.linen.DenseGeneral(features, axis=-1,
/// batch_dims=(), use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init())`, with
/// the input's shape (`input_shape`), which Flax reads from the first input.
#[derive(Clone)]
pub struct DenseGeneralConfig {
    /// The shape of the input (only the sizes of `axis` and `batch_dims` matter, and its rank).
    pub input_shape: Vec<usize>,
    /// Flax's `features`: one or more output axes.
    pub features: Vec<usize>,
    /// Flax's `axis`: the input axes contracted (default `[-1]`).
    pub axis: Vec<isize>,
    /// Flax's `batch_dims`: leading input axes the kernel is batched over (default `[]`).
    pub batch_dims: Vec<isize>,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`), drawn at the flat shape
    /// `(batch * contracted, features)` and reshaped, as Flax does.
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`), drawn flat and reshaped.
    pub bias_init: InitFn,
}

/// The shapes a config gives, checked.
struct Layout {
    kernel: Vec<usize>,
    kernel_flat: Vec<usize>,
    bias: Vec<usize>,
    bias_flat: Vec<usize>,
}

impl DenseGeneralConfig {
    /// `nn.DenseGeneral(features)` on inputs of shape `input_shape`, with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::DenseGeneralConfig;
    /// let cfg = DenseGeneralConfig::new([2, 3, 4], [5, 6]).axis([-2, -1]);
    /// assert_eq!(cfg.kernel_shape()?, [3, 4, 5, 6]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(input_shape: impl Into<Vec<usize>>, features: impl Into<Vec<usize>>) -> Self {
        DenseGeneralConfig {
            input_shape: input_shape.into(),
            features: features.into(),
            axis: vec![-1],
            batch_dims: Vec::new(),
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// Flax's `axis=`.
    pub fn axis(mut self, axis: impl Into<Vec<isize>>) -> Self {
        self.axis = axis.into();
        self
    }

    /// Flax's `batch_dims=`.
    pub fn batch_dims(mut self, batch_dims: impl Into<Vec<isize>>) -> Self {
        self.batch_dims = batch_dims.into();
        self
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// Flax's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// The kernel's shape: `batch_shape + contracted_shape + features`, or an error for
    /// axes out of range, batch dims that are not the leading axes `0, 1, ..`, a batch dim
    /// also contracted, or a zero size.
    ///
    /// ```
    /// use fanin::nn::DenseGeneralConfig;
    /// let cfg = DenseGeneralConfig::new([2, 3, 4], [5]).batch_dims([0]);
    /// assert_eq!(cfg.kernel_shape()?, [2, 4, 5]);
    /// assert!(DenseGeneralConfig::new([2, 3], [5]).axis([2]).kernel_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        Ok(self.layout()?.kernel)
    }

    /// The bias's shape: `batch_shape + features`.
    ///
    /// ```
    /// use fanin::nn::DenseGeneralConfig;
    /// let cfg = DenseGeneralConfig::new([2, 3, 4], [5]).batch_dims([0]);
    /// assert_eq!(cfg.bias_shape()?, [2, 5]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn bias_shape(&self) -> Result<Vec<usize>> {
        Ok(self.layout()?.bias)
    }

    fn layout(&self) -> Result<Layout> {
        let rank = self.input_shape.len();
        all_positive(LAYER, "input_shape", &self.input_shape)?;
        if self.features.is_empty() {
            return Err(Error::invalid("DenseGeneral: features must not be empty"));
        }
        all_positive(LAYER, "features", &self.features)?;
        // Flax checks the batch dims as given: exactly 0, 1, .., n-1.
        let n_batch = self.batch_dims.len();
        let mut batch = self.batch_dims.clone();
        batch.sort_unstable();
        batch.dedup();
        if batch.len() != n_batch || batch.iter().enumerate().any(|(i, &b)| b != i as isize) {
            return Err(Error::invalid(format!(
                "DenseGeneral: batch_dims {:?} must be consecutive leading dimensions starting from 0",
                self.batch_dims
            )));
        }
        let batch: Vec<usize> = batch
            .iter()
            .map(|&b| normalize_axis(LAYER, "batch_dims entry", b, rank))
            .collect::<Result<_>>()?;
        let mut axis = self
            .axis
            .iter()
            .map(|&a| normalize_axis(LAYER, "axis", a, rank))
            .collect::<Result<Vec<usize>>>()?;
        axis.sort_unstable();
        if axis.is_empty() || axis.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::invalid(format!(
                "DenseGeneral: axis {:?} must name distinct axes, at least one",
                self.axis
            )));
        }
        if let Some(a) = axis.iter().find(|a| batch.contains(a)) {
            return Err(Error::invalid(format!(
                "DenseGeneral: axis {a} is both contracted and a batch dim"
            )));
        }
        let batch_shape: Vec<usize> = batch.iter().map(|&b| self.input_shape[b]).collect();
        let contracted: Vec<usize> = axis.iter().map(|&a| self.input_shape[a]).collect();
        let (n_batch, n_features) = (
            product(LAYER, &batch_shape)?,
            product(LAYER, &self.features)?,
        );
        let n_in = product(LAYER, &contracted)?;
        let flat_rows = n_batch.checked_mul(n_in);
        let flat_bias = n_batch.checked_mul(n_features);
        let (Some(flat_rows), Some(flat_bias)) = (flat_rows, flat_bias) else {
            return Err(Error::invalid(
                "DenseGeneral: the kernel's size overflows usize",
            ));
        };
        Ok(Layout {
            kernel: [&batch_shape[..], &contracted, &self.features].concat(),
            kernel_flat: vec![flat_rows, n_features],
            bias: [&batch_shape[..], &self.features].concat(),
            bias_flat: vec![flat_bias],
        })
    }

    fn kernel_initializer(&self) -> Result<Flattened> {
        Ok(Flattened::new(
            self.kernel_init.clone(),
            self.layout()?.kernel_flat,
        ))
    }

    fn bias_initializer(&self) -> Result<Flattened> {
        Ok(Flattened::new(
            self.bias_init.clone(),
            self.layout()?.bias_flat,
        ))
    }
}

/// `flax.linen.DenseGeneral`: `kernel` of shape `batch_shape + contracted_shape + features`
/// (drawn as the 2-D `(batch * contracted, features)` and reshaped), then `bias` of shape
/// `batch_shape + features` if `use_bias`. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{DenseGeneral, DenseGeneralConfig};
/// use fanin::{Key, Params};
///
/// // nn.DenseGeneral((2, 3), axis=(-2, -1)).init(key, jnp.ones((1, 4, 5)))['params']
/// let cfg = DenseGeneralConfig::new([1, 4, 5], [2, 3]).axis([-2, -1]);
/// let layer = DenseGeneral::<f32>::init(Key::new(0), &cfg)?;
/// assert_eq!(layer.kernel.shape(), [4, 5, 2, 3]);
/// assert_eq!(layer.bias.unwrap().shape(), [2, 3]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = DenseGeneralConfig)]
pub struct DenseGeneral<T: Dtype> {
    /// `batch_shape + contracted_shape + features`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_initializer()?)]
    pub kernel: ArrayD<T>,
    /// `batch_shape + features`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(..cfg.bias_shape()?)]
    #[init(cfg.bias_initializer()?)]
    pub bias: Option<ArrayD<T>>,
}
