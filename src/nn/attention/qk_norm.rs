//! The `LayerNorm(use_bias=False)` that `normalize_qk` puts on queries and keys (`query_ln`,
//! `key_ln`): one `scale` of `head_dim` ones.

use fanin::ndarray::Array1;
use fanin::{Dtype, Params};

/// `flax.linen.LayerNorm(use_bias=False)` over the last axis (`head_dim`).
#[derive(Params, Clone, Debug)]
#[params(config = usize)]
pub struct QkNorm<T: Dtype> {
    /// `(head_dim,)`, ones (LayerNorm's `scale_init`).
    #[shape(*cfg)]
    #[init(ones_init())]
    pub scale: Array1<T>,
}
