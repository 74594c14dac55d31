//! `jax.random`: raw bits, `uniform`, `normal` and `truncated_normal`, bit-identical to JAX on
//! CPU, with the same argument order.
//!
//! Every sampler is a fill of a flat index range: element `i` (row-major) depends only on the
//! key and `i` (`jax_threefry_partitionable=True`). So any slice can be made on its own, and
//! arrays are filled in parallel with the same bits whatever the number of threads.
//!
//! ```
//! use fanin::random::{self, Fill};
//! use fanin::Key;
//! let x = random::normal::<f32>(Key::new(0), &[2, 3]);
//! assert_eq!(x.shape(), &[2, 3]);
//! // Any range alone is the same as the slice of the whole:
//! let mut tail = [0f32; 4];
//! random::Normal.fill(Key::new(0), 2, &mut tail);
//! assert_eq!(&tail[..], &x.as_slice().unwrap()[2..]);
//! ```
//!
//! # Panics
//! The whole-array functions panic, as `ndarray` does, when the product of `shape` overflows
//! `usize`; an empty shape (a zero axis) gives an empty array, and `&[]` a scalar.

mod bits;
mod erf_inv_of_uniform;
mod fill;
mod key_rng;
mod normal;
mod simd;
mod table;
mod truncated_normal;
mod uniform;

pub use crate::key::source::KeySource;
pub use bits::Bits;
pub use fill::Fill;
pub use key_rng::KeyRng;
#[doc(hidden)]
pub use normal::JitNormal;
pub use normal::Normal;
#[doc(hidden)]
pub use simd::{Counters, Simd};

pub(crate) use fill::Stream;
pub use truncated_normal::TruncatedNormal;
pub use uniform::Uniform;

use ndarray::ArrayD;

use crate::{Dtype, Key};

/// `jax.random.bits(key, shape)` for `uint32`: element `i` is `x0 ^ x1` of Threefry at `i`.
///
/// ```
/// use fanin::{random, Key};
/// assert_eq!(random::bits(Key::new(0), &[3]).len(), 3);
/// ```
pub fn bits(key: Key, shape: &[usize]) -> ArrayD<u32> {
    Bits.sample(key, shape)
}

/// `jax.random.uniform(key, shape, dtype, minval, maxval)`: floats in `[minval, maxval)`.
///
/// ```
/// use fanin::{random, Key};
/// let u = random::uniform::<f32>(Key::new(0), &[100], -1.0, 1.0);
/// assert!(u.iter().all(|&x| (-1.0..1.0).contains(&x)));
/// ```
pub fn uniform<T: Dtype>(key: Key, shape: &[usize], minval: T, maxval: T) -> ArrayD<T> {
    Uniform::new(minval, maxval).sample(key, shape)
}

/// `jax.random.normal(key, shape, dtype)`: standard normal samples, `sqrt2 * erf_inv(u)`.
///
/// ```
/// use fanin::{random, Key};
/// let x = random::normal::<f64>(Key::new(1), &[1000]);
/// assert!(x.mean().unwrap().abs() < 0.1);
/// ```
pub fn normal<T: Dtype>(key: Key, shape: &[usize]) -> ArrayD<T> {
    Normal.sample(key, shape)
}

/// `jax.random.truncated_normal(key, lower, upper, shape, dtype)`: standard normal samples
/// conditioned on the open interval `(lower, upper)`.
///
/// ```
/// use fanin::{random, Key};
/// let x = random::truncated_normal::<f32>(Key::new(0), -2.0, 2.0, &[1000]);
/// assert!(x.iter().all(|&v| v > -2.0 && v < 2.0));
/// ```
pub fn truncated_normal<T: Dtype>(key: Key, lower: T, upper: T, shape: &[usize]) -> ArrayD<T> {
    TruncatedNormal::new(lower, upper).sample(key, shape)
}
