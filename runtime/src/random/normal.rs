//! [`Normal`]: `jax.random.normal`.

use crate::random::simd::Simd;
use crate::random::uniform::{fill_uniform_based, uniform_element};
use crate::random::Fill;
use crate::{Dtype, Key};

/// Standard normal samples, as `jax.random.normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(nextafter(-1, 0), 1)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Normal;

/// One element: `sqrt2 * erf_inv(u)`.
#[inline(always)]
fn normal_element<T: Dtype, const CLAMP: bool>(words: [u32; 2], span: T, min: T) -> T {
    T::sqrt2_erf_inv(uniform_element::<T, CLAMP>(words, span, min))
}

impl<T: Dtype> Fill<T> for Normal {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        fill_uniform_based!(
            simd,
            key.data(),
            start,
            out,
            (span, min),
            normal_element(span, min)
        );
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

/// One element: `erf_inv(u) * factor`.
#[inline(always)]
fn folded_element<T: Dtype, const CLAMP: bool>(words: [u32; 2], span: T, min: T, factor: T) -> T {
    T::erf_inv(uniform_element::<T, CLAMP>(words, span, min)).mul(factor)
}

impl<T: Dtype> Fill<T> for FoldedNormal<T> {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        let factor = self.factor;
        fill_uniform_based!(
            simd,
            key.data(),
            start,
            out,
            (span, min),
            folded_element(span, min, factor)
        );
    }
}
