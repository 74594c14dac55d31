//! fanin: declare the parameters of neural-network layers with `#[derive(Params)]` and
//! initialize them bit-identically to Flax/JAX on CPU.

#![warn(missing_docs)]

pub use fanin_macros::Params;
pub use fanin_runtime::*;
