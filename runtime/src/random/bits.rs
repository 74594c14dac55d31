//! [`Bits`]: raw 32-bit random words, `jax.random.bits`.

use crate::random::Fill;
use crate::threefry::threefry_at;
use crate::Key;

/// `jax.random.bits` for `uint32`: element `i` is `x0 ^ x1` of Threefry-2x32 at counter `i`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bits;

impl Fill<u32> for Bits {
    fn fill(&self, key: Key, start: u64, out: &mut [u32]) {
        let key = key.data();
        for (i, slot) in out.iter_mut().enumerate() {
            let [x0, x1] = threefry_at(key, start + i as u64);
            *slot = x0 ^ x1;
        }
    }
}
