//! `flax.linen`'s layers as derived structs: their params and variables, with Flax's names,
//! shapes, defaults and order (no forward pass).
//!
//! Each layer is generic over its element type `T` (Flax's `param_dtype`) and takes a config
//! made by `new(..)` with Flax's defaults, whose setters are named as Flax's keyword
//! arguments (`DenseConfig::new(4, 5).use_bias(false).kernel_init(he_normal())`). Flax infers
//! input sizes from the first call; here they are config fields (`in_features`).

use std::sync::Arc;

use crate::init::DynInitializer;

/// An initializer held by a layer's config, as Flax's `kernel_init=`: any
/// [`Initializer`](crate::init::Initializer) (`Arc::new(he_normal())`, or [`init_fn`]).
pub type InitFn = Arc<dyn DynInitializer>;

/// Wraps an initializer for a config field ([`InitFn`]).
///
/// ```
/// use fanin::init::normal;
/// let bias_init = fanin::nn::init_fn(normal().stddev(0.1));
/// assert_eq!(bias_init.dyn_describe(), normal().stddev(0.1).describe());
/// # use fanin::init::{DynInitializer, Initializer};
/// ```
pub fn init_fn(initializer: impl DynInitializer + 'static) -> InitFn {
    Arc::new(initializer)
}

mod attention;
mod batch_norm;
pub(crate) mod checks;
mod conv;
mod conv_local;
mod conv_transpose;
mod dense;
mod dense_general;
mod einsum;
mod embed;
mod features;
pub(crate) mod flattened;
mod group_norm;
mod layer_norm;
mod padding;
mod prelu;
mod recurrent;
mod rms_norm;

pub use attention::{
    MultiHeadDotProductAttention, MultiHeadDotProductAttentionConfig, SelfAttention,
    SelfAttentionConfig,
};
pub use batch_norm::{BatchNorm, BatchNormConfig};
pub use conv::{Conv, ConvConfig};
pub use conv_local::{ConvLocal, ConvLocalConfig};
pub use conv_transpose::{ConvTranspose, ConvTransposeConfig};
pub use dense::{Dense, DenseConfig};
pub use dense_general::{DenseGeneral, DenseGeneralConfig};
pub use einsum::{Einsum, EinsumConfig};
pub use embed::{Embed, EmbedConfig};
pub use group_norm::{GroupNorm, GroupNormConfig};
pub use layer_norm::{LayerNorm, LayerNormConfig};
pub use padding::Padding;
pub use prelu::{PReLU, PReLUConfig};
pub use recurrent::{
    ConvLSTMCell, ConvLSTMCellConfig, GRUCell, GRUCellConfig, LSTMCell, LSTMCellConfig, MGUCell,
    MGUCellConfig, OptimizedLSTMCell, OptimizedLSTMCellConfig, SimpleCell, SimpleCellConfig,
};
pub use rms_norm::{RMSNorm, RMSNormConfig};
