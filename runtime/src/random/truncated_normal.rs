//! [`TruncatedNormal`]: `jax.random.truncated_normal`.

use crate::random::erf_inv_of_uniform::fill_erf_inv_of_uniform;
use crate::random::fill::fill_through_then;
use crate::random::simd::{Counters, Simd};
use crate::Dtype;

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

fill_through_then!(TruncatedNormal<T>);

impl<T: Dtype> TruncatedNormal<T> {
    /// Writes `then(element)`: the elements as they are, or scaled.
    #[inline(always)]
    fn fill_then(
        &self,
        simd: Simd,
        counters: Counters<'_>,
        start: u64,
        out: &mut [T],
        then: impl Fn(T) -> T,
    ) {
        let (floor, ceiling) = (self.floor, self.ceiling);
        let uniform = (self.span, self.min);
        // One element: `sqrt2 * erf_inv(u)`, clamped inside the open interval.
        if is_plain(floor) && is_plain(ceiling) {
            fill_erf_inv_of_uniform(
                simd,
                counters,
                start,
                out,
                uniform,
                #[inline(always)]
                move |e: T| then(clamp_plain(T::times_sqrt2(e), floor, ceiling)),
            );
        } else {
            fill_erf_inv_of_uniform(
                simd,
                counters,
                start,
                out,
                uniform,
                #[inline(always)]
                move |e: T| then(T::clamp(T::times_sqrt2(e), floor, ceiling)),
            );
        }
    }
}

/// Whether a bound is neither NaN nor zero, so that [`clamp_plain`] may stand for XLA's clamp.
fn is_plain<T: Dtype>(bound: T) -> bool {
    let bound = bound.to_f64();
    !bound.is_nan() && bound != 0.0
}

/// XLA's `clamp(x, lo, hi)` for bounds that are neither NaN nor zero, in two comparisons.
///
/// XLA's `maximum` and `minimum` also pass a NaN `x` through (so do these comparisons, which
/// are false for NaN) and order `-0` below `+0`, which only matters when a bound is a zero;
/// equal nonzero floats have the same bits. Cheaper than the general clamp.
#[inline(always)]
fn clamp_plain<T: Dtype>(x: T, lo: T, hi: T) -> T {
    let above = if x < lo { lo } else { x };
    if above > hi {
        hi
    } else {
        above
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use half::{bf16, f16};

    fn plain_clamp_is_xla_clamp<T: Dtype>() {
        let f = T::from_f64;
        let values = [
            -3.0,
            -2.0,
            -1.5,
            -0.0,
            0.0,
            1e-40,
            1.5,
            2.0,
            3.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for (lo, hi) in [(-2.0, 2.0), (1.5, 3.0), (-3.0, -1.5), (-1e-40, 2.0)] {
            let (lo, hi) = (f(lo), f(hi));
            if !(is_plain(lo) && is_plain(hi)) {
                continue;
            }
            for &x in &values {
                let (got, want) = (clamp_plain(f(x), lo, hi), T::clamp(f(x), lo, hi));
                let same = got == want && got.to_f64().to_bits() == want.to_f64().to_bits();
                let both_nan = got.to_f64().is_nan() && want.to_f64().is_nan();
                assert!(same || both_nan, "clamp({x}, {lo}, {hi}): {got} vs {want}");
            }
        }
    }

    #[test]
    fn plain_clamp_is_xla_clamp_in_every_dtype() {
        plain_clamp_is_xla_clamp::<f32>();
        plain_clamp_is_xla_clamp::<f64>();
        plain_clamp_is_xla_clamp::<bf16>();
        plain_clamp_is_xla_clamp::<f16>();
    }

    #[test]
    fn zero_and_nan_bounds_are_not_plain() {
        assert!(!is_plain(0.0f32) && !is_plain(-0.0f32) && !is_plain(f32::NAN));
        assert!(is_plain(f32::MIN_POSITIVE) && is_plain(-2.0f32) && is_plain(f32::INFINITY));
    }
}
