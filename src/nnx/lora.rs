//! [`LoRA`] and [`LoRALinear`]: `flax.nnx.LoRA`, `flax.nnx.LoRALinear`.

use crate::init::{he_uniform, zeros_init, DynInitializer};
use crate::ndarray::{Array1, Array2};
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

use super::LinearConfig;

/// The config of [`LoRA`]: `flax.nnx.LoRA(in_features, lora_rank, out_features,
/// a_initializer=he_uniform(), b_initializer=zeros)`. `base_module` is not held: make it a
/// sibling field.
#[derive(Clone)]
pub struct LoRAConfig {
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `lora_rank`.
    pub lora_rank: usize,
    /// NNX's `out_features`.
    pub out_features: usize,
    /// NNX's `a_initializer` (default `he_uniform()`).
    pub a_initializer: InitFn,
    /// NNX's `b_initializer` (default `zeros`).
    pub b_initializer: InitFn,
}

impl LoRAConfig {
    /// `nnx.LoRA(in_features, lora_rank, out_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::LoRAConfig::new(4, 2, 5);
    /// assert_eq!((cfg.in_features, cfg.lora_rank, cfg.out_features), (4, 2, 5));
    /// ```
    pub fn new(in_features: usize, lora_rank: usize, out_features: usize) -> LoRAConfig {
        LoRAConfig {
            in_features,
            lora_rank,
            out_features,
            a_initializer: init_fn(he_uniform()),
            b_initializer: init_fn(zeros_init()),
        }
    }

    /// NNX's `a_initializer=`.
    pub fn a_initializer(mut self, init: impl DynInitializer + 'static) -> Self {
        self.a_initializer = init_fn(init);
        self
    }

    /// NNX's `b_initializer=`.
    pub fn b_initializer(mut self, init: impl DynInitializer + 'static) -> Self {
        self.b_initializer = init_fn(init);
        self
    }

    /// Checks the sizes (each at least 1).
    ///
    /// ```
    /// assert!(fanin::nnx::LoRAConfig::new(4, 0, 5).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("LoRA", "in_features", self.in_features)?;
        positive("LoRA", "lora_rank", self.lora_rank)?;
        positive("LoRA", "out_features", self.out_features)?;
        Ok(self)
    }
}

/// `flax.nnx.LoRA`: `lora_a` `(in_features, lora_rank)`, then `lora_b` `(lora_rank,
/// out_features)`, both `nnx.LoRAParam` (a kind of `nnx.Param`). `T` is NNX's `param_dtype`.
///
/// ```
/// use fanin::nnx::{LoRA, LoRAConfig};
/// use fanin::{Key, Params};
///
/// let lora = LoRA::<f32>::init(Key::new(52), &LoRAConfig::new(4, 2, 5))?;
/// assert_eq!(lora.lora_a.shape(), [4, 2]);
/// assert_eq!(lora.lora_b.sum(), 0.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = LoRAConfig, nnx)]
pub struct LoRA<T: Dtype> {
    /// `(in_features, lora_rank)`.
    #[shape(cfg.validate()?.in_features, cfg.lora_rank)]
    #[init(cfg.a_initializer.clone())]
    pub lora_a: Array2<T>,
    /// `(lora_rank, out_features)`.
    #[shape(cfg.lora_rank, cfg.out_features)]
    #[init(cfg.b_initializer.clone())]
    pub lora_b: Array2<T>,
}

/// The config of [`LoRALinear`]: `flax.nnx.LoRALinear(in_features, out_features,
/// lora_rank=, **Linear's arguments, a_initializer=he_uniform(), b_initializer=zeros)`.
#[derive(Clone)]
pub struct LoRALinearConfig {
    /// The base Linear's config (`in_features`, `out_features`, `use_bias`, initializers).
    pub linear: LinearConfig,
    /// The LoRA's config (`in_features` and `out_features` are the Linear's).
    pub lora: LoRAConfig,
}

impl LoRALinearConfig {
    /// `nnx.LoRALinear(in_features, out_features, lora_rank=lora_rank)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::LoRALinearConfig::new(4, 5, 2).use_bias(false);
    /// assert!(!cfg.linear.use_bias);
    /// ```
    pub fn new(in_features: usize, out_features: usize, lora_rank: usize) -> Self {
        LoRALinearConfig {
            linear: LinearConfig::new(in_features, out_features),
            lora: LoRAConfig::new(in_features, lora_rank, out_features),
        }
    }

    /// Linear's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.linear = self.linear.use_bias(use_bias);
        self
    }

    /// Linear's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.linear = self.linear.kernel_init(init);
        self
    }

    /// Linear's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.linear = self.linear.bias_init(init);
        self
    }

    /// NNX's `a_initializer=`.
    pub fn a_initializer(mut self, init: impl DynInitializer + 'static) -> Self {
        self.lora = self.lora.a_initializer(init);
        self
    }

    /// NNX's `b_initializer=`.
    pub fn b_initializer(mut self, init: impl DynInitializer + 'static) -> Self {
        self.lora = self.lora.b_initializer(init);
        self
    }
}

/// `flax.nnx.LoRALinear`: a Linear's `kernel` and `bias`, then the submodule `lora`
/// ([`LoRA`]). `T` is the Linear's `param_dtype`, `L` NNX's `lora_param_dtype` (NNX's
/// default is float32 whatever `param_dtype`).
///
/// ```
/// use fanin::nnx::{LoRALinear, LoRALinearConfig};
/// use fanin::{Key, Params};
///
/// let layer = LoRALinear::<f32, f32>::init(Key::new(55), &LoRALinearConfig::new(4, 5, 2))?;
/// assert_eq!(layer.kernel.shape(), [4, 5]);
/// assert_eq!(layer.lora.lora_a.shape(), [4, 2]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = LoRALinearConfig, nnx)]
pub struct LoRALinear<T: Dtype, L: Dtype> {
    /// `(in_features, out_features)`.
    #[shape(cfg.linear.validate()?.in_features, cfg.linear.out_features)]
    #[init(cfg.linear.kernel_init.clone())]
    pub kernel: Array2<T>,
    /// `(out_features,)`, present when `use_bias`.
    #[when(cfg.linear.use_bias)]
    #[shape(cfg.linear.out_features)]
    #[init(cfg.linear.bias_init.clone())]
    pub bias: Option<Array1<T>>,
    /// The low-rank update.
    #[module(config = LoRAConfig { in_features: cfg.linear.in_features, out_features: cfg.linear.out_features, ..cfg.lora.clone() })]
    pub lora: LoRA<L>,
}
