//! fanin: declare the parameters of neural-network layers with `#[derive(Params)]` and
//! initialize them bit-identically to Flax/JAX on CPU (`f32`, `f64`, `bf16`, `f16`).
//!
//! ```
//! use fanin::ndarray::{Array1, Array2};
//! use fanin::{Key, Params};
//!
//! pub struct DenseConfig { pub in_features: usize, pub features: usize }
//!
//! /// Flax's `nn.Dense`.
//! #[derive(Params)]
//! #[params(config = DenseConfig)]
//! #[init(kernel = lecun_normal(), bias = zeros_init())]
//! pub struct Dense {
//!     #[shape(cfg.in_features, cfg.features)]
//!     pub kernel: Array2<f32>,
//!     #[shape(cfg.features)]
//!     pub bias: Array1<f32>,
//! }
//!
//! let dense = Dense::init(Key::new(0), &DenseConfig { in_features: 4, features: 5 })?;
//! // flax.linen.Dense(5).init(jax.random.PRNGKey(0), jnp.ones((1, 4)))['params']['kernel'][0]:
//! // [0.0413083, -0.8247015, -0.8536315, 0.38350445, 0.6081429]
//! assert_eq!(dense.kernel[[0, 1]], -0.8247015);
//! println!("{}", Dense::summary(&DenseConfig { in_features: 4, features: 5 })?);
//! # Ok::<(), fanin::Error>(())
//! ```
//!
//! What is where:
//! * [`Key`], [`LazyRng`]: JAX's Threefry keys (`split`, `fold_in`) and Flax's path folding.
//! * [`random`]: `jax.random`'s `bits`, `uniform`, `normal`, `truncated_normal`, bit for bit.
//! * [`init`]: every initializer of `jax.nn.initializers` / `flax.linen.initializers`.
//! * [`Params`] (trait and derive): `init`, `init_jit`, `plan`, `walk`, `summary`, loading.
//! * [`io`]: safetensors files Flax can read, streamed init, shards.
//! * [`Execution`]: op-by-op `Module.init` (the default) or `jax.jit(model.init)`.
//! * [`special`]: `erf_inv`, `erf`, `log1p`, `log` as XLA:CPU computes them.
//! * `candle` (feature `candle`): params as candle tensors, a `candle_nn` `VarBuilder` and
//!   `VarMap` under PyTorch's names and layouts.
//! * `burn` (feature `burn`): params as burn tensors and `Param`s, loaded into `burn::nn`
//!   modules under burn's names and layouts.
//!
//! The derive checks at compile time what JAX rejects at run time:
//!
//! ```compile_fail
//! use fanin::ndarray::{Array1, Array2};
//! use fanin::Params;
//!
//! #[derive(Params)]
//! #[init(kernel = lecun_normal(), bias = lecun_normal())] // JAX: "Can't compute input and
//! struct Dense {                                           // output sizes of a 1-dimensional
//!     #[shape(4, 5)]                                       // weights tensor"
//!     kernel: Array2<f32>,
//!     #[shape(5)]
//!     bias: Array1<f32>,
//! }
//! ```

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The derive's generated code names `::fanin::..`; this lets `nn`'s layers use it here.
extern crate self as fanin;

pub use fanin_macros::Params;
pub use fanin_runtime::*;

#[cfg(feature = "burn")]
#[cfg_attr(docsrs, doc(cfg(feature = "burn")))]
pub mod burn;
#[cfg(feature = "candle")]
#[cfg_attr(docsrs, doc(cfg(feature = "candle")))]
pub mod candle;
#[cfg(any(feature = "candle", feature = "burn"))]
mod layout;
pub mod nn;
pub mod nnx;
