//! [`MultiHeadAttention`]: `flax.nnx.MultiHeadAttention`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Error, Params, Result};

use super::{LayerNorm, LayerNormConfig, LinearGeneral, LinearGeneralConfig};

/// The config of [`MultiHeadAttention`]: `flax.nnx.MultiHeadAttention(num_heads,
/// in_features, qkv_features=None, out_features=None, num_kv_heads=None,
/// in_kv_features=None, kernel_init=lecun_normal(), out_kernel_init=None,
/// bias_init=zeros_init(), out_bias_init=None, use_bias=True, normalize_qk=False)`.
///
/// `dropout_rate` does not affect the params; with `dropout_rate > 0` NNX also forks an RNG
/// stream after the params (state that fanin does not hold).
#[derive(Clone)]
pub struct MultiHeadAttentionConfig {
    /// NNX's `num_heads`.
    pub num_heads: usize,
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `qkv_features` (default `in_features`).
    pub qkv_features: Option<usize>,
    /// NNX's `out_features` (default `in_features`).
    pub out_features: Option<usize>,
    /// NNX's `num_kv_heads` (default `num_heads`).
    pub num_kv_heads: Option<usize>,
    /// NNX's `in_kv_features` (default `in_features`).
    pub in_kv_features: Option<usize>,
    /// NNX's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// NNX's `out_kernel_init` (default: `kernel_init`).
    pub out_kernel_init: Option<InitFn>,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
    /// NNX's `out_bias_init` (default: `bias_init`).
    pub out_bias_init: Option<InitFn>,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `normalize_qk` (default `false`): a `LayerNorm(head_dim, use_bias=False)` on
    /// queries and keys.
    pub normalize_qk: bool,
}

impl MultiHeadAttentionConfig {
    /// `nnx.MultiHeadAttention(num_heads, in_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::MultiHeadAttentionConfig::new(2, 6).qkv_features(8);
    /// assert_eq!(cfg.head_dim()?, 4);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(num_heads: usize, in_features: usize) -> Self {
        MultiHeadAttentionConfig {
            num_heads,
            in_features,
            qkv_features: None,
            out_features: None,
            num_kv_heads: None,
            in_kv_features: None,
            kernel_init: init_fn(lecun_normal()),
            out_kernel_init: None,
            bias_init: init_fn(zeros_init()),
            out_bias_init: None,
            use_bias: true,
            normalize_qk: false,
        }
    }

    /// NNX's `qkv_features=`.
    pub fn qkv_features(mut self, features: usize) -> Self {
        self.qkv_features = Some(features);
        self
    }

    /// NNX's `out_features=`.
    pub fn out_features(mut self, features: usize) -> Self {
        self.out_features = Some(features);
        self
    }

    /// NNX's `num_kv_heads=`.
    pub fn num_kv_heads(mut self, heads: usize) -> Self {
        self.num_kv_heads = Some(heads);
        self
    }

    /// NNX's `in_kv_features=`.
    pub fn in_kv_features(mut self, features: usize) -> Self {
        self.in_kv_features = Some(features);
        self
    }

    /// NNX's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// NNX's `out_kernel_init=`.
    pub fn out_kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.out_kernel_init = Some(init_fn(init));
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// NNX's `out_bias_init=`.
    pub fn out_bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.out_bias_init = Some(init_fn(init));
        self
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// NNX's `normalize_qk=`.
    pub fn normalize_qk(mut self, normalize_qk: bool) -> Self {
        self.normalize_qk = normalize_qk;
        self
    }

    /// `qkv_features // num_heads`, checked as NNX checks it.
    ///
    /// ```
    /// assert!(fanin::nnx::MultiHeadAttentionConfig::new(4, 6).head_dim().is_err());
    /// ```
    pub fn head_dim(&self) -> Result<usize> {
        let heads = positive("MultiHeadAttention", "num_heads", self.num_heads)?;
        positive("MultiHeadAttention", "in_features", self.in_features)?;
        let qkv = positive("MultiHeadAttention", "qkv_features", self.qkv())?;
        let kv_heads = positive("MultiHeadAttention", "num_kv_heads", self.kv_heads())?;
        if heads % kv_heads != 0 {
            return Err(Error::invalid(format!(
                "MultiHeadAttention: num_heads ({heads}) must be divisible by num_kv_heads ({kv_heads})"
            )));
        }
        if qkv % heads != 0 {
            return Err(Error::invalid(format!(
                "MultiHeadAttention: Memory dimension ({qkv}) must be divisible by 'num_heads' heads ({heads})"
            )));
        }
        Ok(qkv / heads)
    }

    fn qkv(&self) -> usize {
        self.qkv_features.unwrap_or(self.in_features)
    }

    fn kv_heads(&self) -> usize {
        self.num_kv_heads.unwrap_or(self.num_heads)
    }

    fn projection(&self, in_features: usize, heads: usize) -> Result<LinearGeneralConfig> {
        let head_dim = self.head_dim()?;
        Ok(LinearGeneralConfig {
            use_bias: self.use_bias,
            kernel_init: self.kernel_init.clone(),
            bias_init: self.bias_init.clone(),
            ..LinearGeneralConfig::new([in_features], [heads, head_dim])
        })
    }

    /// The config of `query`: `LinearGeneral(in_features, (num_heads, head_dim))`.
    pub fn query_config(&self) -> Result<LinearGeneralConfig> {
        self.projection(self.in_features, self.num_heads)
    }

    /// The config of `key` and `value`: `LinearGeneral(in_kv_features, (num_kv_heads,
    /// head_dim))`.
    pub fn kv_config(&self) -> Result<LinearGeneralConfig> {
        let in_kv = self.in_kv_features.unwrap_or(self.in_features);
        positive("MultiHeadAttention", "in_kv_features", in_kv)?;
        self.projection(in_kv, self.kv_heads())
    }

    /// The config of `query_ln` and `key_ln`: `LayerNorm(head_dim, use_bias=False)`.
    pub fn ln_config(&self) -> Result<LayerNormConfig> {
        Ok(LayerNormConfig::new(self.head_dim()?).use_bias(false))
    }

    /// The config of `out`: `LinearGeneral((num_heads, head_dim), out_features, axis=(-2,
    /// -1))` with `out_kernel_init or kernel_init`, `out_bias_init or bias_init`.
    pub fn out_config(&self) -> Result<LinearGeneralConfig> {
        let out = self.out_features.unwrap_or(self.in_features);
        positive("MultiHeadAttention", "out_features", out)?;
        Ok(LinearGeneralConfig {
            use_bias: self.use_bias,
            kernel_init: self
                .out_kernel_init
                .clone()
                .unwrap_or_else(|| self.kernel_init.clone()),
            bias_init: self
                .out_bias_init
                .clone()
                .unwrap_or_else(|| self.bias_init.clone()),
            ..LinearGeneralConfig::new([self.num_heads, self.head_dim()?], [out]).axis([-2, -1])
        })
    }
}

/// `flax.nnx.MultiHeadAttention`: `query`, `key`, `value` (LinearGeneral, kernels `(in,
/// heads, head_dim)`), `query_ln` and `key_ln` when `normalize_qk`, then `out` (kernel
/// `(heads, head_dim, out_features)`), in that key order.
///
/// ```
/// use fanin::nnx::{MultiHeadAttention, MultiHeadAttentionConfig};
/// use fanin::{Key, Params};
///
/// // nnx.MultiHeadAttention(2, 6, rngs=nnx.Rngs(params=36))
/// let mha = MultiHeadAttention::<f32>::init(Key::new(36), &MultiHeadAttentionConfig::new(2, 6))?;
/// assert_eq!(mha.query.kernel.shape(), [6, 2, 3]);
/// assert_eq!(mha.out.kernel.shape(), [2, 3, 6]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = MultiHeadAttentionConfig, nnx)]
pub struct MultiHeadAttention<T: Dtype> {
    /// The query projection.
    #[module(config = cfg.query_config()?)]
    pub query: LinearGeneral<T>,
    /// The key projection.
    #[module(config = cfg.kv_config()?)]
    pub key: LinearGeneral<T>,
    /// The value projection.
    #[module(config = cfg.kv_config()?)]
    pub value: LinearGeneral<T>,
    /// The query norm, when `normalize_qk`.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.ln_config()?)]
    pub query_ln: Option<LayerNorm<T>>,
    /// The key norm, when `normalize_qk`.
    #[when(cfg.normalize_qk)]
    #[module(config = cfg.ln_config()?)]
    pub key_ln: Option<LayerNorm<T>>,
    /// The output projection.
    #[module(config = cfg.out_config()?)]
    pub out: LinearGeneral<T>,
}
