//! `uniform()`: `jax.nn.initializers.uniform`.

use ndarray::Dimension;

use super::elementwise::{elementwise_initializer, py_float, Draw, Elementwise, Sampler};
use super::{Builtin, SupportsRank};
use crate::random;
use crate::{Dtype, Result, Settings};

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

impl Elementwise for Uniform {
    fn draw<T: Dtype>(&self, settings: Settings, _shape: &[usize]) -> Result<Draw<T>> {
        let unit = random::Uniform::new(T::from_f64(0.0), T::from_f64(1.0));
        let scale = T::from_f64(self.scale);
        Ok(Draw::scaled(Sampler::Uniform(unit), scale, settings))
    }
    fn description(&self) -> String {
        format!("uniform(scale={})", py_float(self.scale))
    }
    fn spread(&self, _shape: &[usize]) -> Option<f64> {
        // JAX's `uniform(scale)` draws on `[0, scale)`.
        Some(self.scale.abs() / 12f64.sqrt())
    }
}

elementwise_initializer!(impl for Uniform;);
impl<D: Dimension> SupportsRank<D> for Uniform {}
impl Builtin for Uniform {}
