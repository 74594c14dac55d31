//! [`Normal`]: `jax.random.normal`.

use crate::random::simd::{fill_elements, Simd};
use crate::random::Fill;
use crate::{Dtype, Key};

/// Standard normal samples, as `jax.random.normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(nextafter(-1, 0), 1)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Normal;

impl<T: Dtype> Fill<T> for Normal {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        fill_elements(
            simd,
            key.data(),
            start,
            out,
            #[inline(always)]
            |words| T::sqrt2_erf_inv(T::affine(T::unit(words), span, min)),
        );
    }
}
