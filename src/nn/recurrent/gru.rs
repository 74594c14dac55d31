//! `flax.linen.GRUCell`.

use fanin::{Dtype, Params};

use super::cell_config::cell_config;
use crate::nn::Dense;

cell_config! {
    /// The config of [`GRUCell`]: Flax's
    /// `nn.GRUCell(features, kernel_init, recurrent_kernel_init, bias_init)`, with the input
    /// size. `gate_fn`, `activation_fn`, `carry_init` and `dtype` make no param.
    ///
    /// ```
    /// use fanin::init::normal;
    /// use fanin::nn::GRUCellConfig;
    /// let config = GRUCellConfig::new(2, 3).bias_init(normal().stddev(0.2));
    /// assert_eq!(config.features, 3);
    /// ```
    GRUCellConfig, "flax.linen.GRUCell"
}

/// `flax.linen.GRUCell(features)`: input Denses with bias (`ir`, `iz`, `in`), hidden Denses
/// without (`hr`, `hz`), but `hn` with one, in Flax's order.
///
/// ```
/// use fanin::nn::{GRUCell, GRUCellConfig};
/// use fanin::{Key, Params};
/// // nn.GRUCell(features=4).init(key, carry, jnp.ones((1, 3)))['params']
/// let cell = GRUCell::<f32>::init(Key::new(14), &GRUCellConfig::new(3, 4))?;
/// assert!(cell.hr.bias.is_none() && cell.hn.bias.is_some());
/// assert_eq!(cell.r#in.kernel.shape(), [3, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = GRUCellConfig)]
pub struct GRUCell<T: Dtype> {
    /// `ir`: input to the reset gate, with bias.
    #[module(config = cfg.input_dense(true)?)]
    pub ir: Dense<T>,
    /// `hr`: hidden to the reset gate, no bias.
    #[module(config = cfg.hidden_dense(false)?)]
    pub hr: Dense<T>,
    /// `iz`: input to the update gate, with bias.
    #[module(config = cfg.input_dense(true)?)]
    pub iz: Dense<T>,
    /// `hz`: hidden to the update gate, no bias.
    #[module(config = cfg.hidden_dense(false)?)]
    pub hz: Dense<T>,
    /// `in`: input to the candidate, with bias.
    #[module(config = cfg.input_dense(true)?)]
    pub r#in: Dense<T>,
    /// `hn`: hidden to the candidate, with bias (`bias_init`).
    #[module(config = cfg.hidden_dense(true)?)]
    pub hn: Dense<T>,
}
