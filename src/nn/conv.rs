//! [`Conv`]: `flax.linen.Conv`, 1-D, 2-D or 3-D (the rank is the length of `kernel_size`).

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::{Array1, ArrayD};
use crate::{Dtype, Error, Params, Result};

use super::checks::{all_positive, positive};
use super::{init_fn, InitFn};

/// The config of [`Conv`]: `flax.linen.Conv(features, kernel_size, feature_group_count=1,
/// use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init())`, with the input's
/// feature count (`in_features`), which Flax reads from the first input. Strides, padding
/// and dilations do not change a `Conv`'s params, so they are not here.
#[derive(Clone)]
pub struct ConvConfig {
    /// The size of the input's last (feature) axis.
    pub in_features: usize,
    /// Flax's `features`: the number of output features.
    pub features: usize,
    /// Flax's `kernel_size`: one size per spatial axis (Flax's int `k` is `[k]`).
    pub kernel_size: Vec<usize>,
    /// Flax's `feature_group_count` (default 1): must divide `in_features`.
    pub feature_group_count: usize,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl ConvConfig {
    /// `nn.Conv(features, kernel_size)` on inputs with `in_features` features, with Flax's
    /// defaults.
    ///
    /// ```
    /// use fanin::nn::ConvConfig;
    /// let cfg = ConvConfig::new(4, 8, [3, 3]).feature_group_count(2);
    /// assert_eq!(cfg.kernel_shape()?, [3, 3, 2, 8]);
    /// assert!(ConvConfig::new(4, 8, [3]).feature_group_count(3).kernel_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(in_features: usize, features: usize, kernel_size: impl Into<Vec<usize>>) -> Self {
        ConvConfig {
            in_features,
            features,
            kernel_size: kernel_size.into(),
            feature_group_count: 1,
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// Flax's `feature_group_count=`.
    pub fn feature_group_count(mut self, count: usize) -> Self {
        self.feature_group_count = count;
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

    /// The kernel's shape, `kernel_size + (in_features / feature_group_count, features)`, or
    /// an error for a zero size or a group count that does not divide `in_features`.
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        spatial_rank("Conv", &self.kernel_size)?;
        positive("Conv", "in_features", self.in_features)?;
        positive("Conv", "features", self.features)?;
        let groups = positive("Conv", "feature_group_count", self.feature_group_count)?;
        if !self.in_features.is_multiple_of(groups) {
            return Err(Error::invalid(format!(
                "Conv: feature_group_count {groups} does not divide in_features {}",
                self.in_features
            )));
        }
        Ok([
            &self.kernel_size[..],
            &[self.in_features / groups, self.features],
        ]
        .concat())
    }
}

/// `kernel_size` checked: at least one spatial axis, each of size at least 1.
pub(crate) fn spatial_rank(layer: &str, kernel_size: &[usize]) -> Result<usize> {
    if kernel_size.is_empty() {
        return Err(Error::invalid(format!(
            "{layer}: kernel_size must not be empty"
        )));
    }
    all_positive(layer, "kernel_size", kernel_size)?;
    Ok(kernel_size.len())
}

/// `flax.linen.Conv`: `kernel` of shape `kernel_size + (in_features / feature_group_count,
/// features)`, then `bias` `(features,)` if `use_bias`. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{Conv, ConvConfig};
/// use fanin::{Key, Params};
///
/// // nn.Conv(8, (3, 3)).init(key, jnp.ones((1, 16, 16, 4)))['params']
/// let conv = Conv::<f32>::init(Key::new(0), &ConvConfig::new(4, 8, [3, 3]))?;
/// assert_eq!(conv.kernel.shape(), [3, 3, 4, 8]);
/// assert_eq!(conv.bias.unwrap().len(), 8);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = ConvConfig)]
pub struct Conv<T: Dtype> {
    /// `kernel_size + (in_features / feature_group_count, features)`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `(features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
