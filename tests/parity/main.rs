//! The engine against JAX: special functions, samplers, initializers, jit folding, legacy
//! Threefry and the SIMD paths, each checked element by element against fixtures made by
//! `scripts/gen_fixtures.py` with the real JAX.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod init_parity;
#[cfg(feature = "io")]
mod jit_parity;
mod legacy_parity;
mod random_parity;
mod simd_parity;
mod special_parity;
