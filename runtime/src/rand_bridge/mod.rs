//! Bridges to `rand_core` 0.6, 0.9 and 0.10, each behind its feature: [`KeyRng`] implements
//! the version's generator traits, and [`Key::from_rng`] takes the version's generators
//! through [`KeySource`](crate::random::KeySource).
//!
//! The traits of the three versions are unrelated, so one blanket impl per version of one
//! trait would overlap; `KeySource` takes a version marker as a type parameter instead, and
//! the compiler infers it from the one version the generator implements.
//!
//! [`KeyRng`]: crate::KeyRng
//! [`Key::from_rng`]: crate::Key::from_rng

#[cfg(feature = "rand_core_0_10")]
mod v0_10;
#[cfg(feature = "rand_core_0_6")]
mod v0_6;
#[cfg(feature = "rand_core_0_9")]
mod v0_9;

#[allow(unused_imports)] // unused when no rand_core feature is on
pub(crate) use crate::key::source::{sealed, version, KeySource};
