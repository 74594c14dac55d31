//! [`Bits`]: raw 32-bit random words, `jax.random.bits`.

use crate::random::simd::{fill_elements, Simd};
use crate::random::Fill;
use crate::Key;

/// `jax.random.bits` for `uint32`: element `i` is `x0 ^ x1` of Threefry-2x32 at counter `i`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bits;

impl Fill<u32> for Bits {
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [u32]) {
        fill_elements(
            simd,
            key.data(),
            start,
            out,
            #[inline(always)]
            |[x0, x1]: [u32; 2]| x0 ^ x1,
        );
    }
}
