//! Into burn: a model's params as burn `TensorData`, `Tensor` and `Param`, and loaded into
//! `burn::nn` modules under the names and layouts burn uses.
//!
//! Two levels:
//! * the raw conversion, [`ToTensor`]: a [`ParamView`](crate::params::ParamView),
//!   [`ParamArray`](crate::params::ParamArray) or ndarray array to `TensorData` of the same
//!   dtype (`f32`, `f64`, `bf16`, `f16`), shape and bits, or to a `Tensor<B, D>` /
//!   `Param<Tensor<B, D>>` on any backend `B` and device (in `B`'s float type);
//! * a whole model: [`load`] fills a burn module (`Linear`, `Conv2d`, `Embedding`,
//!   `LayerNorm`, `BatchNorm`, or your own `#[derive(Module)]` struct nesting them) from a
//!   fanin model, and [`tensors`] gives the named `TensorData`. Names and layouts come from
//!   [`burn_names`] (its rustdoc has the table: `kernel` to `weight`, conv kernels `HWIO`
//!   to `[out, in / groups, k..]`, `embedding` to `weight`, a norm's `scale` / `bias` to
//!   `gamma` / `beta`, `batch_stats` to `running_mean` / `running_var`), keeping each
//!   module path, so fanin's `h_0/attn/kernel` fills the burn field `h_0.attn.weight`. The
//!   `*_with` forms take a policy of your own.
//!
//! ```
//! use burn::backend::NdArray;
//! use burn::module::Module;
//! use burn::nn::{LayerNorm as BurnLayerNorm, LayerNormConfig as BurnLayerNormConfig};
//! use burn::nn::{Linear, LinearConfig};
//! use burn::tensor::{backend::Backend, Tensor};
//! use fanin::nn::{Dense, DenseConfig, LayerNorm, LayerNormConfig};
//! use fanin::{Key, Params};
//!
//! // fanin: the params, as Flax initializes them.
//! #[derive(Params)]
//! struct Block {
//!     #[module(config = LayerNormConfig::new([8]))]
//!     ln_1: LayerNorm<f32>,
//!     #[module(config = DenseConfig::new(8, 24))]
//!     attn: Dense<f32>,
//! }
//!
//! // burn: the same layers under the same field names.
//! #[derive(Module, Debug)]
//! struct BurnBlock<B: Backend> {
//!     ln_1: BurnLayerNorm<B>,
//!     attn: Linear<B>,
//! }
//!
//! let device = Default::default();
//! let block = Block::init(Key::new(0), &())?;
//! let burn_block = BurnBlock::<NdArray> {
//!     ln_1: BurnLayerNormConfig::new(8).with_epsilon(1e-6).init(&device),
//!     attn: LinearConfig::new(8, 24).init(&device),
//! };
//! let burn_block = fanin::burn::load(burn_block, &block)?;
//! let x = Tensor::<NdArray, 2>::ones([2, 8], &device);
//! let y = burn_block.attn.forward(burn_block.ln_1.forward(x));
//! assert_eq!(y.dims(), [2, 24]);
//! # Ok::<(), fanin::Error>(())
//! ```

mod load;
mod naming;
mod tensor;

pub use load::{load, load_tensors, load_with, tensors, tensors_with};
pub use naming::{burn_names, in_module, Layout, Target};
pub use tensor::ToTensor;

// The burn crate fanin converts to, so a user can name the very version it was built with.
#[doc(no_inline)]
pub use ::burn;
