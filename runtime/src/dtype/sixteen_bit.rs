//! `bf16` and `f16`: each operation in `f32`, rounded to the type after it, as XLA's float
//! normalization computes them; `erf` and `erf_inv` run whole in `f32`.

use half::{bf16, f16};

use super::xla::{max_f32, min_f32, next_bits};
use super::{f16_from_f32, f16_to_f32, le_bytes, Dtype, ElementType, PerDtype};
use crate::special;

/// `Dtype` for a 16-bit float computed in `f32`: `$from`/`$to` convert, `unit` keeps
/// `$unit_bits` random bits found `$unit_shift` bits up in `x0 ^ x1`.
macro_rules! sixteen_bit_dtype {
    ($t:ident, $variant:ident, $from:path, $to:path, $from_f64:expr,
     random_bits = $random_bits:expr, unit_bits = $unit_bits:expr, unit_shift = $unit_shift:expr,
     jit_folds = $jit_folds:expr) => {
        #[diagnostic::do_not_recommend]
        impl Dtype for $t {
            const DTYPE: ElementType = ElementType::$variant;
            const NORMAL_LOW: $t = $t::from_bits(<$t>::NEG_ONE.to_bits() - 1);
            const RANDOM_BITS: u32 = $random_bits;
            const UNIT_BITS: u32 = $unit_bits;
            const UNIT_SHIFT: u32 = $unit_shift;
            const JIT_FOLDS_NORMAL_SCALE: bool = $jit_folds;

            #[inline]
            fn from_f64(v: f64) -> Self {
                $from_f64(v)
            }
            #[inline]
            fn to_f64(self) -> f64 {
                $to(self) as f64
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                $from($to(self) * $to(rhs))
            }
            #[inline(always)]
            fn div(self, rhs: Self) -> Self {
                $from($to(self) / $to(rhs))
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $from($to(self).sqrt())
            }
            le_bytes!($t, 2);

            fn select<P: PerDtype>(choices: P) -> P::Out<Self> {
                choices.$t()
            }

            #[inline(always)]
            fn sub(a: $t, b: $t) -> $t {
                $from($to(a) - $to(b))
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                $from(max_f32($to(a), $to(b)))
            }
            #[inline(always)]
            fn clamp(x: $t, lo: $t, hi: $t) -> $t {
                let above = $from(max_f32($to(x), $to(lo)));
                $from(min_f32($to(hi), $to(above)))
            }
            #[inline(always)]
            fn scale_shift(unit: $t, span: $t, min: $t) -> $t {
                let scaled = $from($to(unit) * $to(span));
                $from($to(scaled) + $to(min))
            }
            #[inline(always)]
            fn times_sqrt2(e: $t) -> $t {
                $from($to(e) * $to($t::SQRT_2))
            }
            fn next_toward(x: $t, up: bool) -> $t {
                if x.is_infinite() && ($to(x) > 0.0) == up {
                    return x;
                }
                $t::from_bits(next_bits(x.to_bits() as u64, 16, x.is_nan(), up) as u16)
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
            fn erf_over_sqrt2(x: $t) -> $t {
                let frac = 1.0 / $to($t::SQRT_2);
                let scaled = $from($to(x) * frac);
                $from(special::f32::erf($to(scaled)))
            }

            #[inline(always)]
            fn unit(words: [u32; 2]) -> $t {
                let bits = Self::unit_index(words) as u16;
                let one_to_two = $t::from_bits(bits | <$t>::ONE.to_bits());
                $from($to(one_to_two) - 1.0)
            }
        }
    };
}

// bfloat16 has 7 mantissa bits, fewer than 8, so JAX draws only 8 random bits for it and keeps
// the top 7: `(x as u8) >> 1`. A Python float becomes bf16 through f32, as ml_dtypes converts
// it. Under jit, XLA's conversions keep normal's two multiplies apart.
sixteen_bit_dtype!(
    bf16,
    BF16,
    bf16::from_f32,
    bf16::to_f32,
    |v: f64| bf16::from_f32(v as f32),
    random_bits = 8,
    unit_bits = 7,
    unit_shift = 1,
    jit_folds = false
);
// float16 draws 16 bits and keeps the top 10: `(x as u16) >> 6`. Its conversions are ours:
// they vectorize (the `half` crate's check the CPU at each call).
sixteen_bit_dtype!(
    f16,
    F16,
    f16_from_f32,
    f16_to_f32,
    f16::from_f64,
    random_bits = 16,
    unit_bits = 10,
    unit_shift = 6,
    jit_folds = true
);
