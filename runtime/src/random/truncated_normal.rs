//! [`TruncatedNormal`]: `jax.random.truncated_normal`.

use crate::random::erf_inv_of_uniform::fill_erf_inv_of_uniform;
use crate::random::simd::Simd;
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
        let (floor, ceiling) = (self.floor, self.ceiling);
        // One element: `sqrt2 * erf_inv(u)`, clamped inside the open interval.
        let finish = |e: T| T::clamp(T::times_sqrt2(e), floor, ceiling);
        fill_erf_inv_of_uniform(simd, key, start, out, (self.span, self.min), finish);
    }
}
