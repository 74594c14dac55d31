//! `flax.nnx`'s layers as `#[params(nnx)]` structs: their params and variables (no forward
//! pass), with NNX's constructor arguments, names and defaults.
//!
//! An NNX module draws every key from one stream, in construction order: `M::init(key, cfg)`
//! equals `M(..., rngs=nnx.Rngs(params=key))` (see the crate's README, "Flax NNX"). Each
//! layer is generic over its `param_dtype` `T`; its config is `<Layer>Config::new(<required
//! arguments>)` with NNX's defaults and setters named as NNX's keyword arguments.
//!
//! ```
//! use fanin::nnx::{Linear, LinearConfig};
//! use fanin::{Key, Params};
//!
//! // nnx.Linear(4, 5, use_bias=False, rngs=nnx.Rngs(0))
//! let linear = Linear::<f32>::init(Key::new(0), &LinearConfig::new(4, 5).use_bias(false))?;
//! assert!(linear.bias.is_none());
//! # Ok::<(), fanin::Error>(())
//! ```

mod attention;
mod batch_norm;
mod conv;
mod einsum;
mod embed;
mod group_norm;
mod layer_norm;
mod linear;
mod linear_general;
mod lora;
mod modified_orthogonal;
mod prelu;
mod recurrent;

pub use attention::{MultiHeadAttention, MultiHeadAttentionConfig};
pub use batch_norm::{BatchNorm, BatchNormConfig};
pub use conv::{Conv, ConvConfig, ConvTranspose, ConvTransposeConfig};
pub use einsum::{Einsum, EinsumConfig};
pub use embed::{Embed, EmbedConfig};
pub use group_norm::{GroupNorm, GroupNormConfig, InstanceNorm, InstanceNormConfig};
pub use layer_norm::{LayerNorm, LayerNormConfig, RMSNorm, RMSNormConfig};
pub use linear::{Linear, LinearConfig};
pub use linear_general::{LinearGeneral, LinearGeneralConfig};
pub use lora::{LoRA, LoRAConfig, LoRALinear, LoRALinearConfig};
pub use modified_orthogonal::{modified_orthogonal, ModifiedOrthogonal};
pub use prelu::{PReLU, PReLUConfig};
pub use recurrent::{CellConfig, GRUCell, LSTMCell, OptimizedLSTMCell, SimpleCell};
