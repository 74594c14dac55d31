//! `jax.nn.initializers` and `flax.linen.initializers`: same names, same defaults, same bits.

use ndarray::ArrayD;

use crate::{Dtype, Key, Result};

/// An initializer: a function of a key and a shape to an array, as JAX's
/// `init(key, shape, dtype)`.
pub trait Initializer {
    /// Draws an array of this shape and dtype.
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>>;
}
