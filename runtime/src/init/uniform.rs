//! `uniform()`: `jax.nn.initializers.uniform`.

use ndarray::ArrayD;

use super::elementwise::{py_float, Draw};
use super::Initializer;
use crate::random;
use crate::{Dtype, Key, Result};

/// `jax.nn.initializers.uniform(scale)`: `random.uniform(key, shape, dtype) * scale`, values in
/// `[0, scale)`; the multiply is in the dtype, `scale` rounded to it first. Built by
/// [`uniform()`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Uniform {
    scale: f64,
}

/// `jax.nn.initializers.uniform()`: uniform on `[0, scale)`, `scale` 1e-2 by default.
///
/// ```
/// use fanin::init::*;
/// let x = uniform().scale(10.0).sample::<f32>(fanin::Key::new(42), &[2, 3])?;
/// assert!(x.iter().all(|&v| (0.0..10.0).contains(&v)));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn uniform() -> Uniform {
    Uniform { scale: 1e-2 }
}

impl Uniform {
    /// The upper bound of the interval (JAX's `scale`, default `1e-2`).
    pub fn scale(self, scale: f64) -> Uniform {
        Uniform { scale }
    }
}

impl Initializer for Uniform {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let sampler = random::Uniform::new(T::from_f64(0.0), T::from_f64(1.0));
        Draw::Scaled(&sampler, T::from_f64(self.scale)).sample(key, shape)
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        let sampler = random::Uniform::new(T::from_f64(0.0), T::from_f64(1.0));
        Draw::Scaled(&sampler, T::from_f64(self.scale)).fill(key, shape, start, out)
    }
    fn is_elementwise(&self) -> bool {
        true
    }
    fn describe(&self) -> String {
        format!("uniform(scale={})", py_float(self.scale))
    }
}
