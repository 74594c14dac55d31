//! Into candle: a model's params as `candle_core` tensors, a `candle_nn` `VarBuilder` and
//! a `VarMap`, named and laid out as `candle_nn`'s layers look them up.
//!
//! Two levels:
//! * the raw conversion, [`ToTensor`]: a [`ParamView`](crate::params::ParamView),
//!   [`ParamArray`](crate::params::ParamArray) or ndarray array to a `Tensor` of the same
//!   dtype (`f32`, `f64`, `bf16`, `f16`), shape and bits;
//! * a whole model: [`tensors`], [`var_builder`], [`var_map`] rename Flax's params to
//!   PyTorch's names and layouts with [`pytorch_names`] (its rustdoc has the table: `kernel`
//!   to `weight`, 2-D kernels transposed, conv kernels `HWIO` to `OIHW`, `embedding` and
//!   `scale` to `weight`), keeping each module path, so `vb.pp("h_0").pp("attn")` finds
//!   what fanin names `h_0/attn/kernel`. The `*_with` forms take a policy of your own.
//!
//! ```
//! use candle_core::{DType, Device, Module, Tensor};
//! use fanin::nn::{Dense, DenseConfig, LayerNorm, LayerNormConfig};
//! use fanin::{Key, Params};
//!
//! #[derive(Params)]
//! struct Block {
//!     #[module(config = LayerNormConfig::new([8]))]
//!     ln_1: LayerNorm<f32>,
//!     #[module(config = DenseConfig::new(8, 24))]
//!     attn: Dense<f32>,
//! }
//!
//! #[derive(Params)]
//! struct Model {
//!     #[module(name = "h_0", config = ())]
//!     block: Block,
//! }
//!
//! let model = Model::init(Key::new(0), &())?;
//! let vb = fanin::candle::var_builder(&model, DType::F32, &Device::Cpu)?;
//! let block = vb.pp("h_0");
//! let ln = candle_nn::layer_norm(8, 1e-6, block.pp("ln_1")).unwrap();
//! let attn = candle_nn::linear(8, 24, block.pp("attn")).unwrap();
//! let x = Tensor::ones((2, 8), DType::F32, &Device::Cpu).unwrap();
//! let y = attn.forward(&ln.forward(&x).unwrap()).unwrap();
//! assert_eq!(y.dims(), [2, 24]);
//! # Ok::<(), fanin::Error>(())
//! ```

mod naming;
mod store;
mod tensor;

pub use naming::{in_module, pytorch_names, Layout, Target};
pub use store::{tensors, tensors_with, var_builder, var_builder_with, var_map, var_map_with};
pub use tensor::ToTensor;

// The candle crates fanin converts to, so a user can name the very versions it was built with.
#[doc(no_inline)]
pub use candle_core;
#[doc(no_inline)]
pub use candle_nn;
