//! `flax.linen.ConvLSTMCell`: two convolutions, input to hidden (`ih`) and hidden to hidden
//! (`hh`), each making the four gates' `4 * features` channels.

use fanin::{Dtype, Params};

use super::checked_features;
use crate::nn::{Conv, ConvConfig};
use crate::{Error, Result};

/// The config of [`ConvLSTMCell`]: Flax's `nn.ConvLSTMCell(features, kernel_size,
/// use_bias)`, with the number of input channels Flax infers. `strides`, `padding`,
/// `carry_init` and `dtype` make no param; the convolutions' initializers are Conv's defaults,
/// which `ConvLSTMCell` does not expose.
///
/// ```
/// use fanin::nn::ConvLSTMCellConfig;
/// // nn.ConvLSTMCell(features=2, kernel_size=(3, 3)) on inputs of 3 channels
/// let config = ConvLSTMCellConfig::new(3, 2, [3, 3]);
/// assert!(config.use_bias);
/// ```
#[derive(Clone, Debug)]
pub struct ConvLSTMCellConfig {
    /// The number of input channels (the input's last axis).
    pub in_features: usize,
    /// `features`: the channels of the hidden state.
    pub features: usize,
    /// `kernel_size`: one size per spatial axis (1, 2, 3 or more axes).
    pub kernel_size: Vec<usize>,
    /// `use_bias` (default `true`).
    pub use_bias: bool,
}

impl ConvLSTMCellConfig {
    /// `flax.linen.ConvLSTMCell(features, kernel_size)` on inputs of `in_features`
    /// channels, with Flax's defaults.
    pub fn new(in_features: usize, features: usize, kernel_size: impl Into<Vec<usize>>) -> Self {
        ConvLSTMCellConfig {
            in_features,
            features,
            kernel_size: kernel_size.into(),
            use_bias: true,
        }
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// The config of a convolution reading `in_features` channels.
    fn conv(&self, in_features: usize) -> Result<ConvConfig> {
        let features = checked_features("ConvLSTMCellConfig", self.features)?;
        if self.kernel_size.is_empty() {
            return Err(Error::invalid(
                "ConvLSTMCellConfig: kernel_size is empty; give one size per spatial axis",
            ));
        }
        let gates = features.checked_mul(4).ok_or_else(|| {
            Error::invalid(format!(
                "ConvLSTMCellConfig: 4 * features ({features}) overflows usize"
            ))
        })?;
        Ok(ConvConfig::new(in_features, gates, self.kernel_size.clone()).use_bias(self.use_bias))
    }
}

/// `flax.linen.ConvLSTMCell(features, kernel_size)`: `ih` (input channels to `4 * features`)
/// and `hh` (`features` to `4 * features`), each a Conv kernel `kernel_size + (in, out)` with
/// a bias when `use_bias`. The kernel's rank follows `kernel_size`.
///
/// ```
/// use fanin::nn::{ConvLSTMCell, ConvLSTMCellConfig};
/// use fanin::{Key, Params};
/// // nn.ConvLSTMCell(features=2, kernel_size=(3, 3)).init(key, carry, jnp.ones((1, 4, 4, 3)))
/// let cell = ConvLSTMCell::<f32>::init(Key::new(20), &ConvLSTMCellConfig::new(3, 2, [3, 3]))?;
/// assert_eq!(cell.ih.kernel.shape(), [3, 3, 3, 8]);
/// assert_eq!(cell.hh.kernel.shape(), [3, 3, 2, 8]);
/// let one_d = ConvLSTMCell::<f32>::init(Key::new(21), &ConvLSTMCellConfig::new(2, 3, [2]))?;
/// assert_eq!(one_d.hh.kernel.shape(), [2, 3, 12]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = ConvLSTMCellConfig)]
pub struct ConvLSTMCell<T: Dtype> {
    /// `ih`: input to hidden.
    #[module(config = cfg.conv(cfg.in_features)?)]
    pub ih: Conv<T>,
    /// `hh`: hidden to hidden.
    #[module(config = cfg.conv(cfg.features)?)]
    pub hh: Conv<T>,
}
