//! `flax.linen`'s recurrent cells: their params only (`initialize_carry` makes no param).
//!
//! Each cell is made of Denses named as Flax names them (`ii`, `hi`, `if`, `hf`, ... for
//! `LSTMCell`), so its params sit at Flax's paths (`hi/kernel`) and take Flax's keys. The input
//! size Flax infers from the first call is the config's `in_features`.

mod cell_config;
mod conv_lstm;
mod gru;
mod lstm;
mod mgu;
mod simple;

pub use conv_lstm::{ConvLSTMCell, ConvLSTMCellConfig};
pub use gru::{GRUCell, GRUCellConfig};
pub use lstm::{LSTMCell, LSTMCellConfig, OptimizedLSTMCell, OptimizedLSTMCellConfig};
pub use mgu::{MGUCell, MGUCellConfig};
pub use simple::{SimpleCell, SimpleCellConfig};

use crate::nn::{DenseConfig, InitFn};
use crate::{Error, Result};

/// `features`, or an error naming the config when it is 0 (a cell without hidden state).
fn checked_features(config: &str, features: usize) -> Result<usize> {
    if features == 0 {
        return Err(Error::invalid(format!(
            "{config}: features is 0; a cell needs at least one hidden feature"
        )));
    }
    Ok(features)
}

/// The config of a cell's inner `flax.linen.Dense` (`ii`, `hi`, ...): `features` checked
/// against 0 for the cell named `config`, the initializers shared with the cell's config.
fn dense(
    config: &str,
    in_features: usize,
    features: usize,
    use_bias: bool,
    kernel_init: &InitFn,
    bias_init: &InitFn,
) -> Result<DenseConfig> {
    Ok(DenseConfig {
        in_features,
        features: checked_features(config, features)?,
        use_bias,
        kernel_init: kernel_init.clone(),
        bias_init: bias_init.clone(),
    })
}
