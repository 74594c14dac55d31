//! [`BatchNorm`]: `flax.linen.BatchNorm`, its params and its `batch_stats`.

use crate::init::{ones, zeros, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Params, Result};

use super::features::feature_shape;
use super::{init_fn, InitFn};

/// The config of [`BatchNorm`]: `flax.linen.BatchNorm(axis=-1, use_bias=True,
/// use_scale=True, bias_init=zeros, scale_init=ones)`, with the input's shape, which Flax
/// reads from the first input (only its rank and its sizes on `axis` matter). `momentum`,
/// `epsilon` and `use_running_average` do not change the variables.
#[derive(Clone)]
pub struct BatchNormConfig {
    /// The input's shape.
    pub input_shape: Vec<usize>,
    /// Flax's `axis` (default `[-1]`): the feature axes.
    pub axis: Vec<isize>,
    /// Flax's `use_scale` (default `true`).
    pub use_scale: bool,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `scale_init` (default `ones`).
    pub scale_init: InitFn,
    /// Flax's `bias_init` (default `zeros`).
    pub bias_init: InitFn,
}

impl BatchNormConfig {
    /// `nn.BatchNorm()` on inputs of shape `input_shape`, with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::BatchNormConfig;
    /// assert_eq!(BatchNormConfig::new([4, 8, 8, 3]).feature_shape()?, [3]);
    /// assert!(BatchNormConfig::new([4, 3]).axis([2]).feature_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(input_shape: impl Into<Vec<usize>>) -> BatchNormConfig {
        BatchNormConfig {
            input_shape: input_shape.into(),
            axis: vec![-1],
            use_scale: true,
            use_bias: true,
            scale_init: init_fn(ones),
            bias_init: init_fn(zeros),
        }
    }

    /// Flax's `axis=`.
    pub fn axis(mut self, axis: impl Into<Vec<isize>>) -> Self {
        self.axis = axis.into();
        self
    }

    /// Flax's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Flax's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// The shape of every variable: the input's sizes on `axis`, in axis order.
    pub fn feature_shape(&self) -> Result<Vec<usize>> {
        feature_shape("BatchNorm", &self.input_shape, &self.axis)
    }
}

/// `flax.linen.BatchNorm`: the `batch_stats` `mean` (zeros) and `var` (ones), then the
/// params `scale` if `use_scale` and `bias` if `use_bias`, all of the feature shape.
///
/// `T` is Flax's `param_dtype`, `S` the dtype of the statistics: `f32` by default, as Flax's
/// `force_float32_reductions=True` makes them; `BatchNorm<T, T>` is
/// `force_float32_reductions=False`.
///
/// ```
/// use fanin::half::bf16;
/// use fanin::nn::{BatchNorm, BatchNormConfig};
/// use fanin::{Key, Params};
///
/// // nn.BatchNorm(use_running_average=False, param_dtype=jnp.bfloat16)
/// //   .init(key, jnp.ones((2, 3)))
/// let bn = BatchNorm::<bf16>::init(Key::new(0), &BatchNormConfig::new([2, 3]))?;
/// assert_eq!(bn.mean.sum(), 0.0f32);
/// assert_eq!(bn.var.sum(), 3.0f32);
/// let mut names = Vec::new();
/// bn.walk(&mut |p| names.push(p.path.to_string()));
/// assert_eq!(names, ["batch_stats/mean", "batch_stats/var", "scale", "bias"]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = BatchNormConfig)]
pub struct BatchNorm<T: Dtype, S: Dtype = f32> {
    /// The running mean, zeros.
    #[variable("batch_stats")]
    #[shape(..cfg.feature_shape()?)]
    #[init(zeros)]
    pub mean: ArrayD<S>,
    /// The running variance, ones.
    #[variable("batch_stats")]
    #[shape(..cfg.feature_shape()?)]
    #[init(ones)]
    pub var: ArrayD<S>,
    /// The feature shape, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(..cfg.feature_shape()?)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<ArrayD<T>>,
    /// The feature shape, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(..cfg.feature_shape()?)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<ArrayD<T>>,
}
