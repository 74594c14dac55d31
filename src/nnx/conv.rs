//! [`Conv`] and [`ConvTranspose`]: `flax.nnx.Conv`, `flax.nnx.ConvTranspose`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::{Array1, ArrayD};
use crate::nn::checks::{all_positive, positive};
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Error, Params, Result};

/// The config of [`Conv`]: `flax.nnx.Conv(in_features, out_features, kernel_size,
/// feature_group_count=1, use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init())`.
/// Strides, padding and dilations do not affect the params and are not kept.
#[derive(Clone)]
pub struct ConvConfig {
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `out_features`.
    pub out_features: usize,
    /// NNX's `kernel_size`: one entry per spatial axis (an int is one axis).
    pub kernel_size: Vec<usize>,
    /// NNX's `feature_group_count` (default 1).
    pub feature_group_count: usize,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl ConvConfig {
    /// `nnx.Conv(in_features, out_features, kernel_size)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::ConvConfig::new(3, 6, [3, 3]);
    /// assert_eq!(cfg.kernel_shape()?, [3, 3, 3, 6]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(
        in_features: usize,
        out_features: usize,
        kernel_size: impl Into<Vec<usize>>,
    ) -> Self {
        ConvConfig {
            in_features,
            out_features,
            kernel_size: kernel_size.into(),
            feature_group_count: 1,
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `feature_group_count=`.
    pub fn feature_group_count(mut self, count: usize) -> Self {
        self.feature_group_count = count;
        self
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

    /// The kernel's shape: `(*kernel_size, in_features // feature_group_count, out_features)`.
    ///
    /// ```
    /// let cfg = fanin::nnx::ConvConfig::new(4, 6, [3, 2]).feature_group_count(2);
    /// assert_eq!(cfg.kernel_shape()?, [3, 2, 2, 6]);
    /// assert!(fanin::nnx::ConvConfig::new(3, 6, [3]).feature_group_count(2).kernel_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        positive("Conv", "in_features", self.in_features)?;
        positive("Conv", "out_features", self.out_features)?;
        positive("Conv", "feature_group_count", self.feature_group_count)?;
        kernel_size("Conv", &self.kernel_size)?;
        if !self.in_features.is_multiple_of(self.feature_group_count) {
            return Err(Error::invalid(format!(
                "Conv: in_features ({}) must be a multiple of feature_group_count ({})",
                self.in_features, self.feature_group_count
            )));
        }
        let mut shape = self.kernel_size.clone();
        shape.extend([
            self.in_features / self.feature_group_count,
            self.out_features,
        ]);
        Ok(shape)
    }
}

fn kernel_size(layer: &str, size: &[usize]) -> Result<()> {
    if size.is_empty() {
        return Err(Error::invalid(format!(
            "{layer}: kernel_size must have at least one entry"
        )));
    }
    all_positive(layer, "kernel_size", size)
}

/// `flax.nnx.Conv`: `kernel` `(*kernel_size, in_features // feature_group_count,
/// out_features)`, then `bias` `(out_features,)` if `use_bias`.
///
/// ```
/// use fanin::nnx::{Conv, ConvConfig};
/// use fanin::{Key, Params};
///
/// // nnx.Conv(3, 6, (3, 3), rngs=nnx.Rngs(params=10))
/// let conv = Conv::<f32>::init(Key::new(10), &ConvConfig::new(3, 6, [3, 3]))?;
/// assert_eq!(conv.kernel.shape(), [3, 3, 3, 6]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = ConvConfig, nnx)]
pub struct Conv<T: Dtype> {
    /// `(*kernel_size, in_features // feature_group_count, out_features)`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `(out_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.out_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}

/// The config of [`ConvTranspose`]: `flax.nnx.ConvTranspose(in_features, out_features,
/// kernel_size, use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init(),
/// transpose_kernel=False)`.
#[derive(Clone)]
pub struct ConvTransposeConfig {
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `out_features`.
    pub out_features: usize,
    /// NNX's `kernel_size`.
    pub kernel_size: Vec<usize>,
    /// NNX's `transpose_kernel` (default `false`): the kernel's last two axes swapped.
    pub transpose_kernel: bool,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl ConvTransposeConfig {
    /// `nnx.ConvTranspose(in_features, out_features, kernel_size)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::ConvTransposeConfig::new(4, 6, [3]).transpose_kernel(true);
    /// assert_eq!(cfg.kernel_shape()?, [3, 6, 4]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(
        in_features: usize,
        out_features: usize,
        kernel_size: impl Into<Vec<usize>>,
    ) -> Self {
        ConvTransposeConfig {
            in_features,
            out_features,
            kernel_size: kernel_size.into(),
            transpose_kernel: false,
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `transpose_kernel=`.
    pub fn transpose_kernel(mut self, transpose_kernel: bool) -> Self {
        self.transpose_kernel = transpose_kernel;
        self
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

    /// The kernel's shape: `(*kernel_size, in, out)`, or `(*kernel_size, out, in)` with
    /// `transpose_kernel`.
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        positive("ConvTranspose", "in_features", self.in_features)?;
        positive("ConvTranspose", "out_features", self.out_features)?;
        kernel_size("ConvTranspose", &self.kernel_size)?;
        let mut shape = self.kernel_size.clone();
        if self.transpose_kernel {
            shape.extend([self.out_features, self.in_features]);
        } else {
            shape.extend([self.in_features, self.out_features]);
        }
        Ok(shape)
    }
}

/// `flax.nnx.ConvTranspose`: `kernel` (see [`ConvTransposeConfig::kernel_shape`]), then
/// `bias` `(out_features,)` if `use_bias`.
///
/// ```
/// use fanin::nnx::{ConvTranspose, ConvTransposeConfig};
/// use fanin::{Key, Params};
///
/// let layer = ConvTranspose::<f32>::init(Key::new(14), &ConvTransposeConfig::new(3, 5, [3, 3]))?;
/// assert_eq!(layer.kernel.shape(), [3, 3, 3, 5]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = ConvTransposeConfig, nnx)]
pub struct ConvTranspose<T: Dtype> {
    /// `(*kernel_size, in, out)` (swapped with `transpose_kernel`).
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `(out_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.out_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
