//! [`TruncatedNormal`]: `jax.random.truncated_normal`.

use crate::random::simd::Simd;
use crate::random::uniform::{fill_uniform_based, uniform_element};
use crate::random::Fill;
use crate::{Dtype, Key};

/// Standard normal samples on the open interval `(lower, upper)`, as
/// `jax.random.truncated_normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(erf(lower/sqrt2), erf(upper/sqrt2))`, clamped inside the interval.
#[derive(Clone, Copy, Debug)]
pub struct TruncatedNormal<T> {
    min: T,
    span: T,
    floor: T,
    ceiling: T,
}

impl<T: Dtype> TruncatedNormal<T> {
    /// The distribution on `(lower, upper)`.
    pub fn new(lower: T, upper: T) -> TruncatedNormal<T> {
        let a = T::erf_over_sqrt2(lower);
        let b = T::erf_over_sqrt2(upper);
        TruncatedNormal {
            min: a,
            span: T::sub(b, a),
            floor: T::next_toward(lower, true),
            ceiling: T::next_toward(upper, false),
        }
    }
}

/// One element: `sqrt2 * erf_inv(u)`, clamped inside the open interval.
#[inline(always)]
fn truncated_element<T: Dtype, const CLAMP: bool>(
    words: [u32; 2],
    sampler: &TruncatedNormal<T>,
) -> T {
    let u = uniform_element::<T, CLAMP>(words, sampler.span, sampler.min);
    T::clamp(T::sqrt2_erf_inv(u), sampler.floor, sampler.ceiling)
}

impl<T: Dtype> Fill<T> for TruncatedNormal<T> {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let sampler = *self;
        fill_uniform_based!(
            simd,
            key.data(),
            start,
            out,
            (sampler.span, sampler.min),
            truncated_element(&sampler)
        );
    }
}
