//! [`TruncatedNormal`]: `jax.random.truncated_normal`.

use crate::random::simd::{fill_elements, Simd};
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

impl<T: Dtype> Fill<T> for TruncatedNormal<T> {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let TruncatedNormal {
            min,
            span,
            floor,
            ceiling,
        } = *self;
        fill_elements(
            simd,
            key.data(),
            start,
            out,
            #[inline(always)]
            |words| {
                let u = T::affine(T::unit(words), span, min);
                T::clamp(T::sqrt2_erf_inv(u), floor, ceiling)
            },
        );
    }
}
