//! [`Normal`]: `jax.random.normal`.

use crate::random::erf_inv_of_uniform::fill_erf_inv_of_uniform;
use crate::random::fill::fill_through_then;
use crate::random::simd::{Counters, Simd};
use crate::Dtype;

/// Standard normal samples, as `jax.random.normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(nextafter(-1, 0), 1)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Normal;

fill_through_then!(Normal);

impl Normal {
    /// Writes `then(sqrt2 * erf_inv(u))`: the elements as they are, or scaled.
    #[inline(always)]
    fn fill_then<T: Dtype>(
        &self,
        simd: Simd,
        counters: Counters<'_>,
        start: u64,
        out: &mut [T],
        then: impl Fn(T) -> T,
    ) {
        fill_erf_inv_of_uniform(
            simd,
            counters,
            start,
            out,
            normal_uniform(),
            #[inline(always)]
            move |e: T| then(T::times_sqrt2(e)),
        );
    }
}

/// `(span, min)` of the uniform behind `normal`: `(1 - NORMAL_LOW, NORMAL_LOW)`.
fn normal_uniform<T: Dtype>() -> (T, T) {
    let min = T::NORMAL_LOW;
    (T::sub(T::from_f64(1.0), min), min)
}

/// `normal(key) * stddev` as `jax.jit` computes it: `erf_inv(u) * factor`, with `u` the uniform
/// behind [`Normal`] and `factor` the constant `sqrt2 * stddev` that XLA folds (see
/// [`Execution`](crate::Execution)). Initializers draw it under `Execution::Jit`.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub struct JitNormal<T> {
    factor: T,
}

impl<T: Dtype> JitNormal<T> {
    /// The draw `erf_inv(u) * factor`; `factor` is JAX's folded `sqrt2 * stddev`.
    pub fn new(factor: T) -> JitNormal<T> {
        JitNormal { factor }
    }
}

fill_through_then!(JitNormal<T>);

impl<T: Dtype> JitNormal<T> {
    /// Writes `then(erf_inv(u) * factor)`.
    #[inline(always)]
    fn fill_then(
        &self,
        simd: Simd,
        counters: Counters<'_>,
        start: u64,
        out: &mut [T],
        then: impl Fn(T) -> T,
    ) {
        let factor = self.factor;
        fill_erf_inv_of_uniform(
            simd,
            counters,
            start,
            out,
            normal_uniform(),
            #[inline(always)]
            move |e: T| then(e.mul(factor)),
        );
    }
}
