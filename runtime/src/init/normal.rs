//! `normal()`: `jax.nn.initializers.normal`.

use ndarray::Dimension;

use super::elementwise::{elementwise_initializer, py_float, Draw, Elementwise};
use super::{Builtin, SupportsRank};
use crate::{Dtype, Result, Settings};

/// `jax.nn.initializers.normal(stddev)`: `random.normal(key, shape, dtype) * stddev`, the
/// multiply in the dtype, `stddev` rounded to it first. Built by [`normal()`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Normal {
    stddev: f64,
}

/// `jax.nn.initializers.normal()`: normal with mean 0 and `stddev` 1e-2 by default.
///
/// ```
/// use fanin::init::*;
/// let x = normal().stddev(0.02).sample::<f32>(fanin::Key::new(0), &[768, 64])?;
/// assert!((x.std(0.0) - 0.02).abs() < 1e-3);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn normal() -> Normal {
    Normal { stddev: 1e-2 }
}

impl Normal {
    /// The standard deviation (default `1e-2`).
    pub fn stddev(self, stddev: f64) -> Normal {
        Normal { stddev }
    }
}

impl Elementwise for Normal {
    fn draw<T: Dtype>(&self, settings: Settings, _shape: &[usize]) -> Result<Draw<T>> {
        Ok(Draw::normal(T::from_f64(self.stddev), settings))
    }
    fn description(&self) -> String {
        format!("normal(stddev={})", py_float(self.stddev))
    }
    fn spread(&self, _shape: &[usize]) -> Option<f64> {
        Some(self.stddev.abs())
    }
}

elementwise_initializer!(impl for Normal;);
impl<D: Dimension> SupportsRank<D> for Normal {}
impl Builtin for Normal {}
