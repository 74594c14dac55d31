//! [`Uniform`]: `jax.random.uniform`, and the uniform step every other float sampler starts with.

use crate::random::fill::fill_through_then;
use crate::random::simd::{Counters, Simd};
use crate::random::table::fill_from_unit;
use crate::Dtype;

/// Uniform floats in `[minval, maxval)`, as `jax.random.uniform`: the mantissa bits of a float
/// in `[1, 2)`, minus one, times `maxval - minval`, plus `minval`, at least `minval`.
#[derive(Clone, Copy, Debug)]
pub struct Uniform<T> {
    min: T,
    span: T,
}

impl<T: Dtype> Uniform<T> {
    /// The distribution on `[minval, maxval)`; `maxval - minval` is rounded to `T` as in JAX.
    pub fn new(minval: T, maxval: T) -> Uniform<T> {
        Uniform {
            min: minval,
            span: T::sub(maxval, minval),
        }
    }
}

/// `_uniform`'s value for the Threefry words of one element: `max(min, unit * span + min)`.
/// With `CLAMP = false` the `max` is left out, for calls where [`clamp_matters`] is false.
#[inline(always)]
pub(crate) fn uniform_element<T: Dtype, const CLAMP: bool>(words: [u32; 2], span: T, min: T) -> T {
    let value = T::scale_shift(T::unit(words), span, min);
    if CLAMP {
        T::max(min, value)
    } else {
        value
    }
}

/// Whether `max(min, unit * span + min)` can differ from `unit * span + min`.
///
/// Only when `span` is not a positive finite number or `min` is not finite: otherwise
/// `unit >= 0` makes the exact value at least `min`, rounding to nearest keeps it there, and
/// nothing is NaN. Leaving the `max` out where it changes nothing speeds up every sampler.
pub(crate) fn clamp_matters<T: Dtype>(span: T, min: T) -> bool {
    let (span, min) = (span.to_f64(), min.to_f64());
    !(span > 0.0 && span.is_finite() && min.is_finite())
}

fill_through_then!(Uniform<T>);

impl<T: Dtype> Uniform<T> {
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
        let (span, min) = (self.span, self.min);
        if clamp_matters(span, min) {
            fill_from_unit(
                simd,
                (counters, start),
                out,
                #[inline(always)]
                move |words: [u32; 2]| then(uniform_element::<T, true>(words, span, min)),
            )
        } else {
            fill_from_unit(
                simd,
                (counters, start),
                out,
                #[inline(always)]
                move |words: [u32; 2]| then(uniform_element::<T, false>(words, span, min)),
            )
        }
    }
}
