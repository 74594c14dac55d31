//! [`GroupNorm`]: `flax.linen.GroupNorm`.

use crate::init::{ones, zeros, DynInitializer};
use crate::ndarray::Array1;
use crate::{Dtype, Error, Params, Result};

use super::checks::positive;
use super::{init_fn, InitFn};

/// The config of [`GroupNorm`]: `flax.linen.GroupNorm(num_groups=32, group_size=None,
/// use_bias=True, use_scale=True, bias_init=zeros, scale_init=ones)`, with the input's
/// feature count (`num_features`, its last axis), which Flax reads from the first input.
#[derive(Clone)]
pub struct GroupNormConfig {
    /// The size of the input's last axis (Flax's `channels`).
    pub num_features: usize,
    /// Flax's `num_groups` (default `Some(32)`); exactly one of this and `group_size` is set.
    pub num_groups: Option<usize>,
    /// Flax's `group_size` (default `None`).
    pub group_size: Option<usize>,
    /// Flax's `use_scale` (default `true`).
    pub use_scale: bool,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `scale_init` (default `ones`).
    pub scale_init: InitFn,
    /// Flax's `bias_init` (default `zeros`).
    pub bias_init: InitFn,
}

impl GroupNormConfig {
    /// `nn.GroupNorm()` on inputs with `num_features` features, with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::GroupNormConfig;
    /// assert!(GroupNormConfig::new(64).validate().is_ok());
    /// assert!(GroupNormConfig::new(48).validate().is_err()); // 32 groups do not divide 48
    /// assert!(GroupNormConfig::new(48).num_groups(None).group_size(4).validate().is_ok());
    /// ```
    pub fn new(num_features: usize) -> GroupNormConfig {
        GroupNormConfig {
            num_features,
            num_groups: Some(32),
            group_size: None,
            use_scale: true,
            use_bias: true,
            scale_init: init_fn(ones),
            bias_init: init_fn(zeros),
        }
    }

    /// Flax's `num_groups=` (`None` to give `group_size` instead).
    pub fn num_groups(mut self, num_groups: impl Into<Option<usize>>) -> Self {
        self.num_groups = num_groups.into();
        self
    }

    /// Flax's `group_size=`.
    pub fn group_size(mut self, group_size: impl Into<Option<usize>>) -> Self {
        self.group_size = group_size.into();
        self
    }

    /// Flax's `use_scale=`.
    pub fn use_scale(mut self, use_scale: bool) -> Self {
        self.use_scale = use_scale;
        self
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `scale_init=`.
    pub fn scale_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.scale_init = init_fn(init);
        self
    }

    /// Flax's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// Flax's checks: exactly one of `num_groups` and `group_size`, dividing the features.
    /// `init`, `plan` and loading call it.
    pub fn validate(&self) -> Result<&Self> {
        let channels = positive("GroupNorm", "num_features", self.num_features)?;
        let groups = match (self.num_groups, self.group_size) {
            (Some(groups), None) => groups,
            (None, Some(size)) => {
                if size == 0 || !channels.is_multiple_of(size) {
                    return Err(Error::invalid(format!(
                        "GroupNorm: number of channels ({channels}) is not multiple of the group size ({size})"
                    )));
                }
                channels / size
            }
            _ => {
                return Err(Error::invalid(
                    "GroupNorm: either num_groups or group_size should be specified, not both",
                ))
            }
        };
        if groups == 0 || !channels.is_multiple_of(groups) {
            return Err(Error::invalid(format!(
                "GroupNorm: number of groups ({groups}) does not divide the number of channels ({channels})"
            )));
        }
        Ok(self)
    }
}

/// `flax.linen.GroupNorm`: `scale` if `use_scale`, then `bias` if `use_bias`, both
/// `(num_features,)`. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{GroupNorm, GroupNormConfig};
/// use fanin::{Key, Params};
///
/// // nn.GroupNorm(num_groups=4).init(key, jnp.ones((1, 8, 8, 16)))['params']
/// let norm = GroupNorm::<f32>::init(Key::new(0), &GroupNormConfig::new(16).num_groups(4))?;
/// assert_eq!(norm.scale.unwrap().len(), 16);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = GroupNormConfig)]
pub struct GroupNorm<T: Dtype> {
    /// `(num_features,)`, present when `use_scale`.
    #[when(cfg.validate()?.use_scale)]
    #[shape(cfg.num_features)]
    #[init(cfg.scale_init.clone())]
    pub scale: Option<Array1<T>>,
    /// `(num_features,)`, present when `use_bias`.
    #[when(cfg.validate()?.use_bias)]
    #[shape(cfg.num_features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<T>>,
}
