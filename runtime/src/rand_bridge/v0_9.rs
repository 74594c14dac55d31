//! `rand_core` 0.9 (rand 0.9): `RngCore` and `SeedableRng` for `KeyRng`, and its generators as
//! key sources.

use rand_core_0_9::{RngCore, SeedableRng};

use super::sealed::Sealed;
use super::version::RandCore0_9;
use super::KeySource;
use crate::KeyRng;

impl RngCore for KeyRng {
    fn next_u32(&mut self) -> u32 {
        KeyRng::next_u32(self)
    }

    fn next_u64(&mut self) -> u64 {
        KeyRng::next_u64(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        KeyRng::fill_bytes(self, dest)
    }
}

/// Seeded by the key data as little-endian bytes: [`KeyRng::from_seed`].
impl SeedableRng for KeyRng {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> KeyRng {
        KeyRng::from_seed(seed)
    }
}

impl<R: RngCore + ?Sized> Sealed<RandCore0_9> for R {}

impl<R: RngCore + ?Sized> KeySource<RandCore0_9> for R {
    fn next_key_word(&mut self) -> u32 {
        self.next_u32()
    }
}
