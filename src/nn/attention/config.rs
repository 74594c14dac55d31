//! [`MultiHeadDotProductAttentionConfig`]: Flax's constructor arguments that shape or
//! initialize params, the input sizes, and the configs of the projections they imply.

use std::fmt;

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::nn::{init_fn, DenseGeneralConfig, InitFn, LayerNormConfig};
use crate::{Error, Result};

/// The config of [`MultiHeadDotProductAttention`](super::MultiHeadDotProductAttention):
/// Flax's `nn.MultiHeadDotProductAttention(num_heads, qkv_features, out_features, use_bias,
/// normalize_qk, kernel_init, out_kernel_init, bias_init, out_bias_init)`, with the sizes of
/// the inputs' last axes Flax infers (`inputs_q`, `inputs_k`, `inputs_v`). Dropout,
/// `dtype`, `precision` and `attention_fn` make no param.
///
/// `qkv_features` (default: the query's size) must divide into `num_heads` heads, as Flax
/// asserts; otherwise `init` returns an error.
///
/// ```
/// use fanin::init::{normal, xavier_uniform};
/// use fanin::nn::MultiHeadDotProductAttentionConfig;
/// // nn.MultiHeadDotProductAttention(num_heads=2, qkv_features=8, out_features=6,
/// //     kernel_init=normal(0.1), out_kernel_init=xavier_uniform())(q, k, v), q: (.., 5), k: (.., 7)
/// let config = MultiHeadDotProductAttentionConfig::new(2, 5)
///     .in_features_k(7)
///     .qkv_features(8)
///     .out_features(6)
///     .kernel_init(normal().stddev(0.1))
///     .out_kernel_init(xavier_uniform());
/// assert_eq!(config.in_features_v, None); // like Flax: inputs_v defaults to inputs_k
/// ```
#[derive(Clone)]
pub struct MultiHeadDotProductAttentionConfig {
    /// `num_heads`.
    pub num_heads: usize,
    /// The size of `inputs_q`'s last axis.
    pub in_features: usize,
    /// The size of `inputs_k`'s last axis; `None`: `inputs_k` is `inputs_q`.
    pub in_features_k: Option<usize>,
    /// The size of `inputs_v`'s last axis; `None`: `inputs_v` is `inputs_k`.
    pub in_features_v: Option<usize>,
    /// `qkv_features`; `None`: `in_features`.
    pub qkv_features: Option<usize>,
    /// `out_features`; `None`: `in_features`.
    pub out_features: Option<usize>,
    /// `use_bias` (default `true`).
    pub use_bias: bool,
    /// `normalize_qk` (default `false`): LayerNorms `query_ln` and `key_ln` on the heads.
    pub normalize_qk: bool,
    /// `kernel_init` (default `lecun_normal()`), for `query`, `key`, `value` (and `out`).
    pub kernel_init: InitFn,
    /// `out_kernel_init`; `None`: `kernel_init`.
    pub out_kernel_init: Option<InitFn>,
    /// `bias_init` (default `zeros_init()`), for `query`, `key`, `value` (and `out`).
    pub bias_init: InitFn,
    /// `out_bias_init`; `None`: `bias_init`.
    pub out_bias_init: Option<InitFn>,
}

/// The config of [`SelfAttention`](super::SelfAttention): Flax's `nn.SelfAttention` takes
/// `nn.MultiHeadDotProductAttention`'s arguments. Its one input is the query, key and value,
/// so `in_features_k` and `in_features_v` must stay `None` (`init` returns an error
/// otherwise).
///
/// ```
/// use fanin::nn::SelfAttentionConfig;
/// let config = SelfAttentionConfig::new(3, 4).qkv_features(6).normalize_qk(true);
/// assert_eq!(config.out_features, None); // the input's size
/// ```
pub type SelfAttentionConfig = MultiHeadDotProductAttentionConfig;

impl MultiHeadDotProductAttentionConfig {
    /// `nn.MultiHeadDotProductAttention(num_heads)` on queries (and keys and values) whose
    /// last axis is `in_features`, with Flax's defaults.
    pub fn new(num_heads: usize, in_features: usize) -> Self {
        MultiHeadDotProductAttentionConfig {
            num_heads,
            in_features,
            in_features_k: None,
            in_features_v: None,
            qkv_features: None,
            out_features: None,
            use_bias: true,
            normalize_qk: false,
            kernel_init: init_fn(lecun_normal()),
            out_kernel_init: None,
            bias_init: init_fn(zeros_init()),
            out_bias_init: None,
        }
    }

    /// The size of `inputs_k`'s last axis (and `inputs_v`'s, unless set).
    pub fn in_features_k(mut self, in_features_k: usize) -> Self {
        self.in_features_k = Some(in_features_k);
        self
    }

    /// The size of `inputs_v`'s last axis.
    pub fn in_features_v(mut self, in_features_v: usize) -> Self {
        self.in_features_v = Some(in_features_v);
        self
    }

    /// Flax's `qkv_features=`.
    pub fn qkv_features(mut self, qkv_features: usize) -> Self {
        self.qkv_features = Some(qkv_features);
        self
    }

    /// Flax's `out_features=`.
    pub fn out_features(mut self, out_features: usize) -> Self {
        self.out_features = Some(out_features);
        self
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `normalize_qk=`.
    pub fn normalize_qk(mut self, normalize_qk: bool) -> Self {
        self.normalize_qk = normalize_qk;
        self
    }

    /// Flax's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// Flax's `out_kernel_init=`.
    pub fn out_kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.out_kernel_init = Some(init_fn(init));
        self
    }

    /// Flax's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// Flax's `out_bias_init=`.
    pub fn out_bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.out_bias_init = Some(init_fn(init));
        self
    }

    /// `qkv_features // num_heads`, or Flax's assertion as an error.
    pub(super) fn head_dim(&self) -> Result<usize> {
        let qkv = self.qkv_features.unwrap_or(self.in_features);
        if self.num_heads == 0 || qkv == 0 || !qkv.is_multiple_of(self.num_heads) {
            return Err(Error::invalid(format!(
                "MultiHeadDotProductAttention: qkv_features ({qkv}) must be a positive multiple of num_heads ({})",
                self.num_heads
            )));
        }
        Ok(qkv / self.num_heads)
    }

    /// The config of `query` (`Input::Query`), `key` or `value`:
    /// `DenseGeneral(features=(num_heads, head_dim))` on the input's last axis.
    pub(super) fn projection(&self, input: Input) -> Result<DenseGeneralConfig> {
        let k = self.in_features_k.unwrap_or(self.in_features);
        let in_features = match input {
            Input::Query => self.in_features,
            Input::Key => k,
            Input::Value => self.in_features_v.unwrap_or(k),
        };
        Ok(DenseGeneralConfig {
            use_bias: self.use_bias,
            kernel_init: self.kernel_init.clone(),
            bias_init: self.bias_init.clone(),
            ..DenseGeneralConfig::new([in_features], [self.num_heads, self.head_dim()?])
        })
    }

    /// The config of `out`: `DenseGeneral(features=out_features, axis=(-2, -1))` on the
    /// heads, with `out_kernel_init or kernel_init`, `out_bias_init or bias_init`.
    pub(super) fn out(&self) -> Result<DenseGeneralConfig> {
        let heads = [self.num_heads, self.head_dim()?];
        let out_features = self.out_features.unwrap_or(self.in_features);
        let or_default =
            |init: &Option<InitFn>, default: &InitFn| init.as_ref().unwrap_or(default).clone();
        Ok(DenseGeneralConfig {
            use_bias: self.use_bias,
            kernel_init: or_default(&self.out_kernel_init, &self.kernel_init),
            bias_init: or_default(&self.out_bias_init, &self.bias_init),
            ..DenseGeneralConfig::new(heads, [out_features]).axis([-2, -1])
        })
    }

    /// The config of `query_ln` and `key_ln`: `LayerNorm(use_bias=False)` on the heads' last
    /// axis (`head_dim`).
    pub(super) fn qk_norm(&self) -> Result<LayerNormConfig> {
        Ok(LayerNormConfig::new([self.head_dim()?]).use_bias(false))
    }

    /// This config, checked for `SelfAttention` (one input).
    pub(super) fn single_input(&self) -> Result<&Self> {
        if self.in_features_k.is_some() || self.in_features_v.is_some() {
            return Err(Error::invalid(
                "SelfAttention: in_features_k and in_features_v must be None (its one input is the query, key and value); use MultiHeadDotProductAttention for separate inputs",
            ));
        }
        Ok(self)
    }
}

/// Which input a projection reads.
#[derive(Clone, Copy, Debug)]
pub(super) enum Input {
    Query,
    Key,
    Value,
}

impl fmt::Debug for MultiHeadDotProductAttentionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let describe = |init: &InitFn| init.dyn_describe();
        f.debug_struct("MultiHeadDotProductAttentionConfig")
            .field("num_heads", &self.num_heads)
            .field("in_features", &self.in_features)
            .field("in_features_k", &self.in_features_k)
            .field("in_features_v", &self.in_features_v)
            .field("qkv_features", &self.qkv_features)
            .field("out_features", &self.out_features)
            .field("use_bias", &self.use_bias)
            .field("normalize_qk", &self.normalize_qk)
            .field("kernel_init", &describe(&self.kernel_init))
            .field(
                "out_kernel_init",
                &self.out_kernel_init.as_ref().map(describe),
            )
            .field("bias_init", &describe(&self.bias_init))
            .field("out_bias_init", &self.out_bias_init.as_ref().map(describe))
            .finish()
    }
}
