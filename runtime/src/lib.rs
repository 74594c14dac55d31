//! The runtime of [fanin](https://docs.rs/fanin): JAX's Threefry keys, the `jax.random`
//! samplers, every initializer of `jax.nn.initializers` and `flax.linen.initializers`, the
//! [`Params`] trait that `#[derive(Params)]` implements, and safetensors I/O.
//!
//! Users depend on the `fanin` crate, which re-exports everything here.
//!
//! The modules are layered; each uses only those above it in this list (ARCHITECTURE.md in
//! the repository draws the picture):
//! `error`, `element_type`, `settings`, `lanes`, `size`, `alloc`, `parallel` (support) →
//! [`special`] (XLA's `erf_inv`, `erf`, `log1p`) → `dtype` ([`Dtype`] and XLA's arithmetic
//! in it) → `key` ([`Key`], [`LazyRng`]) → [`random`] (the samplers) → [`init`] (the
//! initializers) → [`params`] (the [`Params`] trait) → `__private_v1` (what the derive's code
//! calls) and [`io`] (files).

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod alloc;
mod dtype;
mod element_type;
mod error;
mod key;
mod lanes;
mod parallel;
mod rand_bridge;
mod settings;
mod size;

#[doc(hidden)]
#[path = "private_v1.rs"]
pub mod __private_v1;
pub mod init;
#[cfg(feature = "io")]
#[cfg_attr(docsrs, doc(cfg(feature = "io")))]
pub mod io;
pub mod params;
pub mod random;
#[doc(hidden)]
pub mod special;

pub use dtype::{Dtype, PerDtype};
pub use element_type::ElementType;
pub use error::{Error, Result};
pub use key::lazy_rng::LazyRng;
#[doc(hidden)]
pub use key::threefry::threefry2x32;
pub use key::Key;
pub use params::{Params, Stacked};
pub use random::KeyRng;
pub use settings::{
    current_execution, with_execution, with_fix_rng_separator, with_threefry, Execution, Settings,
    Threefry,
};

pub use half;
pub use ndarray;
