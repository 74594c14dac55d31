//! The runtime of [fanin](https://docs.rs/fanin): JAX's Threefry keys, the `jax.random`
//! samplers, every initializer of `jax.nn.initializers` and `flax.linen.initializers`, the
//! [`Params`] trait that `#[derive(Params)]` implements, and safetensors I/O.
//!
//! Users depend on the `fanin` crate, which re-exports everything here.

#![warn(missing_docs)]

mod alloc;
mod dispatch;
mod dtype;
mod error;
mod settings;
mod f16_bits;
mod key;
mod lazy_rng;
mod rand_compat;
mod recipe;
mod threefry;

#[doc(hidden)]
#[path = "private_v1.rs"]
pub mod __private_v1;
pub mod init;
pub mod io;
pub mod params;
pub mod random;
pub mod special;

pub use dtype::{ElementType, Dtype};
pub use error::{Error, Result};
pub use settings::{current_execution, with_execution, Execution, Settings};
pub use key::Key;
pub use lazy_rng::LazyRng;
pub use params::Params;
pub use rand_compat::{key_from_rng, KeyRng};
pub use threefry::threefry2x32;

pub use half;
pub use ndarray;
