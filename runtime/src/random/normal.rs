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
        fill_erf_inv_of_uniform(simd, key, start, out, normal_uniform(), T::times_sqrt2);
    }

    fn fill_simd_scaled(&self, simd: Simd, key: Key, start: u64, out: &mut [T], factor: T) {
        fill_erf_inv_of_uniform(
            simd,
            key,
            start,
            out,
            normal_uniform(),
            #[inline(always)]
            move |e: T| T::times_sqrt2(e).mul(factor),
        );
    }
}

/// `(span, min)` of the uniform behind `normal`: `(1 - NORMAL_LOW, NORMAL_LOW)`.
fn normal_uniform<T: Dtype>() -> (T, T) {
    let min = T::NORMAL_LOW;
    (T::sub(T::from_f64(1.0), min), min)
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
        let factor = self.factor;
        fill_erf_inv_of_uniform(
            simd,
            key,
            start,
            out,
            normal_uniform(),
            #[inline(always)]
            |e: T| e.mul(factor),
        );
    }
}
