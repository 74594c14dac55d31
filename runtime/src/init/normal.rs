//! `normal()`: `jax.nn.initializers.normal`.

use ndarray::ArrayD;

use super::elementwise::{py_float, with_normal_draw};
use super::Initializer;
use crate::{Dtype, Key, Result};

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

impl Initializer for Normal {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        with_normal_draw(T::from_f64(self.stddev), |draw| draw.sample(key, shape))
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        with_normal_draw(T::from_f64(self.stddev), |draw| {
            draw.fill(key, shape, start, out)
        })
    }
    fn is_elementwise(&self) -> bool {
        true
    }
    fn describe(&self) -> String {
        format!("normal(stddev={})", py_float(self.stddev))
    }
}
