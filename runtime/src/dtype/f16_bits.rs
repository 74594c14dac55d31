//! `f32` <-> IEEE half conversions written as plain integer and float operations, so that the
//! sampler loops vectorize them (the `half` crate checks the CPU on every call, which keeps
//! those loops scalar). Both are exact: round to nearest even, as the hardware converts.

use half::f16;

/// `f32` to `f16`, rounding to nearest even; infinities stay infinite, overflow gives
/// infinity, NaN gives a quiet NaN of the same sign.
#[inline(always)]
pub(crate) fn f16_from_f32(value: f32) -> f16 {
    let bits = value.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let magnitude = bits & 0x7FFF_FFFF;
    // 2^16: from here on the result is infinite (or NaN above the f32 infinity).
    const OVERFLOW: u32 = (127 + 16) << 23;
    const INFINITY: u32 = 0x7F80_0000;
    // Below 2^-14 the result is subnormal: adding 0.5 (exponent -1) puts the ten kept
    // mantissa bits at the bottom of the f32, rounded to nearest even by the addition itself.
    const SUBNORMAL: u32 = 113 << 23;
    const HALF: u32 = 126 << 23;
    let special = if magnitude > INFINITY { 0x7E00 } else { 0x7C00 };
    let subnormal = {
        let sum = f32::from_bits(magnitude) + f32::from_bits(HALF);
        (sum.to_bits() - HALF) as u16
    };
    let normal = {
        // Rebias the exponent and round: add half an ulp minus one, plus the lowest kept bit.
        let odd = (magnitude >> 13) & 1;
        ((magnitude
            .wrapping_add(((15u32).wrapping_sub(127) << 23).wrapping_add(0xFFF))
            .wrapping_add(odd))
            >> 13) as u16
    };
    let out = if magnitude >= OVERFLOW {
        special
    } else if magnitude < SUBNORMAL {
        subnormal
    } else {
        normal
    };
    f16::from_bits(out | sign)
}

/// `f16` to `f32`, exactly.
#[inline(always)]
pub(crate) fn f16_to_f32(value: f16) -> f32 {
    let h = value.to_bits() as u32;
    let shifted = (h & 0x7FFF) << 13;
    let exponent = shifted & (0x7C00 << 13);
    let rebased = shifted + ((127 - 15) << 23);
    let out = if exponent == 0x7C00 << 13 {
        // Infinity or NaN: the f32 exponent is all ones too.
        rebased + ((128 - 16) << 23)
    } else if exponent == 0 {
        // Zero or subnormal: renormalize by subtracting 2^-14 from a number with that bias.
        let renormalized = f32::from_bits(rebased + (1 << 23)) - f32::from_bits(113 << 23);
        renormalized.to_bits()
    } else {
        rebased
    };
    f32::from_bits(out | ((h & 0x8000) << 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_f16_converts_exactly() {
        for bits in 0..=u16::MAX {
            let h = f16::from_bits(bits);
            let ours = f16_to_f32(h);
            if h.is_nan() {
                assert!(ours.is_nan());
            } else {
                assert_eq!(ours.to_bits(), h.to_f32().to_bits(), "{bits:#x}");
            }
        }
    }

    #[test]
    fn f32_converts_as_the_half_crate() {
        // Every f32 whose bits are a multiple of 97 (44M values over the whole range), and
        // every f32 near the rounding, overflow and subnormal boundaries.
        let check = |bits: u32| {
            let x = f32::from_bits(bits);
            let ours = f16_from_f32(x);
            let theirs = f16::from_f32(x);
            if x.is_nan() {
                assert!(ours.is_nan() && ours.is_sign_negative() == x.is_sign_negative());
            } else {
                assert_eq!(ours.to_bits(), theirs.to_bits(), "{x:e} ({bits:#x})");
            }
        };
        for bits in (0..=u32::MAX).step_by(97) {
            check(bits);
        }
        for center in [
            0x4780_0000u32,
            0x477F_E000,
            0x3880_0000,
            0x3300_0000,
            0x3F80_0000,
        ] {
            for delta in 0..4096u32 {
                check(center.wrapping_add(delta));
                check(center.wrapping_sub(delta));
                check((center | 0x8000_0000).wrapping_add(delta));
            }
        }
    }
}
