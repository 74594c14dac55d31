//! `f32` and `f64`: every operation in the type itself, with fused multiply-adds where LLVM
//! contracts XLA's multiply-add chains.

use super::xla::{max_f32, max_f64, min_f32, min_f64, next_bits};
use super::{le_bytes, Dtype, ElementType, PerDtype};
use crate::special;

/// `Dtype` for a float type computed in itself: `$special` holds its `erf_inv` and `erf`.
macro_rules! float_dtype {
    ($t:ident, $variant:ident, $bytes:expr, $max:ident, $min:ident, $special:ident,
     normal_low = $normal_low:expr, unit = |$bits:ident| $unit:expr
     $(, erf_inv_block = $block:path)?) => {
        #[diagnostic::do_not_recommend]
        impl Dtype for $t {
            const DTYPE: ElementType = ElementType::$variant;
            const NORMAL_LOW: $t = $normal_low;
            const RANDOM_BITS: u32 = $bytes * 8;

            #[inline]
            fn from_f64(v: f64) -> Self {
                v as $t
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
                $t::sqrt(self)
            }
            le_bytes!($t, $bytes);

            fn select<P: PerDtype>(choices: P) -> P::Out<Self> {
                choices.$t()
            }

            #[inline(always)]
            fn sub(a: $t, b: $t) -> $t {
                a - b
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                $max(a, b)
            }
            #[inline(always)]
            fn clamp(x: $t, lo: $t, hi: $t) -> $t {
                $min(hi, $max(x, lo))
            }
            #[inline(always)]
            fn scale_shift(unit: $t, span: $t, min: $t) -> $t {
                unit.mul_add(span, min)
            }
            #[inline(always)]
            fn times_sqrt2(e: $t) -> $t {
                e * std::$t::consts::SQRT_2
            }
            fn next_toward(x: $t, up: bool) -> $t {
                if x.is_infinite() && (x > 0.0) == up {
                    return x;
                }
                $t::from_bits(next_bits(x.to_bits() as u64, $bytes * 8, x.is_nan(), up) as _)
            }

            #[inline(always)]
            fn erf_inv(u: $t) -> $t {
                special::$special::erf_inv(u)
            }
            $(
                #[inline(always)]
                fn erf_inv_block<const L: usize>(u: &[$t; L], finish: impl FnMut(usize, $t)) {
                    $block(u, finish)
                }
            )?
            fn erf_over_sqrt2(x: $t) -> $t {
                special::$special::erf(x * special::$special::FRAC_1_SQRT_2)
            }

            #[inline(always)]
            fn unit(words: [u32; 2]) -> $t {
                let $bits = words;
                $unit
            }
        }
    };
}

float_dtype!(
    f32,
    F32,
    4,
    max_f32,
    min_f32,
    f32,
    normal_low = -0.999_999_94,
    // 23 random bits: the top of `x0 ^ x1`.
    unit = |words| f32::from_bits(((words[0] ^ words[1]) >> 9) | 0x3F80_0000) - 1.0,
    // Skips the tail polynomial by groups of lanes.
    erf_inv_block = special::f32::erf_inv_block
);

float_dtype!(
    f64,
    F64,
    8,
    max_f64,
    min_f64,
    f64,
    normal_low = -0.999_999_999_999_999_9,
    // 52 random bits: the top of the 64-bit word `x0 : x1`.
    unit = |words| {
        let bits = ((words[0] as u64) << 32) | words[1] as u64;
        f64::from_bits((bits >> 12) | 0x3FF0_0000_0000_0000) - 1.0
    }
);
