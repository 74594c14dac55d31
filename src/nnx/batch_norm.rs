//! [`BatchNorm`]: `flax.nnx.BatchNorm`.

use crate::init::{ones_init, zeros_init, DynInitializer};
use crate::ndarray::Array1;
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

/// The config of [`BatchNorm`]: `flax.nnx.BatchNorm(num_features, use_bias=True,
/// use_scale=True, bias_init=zeros_init(), scale_init=ones_init())`.
#[derive(Clone)]
pub struct BatchNormConfig {
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

impl BatchNormConfig {
    /// `nnx.BatchNorm(num_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::BatchNormConfig::new(5).use_scale(false);
    /// assert!(!cfg.use_scale);
    /// ```
    pub fn new(num_features: usize) -> BatchNormConfig {
        BatchNormConfig {
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
    /// assert!(fanin::nnx::BatchNormConfig::new(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("BatchNorm", "num_features", self.num_features)?;
        Ok(self)
    }
}

/// `flax.nnx.BatchNorm`: `mean` (zeros) and `var` (ones), `nnx.BatchStat`s that draw no key
/// and are float32 whatever `param_dtype`; then `scale` and `bias` `(num_features,)`, each
/// drawing a key when enabled. `T` is NNX's `param_dtype`.
///
/// ```
/// use fanin::nnx::{BatchNorm, BatchNormConfig};
/// use fanin::{Key, Params};
///
/// let bn = BatchNorm::<f32>::init(Key::new(20), &BatchNormConfig::new(5))?;
/// assert_eq!(bn.var.sum(), 5.0);
/// assert_eq!(bn.scale.unwrap().sum(), 5.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = BatchNormConfig, nnx)]
pub struct BatchNorm<T: Dtype> {
    /// The running mean, zeros.
    #[variable("batch_stats")]
    #[shape(cfg.validate()?.num_features)]
    #[init(zeros)]
    pub mean: Array1<f32>,
    /// The running variance, ones.
    #[variable("batch_stats")]
    #[shape(cfg.num_features)]
    #[init(ones)]
    pub var: Array1<f32>,
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(cfg.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
    /// `(num_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.num_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
