//! [`Dtype`]: the element types of params (`f32`, `f64`, `bf16`, `f16`), and every operation
//! fanin computes in them, as XLA:CPU computes it.
//!
//! The four types are the only ones (the trait is sealed). What differs between them lives
//! here and nowhere else:
//! * `float.rs`: `f32` and `f64` compute in their own type, with fused multiply-adds where
//!   LLVM contracts XLA's multiply-add chains;
//! * `sixteen_bit.rs`: `bf16` and `f16` compute every operation in `f32` and round after it (XLA's
//!   float normalization keeps each rounding), while `erf` and `erf_inv` run whole in `f32`;
//! * `xla.rs`: XLA's `maximum`/`minimum` (NaN-propagating, `+0 > -0`) and `nextafter`.
//!
//! Code that must do something different per dtype without a method here (make a
//! [`ParamView`](crate::params::ParamView), call a `dyn` initializer's method for this type)
//! asks the type to [`select`](Dtype::select) one of four values.
//!
//! Adding a dtype takes six files: its `impl Dtype` (in `float.rs` or `sixteen_bit.rs`, or a
//! file of its own); here, its `Sealed` impl and a method of [`PerDtype`]; a variant of
//! [`ElementType`]; a [`ParamView`](crate::params::ParamView) variant; its methods of
//! [`DynInitializer`](crate::init::DynInitializer); and its safetensors name in `io`. Once
//! `ElementType` and `PerDtype` have grown, the compiler points at each of the others.

mod f16_bits;
mod float;
mod sixteen_bit;
mod xla;

use std::fmt;

use bytemuck::Pod;

use crate::ElementType;

pub(crate) use self::f16_bits::{f16_from_f32, f16_to_f32};

/// One value per dtype, of a type that depends on the dtype: what
/// [`Dtype::select`] chooses from. Generic code uses it where it must call something
/// written for one concrete type (a method per dtype of a trait object, an enum variant).
///
/// ```
/// use fanin::{Dtype, PerDtype};
/// /// The largest finite value of each dtype.
/// struct Largest;
/// impl PerDtype for Largest {
///     type Out<T: Dtype> = T;
///     fn f32(self) -> f32 { f32::MAX }
///     fn f64(self) -> f64 { f64::MAX }
///     fn bf16(self) -> half::bf16 { half::bf16::MAX }
///     fn f16(self) -> half::f16 { half::f16::MAX }
/// }
/// assert_eq!(<half::f16 as Dtype>::select(Largest).to_f64(), 65504.0);
/// ```
#[doc(hidden)]
pub trait PerDtype {
    /// What is chosen, for the dtype `T`.
    type Out<T: Dtype>;
    /// The choice for `f32`.
    fn f32(self) -> Self::Out<f32>;
    /// The choice for `f64`.
    fn f64(self) -> Self::Out<f64>;
    /// The choice for `bf16`.
    fn bf16(self) -> Self::Out<::half::bf16>;
    /// The choice for `f16`.
    fn f16(self) -> Self::Out<::half::f16>;
}

/// `value`, handed to a [`PerDtype`] method without its dtype, back as the type of the dtype
/// [`Dtype::select`] chose: how generic code reaches a method compiled once per dtype in this
/// crate (see `init::elementwise`'s `compiled_once`).
pub(crate) fn as_selected<V: 'static>(value: &dyn std::any::Any) -> &V {
    value
        .downcast_ref()
        .expect("Dtype::select calls the method of the value's own dtype")
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for half::bf16 {}
    impl Sealed for half::f16 {}
}

/// An element type of params: `f32`, `f64`, `half::bf16` or `half::f16` (the set is sealed).
///
/// Besides conversions, a `Dtype` knows how XLA:CPU computes each operation fanin needs in
/// it: 16-bit types compute in `f32` and round after every operation, as XLA does. The
/// operations the samplers use are hidden from the documentation; the public ones are the
/// conversions and the multiply, divide and square root that initializers apply. Complex
/// dtypes are not supported.
///
/// ```
/// use fanin::Dtype;
/// use half::bf16;
/// assert_eq!(<f32 as Dtype>::from_f64(0.1), 0.1f32);
/// assert_eq!(bf16::from_f64(3.0).mul(bf16::from_f64(0.5)).to_f64(), 1.5);
/// ```
pub trait Dtype:
    sealed::Sealed
    + Pod
    + Default
    + fmt::Debug
    + fmt::Display
    + PartialEq
    + PartialOrd
    + Send
    + Sync
    + 'static
{
    /// The runtime name of this type.
    const DTYPE: ElementType;

    /// `jnp.array(v, dtype)`: `v` rounded to the nearest value of this type.
    fn from_f64(v: f64) -> Self;

    /// The exact value as `f64`.
    fn to_f64(self) -> f64;

    /// `self * rhs`, rounded once to this type (XLA's `multiply`).
    fn mul(self, rhs: Self) -> Self;

    /// `self / rhs` (XLA's `divide`).
    fn div(self, rhs: Self) -> Self;

    /// `sqrt(self)` (XLA's `sqrt`).
    fn sqrt(self) -> Self;

    /// Writes the values as little-endian bytes; `out.len()` is `values.len() * size`.
    fn write_le(values: &[Self], out: &mut [u8]);

    /// Reads values from little-endian bytes; `bytes.len()` is `out.len() * size`.
    fn read_le(bytes: &[u8], out: &mut [Self]);

    /// The value of `choices` for this type (see [`PerDtype`]).
    #[doc(hidden)]
    fn select<P: PerDtype>(choices: P) -> P::Out<Self>;

    // XLA's arithmetic, as the samplers use it.

    /// `a - b` (XLA's `subtract`).
    #[doc(hidden)]
    fn sub(a: Self, b: Self) -> Self;

    /// XLA's `maximum(a, b)`.
    #[doc(hidden)]
    fn max(a: Self, b: Self) -> Self;

    /// `min(max(x, lo), hi)` with XLA's NaN-propagating `maximum`/`minimum`.
    #[doc(hidden)]
    fn clamp(x: Self, lo: Self, hi: Self) -> Self;

    /// `unit * span + min` as XLA computes it for this type (one fused multiply-add in `f32`
    /// and `f64`).
    #[doc(hidden)]
    fn scale_shift(unit: Self, span: Self, min: Self) -> Self;

    /// `sqrt2 * e`, rounded to this type: `normal`'s last step.
    #[doc(hidden)]
    fn times_sqrt2(e: Self) -> Self;

    /// `nextafter(x, +inf)` if `up`, else `nextafter(x, -inf)`.
    #[doc(hidden)]
    fn next_toward(x: Self, up: bool) -> Self;

    // XLA's special functions in this type.

    /// `erf_inv(u)`, rounded to this type.
    #[doc(hidden)]
    fn erf_inv(u: Self) -> Self;

    /// [`erf_inv`](Dtype::erf_inv) of a block of lanes (`L` a multiple of 16), passed to
    /// `finish(lane, value)`: the same bits, computed so that groups of lanes skip what none
    /// of them needs.
    #[doc(hidden)]
    #[inline(always)]
    fn erf_inv_block<const L: usize>(u: &[Self; L], mut finish: impl FnMut(usize, Self)) {
        for (lane, &u) in u.iter().enumerate() {
            finish(lane, Self::erf_inv(u));
        }
    }

    /// `erf(x / sqrt2)`, a bound of the uniform behind `truncated_normal`.
    #[doc(hidden)]
    fn erf_over_sqrt2(x: Self) -> Self;

    // Random words to floats, as `jax.random._uniform` makes them for this type.

    /// `nextafter(-1, 0)`: the low end of the uniform behind `normal`.
    #[doc(hidden)]
    const NORMAL_LOW: Self;

    /// How many random bits [`unit`](Dtype::unit) keeps when they are few enough to list
    /// every sample they lead to (`bf16`: 7, `f16`: 10); 0 for `f32` and `f64`.
    #[doc(hidden)]
    const UNIT_BITS: u32 = 0;

    /// Where those bits sit in `words[0] ^ words[1]`.
    #[doc(hidden)]
    const UNIT_SHIFT: u32 = 0;

    /// The float in `[0, 1)` that `_uniform` makes from the Threefry words of one element:
    /// the type's share of random bits as the mantissa of a number in `[1, 2)`, minus one.
    #[doc(hidden)]
    fn unit(words: [u32; 2]) -> Self;

    /// The bits `unit` keeps from these words, as an index below `1 << UNIT_BITS`.
    #[doc(hidden)]
    #[inline(always)]
    fn unit_index(words: [u32; 2]) -> usize {
        ((words[0] ^ words[1]) >> Self::UNIT_SHIFT) as usize & ((1 << Self::UNIT_BITS) - 1)
    }

    /// Words whose [`unit_index`](Dtype::unit_index) is `index`.
    #[doc(hidden)]
    #[inline(always)]
    fn unit_words(index: usize) -> [u32; 2] {
        [(index as u32) << Self::UNIT_SHIFT, 0]
    }

    /// The bits JAX draws per element of this type: 32 for `f32`, 64 for `f64`, 16 for `f16`,
    /// 8 for `bf16` (its 7 mantissa bits are fewer than 8).
    #[doc(hidden)]
    const RANDOM_BITS: u32;

    /// Whether `jax.jit` folds `sqrt2 * stddev` of `normal(key) * stddev` into one constant
    /// (see [`Execution`](crate::Execution)): yes, except in `bf16`.
    #[doc(hidden)]
    const JIT_FOLDS_NORMAL_SCALE: bool = true;
}

/// `write_le` and `read_le` through the type's own `to_le_bytes`/`from_le_bytes`.
macro_rules! le_bytes {
    ($t:ty, $n:expr) => {
        #[inline]
        fn write_le(values: &[Self], out: &mut [u8]) {
            for (v, chunk) in values.iter().zip(out.chunks_exact_mut($n)) {
                chunk.copy_from_slice(&v.to_le_bytes());
            }
        }

        #[inline]
        fn read_le(bytes: &[u8], out: &mut [Self]) {
            for (v, chunk) in out.iter_mut().zip(bytes.chunks_exact($n)) {
                let mut raw = [0u8; $n];
                raw.copy_from_slice(chunk);
                *v = <$t>::from_le_bytes(raw);
            }
        }
    };
}
use le_bytes;
