//! [`ConvTranspose`]: `flax.linen.ConvTranspose`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::{Array1, ArrayD};
use crate::{Dtype, Params, Result};

use super::checks::positive;
use super::conv::spatial_rank;
use super::{init_fn, InitFn};

/// The config of [`ConvTranspose`]: `flax.linen.ConvTranspose(features, kernel_size,
/// use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init(),
/// transpose_kernel=False)`, with the input's feature count (`in_features`), which Flax reads
/// from the first input. Strides, padding and dilation do not change the params.
#[derive(Clone)]
pub struct ConvTransposeConfig {
    /// The size of the input's last (feature) axis.
    pub in_features: usize,
    /// Flax's `features`.
    pub features: usize,
    /// Flax's `kernel_size`: one size per spatial axis.
    pub kernel_size: Vec<usize>,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `transpose_kernel` (default `false`): the kernel's last two axes are
    /// `(features, in_features)` instead of `(in_features, features)`.
    pub transpose_kernel: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl ConvTransposeConfig {
    /// `nn.ConvTranspose(features, kernel_size)` on inputs with `in_features` features.
    ///
    /// ```
    /// use fanin::nn::ConvTransposeConfig;
    /// let cfg = ConvTransposeConfig::new(4, 8, [3, 3]).transpose_kernel(true);
    /// assert_eq!(cfg.kernel_shape()?, [3, 3, 8, 4]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(in_features: usize, features: usize, kernel_size: impl Into<Vec<usize>>) -> Self {
        ConvTransposeConfig {
            in_features,
            features,
            kernel_size: kernel_size.into(),
            use_bias: true,
            transpose_kernel: false,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `transpose_kernel=`.
    pub fn transpose_kernel(mut self, transpose_kernel: bool) -> Self {
        self.transpose_kernel = transpose_kernel;
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

    /// The kernel's shape: `kernel_size + (in_features, features)`, or
    /// `kernel_size + (features, in_features)` with `transpose_kernel`.
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        spatial_rank("ConvTranspose", &self.kernel_size)?;
        let inputs = positive("ConvTranspose", "in_features", self.in_features)?;
        let outputs = positive("ConvTranspose", "features", self.features)?;
        let last = if self.transpose_kernel {
            [outputs, inputs]
        } else {
            [inputs, outputs]
        };
        Ok([&self.kernel_size[..], &last].concat())
    }
}

/// `flax.linen.ConvTranspose`: `kernel` (see [`ConvTransposeConfig::kernel_shape`]), then
/// `bias` `(features,)` if `use_bias`. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{ConvTranspose, ConvTransposeConfig};
/// use fanin::{Key, Params};
///
/// // nn.ConvTranspose(8, (3,)).init(key, jnp.ones((1, 10, 4)))['params']
/// let layer = ConvTranspose::<f32>::init(Key::new(0), &ConvTransposeConfig::new(4, 8, [3]))?;
/// assert_eq!(layer.kernel.shape(), [3, 4, 8]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = ConvTransposeConfig)]
pub struct ConvTranspose<T: Dtype> {
    /// `kernel_size + (in_features, features)` (or `(features, in_features)`).
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `(features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
