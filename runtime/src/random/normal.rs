//! [`Normal`]: `jax.random.normal`.

use crate::random::erf_inv_of_uniform::fill_erf_inv_of_uniform;
use crate::random::simd::Simd;
use crate::random::Fill;
use crate::{Dtype, Key};

/// Standard normal samples, as `jax.random.normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(nextafter(-1, 0), 1)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Normal;

impl<T: Dtype> Fill<T> for Normal {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        fill_erf_inv_of_uniform(simd, key, start, out, (span, min), T::times_sqrt2);
    }
}

/// `erf_inv(u) * factor`, with `u` the uniform behind [`Normal`]: `normal(key) * stddev` as
/// `jax.jit` computes it, where XLA folds `sqrt2 * stddev` into `factor` (see
/// [`Execution`](crate::Execution)).
#[derive(Clone, Copy, Debug)]
pub struct FoldedNormal<T> {
    factor: T,
}

impl<T: Dtype> FoldedNormal<T> {
    /// The draw `erf_inv(u) * factor`; `factor` is JAX's folded `sqrt2 * stddev`.
    pub fn new(factor: T) -> FoldedNormal<T> {
        FoldedNormal { factor }
    }
}

impl<T: Dtype> Fill<T> for FoldedNormal<T> {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        let factor = self.factor;
        fill_erf_inv_of_uniform(simd, key, start, out, (span, min), |e: T| e.mul(factor));
    }
}
