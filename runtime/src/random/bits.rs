//! [`Bits`]: raw 32-bit random words, `jax.random.bits`.

use crate::random::simd::{fill_elements, Counters, Simd};
use crate::random::Fill;

/// `jax.random.bits` for `uint32`: element `i` is `x0 ^ x1` of Threefry-2x32 at counter `i`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bits;

impl Fill<u32> for Bits {
    fn bit_width(&self) -> u32 {
        32
    }

    fn fill_from(&self, simd: Simd, counters: Counters<'_>, start: u64, out: &mut [u32]) {
        fill_elements(
            simd,
            counters,
            start,
            out,
            #[inline(always)]
            |[x0, x1]: [u32; 2]| x0 ^ x1,
        );
    }
}
