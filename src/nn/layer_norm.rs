//! [`LayerNorm`]: `flax.linen.LayerNorm`.

use crate::init::{ones, zeros, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Params, Result};

use super::features::feature_shape;
use super::{init_fn, InitFn};

/// The config of [`LayerNorm`]: `flax.linen.LayerNorm(use_bias=True, use_scale=True,
/// bias_init=zeros, scale_init=ones, feature_axes=-1)`, with the input's shape, which Flax
/// reads from the first input (only its rank and its sizes on `feature_axes` matter: `[4]`
/// stands for any input whose last axis is 4). `epsilon` and `reduction_axes` do not change
/// the params.
#[derive(Clone)]
pub struct LayerNormConfig {
    /// The input's shape.
    pub input_shape: Vec<usize>,
    /// Flax's `feature_axes` (default `[-1]`): the axes the scale and bias span.
    pub feature_axes: Vec<isize>,
    /// Flax's `use_scale` (default `true`).
    pub use_scale: bool,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `scale_init` (default `ones`).
    pub scale_init: InitFn,
    /// Flax's `bias_init` (default `zeros`).
    pub bias_init: InitFn,
}

impl LayerNormConfig {
    /// `nn.LayerNorm()` on inputs of shape `input_shape`, with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::LayerNormConfig;
    /// assert_eq!(LayerNormConfig::new([16]).feature_shape()?, [16]);
    /// let cfg = LayerNormConfig::new([2, 3, 4]).feature_axes([-2, -1]);
    /// assert_eq!(cfg.feature_shape()?, [3, 4]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(input_shape: impl Into<Vec<usize>>) -> LayerNormConfig {
        LayerNormConfig {
            input_shape: input_shape.into(),
            feature_axes: vec![-1],
            use_scale: true,
            use_bias: true,
            scale_init: init_fn(ones),
            bias_init: init_fn(zeros),
        }
    }

    /// Flax's `feature_axes=`.
    pub fn feature_axes(mut self, axes: impl Into<Vec<isize>>) -> Self {
        self.feature_axes = axes.into();
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

    /// The shape of the scale and bias: the input's sizes on the feature axes, in axis order.
    pub fn feature_shape(&self) -> Result<Vec<usize>> {
        feature_shape("LayerNorm", &self.input_shape, &self.feature_axes)
    }
}

/// `flax.linen.LayerNorm`: `scale` if `use_scale`, then `bias` if `use_bias`, both of the
/// feature shape ([`LayerNormConfig::feature_shape`]). `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{LayerNorm, LayerNormConfig};
/// use fanin::{Key, Params};
///
/// // nn.LayerNorm().init(key, jnp.ones((1, 16)))['params']
/// let norm = LayerNorm::<f32>::init(Key::new(0), &LayerNormConfig::new([1, 16]))?;
/// assert_eq!(norm.scale.unwrap().shape(), [16]);
/// assert_eq!(norm.bias.unwrap().sum(), 0.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = LayerNormConfig)]
pub struct LayerNorm<T: Dtype> {
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
