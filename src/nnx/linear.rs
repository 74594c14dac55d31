//! [`Linear`]: `flax.nnx.Linear`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::{Array1, Array2};
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

use crate::nn::checks::positive;

/// The config of [`Linear`]: `flax.nnx.Linear(in_features, out_features, use_bias=True,
/// kernel_init=lecun_normal(), bias_init=zeros_init())`.
#[derive(Clone)]
pub struct LinearConfig {
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `out_features`.
    pub out_features: usize,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl LinearConfig {
    /// `nnx.Linear(in_features, out_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::LinearConfig::new(4, 5).use_bias(false);
    /// assert_eq!((cfg.in_features, cfg.out_features, cfg.use_bias), (4, 5, false));
    /// ```
    pub fn new(in_features: usize, out_features: usize) -> LinearConfig {
        LinearConfig {
            in_features,
            out_features,
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// NNX's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// Checks the sizes (each at least 1); init, plan and load call it.
    ///
    /// ```
    /// assert!(fanin::nnx::LinearConfig::new(0, 5).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("Linear", "in_features", self.in_features)?;
        positive("Linear", "out_features", self.out_features)?;
        Ok(self)
    }
}

/// `flax.nnx.Linear`: `kernel` `(in_features, out_features)`, then `bias` `(out_features,)`
/// if `use_bias`, each drawing the stream's next key. `T` is NNX's `param_dtype`.
///
/// ```
/// use fanin::init::Initializer;
/// use fanin::nnx::{Linear, LinearConfig};
/// use fanin::{Key, Params};
///
/// // nnx.Linear(4, 5, rngs=nnx.Rngs(0))
/// let linear = Linear::<f32>::init(Key::new(0), &LinearConfig::new(4, 5))?;
/// assert_eq!(linear.kernel.shape(), [4, 5]);
/// // Its kernel is lecun_normal()(fold_in(key(0), 0), (4, 5)).
/// let kernel = fanin::init::lecun_normal().sample::<f32>(Key::new(0).fold_in(0), &[4, 5])?;
/// assert_eq!(linear.kernel.as_slice().unwrap(), kernel.as_slice().unwrap());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = LinearConfig, nnx)]
pub struct Linear<T: Dtype> {
    /// `(in_features, out_features)`.
    #[shape(cfg.validate()?.in_features, cfg.out_features)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: Array2<T>,
    /// `(out_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.out_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
