//! Attention's projections, `flax.linen.DenseGeneral` as `MultiHeadDotProductAttention` makes
//! them: [`HeadsProjection`] (`query`, `key`, `value`: features `(num_heads, head_dim)` on the
//! last axis) and [`OutProjection`] (`out`: `axis=(-2, -1)` back to `out_features`). Kernels are
//! drawn 2-D and reshaped (`dense_general`), biases drawn flat ([`flat`]).

use fanin::ndarray::{Array1, Array2, Array3};
use fanin::{Dtype, Params};

use super::flat_bias::flat;
use crate::nn::InitFn;

/// The config of one projection.
#[derive(Clone)]
pub struct ProjectionConfig {
    /// The input's last axis (`query`, `key`, `value`), or `out_features` (`out`).
    pub features: usize,
    /// `num_heads`.
    pub num_heads: usize,
    /// `qkv_features / num_heads`.
    pub head_dim: usize,
    /// Whether there is a bias.
    pub use_bias: bool,
    /// The kernel's initializer, as given to DenseGeneral.
    pub kernel_init: InitFn,
    /// The bias's initializer, as given to DenseGeneral.
    pub bias_init: InitFn,
}

/// `DenseGeneral(features=(num_heads, head_dim), axis=-1)`: `query`, `key` or `value`.
#[derive(Params, Clone, Debug)]
#[params(config = ProjectionConfig)]
pub struct HeadsProjection<T: Dtype> {
    /// `(in_features, num_heads, head_dim)`, drawn as `(in_features, qkv_features)`.
    #[shape(cfg.features, cfg.num_heads, cfg.head_dim)]
    #[init(dense_general(cfg.kernel_init.clone(), 1))]
    pub kernel: Array3<T>,
    /// `(num_heads, head_dim)`, drawn as `(qkv_features,)`; present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.num_heads, cfg.head_dim)]
    #[init(flat(cfg.bias_init.clone()))]
    pub bias: Option<Array2<T>>,
}

/// `DenseGeneral(features=out_features, axis=(-2, -1))`: `out`.
#[derive(Params, Clone, Debug)]
#[params(config = ProjectionConfig)]
pub struct OutProjection<T: Dtype> {
    /// `(num_heads, head_dim, out_features)`, drawn as `(qkv_features, out_features)`.
    #[shape(cfg.num_heads, cfg.head_dim, cfg.features)]
    #[init(dense_general(cfg.kernel_init.clone(), 2))]
    pub kernel: Array3<T>,
    /// `(out_features,)`; present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
