//! `flax.linen.LSTMCell` and `flax.linen.OptimizedLSTMCell`: the same params at the same
//! paths (the optimized cell concatenates its kernels only when applied).

use fanin::{Dtype, Params};

use super::cell_config::cell_config;
use crate::nn::Dense;

cell_config! {
    /// The config of [`LSTMCell`]: Flax's
    /// `nn.LSTMCell(features, kernel_init, recurrent_kernel_init, bias_init)`, with the input
    /// size. `gate_fn`, `activation_fn`, `carry_init` and `dtype` make no param.
    ///
    /// ```
    /// use fanin::init::he_normal;
    /// use fanin::nn::LSTMCellConfig;
    /// let config = LSTMCellConfig::new(3, 4).kernel_init(he_normal());
    /// assert_eq!((config.in_features, config.features), (3, 4));
    /// ```
    LSTMCellConfig, "flax.linen.LSTMCell"
}

/// The config of [`OptimizedLSTMCell`]: the same fields as Flax's `nn.OptimizedLSTMCell`
/// shares with `nn.LSTMCell`.
///
/// ```
/// use fanin::nn::OptimizedLSTMCellConfig;
/// let config = OptimizedLSTMCellConfig::new(2, 3);
/// assert_eq!(config.features, 3);
/// ```
pub type OptimizedLSTMCellConfig = LSTMCellConfig;

/// `flax.linen.LSTMCell(features)`: for each gate (`i`, `f`, `g`, `o`) an input Dense without
/// bias (`ii`, ...) and a hidden Dense with bias (`hi`, ...), in Flax's order.
///
/// ```
/// use fanin::nn::{LSTMCell, LSTMCellConfig};
/// use fanin::{Key, Params};
/// // nn.LSTMCell(features=4).init(key, carry, jnp.ones((1, 3)))['params']
/// let cell = LSTMCell::<f32>::init(Key::new(10), &LSTMCellConfig::new(3, 4))?;
/// assert_eq!(cell.ii.kernel.shape(), [3, 4]);
/// assert!(cell.ii.bias.is_none());
/// assert_eq!(cell.ho.bias.as_ref().map(|b| b.len()), Some(4));
/// assert_eq!(cell.param_count(), 4 * (3 * 4 + 4 * 4 + 4));
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = LSTMCellConfig)]
pub struct LSTMCell<T: Dtype> {
    /// `ii`: input to the input gate, `(in_features, features)`, no bias.
    #[module(config = cfg.input_dense(false)?)]
    pub ii: Dense<T>,
    /// `hi`: hidden to the input gate, `(features, features)` and bias.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hi: Dense<T>,
    /// `if`: input to the forget gate.
    #[module(config = cfg.input_dense(false)?)]
    pub r#if: Dense<T>,
    /// `hf`: hidden to the forget gate.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hf: Dense<T>,
    /// `ig`: input to the cell update.
    #[module(config = cfg.input_dense(false)?)]
    pub ig: Dense<T>,
    /// `hg`: hidden to the cell update.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hg: Dense<T>,
    /// `io`: input to the output gate.
    #[module(config = cfg.input_dense(false)?)]
    pub io: Dense<T>,
    /// `ho`: hidden to the output gate.
    #[module(config = cfg.hidden_dense(true)?)]
    pub ho: Dense<T>,
}

/// `flax.linen.OptimizedLSTMCell(features)`: Flax makes the same params as
/// [`LSTMCell`]'s, at the same paths (`ii/kernel`, `hi/kernel`, `hi/bias`, ...; its
/// `DenseParams` are fused only when the cell is applied), so the two initialize alike.
///
/// ```
/// use fanin::nn::{LSTMCell, LSTMCellConfig, OptimizedLSTMCell};
/// use fanin::{Key, Params};
/// let config = LSTMCellConfig::new(2, 3);
/// let fused = OptimizedLSTMCell::<f64>::init(Key::new(12), &config)?;
/// let plain = LSTMCell::<f64>::init(Key::new(12), &config)?;
/// assert_eq!(fused.io.kernel, plain.io.kernel);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = OptimizedLSTMCellConfig)]
pub struct OptimizedLSTMCell<T: Dtype> {
    /// `ii`: input to the input gate, no bias.
    #[module(config = cfg.input_dense(false)?)]
    pub ii: Dense<T>,
    /// `hi`: hidden to the input gate, with bias.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hi: Dense<T>,
    /// `if`: input to the forget gate.
    #[module(config = cfg.input_dense(false)?)]
    pub r#if: Dense<T>,
    /// `hf`: hidden to the forget gate.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hf: Dense<T>,
    /// `ig`: input to the cell update.
    #[module(config = cfg.input_dense(false)?)]
    pub ig: Dense<T>,
    /// `hg`: hidden to the cell update.
    #[module(config = cfg.hidden_dense(true)?)]
    pub hg: Dense<T>,
    /// `io`: input to the output gate.
    #[module(config = cfg.input_dense(false)?)]
    pub io: Dense<T>,
    /// `ho`: hidden to the output gate.
    #[module(config = cfg.hidden_dense(true)?)]
    pub ho: Dense<T>,
}
