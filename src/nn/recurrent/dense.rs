//! The `flax.linen.Dense` a cell makes inside itself (`ii`, `hi`, ... of `LSTMCell`): a kernel
//! `(in_features, features)` and an optional bias `(features,)`.

use fanin::ndarray::{Array1, Array2};
use fanin::{Dtype, Params};

use crate::nn::InitFn;

/// The config of a cell's inner [`Dense`]: Flax's `Dense(features, use_bias, kernel_init,
/// bias_init)` with the input size it would infer.
#[derive(Clone)]
pub struct DenseConfig {
    /// The size of the input's last axis.
    pub in_features: usize,
    /// The size of the output's last axis.
    pub features: usize,
    /// Whether there is a bias.
    pub use_bias: bool,
    /// The kernel's initializer.
    pub kernel_init: InitFn,
    /// The bias's initializer.
    pub bias_init: InitFn,
}

impl DenseConfig {
    /// A Dense with a bias.
    pub fn biased(
        in_features: usize,
        features: usize,
        kernel_init: &InitFn,
        bias_init: &InitFn,
    ) -> Self {
        DenseConfig {
            in_features,
            features,
            use_bias: true,
            kernel_init: kernel_init.clone(),
            bias_init: bias_init.clone(),
        }
    }

    /// A Dense without a bias (`use_bias=False`).
    pub fn unbiased(in_features: usize, features: usize, kernel_init: &InitFn) -> Self {
        DenseConfig {
            use_bias: false,
            ..Self::biased(in_features, features, kernel_init, kernel_init)
        }
    }
}

/// `flax.linen.Dense` as a cell uses it: `kernel`, then `bias` when `use_bias`.
#[derive(Params, Clone, Debug)]
#[params(config = DenseConfig)]
pub struct Dense<T: Dtype> {
    /// `(in_features, features)`.
    #[shape(cfg.in_features, cfg.features)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: Array2<T>,
    /// `(features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
