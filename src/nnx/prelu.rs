//! [`PReLU`]: `flax.nnx.PReLU`.

use crate::ndarray::Array0;
use crate::{Dtype, Params};

/// The config of [`PReLU`]: `flax.nnx.PReLU(negative_slope_init=0.01)`.
#[derive(Clone, Debug)]
pub struct PReLUConfig {
    /// NNX's `negative_slope_init` (default 0.01).
    pub negative_slope_init: f64,
}

impl PReLUConfig {
    /// `nnx.PReLU()` with NNX's default slope.
    ///
    /// ```
    /// assert_eq!(fanin::nnx::PReLUConfig::new().negative_slope_init, 0.01);
    /// ```
    pub fn new() -> PReLUConfig {
        PReLUConfig {
            negative_slope_init: 0.01,
        }
    }

    /// NNX's `negative_slope_init=`.
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

/// `flax.nnx.PReLU`: `negative_slope`, a scalar `nnx.Param` made from the constant; NNX's
/// PReLU takes no `rngs`, so it draws no key (unlike linen's, whose param takes a counter).
///
/// ```
/// use fanin::nnx::{PReLU, PReLUConfig};
/// use fanin::{Key, Params};
///
/// let prelu = PReLU::<f32>::init(Key::new(0), &PReLUConfig::new().negative_slope_init(0.25))?;
/// assert_eq!(prelu.negative_slope[()], 0.25);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = PReLUConfig, nnx)]
pub struct PReLU<T: Dtype> {
    /// The slope for negative inputs, a scalar; no key.
    #[variable("params")]
    #[shape()]
    #[init(constant(cfg.negative_slope_init))]
    pub negative_slope: Array0<T>,
}
