//! `rand_core` 0.10 (rand 0.10): `TryRng` (so `Rng`, infallibly) and `SeedableRng` for
//! `KeyRng`, and its generators as key sources.

use core::convert::Infallible;

use rand_core_0_10::{Rng, SeedableRng, TryRng};

use super::sealed::Sealed;
use super::version::RandCore0_10;
use super::KeySource;
use crate::KeyRng;

impl TryRng for KeyRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(KeyRng::next_u32(self))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(KeyRng::next_u64(self))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        KeyRng::fill_bytes(self, dest);
        Ok(())
    }
}

/// Seeded by the key data as little-endian bytes: [`KeyRng::from_seed`].
impl SeedableRng for KeyRng {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> KeyRng {
        KeyRng::from_seed(seed)
    }
}

impl<R: Rng + ?Sized> Sealed<RandCore0_10> for R {}

impl<R: Rng + ?Sized> KeySource<RandCore0_10> for R {
    fn next_key_word(&mut self) -> u32 {
        self.next_u32()
    }
}
