//! The runtime of [fanin](https://docs.rs/fanin): JAX's Threefry keys, the `jax.random`
//! samplers, every initializer of `jax.nn.initializers` and `flax.linen.initializers`, the
//! [`Params`] trait that `#[derive(Params)]` implements, and safetensors I/O.
//!
//! Users depend on the `fanin` crate, which re-exports everything here.
//!
//! The modules are layered; each uses only those above it in this list (ARCHITECTURE.md in
//! the repository draws the picture):
//! `error`, `size`, `alloc`, `parallel`, `lanes` (support) → [`special`] (XLA's `erf_inv`,
//! `erf`, `log1p`) → `dtype` ([`Dtype`] and XLA's arithmetic in it) → `settings`
//! ([`Settings`]) → `key` ([`Key`], [`LazyRng`]) → [`random`] (the samplers) → [`init`] (the
//! initializers) → [`params`] (the [`Params`] trait) → [`io`] (files).

#![warn(missing_docs)]

mod alloc;
mod dtype;
mod error;
mod key;
mod lanes;
mod parallel;
mod settings;
mod size;

pub mod init;
pub mod io;
pub mod params;
pub mod random;
#[doc(hidden)]
pub mod special;

pub use dtype::{Dtype, ElementType, PerDtype};
pub use error::{Error, Result};
pub use key::lazy_rng::LazyRng;
#[doc(hidden)]
pub use key::threefry::threefry2x32;
pub use key::Key;
pub use params::Params;
pub use random::KeyRng;
pub use settings::{current_execution, with_execution, Execution, Settings};

pub use half;
pub use ndarray;
