//! The `flax.linen.Conv` a `ConvLSTMCell` makes inside itself (`ih`, `hh`): a kernel
//! `kernel_size + (in_features, features)` of any number of spatial axes, and an optional bias.

use fanin::ndarray::{Array1, ArrayD};
use fanin::{Dtype, Params};

/// The config of a cell's inner [`Conv`]: Flax's `Conv(features, kernel_size, use_bias)`
/// with its default initializers and the input size it would infer.
#[derive(Clone, Debug)]
pub struct ConvConfig {
    /// The spatial axes of the kernel.
    pub kernel_size: Vec<usize>,
    /// The size of the input's last axis.
    pub in_features: usize,
    /// The number of filters.
    pub features: usize,
    /// Whether there is a bias.
    pub use_bias: bool,
}

impl ConvConfig {
    /// `kernel_size + (in_features, features)`.
    fn kernel_shape(&self) -> Vec<usize> {
        let mut shape = self.kernel_size.clone();
        shape.extend([self.in_features, self.features]);
        shape
    }
}

/// `flax.linen.Conv` as `ConvLSTMCell` uses it: `kernel` (`lecun_normal()`), then `bias`
/// (`zeros_init()`) when `use_bias`.
#[derive(Params, Clone, Debug)]
#[params(config = ConvConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Conv<T: Dtype> {
    /// `kernel_size + (in_features, features)`.
    #[shape(..cfg.kernel_shape())]
    pub kernel: ArrayD<T>,
    /// `(features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    pub bias: Option<Array1<T>>,
}
