//! `flax.linen`'s attention layers: `MultiHeadDotProductAttention` and `SelfAttention`.
//!
//! Their projections are [`DenseGeneral`](crate::nn::DenseGeneral) layers and their query and
//! key norms [`LayerNorm`](crate::nn::LayerNorm)s, at Flax's paths (`query/kernel`, ...,
//! `out/bias`). The autoregressive cache of
//! `decode=True` (collection `cache`, shaped by the input batch) is not modeled.

mod config;
mod multi_head;

pub use config::{MultiHeadDotProductAttentionConfig, SelfAttentionConfig};
pub use multi_head::{MultiHeadDotProductAttention, SelfAttention};
