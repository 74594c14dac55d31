//! How each dtype turns Threefry output into samples, step by step as XLA:CPU computes
//! `jax.random`'s graph for that dtype. The samplers in [`crate::random`] are written once
//! over these steps.
//!
//! * `f32` and `f64` compute in their own type, with LLVM's fused multiply-adds.
//! * `bf16` and `f16` compute every operation in `f32` and round after it (XLA's float
//!   normalization keeps each rounding), while `erf` and `erf_inv` run whole in `f32`.

use half::{bf16, f16};

use crate::f16_bits::{f16_from_f32, f16_to_f32};
use crate::random::simd::{fill_elements, Lanes, Simd};
use crate::random::table::fill_by_table;
use crate::special;

/// The per-element steps of the samplers for one dtype. Sealed: implemented for the four
/// [`Dtype`](crate::Dtype)s only.
pub trait Recipe: Sized + Copy {
    /// `nextafter(-1, 0)`: the low end of the uniform behind `normal`.
    const NORMAL_LOW: Self;

    /// The float in `[0, 1)` that `_uniform` makes from the Threefry words of one element:
    /// the dtype's share of random bits as the mantissa of a number in `[1, 2)`, minus one.
    fn unit(words: [u32; 2]) -> Self;

    /// How many random bits [`unit`](Recipe::unit) keeps when they are few enough to list
    /// every sample they lead to (`bf16`: 7, `f16`: 10); 0 for `f32` and `f64`.
    const UNIT_BITS: u32 = 0;

    /// Where those bits sit in `words[0] ^ words[1]`.
    const UNIT_SHIFT: u32 = 0;

    /// The bits `unit` keeps from these words, as an index below `1 << UNIT_BITS`.
    #[inline(always)]
    fn unit_index(words: [u32; 2]) -> usize {
        ((words[0] ^ words[1]) >> Self::UNIT_SHIFT) as usize & ((1 << Self::UNIT_BITS) - 1)
    }

    /// Words whose [`unit_index`](Recipe::unit_index) is `index`.
    #[inline(always)]
    fn unit_words(index: usize) -> [u32; 2] {
        [(index as u32) << Self::UNIT_SHIFT, 0]
    }

    /// Writes `lanes.element(threefry(key, start + i))` to `out[i]`, for an element function
    /// that depends on its words only through [`unit_index`](Recipe::unit_index): directly,
    /// or for 16-bit types through a table of every value.
    #[inline(always)]
    fn fill_unit_based<F: Lanes<Self>>(
        simd: Simd,
        (key, start): ([u32; 2], u64),
        out: &mut [Self],
        lanes: F,
    ) {
        fill_elements(simd, key, start, out, lanes)
    }

    /// `unit * span + min`, as XLA computes it for this dtype.
    fn scale_shift(unit: Self, span: Self, min: Self) -> Self;

    /// XLA's `maximum(a, b)`.
    fn max(a: Self, b: Self) -> Self;

    /// `max(min, unit * span + min)`: `_uniform`'s last step.
    #[inline(always)]
    fn affine(unit: Self, span: Self, min: Self) -> Self {
        Self::max(min, Self::scale_shift(unit, span, min))
    }

    /// `a - b`.
    fn sub(a: Self, b: Self) -> Self;

    /// `sqrt2 * e`, rounded to this type: `normal`'s last step.
    fn times_sqrt2(e: Self) -> Self;

    /// `sqrt2 * erf_inv(u)`.
    #[inline(always)]
    fn sqrt2_erf_inv(u: Self) -> Self {
        Self::times_sqrt2(Self::erf_inv(u))
    }

    /// `erf_inv(u)`, rounded to this type.
    fn erf_inv(u: Self) -> Self;

    /// [`erf_inv`](Recipe::erf_inv) of a block of lanes (`L` a multiple of 16), passed to
    /// `finish(lane, value)`: the same bits, computed so that groups of lanes skip what none
    /// of them needs.
    #[inline(always)]
    fn erf_inv_block<const L: usize>(u: &[Self; L], mut finish: impl FnMut(usize, Self)) {
        for (lane, &u) in u.iter().enumerate() {
            finish(lane, Self::erf_inv(u));
        }
    }

    /// Whether `jax.jit` folds `sqrt2 * stddev` of `normal(key) * stddev` into one constant
    /// (see [`Execution`](crate::Execution)): yes, except in `bf16`.
    const JIT_FOLDS_NORMAL_SCALE: bool = true;

    /// `erf(x / sqrt2)`, the bound of the uniform behind `truncated_normal`.
    fn erf_over_sqrt2(x: Self) -> Self;

    /// `nextafter(x, +inf)` if `up`, else `nextafter(x, -inf)`.
    fn next_toward(x: Self, up: bool) -> Self;

    /// `min(max(x, lo), hi)` with XLA's NaN-propagating `maximum`/`minimum`.
    fn clamp(x: Self, lo: Self, hi: Self) -> Self;
}

/// XLA's `maximum` and `minimum` for one float type: a NaN operand propagates (with its
/// sign), and `+0` is above `-0`. Written as selects so that the lane loops vectorize.
macro_rules! xla_max_min {
    ($t:ident, $max:ident, $min:ident) => {
        #[inline(always)]
        fn $max(a: $t, b: $t) -> $t {
            let larger = if a > b { a } else { b };
            let larger = if a == b {
                $t::from_bits(a.to_bits() & b.to_bits())
            } else {
                larger
            };
            let larger = if b.is_nan() { b } else { larger };
            if a.is_nan() {
                a
            } else {
                larger
            }
        }

        #[inline(always)]
        fn $min(a: $t, b: $t) -> $t {
            -$max(-a, -b)
        }
    };
}

xla_max_min!(f32, xla_max32, xla_min32);
xla_max_min!(f64, xla_max64, xla_min64);

/// `nextafter` on the bit pattern of an IEEE number with `bits` bits (as XLA's `nextafter`).
#[inline(always)]
fn next_bits(bits: u64, width: u32, is_nan: bool, up: bool) -> u64 {
    let sign = 1u64 << (width - 1);
    let magnitude = bits & (sign - 1);
    if is_nan {
        return bits;
    }
    if magnitude == 0 {
        // From zero, the smallest denormal toward the target.
        return if up { 1 } else { sign | 1 };
    }
    let negative = bits & sign != 0;
    if negative == up {
        bits - 1
    } else {
        bits + 1
    }
}

impl Recipe for f32 {
    const NORMAL_LOW: f32 = -0.999_999_94;

    #[inline(always)]
    fn unit(words: [u32; 2]) -> f32 {
        f32::from_bits(((words[0] ^ words[1]) >> 9) | 0x3F80_0000) - 1.0
    }
    #[inline(always)]
    fn scale_shift(unit: f32, span: f32, min: f32) -> f32 {
        unit.mul_add(span, min)
    }
    #[inline(always)]
    fn max(a: f32, b: f32) -> f32 {
        xla_max32(a, b)
    }
    #[inline(always)]
    fn sub(a: f32, b: f32) -> f32 {
        a - b
    }
    #[inline(always)]
    fn times_sqrt2(e: f32) -> f32 {
        e * std::f32::consts::SQRT_2
    }
    #[inline(always)]
    fn erf_inv(u: f32) -> f32 {
        special::f32::erf_inv(u)
    }
    #[inline(always)]
    fn erf_inv_block<const L: usize>(u: &[f32; L], finish: impl FnMut(usize, f32)) {
        special::f32::erf_inv_block(u, finish)
    }
    fn erf_over_sqrt2(x: f32) -> f32 {
        special::f32::erf(x * special::f32::FRAC_1_SQRT_2)
    }
    fn next_toward(x: f32, up: bool) -> f32 {
        if x.is_infinite() && (x > 0.0) == up {
            return x;
        }
        f32::from_bits(next_bits(x.to_bits() as u64, 32, x.is_nan(), up) as u32)
    }
    #[inline(always)]
    fn clamp(x: f32, lo: f32, hi: f32) -> f32 {
        xla_min32(hi, xla_max32(x, lo))
    }
}

impl Recipe for f64 {
    const NORMAL_LOW: f64 = -0.999_999_999_999_999_9;

    #[inline(always)]
    fn unit(words: [u32; 2]) -> f64 {
        let bits = ((words[0] as u64) << 32) | words[1] as u64;
        f64::from_bits((bits >> 12) | 0x3FF0_0000_0000_0000) - 1.0
    }
    #[inline(always)]
    fn scale_shift(unit: f64, span: f64, min: f64) -> f64 {
        unit.mul_add(span, min)
    }
    #[inline(always)]
    fn max(a: f64, b: f64) -> f64 {
        xla_max64(a, b)
    }
    #[inline(always)]
    fn sub(a: f64, b: f64) -> f64 {
        a - b
    }
    #[inline(always)]
    fn times_sqrt2(e: f64) -> f64 {
        e * std::f64::consts::SQRT_2
    }
    #[inline(always)]
    fn erf_inv(u: f64) -> f64 {
        special::f64::erf_inv(u)
    }
    fn erf_over_sqrt2(x: f64) -> f64 {
        special::f64::erf(x * special::f64::FRAC_1_SQRT_2)
    }
    fn next_toward(x: f64, up: bool) -> f64 {
        if x.is_infinite() && (x > 0.0) == up {
            return x;
        }
        f64::from_bits(next_bits(x.to_bits(), 64, x.is_nan(), up))
    }
    #[inline(always)]
    fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
        xla_min64(hi, xla_max64(x, lo))
    }
}

/// The steps of a 16-bit type: each operation in `f32`, rounded to the type after it.
macro_rules! half_recipe {
    ($t:ident, $from:path, $to:path, $unit_bits:expr, $unit_shift:expr, $jit_folds:expr) => {
        impl Recipe for $t {
            const NORMAL_LOW: $t = $t::from_bits(<$t>::NEG_ONE.to_bits() - 1);
            const UNIT_BITS: u32 = $unit_bits;
            const UNIT_SHIFT: u32 = $unit_shift;

            #[inline(always)]
            fn unit(words: [u32; 2]) -> $t {
                let bits = Self::unit_index(words) as u16;
                let one_to_two = $t::from_bits(bits | <$t>::ONE.to_bits());
                $from($to(one_to_two) - 1.0)
            }
            #[inline(always)]
            fn fill_unit_based<F: Lanes<Self>>(
                simd: Simd,
                at: ([u32; 2], u64),
                out: &mut [Self],
                lanes: F,
            ) {
                fill_by_table(simd, at, out, lanes)
            }
            #[inline(always)]
            fn scale_shift(unit: $t, span: $t, min: $t) -> $t {
                let scaled = $from($to(unit) * $to(span));
                $from($to(scaled) + $to(min))
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                $from(xla_max32($to(a), $to(b)))
            }
            #[inline(always)]
            fn sub(a: $t, b: $t) -> $t {
                $from($to(a) - $to(b))
            }
            #[inline(always)]
            fn times_sqrt2(e: $t) -> $t {
                $from($to(e) * $to($t::SQRT_2))
            }
            #[inline(always)]
            fn erf_inv(u: $t) -> $t {
                $from(special::f32::erf_inv($to(u)))
            }
            #[inline(always)]
            fn erf_inv_block<const L: usize>(u: &[$t; L], mut finish: impl FnMut(usize, $t)) {
                let mut wide = [0f32; L];
                for (wide, &u) in wide.iter_mut().zip(u) {
                    *wide = $to(u);
                }
                special::f32::erf_inv_block(
                    &wide,
                    #[inline(always)]
                    |lane, e| finish(lane, $from(e)),
                );
            }
            const JIT_FOLDS_NORMAL_SCALE: bool = $jit_folds;
            fn erf_over_sqrt2(x: $t) -> $t {
                let frac = 1.0 / $to($t::SQRT_2);
                let scaled = $from($to(x) * frac);
                $from(special::f32::erf($to(scaled)))
            }
            fn next_toward(x: $t, up: bool) -> $t {
                if x.is_infinite() && ($to(x) > 0.0) == up {
                    return x;
                }
                $t::from_bits(next_bits(x.to_bits() as u64, 16, x.is_nan(), up) as u16)
            }
            #[inline(always)]
            fn clamp(x: $t, lo: $t, hi: $t) -> $t {
                let above = $from(xla_max32($to(x), $to(lo)));
                $from(xla_min32($to(hi), $to(above)))
            }
        }
    };
}

// bfloat16 has 7 mantissa bits, fewer than 8, so JAX draws only 8 random bits for it and
// keeps the top 7: `(x as u8) >> 1`.
half_recipe!(bf16, bf16::from_f32, bf16::to_f32, 7, 1, false);
// float16 draws 16 bits and keeps the top 10: `(x as u16) >> 6`.
// Its conversions are ours: they vectorize (the `half` crate's check the CPU at each call).
half_recipe!(f16, f16_from_f32, f16_to_f32, 10, 6, true);
