//! [`Dtype`]: the element types of params (`f32`, `f64`, `bf16`, `f16`), and their arithmetic
//! as one XLA:CPU operation computes it.

use std::fmt;

use half::{bf16, f16};

use crate::alloc::ZeroBits;
use crate::dispatch::Dispatch;
use crate::f16_bits::{f16_from_f32, f16_to_f32};
use crate::recipe::Recipe;

/// The runtime name of a [`Dtype`], for summaries, plans and files.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ElementType {
    /// `float32`
    F32,
    /// `float64`
    F64,
    /// `bfloat16`
    BF16,
    /// `float16`
    F16,
}

impl ElementType {
    /// The NumPy/JAX name: `float32`, `float64`, `bfloat16`, `float16`.
    pub fn name(self) -> &'static str {
        match self {
            ElementType::F32 => "float32",
            ElementType::F64 => "float64",
            ElementType::BF16 => "bfloat16",
            ElementType::F16 => "float16",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ElementType::F32 => 4,
            ElementType::F64 => 8,
            ElementType::BF16 | ElementType::F16 => 2,
        }
    }
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An element type of params: `f32`, `f64`, `half::bf16` or `half::f16` (the set is sealed).
///
/// Besides conversions, a `Dtype` knows how XLA:CPU computes one operation in it: 16-bit types
/// compute in `f32` and round after every operation, as XLA does. Complex dtypes are not
/// supported yet.
///
/// ```
/// use fanin::Dtype;
/// use half::bf16;
/// assert_eq!(<f32 as Dtype>::from_f64(0.1), 0.1f32);
/// assert_eq!(bf16::from_f64(3.0).mul(bf16::from_f64(0.5)).to_f64(), 1.5);
/// ```
pub trait Dtype:
    Recipe
    + ZeroBits
    + Dispatch
    + Copy
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
}

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

impl Dtype for f32 {
    const DTYPE: ElementType = ElementType::F32;
    #[inline]
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        self * rhs
    }
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        self / rhs
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    le_bytes!(f32, 4);
}

impl Dtype for f64 {
    const DTYPE: ElementType = ElementType::F64;
    #[inline]
    fn from_f64(v: f64) -> Self {
        v
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        self * rhs
    }
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        self / rhs
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    le_bytes!(f64, 8);
}

impl Dtype for bf16 {
    const DTYPE: ElementType = ElementType::BF16;
    /// Through `f32`, as `ml_dtypes` converts a Python float.
    #[inline]
    fn from_f64(v: f64) -> Self {
        bf16::from_f32(v as f32)
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self.to_f64()
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        bf16::from_f32(self.to_f32() * rhs.to_f32())
    }
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        bf16::from_f32(self.to_f32() / rhs.to_f32())
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        bf16::from_f32(self.to_f32().sqrt())
    }
    le_bytes!(bf16, 2);
}

impl Dtype for f16 {
    const DTYPE: ElementType = ElementType::F16;
    #[inline]
    fn from_f64(v: f64) -> Self {
        f16::from_f64(v)
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self.to_f64()
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        f16_from_f32(f16_to_f32(self) * f16_to_f32(rhs))
    }
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        f16_from_f32(f16_to_f32(self) / f16_to_f32(rhs))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f16_from_f32(f16_to_f32(self).sqrt())
    }
    le_bytes!(f16, 2);
}
