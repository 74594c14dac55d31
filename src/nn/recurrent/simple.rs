//! `flax.linen.SimpleCell`.

use fanin::{Dtype, Params};

use super::cell_config::cell_config;
use crate::nn::Dense;

cell_config! {
    /// The config of [`SimpleCell`]: Flax's
    /// `nn.SimpleCell(features, kernel_init, recurrent_kernel_init, bias_init)`, with the
    /// input size. `activation_fn`, `residual`, `carry_init` and `dtype` make no param.
    ///
    /// ```
    /// use fanin::init::xavier_normal;
    /// use fanin::nn::SimpleCellConfig;
    /// let config = SimpleCellConfig::new(4, 2).kernel_init(xavier_normal());
    /// assert_eq!(config.in_features, 4);
    /// ```
    SimpleCellConfig, "flax.linen.SimpleCell"
}

/// `flax.linen.SimpleCell(features)`: an input Dense `i` with bias and a hidden Dense `h`
/// without.
///
/// ```
/// use fanin::nn::{SimpleCell, SimpleCellConfig};
/// use fanin::{Key, Params};
/// // nn.SimpleCell(features=3).init(key, carry, jnp.ones((1, 2)))['params']
/// let cell = SimpleCell::<f32>::init(Key::new(18), &SimpleCellConfig::new(2, 3))?;
/// assert_eq!(cell.i.kernel.shape(), [2, 3]);
/// assert!(cell.h.bias.is_none());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = SimpleCellConfig)]
pub struct SimpleCell<T: Dtype> {
    /// `i`: input to hidden, with bias.
    #[module(config = cfg.input_dense(true)?)]
    pub i: Dense<T>,
    /// `h`: hidden to hidden, no bias.
    #[module(config = cfg.hidden_dense(false)?)]
    pub h: Dense<T>,
}
