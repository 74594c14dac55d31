//! `flax.linen.MultiHeadDotProductAttention` and `flax.linen.SelfAttention`: the same params
//! (SelfAttention is Flax's subclass applied to one input).

use fanin::{Dtype, Params};

use super::config::{Input, MultiHeadDotProductAttentionConfig, SelfAttentionConfig};
use crate::nn::{DenseGeneral, LayerNorm};

/// `flax.linen.MultiHeadDotProductAttention(num_heads)`: `query`, `key`, `value` kernels
/// `(in, num_heads, head_dim)` with biases `(num_heads, head_dim)`, LayerNorm scales
/// `query_ln`, `key_ln` (`normalize_qk`), and `out`: `(num_heads, head_dim, out_features)`
/// with bias `(out_features,)`, in Flax's order.
///
/// ```
/// use fanin::nn::{MultiHeadDotProductAttention, MultiHeadDotProductAttentionConfig};
/// use fanin::{Key, Params};
/// // nn.MultiHeadDotProductAttention(num_heads=2).init(key, jnp.ones((1, 3, 8)))['params']
/// let config = MultiHeadDotProductAttentionConfig::new(2, 8);
/// let attention = MultiHeadDotProductAttention::<f32>::init(Key::new(0), &config)?;
/// assert_eq!(attention.query.kernel.shape(), [8, 2, 4]);
/// assert_eq!(attention.out.kernel.shape(), [2, 4, 8]);
/// assert!(attention.query_ln.is_none());
/// let bad = MultiHeadDotProductAttentionConfig::new(3, 8); // 8 features in 3 heads
/// assert!(MultiHeadDotProductAttention::<f32>::init(Key::new(0), &bad).is_err());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = MultiHeadDotProductAttentionConfig)]
pub struct MultiHeadDotProductAttention<T: Dtype> {
    /// `query`: `DenseGeneral(features=(num_heads, head_dim))` of `inputs_q`.
    #[module(config = cfg.projection(Input::Query)?)]
    pub query: DenseGeneral<T>,
    /// `key`: of `inputs_k`.
    #[module(config = cfg.projection(Input::Key)?)]
    pub key: DenseGeneral<T>,
    /// `value`: of `inputs_v`.
    #[module(config = cfg.projection(Input::Value)?)]
    pub value: DenseGeneral<T>,
    /// `query_ln`: `LayerNorm(use_bias=False)` of the query heads, when `normalize_qk`.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.qk_norm()?)]
    pub query_ln: Option<LayerNorm<T>>,
    /// `key_ln`: the same for the keys.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.qk_norm()?)]
    pub key_ln: Option<LayerNorm<T>>,
    /// `out`: `DenseGeneral(features=out_features, axis=(-2, -1))`.
    #[module(config = cfg.out()?)]
    pub out: DenseGeneral<T>,
}

/// `flax.linen.SelfAttention(num_heads)`: [`MultiHeadDotProductAttention`]'s params, its
/// one input the query, key and value.
///
/// ```
/// use fanin::nn::{SelfAttention, SelfAttentionConfig};
/// use fanin::{Key, Params};
/// // nn.SelfAttention(num_heads=3, qkv_features=6, normalize_qk=True).init(key, jnp.ones((1, 2, 4)))
/// let config = SelfAttentionConfig::new(3, 4).qkv_features(6).normalize_qk(true);
/// let attention = SelfAttention::<f32>::init(Key::new(3), &config)?;
/// assert_eq!(attention.value.kernel.shape(), [4, 3, 2]);
/// let key_scale = attention.key_ln.unwrap().scale.unwrap();
/// assert_eq!(key_scale.as_slice(), Some(&[1.0, 1.0][..]));
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = SelfAttentionConfig)]
pub struct SelfAttention<T: Dtype> {
    /// `query`: `DenseGeneral(features=(num_heads, head_dim))` of the input.
    #[module(config = cfg.single_input()?.projection(Input::Query)?)]
    pub query: DenseGeneral<T>,
    /// `key`: of the input.
    #[module(config = cfg.single_input()?.projection(Input::Key)?)]
    pub key: DenseGeneral<T>,
    /// `value`: of the input.
    #[module(config = cfg.single_input()?.projection(Input::Value)?)]
    pub value: DenseGeneral<T>,
    /// `query_ln`: `LayerNorm(use_bias=False)` of the query heads, when `normalize_qk`.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.qk_norm()?)]
    pub query_ln: Option<LayerNorm<T>>,
    /// `key_ln`: the same for the keys.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.qk_norm()?)]
    pub key_ln: Option<LayerNorm<T>>,
    /// `out`: `DenseGeneral(features=out_features, axis=(-2, -1))`.
    #[module(config = cfg.out()?)]
    pub out: DenseGeneral<T>,
}
