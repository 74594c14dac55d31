//! `flax.linen`'s attention layers: `MultiHeadDotProductAttention` and `SelfAttention`.
//!
//! Their projections are DenseGeneral kernels drawn as Flax draws them (2-D, then reshaped),
//! at Flax's paths (`query/kernel`, ..., `out/bias`). The autoregressive cache of
//! `decode=True` (collection `cache`, shaped by the input batch) is not modeled.

mod config;
mod flat_bias;
mod multi_head;
mod projection;
mod qk_norm;

pub use config::{MultiHeadDotProductAttentionConfig, SelfAttentionConfig};
pub use multi_head::{MultiHeadDotProductAttention, SelfAttention};
