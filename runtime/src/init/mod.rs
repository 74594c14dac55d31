//! `jax.nn.initializers` and `flax.linen.initializers`: same names, same defaults, same bits.
//!
//! Every initializer is a small value built by a function named as in JAX (`lecun_normal()`,
//! `normal().stddev(0.02)`, `variance_scaling(2.0, Mode::FanIn, Distribution::Normal)`), with
//! JAX's optional arguments as chained setters. It implements [`Initializer`]: given a
//! [`Key`](crate::Key) and a shape, it draws an array of any [`Dtype`](crate::Dtype) (`f32`,
//! `f64`, `bf16`, `f16`) with the same bits as JAX 0.10.2 on CPU (the orthogonal family
//! matches within `1e-5`, as it rests on a QR decomposition).
//!
//! ```
//! use fanin::init::*;
//! use fanin::Key;
//! # fn main() -> fanin::Result<()> {
//! let w = lecun_normal().sample::<f32>(Key::new(0), &[4, 5])?;
//! let b = zeros.sample::<f32>(Key::new(0), &[5])?;
//! let conv = he_uniform().sample::<f64>(Key::new(1), &[3, 3, 8, 16])?;
//! assert_eq!((w.shape(), b.shape(), conv.len()), (&[4, 5][..], &[5][..], 3 * 3 * 8 * 16));
//! # Ok(()) }
//! ```
//!
//! A config can hold any initializer as a [`Box<dyn DynInitializer>`](DynInitializer), as
//! Flax's `kernel_init=` does:
//!
//! ```
//! use fanin::init::*;
//! let kernel_init: Box<dyn DynInitializer> = Box::new(normal().stddev(0.02));
//! let w = kernel_init.sample::<f32>(fanin::Key::new(0), &[3, 4]).unwrap();
//! assert_eq!(kernel_init.describe(), "normal(stddev=0.02)");
//! # let _ = w;
//! ```
//!
//! Adding an initializer takes its own file, `init/<name>.rs` (the builder, its
//! [`Initializer`] impl, or for an elementwise one the crate's `Elementwise` impl and the
//! `elementwise_initializer!` macro, and its [`SupportsRank`] impls), plus one `mod` and
//! `pub use` line here; `#[derive(Params)]` then checks its ranks by type.
//!
//! Complex dtypes (JAX's complex branches of `variance_scaling` and `orthogonal`) are out of
//! scope for now.
//!
//! Bad input (a rank an initializer cannot take, an axis out of range, a zero-size fan) is an
//! [`Error`](crate::Error) whose message names the rule, the shape and the remedy; nothing
//! here panics.

mod constant;
mod delta_orthogonal;
mod dense_general;
mod dynamic;
mod elementwise;
mod fans;
mod initializer;
mod normal;
mod orthogonal;
mod qr;
mod rank;
mod spread;
mod truncated_normal;
mod uniform;
mod variance_scaling;

pub use constant::{constant, ones, ones_init, zeros, zeros_init, Constant, Keyless, Ones, Zeros};
pub use delta_orthogonal::{delta_orthogonal, DeltaOrthogonal};
pub use dense_general::{dense_general, DenseGeneral};
pub use dynamic::DynInitializer;
pub use fans::{compute_fans, Axes, IntoAxes};
pub use initializer::Initializer;
pub use normal::{normal, Normal};
pub use orthogonal::{orthogonal, Orthogonal};
pub use rank::{Builtin, SupportsRank};
pub use truncated_normal::{truncated_normal, TruncatedNormal};
pub use uniform::{uniform, Uniform};
pub use variance_scaling::{
    glorot_normal, glorot_uniform, he_normal, he_uniform, kaiming_normal, kaiming_uniform,
    lecun_normal, lecun_uniform, variance_scaling, xavier_normal, xavier_uniform, DefaultInAxis,
    Distribution, ExplicitInAxis, Mode, VarianceScaling,
};
