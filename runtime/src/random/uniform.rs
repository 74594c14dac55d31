//! [`Uniform`]: `jax.random.uniform`.

use crate::random::simd::{fill_elements, Simd};
use crate::random::Fill;
use crate::{Dtype, Key};

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

impl<T: Dtype> Fill<T> for Uniform<T> {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let (span, min) = (self.span, self.min);
        fill_elements(
            simd,
            key.data(),
            start,
            out,
            #[inline(always)]
            |words| T::affine(T::unit(words), span, min),
        );
    }
}
