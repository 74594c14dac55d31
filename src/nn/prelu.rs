//! [`PReLU`]: `flax.linen.PReLU`.

use crate::ndarray::Array0;
use crate::{Dtype, Params};

/// The config of [`PReLU`]: `flax.linen.PReLU(negative_slope_init=0.01)`.
#[derive(Clone, Debug, PartialEq)]
pub struct PReLUConfig {
    /// Flax's `negative_slope_init` (default `0.01`): the slope's initial value.
    pub negative_slope_init: f64,
}

impl PReLUConfig {
    /// `nn.PReLU()`.
    ///
    /// ```
    /// assert_eq!(fanin::nn::PReLUConfig::new().negative_slope_init, 0.01);
    /// ```
    pub fn new() -> PReLUConfig {
        PReLUConfig {
            negative_slope_init: 0.01,
        }
    }

    /// Flax's `negative_slope_init=`.
    pub fn negative_slope_init(mut self, value: f64) -> Self {
        self.negative_slope_init = value;
        self
    }
}

impl Default for PReLUConfig {
    fn default() -> Self {
        PReLUConfig::new()
    }
}

/// `flax.linen.PReLU`: the scalar `negative_slope`, `jnp.asarray(negative_slope_init,
/// param_dtype)`. It ignores its key but takes its param counter, as in Flax. `T` is Flax's
/// `param_dtype`.
///
/// ```
/// use fanin::nn::{PReLU, PReLUConfig};
/// use fanin::{Key, Params};
///
/// // nn.PReLU().init(key, jnp.ones((2,)))['params']['negative_slope']
/// let prelu = PReLU::<f32>::init(Key::new(0), &PReLUConfig::new())?;
/// assert_eq!(prelu.negative_slope[()], 0.01);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = PReLUConfig)]
pub struct PReLU<T: Dtype> {
    /// The slope for negative inputs, a scalar.
    #[shape()]
    #[init(constant(cfg.negative_slope_init))]
    pub negative_slope: Array0<T>,
}
