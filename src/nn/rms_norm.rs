//! [`RMSNorm`]: `flax.linen.RMSNorm`.

use crate::init::{ones, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Params, Result};

use super::features::feature_shape;
use super::{init_fn, InitFn};

/// The config of [`RMSNorm`]: `flax.linen.RMSNorm(use_scale=True, scale_init=ones,
/// feature_axes=-1)`, with the input's shape (only its rank and its sizes on `feature_axes`
/// matter).
#[derive(Clone)]
pub struct RMSNormConfig {
    /// The input's shape.
    pub input_shape: Vec<usize>,
    /// Flax's `feature_axes` (default `[-1]`).
    pub feature_axes: Vec<isize>,
    /// Flax's `use_scale` (default `true`).
    pub use_scale: bool,
    /// Flax's `scale_init` (default `ones`).
    pub scale_init: InitFn,
}

impl RMSNormConfig {
    /// `nn.RMSNorm()` on inputs of shape `input_shape`, with Flax's defaults.
    ///
    /// ```
    /// assert_eq!(fanin::nn::RMSNormConfig::new([8]).feature_shape()?, [8]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(input_shape: impl Into<Vec<usize>>) -> RMSNormConfig {
        RMSNormConfig {
            input_shape: input_shape.into(),
            feature_axes: vec![-1],
            use_scale: true,
            scale_init: init_fn(ones),
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

    /// Flax's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// The scale's shape: the input's sizes on the feature axes, in axis order.
    pub fn feature_shape(&self) -> Result<Vec<usize>> {
        feature_shape("RMSNorm", &self.input_shape, &self.feature_axes)
    }
}

/// `flax.linen.RMSNorm`: `scale` of the feature shape if `use_scale`. `T` is Flax's
/// `param_dtype`.
///
/// ```
/// use fanin::nn::{RMSNorm, RMSNormConfig};
/// use fanin::{Key, Params};
///
/// let norm = RMSNorm::<f32>::init(Key::new(0), &RMSNormConfig::new([8]))?;
/// assert_eq!(norm.scale.unwrap().sum(), 8.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = RMSNormConfig)]
pub struct RMSNorm<T: Dtype> {
    /// The feature shape, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(..cfg.feature_shape()?)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<ArrayD<T>>,
}
