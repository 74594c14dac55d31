//! [`ConvLocal`]: `flax.linen.ConvLocal`, a convolution with a kernel per output position.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Error, Params, Result};

use super::checks::{all_positive, per_axis, positive, product};
use super::conv::spatial_rank;
use super::padding::{output_size, Axis, Padding};
use super::{init_fn, InitFn};

const LAYER: &str = "ConvLocal";

/// The config of [`ConvLocal`]: `flax.linen.ConvLocal(features, kernel_size, strides=1,
/// padding='SAME', input_dilation=1, kernel_dilation=1, use_bias=True,
/// kernel_init=lecun_normal(), bias_init=zeros_init())`, with the input's spatial shape and
/// feature count, which Flax reads from the first input: the kernel has one slice per output
/// position, so its shape depends on all of them.
#[derive(Clone)]
pub struct ConvLocalConfig {
    /// The input's spatial shape (without batch and feature axes), one size per axis of
    /// `kernel_size`.
    pub input_shape: Vec<usize>,
    /// The size of the input's last (feature) axis.
    pub in_features: usize,
    /// Flax's `features`.
    pub features: usize,
    /// Flax's `kernel_size`.
    pub kernel_size: Vec<usize>,
    /// Flax's `strides` (default 1): one value for every axis, or one per axis.
    pub strides: Vec<usize>,
    /// Flax's `padding` (default [`Padding::Same`]).
    pub padding: Padding,
    /// Flax's `input_dilation` (default 1): one value for every axis, or one per axis.
    pub input_dilation: Vec<usize>,
    /// Flax's `kernel_dilation` (default 1): one value for every axis, or one per axis.
    pub kernel_dilation: Vec<usize>,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl ConvLocalConfig {
    /// `nn.ConvLocal(features, kernel_size)` on inputs of spatial shape `input_shape` with
    /// `in_features` features, with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::{ConvLocalConfig, Padding};
    /// let same = ConvLocalConfig::new([8, 8], 3, 4, [3, 3]).strides([2]);
    /// assert_eq!(same.output_shape()?, [4, 4]);
    /// let valid = ConvLocalConfig::new([8, 8], 3, 4, [3, 3]).padding(Padding::Valid);
    /// assert_eq!(valid.kernel_shape()?, [6, 6, 27, 4]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(
        input_shape: impl Into<Vec<usize>>,
        in_features: usize,
        features: usize,
        kernel_size: impl Into<Vec<usize>>,
    ) -> Self {
        ConvLocalConfig {
            input_shape: input_shape.into(),
            in_features,
            features,
            kernel_size: kernel_size.into(),
            strides: vec![1],
            padding: Padding::Same,
            input_dilation: vec![1],
            kernel_dilation: vec![1],
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// Flax's `strides=`.
    pub fn strides(mut self, strides: impl Into<Vec<usize>>) -> Self {
        self.strides = strides.into();
        self
    }

    /// Flax's `padding=`.
    pub fn padding(mut self, padding: Padding) -> Self {
        self.padding = padding;
        self
    }

    /// Flax's `input_dilation=`.
    pub fn input_dilation(mut self, dilation: impl Into<Vec<usize>>) -> Self {
        self.input_dilation = dilation.into();
        self
    }

    /// Flax's `kernel_dilation=`.
    pub fn kernel_dilation(mut self, dilation: impl Into<Vec<usize>>) -> Self {
        self.kernel_dilation = dilation.into();
        self
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

    /// The output's spatial shape, as `lax.conv_general_dilated` gives it; an error where
    /// lax or Flax raise, and for an output with no position.
    pub fn output_shape(&self) -> Result<Vec<usize>> {
        let rank = spatial_rank(LAYER, &self.kernel_size)?;
        if self.input_shape.len() != rank {
            return Err(Error::invalid(format!(
                "ConvLocal: input_shape {:?} has {} spatial axes, kernel_size {:?} has {rank}",
                self.input_shape,
                self.input_shape.len(),
                self.kernel_size
            )));
        }
        all_positive(LAYER, "input_shape", &self.input_shape)?;
        let strides = per_axis(LAYER, "strides", &self.strides, rank)?;
        let input_dilation = per_axis(LAYER, "input_dilation", &self.input_dilation, rank)?;
        let kernel_dilation = per_axis(LAYER, "kernel_dilation", &self.kernel_dilation, rank)?;
        all_positive(LAYER, "strides", &strides)?;
        all_positive(LAYER, "input_dilation", &input_dilation)?;
        all_positive(LAYER, "kernel_dilation", &kernel_dilation)?;
        (0..rank)
            .map(|i| {
                let axis = Axis {
                    input: self.input_shape[i],
                    kernel: self.kernel_size[i],
                    stride: strides[i],
                    input_dilation: input_dilation[i],
                    kernel_dilation: kernel_dilation[i],
                };
                output_size(LAYER, &self.padding, i, &axis, rank)
            })
            .collect()
    }

    /// The kernel's shape: `output_shape + (prod(kernel_size) * in_features, features)`.
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        let out = self.output_shape()?;
        let window = product(LAYER, &self.kernel_size)?;
        let inputs = positive(LAYER, "in_features", self.in_features)?;
        let rows = window
            .checked_mul(inputs)
            .ok_or_else(|| Error::invalid("ConvLocal: the kernel's size overflows usize"))?;
        let features = positive(LAYER, "features", self.features)?;
        Ok([&out[..], &[rows, features]].concat())
    }

    /// The bias's shape: `output_shape + (features,)`.
    pub fn bias_shape(&self) -> Result<Vec<usize>> {
        let features = positive(LAYER, "features", self.features)?;
        Ok([&self.output_shape()?[..], &[features]].concat())
    }
}

/// `flax.linen.ConvLocal`: `kernel` of shape `output_shape + (prod(kernel_size) *
/// in_features, features)`, then `bias` of shape `output_shape + (features,)` if `use_bias`
/// (see [`ConvLocalConfig::output_shape`]). `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{ConvLocal, ConvLocalConfig, Padding};
/// use fanin::{Key, Params};
///
/// // nn.ConvLocal(4, (3,), padding='VALID').init(key, jnp.ones((1, 10, 2)))['params']
/// let cfg = ConvLocalConfig::new([10], 2, 4, [3]).padding(Padding::Valid);
/// let layer = ConvLocal::<f32>::init(Key::new(0), &cfg)?;
/// assert_eq!(layer.kernel.shape(), [8, 6, 4]);
/// assert_eq!(layer.bias.unwrap().shape(), [8, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = ConvLocalConfig)]
pub struct ConvLocal<T: Dtype> {
    /// `output_shape + (prod(kernel_size) * in_features, features)`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `output_shape + (features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(..cfg.bias_shape()?)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<ArrayD<T>>,
}
