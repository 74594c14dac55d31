//! [`Dense`]: `flax.linen.Dense`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::{Array1, Array2};
use crate::{Dtype, Params, Result};

use super::checks::positive;
use super::{init_fn, InitFn};

/// The config of [`Dense`]: `flax.linen.Dense(features, use_bias=True,
/// kernel_init=lecun_normal(), bias_init=zeros_init())`, with the input's last axis
/// (`in_features`), which Flax reads from the first input.
#[derive(Clone)]
pub struct DenseConfig {
    /// The size of the input's last axis.
    pub in_features: usize,
    /// Flax's `features`: the size of the output's last axis.
    pub features: usize,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl DenseConfig {
    /// `nn.Dense(features)` on inputs whose last axis is `in_features`, with Flax's defaults.
    ///
    /// ```
    /// let cfg = fanin::nn::DenseConfig::new(4, 5).use_bias(false);
    /// assert_eq!((cfg.in_features, cfg.features, cfg.use_bias), (4, 5, false));
    /// ```
    pub fn new(in_features: usize, features: usize) -> DenseConfig {
        DenseConfig {
            in_features,
            features,
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
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

    /// Checks the sizes (each at least 1); `init`, `plan` and loading call it.
    ///
    /// ```
    /// assert!(fanin::nn::DenseConfig::new(4, 0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("Dense", "in_features", self.in_features)?;
        positive("Dense", "features", self.features)?;
        Ok(self)
    }
}

/// `flax.linen.Dense`: `kernel` `(in_features, features)`, then `bias` `(features,)` if
/// `use_bias`. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// // nn.Dense(5).init(jax.random.PRNGKey(0), jnp.ones((1, 4)))['params']
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// assert_eq!(dense.kernel.shape(), [4, 5]);
/// assert_eq!(dense.kernel[[0, 1]], -0.8247015);
/// assert_eq!(dense.bias.unwrap().sum(), 0.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = DenseConfig)]
pub struct Dense<T: Dtype> {
    /// `(in_features, features)`.
    #[shape(cfg.validate()?.in_features, cfg.features)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: Array2<T>,
    /// `(features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
