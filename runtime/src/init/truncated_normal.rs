//! `truncated_normal()`: `jax.nn.initializers.truncated_normal`.

use ndarray::Dimension;

use super::elementwise::{elementwise_initializer, py_float, Draw, Elementwise, Sampler};
use super::spread::truncated_unit_normal_std;
use super::{Builtin, SupportsRank};
use crate::random;
use crate::{Dtype, Result, Settings};

/// `jax.nn.initializers.truncated_normal(stddev, lower, upper)`:
/// `random.truncated_normal(key, lower, upper, shape, dtype) * stddev`, so values lie in
/// `(lower * stddev, upper * stddev)`. As in JAX, no variance correction is applied (see
/// [`variance_scaling`](super::variance_scaling) for that). Built by [`truncated_normal()`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TruncatedNormal {
    stddev: f64,
    lower: f64,
    upper: f64,
}

/// `jax.nn.initializers.truncated_normal()`: `stddev` 1e-2, bounds `-2` and `2` (in units of
/// `stddev`) by default.
///
/// ```
/// use fanin::init::*;
/// let x = truncated_normal().stddev(1.0).lower(-1.0).upper(1.0)
///     .sample::<f32>(fanin::Key::new(0), &[100])?;
/// assert!(x.iter().all(|&v| v > -1.0 && v < 1.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn truncated_normal() -> TruncatedNormal {
    TruncatedNormal {
        stddev: 1e-2,
        lower: -2.0,
        upper: 2.0,
    }
}

impl TruncatedNormal {
    /// The standard deviation of the untruncated distribution (default `1e-2`).
    pub fn stddev(self, stddev: f64) -> TruncatedNormal {
        TruncatedNormal { stddev, ..self }
    }
    /// The lower bound, before the multiply by `stddev` (default `-2`).
    pub fn lower(self, lower: f64) -> TruncatedNormal {
        TruncatedNormal { lower, ..self }
    }
    /// The upper bound, before the multiply by `stddev` (default `2`).
    pub fn upper(self, upper: f64) -> TruncatedNormal {
        TruncatedNormal { upper, ..self }
    }

    fn sampler<T: Dtype>(&self) -> random::TruncatedNormal<T> {
        random::TruncatedNormal::new(T::from_f64(self.lower), T::from_f64(self.upper))
    }
}

impl Elementwise for TruncatedNormal {
    fn draw<T: Dtype>(&self, settings: Settings, _shape: &[usize]) -> Result<Draw<T>> {
        let sampler = Sampler::TruncatedNormal(self.sampler::<T>());
        Ok(Draw::scaled(sampler, T::from_f64(self.stddev), settings))
    }
    fn description(&self) -> String {
        let mut s = format!("truncated_normal(stddev={}", py_float(self.stddev));
        if self.lower != -2.0 || self.upper != 2.0 {
            s += &format!(
                ", lower={}, upper={}",
                py_float(self.lower),
                py_float(self.upper)
            );
        }
        s + ")"
    }
    fn spread(&self, _shape: &[usize]) -> Option<f64> {
        // JAX scales a standard normal truncated to [lower, upper] by stddev.
        truncated_unit_normal_std(self.lower, self.upper).map(|s| s * self.stddev.abs())
    }
}

elementwise_initializer!(impl for TruncatedNormal;);
impl<D: Dimension> SupportsRank<D> for TruncatedNormal {}
impl Builtin for TruncatedNormal {}
