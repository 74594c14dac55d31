//! [`LayerNorm`] and [`RMSNorm`]: `flax.nnx.LayerNorm`, `flax.nnx.RMSNorm`.

use crate::init::{ones_init, zeros_init, DynInitializer};
use crate::ndarray::Array1;
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

/// The config of [`LayerNorm`]: `flax.nnx.LayerNorm(num_features, use_bias=True,
/// use_scale=True, bias_init=zeros_init(), scale_init=ones_init())`. The reduction and
/// feature axes do not affect the params (NNX's are always `(num_features,)`).
#[derive(Clone)]
pub struct LayerNormConfig {
    /// NNX's `num_features`.
    pub num_features: usize,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `use_scale` (default `true`).
    pub use_scale: bool,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
    /// NNX's `scale_init` (default `ones_init()`).
    pub scale_init: InitFn,
}

impl LayerNormConfig {
    /// `nnx.LayerNorm(num_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::LayerNormConfig::new(5).use_bias(false);
    /// assert!(!cfg.use_bias);
    /// ```
    pub fn new(num_features: usize) -> LayerNormConfig {
        LayerNormConfig {
            num_features,
            use_bias: true,
            use_scale: true,
            bias_init: init_fn(zeros_init()),
            scale_init: init_fn(ones_init()),
        }
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// NNX's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// NNX's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Checks `num_features` (at least 1).
    ///
    /// ```
    /// assert!(fanin::nnx::LayerNormConfig::new(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("LayerNorm", "num_features", self.num_features)?;
        Ok(self)
    }
}

/// `flax.nnx.LayerNorm`: `scale` then `bias`, `(num_features,)`, each drawing a key when
/// enabled.
///
/// ```
/// use fanin::nnx::{LayerNorm, LayerNormConfig};
/// use fanin::{Key, Params};
///
/// let norm = LayerNorm::<f32>::init(Key::new(23), &LayerNormConfig::new(5))?;
/// assert_eq!(norm.scale.unwrap().sum(), 5.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = LayerNormConfig, nnx)]
pub struct LayerNorm<T: Dtype> {
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
    /// `(num_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}

/// The config of [`RMSNorm`]: `flax.nnx.RMSNorm(num_features, use_scale=True,
/// scale_init=ones)`.
#[derive(Clone)]
pub struct RMSNormConfig {
    /// NNX's `num_features`.
    pub num_features: usize,
    /// NNX's `use_scale` (default `true`).
    pub use_scale: bool,
    /// NNX's `scale_init` (default `ones`).
    pub scale_init: InitFn,
}

impl RMSNormConfig {
    /// `nnx.RMSNorm(num_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::RMSNormConfig::new(5);
    /// assert!(cfg.use_scale);
    /// ```
    pub fn new(num_features: usize) -> RMSNormConfig {
        RMSNormConfig {
            num_features,
            use_scale: true,
            scale_init: init_fn(ones_init()),
        }
    }

    /// NNX's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// NNX's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Checks `num_features` (at least 1).
    ///
    /// ```
    /// assert!(fanin::nnx::RMSNormConfig::new(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("RMSNorm", "num_features", self.num_features)?;
        Ok(self)
    }
}

/// `flax.nnx.RMSNorm`: `scale` `(num_features,)` when `use_scale`.
///
/// ```
/// use fanin::nnx::{RMSNorm, RMSNormConfig};
/// use fanin::{Key, Params};
///
/// let norm = RMSNorm::<f32>::init(Key::new(27), &RMSNormConfig::new(5))?;
/// assert_eq!(norm.scale.unwrap().len(), 5);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = RMSNormConfig, nnx)]
pub struct RMSNorm<T: Dtype> {
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
}
