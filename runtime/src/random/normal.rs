//! [`Normal`]: `jax.random.normal`.

use crate::random::Fill;
use crate::threefry::threefry_at;
use crate::{Dtype, Key};

/// Standard normal samples, as `jax.random.normal`: `sqrt2 * erf_inv(u)` with `u` uniform on
/// `(nextafter(-1, 0), 1)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Normal;

impl<T: Dtype> Fill<T> for Normal {
    fn fill(&self, key: Key, start: u64, out: &mut [T]) {
        let key = key.data();
        let min = T::NORMAL_LOW;
        let span = T::sub(T::from_f64(1.0), min);
        for (i, slot) in out.iter_mut().enumerate() {
            let unit = T::unit(threefry_at(key, start + i as u64));
            *slot = T::sqrt2_erf_inv(T::affine(unit, span, min));
        }
    }
}
