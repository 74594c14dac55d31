//! [`GroupNorm`] and [`InstanceNorm`]: `flax.nnx.GroupNorm`, `flax.nnx.InstanceNorm`.

use crate::init::{ones_init, zeros_init, DynInitializer};
use crate::ndarray::Array1;
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Error, Params, Result};

/// The config of [`GroupNorm`]: `flax.nnx.GroupNorm(num_features, num_groups=32,
/// group_size=None, use_bias=True, use_scale=True, bias_init=zeros_init(),
/// scale_init=ones_init())`. Exactly one of `num_groups` and `group_size` is set.
#[derive(Clone)]
pub struct GroupNormConfig {
    /// NNX's `num_features`.
    pub num_features: usize,
    /// NNX's `num_groups` (default `Some(32)`).
    pub num_groups: Option<usize>,
    /// NNX's `group_size` (default `None`).
    pub group_size: Option<usize>,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `use_scale` (default `true`).
    pub use_scale: bool,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
    /// NNX's `scale_init` (default `ones_init()`).
    pub scale_init: InitFn,
}

impl GroupNormConfig {
    /// `nnx.GroupNorm(num_features)` with NNX's defaults (32 groups).
    ///
    /// ```
    /// let cfg = fanin::nnx::GroupNormConfig::new(6).num_groups(None).group_size(Some(2));
    /// assert!(cfg.validate().is_ok());
    /// assert!(fanin::nnx::GroupNormConfig::new(6).validate().is_err()); // 6 % 32 != 0
    /// ```
    pub fn new(num_features: usize) -> GroupNormConfig {
        GroupNormConfig {
            num_features,
            num_groups: Some(32),
            group_size: None,
            use_bias: true,
            use_scale: true,
            bias_init: init_fn(zeros_init()),
            scale_init: init_fn(ones_init()),
        }
    }

    /// NNX's `num_groups=` (`None` to give `group_size` instead).
    pub fn num_groups(mut self, num_groups: Option<usize>) -> Self {
        self.num_groups = num_groups;
        self
    }

    /// NNX's `group_size=`.
    pub fn group_size(mut self, group_size: Option<usize>) -> Self {
        self.group_size = group_size;
        self
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// NNX's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// NNX's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Checks the config as NNX's constructor does.
    pub fn validate(&self) -> Result<&Self> {
        let n = positive("GroupNorm", "num_features", self.num_features)?;
        let divides = |what: &str, d: usize| {
            if d == 0 || n % d != 0 {
                Err(Error::invalid(format!(
                    "GroupNorm: {what} ({d}) must be at least 1 and divide num_features ({n})"
                )))
            } else {
                Ok(())
            }
        };
        match (self.num_groups, self.group_size) {
            (Some(groups), None) => divides("num_groups", groups)?,
            (None, Some(size)) => divides("group_size", size)?,
            _ => {
                return Err(Error::invalid(
                    "GroupNorm: either `num_groups` or `group_size` should be specified, not both",
                ))
            }
        }
        Ok(self)
    }
}

/// `flax.nnx.GroupNorm`: `scale` then `bias`, `(num_features,)`, each drawing a key when
/// enabled.
///
/// ```
/// use fanin::nnx::{GroupNorm, GroupNormConfig};
/// use fanin::{Key, Params};
///
/// let norm = GroupNorm::<f32>::init(Key::new(30), &GroupNormConfig::new(32))?;
/// assert_eq!(norm.bias.unwrap().len(), 32);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = GroupNormConfig, nnx)]
pub struct GroupNorm<T: Dtype> {
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
    /// `(num_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}

/// The config of [`InstanceNorm`]: `flax.nnx.InstanceNorm(num_features, use_bias=True,
/// use_scale=True, bias_init=zeros, scale_init=ones)`.
#[derive(Clone)]
pub struct InstanceNormConfig {
    /// NNX's `num_features`.
    pub num_features: usize,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `use_scale` (default `true`).
    pub use_scale: bool,
    /// NNX's `bias_init` (default `zeros`).
    pub bias_init: InitFn,
    /// NNX's `scale_init` (default `ones`).
    pub scale_init: InitFn,
}

impl InstanceNormConfig {
    /// `nnx.InstanceNorm(num_features)` with NNX's defaults.
    ///
    /// ```
    /// let cfg = fanin::nnx::InstanceNormConfig::new(5).use_scale(false);
    /// assert!(!cfg.use_scale);
    /// ```
    pub fn new(num_features: usize) -> InstanceNormConfig {
        InstanceNormConfig {
            num_features,
            use_bias: true,
            use_scale: true,
            bias_init: init_fn(zeros_init()),
            scale_init: init_fn(ones_init()),
        }
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// NNX's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// NNX's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Checks `num_features` (at least 1).
    ///
    /// ```
    /// assert!(fanin::nnx::InstanceNormConfig::new(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("InstanceNorm", "num_features", self.num_features)?;
        Ok(self)
    }
}

/// `flax.nnx.InstanceNorm`: `scale` then `bias`, `(num_features,)`, each drawing a key when
/// enabled.
///
/// ```
/// use fanin::nnx::{InstanceNorm, InstanceNormConfig};
/// use fanin::{Key, Params};
///
/// let norm = InstanceNorm::<f32>::init(Key::new(33), &InstanceNormConfig::new(5))?;
/// assert_eq!(norm.scale.unwrap().sum(), 5.0);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = InstanceNormConfig, nnx)]
pub struct InstanceNorm<T: Dtype> {
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.use_scale)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
    /// `(num_features,)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(cfg.validate()?.num_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
