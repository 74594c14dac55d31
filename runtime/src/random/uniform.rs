//! [`Uniform`]: `jax.random.uniform`.

use crate::random::Fill;
use crate::threefry::threefry_at;
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
    fn fill(&self, key: Key, start: u64, out: &mut [T]) {
        let key = key.data();
        for (i, slot) in out.iter_mut().enumerate() {
            let unit = T::unit(threefry_at(key, start + i as u64));
            *slot = T::affine(unit, self.span, self.min);
        }
    }
}
