//! Single precision: the functions XLA:CPU emits for `f32` (and for `bf16`/`f16`, upcast).

use super::horner;
use crate::lanes::GROUP_LANES;

/// `1/sqrt(2)` rounded to `f32`: XLA turns `x / sqrt2` into `x * (1/sqrt2)`.
pub const FRAC_1_SQRT_2: f32 = f32::from_bits(0x3F35_04F3);

/// Natural logarithm as XLA:CPU's vectorized `logf` (Cephes' polynomial).
///
/// Inputs below the smallest normal number (denormals, flushed by XLA) give `log` of that
/// number; zero gives `-inf`, negatives and NaN give NaN, `+inf` gives `+inf`.
#[inline(always)]
pub fn log(input: f32) -> f32 {
    if input.is_nan() || input < 0.0 {
        return f32::NAN;
    }
    if input == 0.0 {
        return f32::NEG_INFINITY;
    }
    if input == f32::INFINITY {
        return f32::INFINITY;
    }
    let clamped = if input > f32::MIN_POSITIVE {
        input
    } else {
        f32::MIN_POSITIVE
    };
    log_of_normal(clamped)
}

/// [`log`] without its special cases: exact for positive, finite, normal inputs; others give
/// an unspecified value.
#[inline(always)]
fn log_of_normal(input: f32) -> f32 {
    const SQRT_HALF: f32 = f32::from_bits(0x3F35_04F3);
    const P: [f32; 9] = [
        f32::from_bits(0x3D90_21BB),
        f32::from_bits(0xBDEB_D1B8),
        f32::from_bits(0x3DEF_251A),
        f32::from_bits(0xBDFE_5D4F),
        f32::from_bits(0x3E11_E9BF),
        f32::from_bits(0xBE2A_AE50),
        f32::from_bits(0x3E4C_CEAC),
        f32::from_bits(0xBE7F_FFFC),
        f32::from_bits(0x3EAA_AAAA),
    ];
    const Q1: f32 = f32::from_bits(0xB95E_8083);
    const Q2: f32 = f32::from_bits(0x3F31_8000);
    let bits = input.to_bits();
    let exponent = ((bits >> 23) as i32 - 127) as f32 + 1.0;
    // The mantissa as a number in [0.5, 1).
    let mantissa = f32::from_bits((bits & 0x807F_FFFF) | 0x3F00_0000);
    let below = mantissa < SQRT_HALF;
    let e = exponent - if below { 1.0 } else { 0.0 };
    let x = (mantissa - 1.0) + if below { mantissa } else { 0.0 };
    let x2 = x * x;
    let x3 = x2 * x;
    let y0 = horner(x, &P[0..3]);
    let y1 = horner(x, &P[3..6]);
    let y2 = horner(x, &P[6..9]);
    let y = y0.mul_add(x3, y1);
    let y = y.mul_add(x3, y2);
    let y = y.mul_add(x3, Q1 * e);
    let head = (-x2).mul_add(0.5, x);
    e.mul_add(Q2, head + y)
}

/// `log(1 + x)` as XLA:CPU's `log-plus-one`: Cephes' rational near zero, `log(1 + x)` elsewhere.
#[inline(always)]
pub fn log1p(x: f32) -> f32 {
    if is_near_zero(x) {
        log1p_near_zero(x)
    } else {
        log(x + 1.0)
    }
}

/// Below this magnitude [`log1p`] uses its rational function: `sqrt(2) - 1`.
const LOG1P_THRESHOLD: f32 = f32::from_bits(0x3ED4_13CD); // 0.41421356

/// [`log1p`] for `|x| <` [`LOG1P_THRESHOLD`]: Cephes' rational function.
#[inline(always)]
fn log1p_near_zero(x: f32) -> f32 {
    const P: [f32; 7] = [
        4.527e-5,
        f32::from_bits(0x3EFF_40C5),
        f32::from_bits(0x40D2_84FA),
        f32::from_bits(0x41EF_4B9C),
        f32::from_bits(0x4273_CC76),
        f32::from_bits(0x4264_73AD),
        f32::from_bits(0x41A0_5101),
    ];
    const Q: [f32; 7] = [
        1.0,
        f32::from_bits(0x4171_01AD),
        f32::from_bits(0x42A6_185B),
        f32::from_bits(0x435D_C32D),
        f32::from_bits(0x439A_8CA3),
        f32::from_bits(0x4358_6D8A),
        f32::from_bits(0x4270_7982),
    ];
    let x2 = x * x;
    let ratio = horner(x, &P) / horner(x, &Q);
    let cubic = (x * x2) * ratio;
    x + x2.mul_add(-0.5, cubic)
}

/// `erf_inv(x)` as JAX's StableHLO decomposition for `f32` (Giles, 2010), compiled by XLA:CPU.
///
/// `x` outside `[-1, 1]` gives NaN, `+-1` gives `+-inf`.
#[inline(always)]
pub fn erf_inv(x: f32) -> f32 {
    erf_inv_from_w::<true>(x, erf_inv_w(x))
}

/// `w = -log1p(-x * x)`, the variable of Giles' polynomials, exact for `|x| < 1`.
///
/// `log1p`'s `log(1 + x)` branch skips `log`'s special cases: for `|x| < 1` its input is at
/// least `2^-23`, and every other `x` gets its result from [`erf_inv_from_w`]'s own cases.
#[inline(always)]
fn erf_inv_w(x: f32) -> f32 {
    let y = x * -x;
    let log1p = if is_near_zero(y) {
        log1p_near_zero(y)
    } else {
        log_of_normal(y + 1.0)
    };
    -log1p
}

/// Whether [`log1p`]`(y)` takes its rational function (NaN does not).
#[inline(always)]
fn is_near_zero(y: f32) -> bool {
    y.abs() < LOG1P_THRESHOLD
}

/// Whether `w` takes Giles' central polynomial: below 5. At or above (and NaN), the tail one.
#[inline(always)]
fn is_central(w: f32) -> bool {
    w < 5.0
}

/// `erf_inv(x)` from `w =` [`erf_inv_w`]`(x)`. With `WITH_TAIL = false` every lane takes the
/// central polynomial: use it only where [`is_central`], as `true` computes there.
#[inline(always)]
fn erf_inv_from_w<const WITH_TAIL: bool>(x: f32, w: f32) -> f32 {
    const CENTRAL: [f32; 9] = [
        f32::from_bits(0x32F1_6588), // 2.81022636e-08
        f32::from_bits(0x34B8_4B36), // 3.43273939e-07
        f32::from_bits(0xB66C_7357), // -3.5233877e-06
        f32::from_bits(0xB693_5AC1), // -4.39150654e-06
        f32::from_bits(0x3965_32DB), // 0.00021858087
        f32::from_bits(0xBAA4_5408), // -0.00125372503
        f32::from_bits(0xBB88_E4EF), // -0.00417768164
        f32::from_bits(0x3E7C_8F63), // 0.246640727
        f32::from_bits(0x3FC0_2E2F), // 1.50140941
    ];
    const TAIL: [f32; 9] = [
        f32::from_bits(0xB951_F09B), // -0.000200214257
        f32::from_bits(0x38D3_B56B), // 0.000100950558
        f32::from_bits(0x3AB0_DC72), // 0.00134934322
        f32::from_bits(0xBB70_BDE7), // -0.00367342844
        f32::from_bits(0x3BBC_127B), // 0.00573950773
        f32::from_bits(0xBBF9_C5D7), // -0.0076224613
        f32::from_bits(0x3C1A_A57E), // 0.00943887047
        f32::from_bits(0x3F80_36DB), // 1.00167406
        f32::from_bits(0x4035_4F7E), // 2.83297682
    ];
    let central = horner(w + -2.5, &CENTRAL);
    let p = if WITH_TAIL && !is_central(w) {
        horner(w.sqrt() + -3.0, &TAIL)
    } else {
        central
    };
    let magnitude = x.abs();
    if magnitude == 1.0 {
        x * f32::INFINITY
    } else if magnitude < 1.0 {
        p * x
    } else {
        f32::NAN
    }
}

/// [`erf_inv`] of a block of lanes (`L` a multiple of [`GROUP_LANES`]), passed to
/// `finish(lane, value)`. Same bits as [`erf_inv`], with less work: the tail polynomial and
/// its `sqrt` serve `|x| > 0.9966` only (few groups of normal samples have such a lane), and
/// groups without one skip them.
#[inline(always)]
pub(crate) fn erf_inv_block<const L: usize>(x: &[f32; L], mut finish: impl FnMut(usize, f32)) {
    // `w` for the whole block in one loop: independent registers hide the latency of the
    // chains of fused multiply-adds better than group by group.
    let mut w = [0f32; L];
    for lane in 0..L {
        w[lane] = erf_inv_w(x[lane]);
    }
    let (x_groups, _) = x.as_chunks::<GROUP_LANES>();
    let (w_groups, _) = w.as_chunks::<GROUP_LANES>();
    for (group, (x, w)) in x_groups.iter().zip(w_groups).enumerate() {
        let first = group * GROUP_LANES;
        let tail = w.iter().fold(false, |tail, &w| tail | !is_central(w));
        if tail {
            for lane in 0..GROUP_LANES {
                finish(first + lane, erf_inv_from_w::<true>(x[lane], w[lane]));
            }
        } else {
            for lane in 0..GROUP_LANES {
                finish(first + lane, erf_inv_from_w::<false>(x[lane], w[lane]));
            }
        }
    }
}

/// `erf(x)` as XLA:CPU's `erf` for `f32`: a rational function, odd over even in `x*x`, clamped.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    const LIMIT: f32 = f32::from_bits(0x406F_9C68); // 3.832506856900711
    const NUMERATOR: [f32; 5] = [
        f32::from_bits(0x3970_2D51),
        f32::from_bits(0x3B5F_5DA2),
        f32::from_bits(0x3D50_B6EB),
        f32::from_bits(0x3E3D_A740),
        f32::from_bits(0x3F90_6EBA),
    ];
    const DENOMINATOR: [f32; 7] = [
        f32::from_bits(0xB3FD_3906),
        f32::from_bits(0x37C5_88DF),
        f32::from_bits(0x3A85_6D28),
        f32::from_bits(0x3C66_87D4),
        f32::from_bits(0x3DE3_4C21),
        f32::from_bits(0x3EFE_B44A),
        1.0,
    ];
    if x.abs() >= LIMIT {
        return 1.0f32.copysign(x);
    }
    let x2 = x * x;
    (x * horner(x2, &NUMERATOR)) / horner(x2, &DENOMINATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block paths give [`erf_inv`]'s bits, with and without lanes in the tail range,
    /// and at the edges: `+-1`, beyond, NaN, zeros.
    #[test]
    fn groups_match_erf_inv() {
        let mut values: Vec<f32> = (0..1 << 16)
            .map(|k| f32::from_bits(0x3F7F_0000 + k)) // [0.996, 1), into the tail
            .chain((0..1 << 16).map(|k| k as f32 / 65536.0))
            .collect();
        values.extend([
            1.0,
            -1.0,
            1.5,
            -7.0,
            f32::NAN,
            f32::INFINITY,
            0.0,
            -0.0,
            1e-30,
        ]);
        let negated: Vec<f32> = values.iter().map(|x| -x).collect();
        values.extend(negated);
        // Groups mostly central with one tail lane, and groups all tail.
        let mut mixed: Vec<f32> = (0..4096).map(|k| (k as f32 / 4096.0) * 0.9).collect();
        for (i, x) in mixed.iter_mut().enumerate().step_by(37) {
            *x = 0.9999 * if i % 2 == 0 { 1.0 } else { -1.0 };
        }
        values.extend(mixed);
        const BLOCK: usize = 8 * GROUP_LANES;
        values.resize(values.len().div_ceil(BLOCK) * BLOCK, 0.5);
        for block in values.chunks_exact(BLOCK) {
            let block: &[f32; BLOCK] = block.try_into().unwrap();
            let mut got = [0f32; BLOCK];
            erf_inv_block(block, |lane, e| got[lane] = e);
            for (&x, &e) in block.iter().zip(&got) {
                let want = erf_inv(x);
                assert!(
                    e.to_bits() == want.to_bits() || (e.is_nan() && want.is_nan()),
                    "erf_inv({x:e}): block {e:e}, scalar {want:e}"
                );
            }
        }
    }

    #[test]
    fn edges() {
        assert_eq!(erf_inv(1.0), f32::INFINITY);
        assert_eq!(erf_inv(-1.0), f32::NEG_INFINITY);
        assert!(erf_inv(1.0 + f32::EPSILON).is_nan());
        assert!(erf_inv(-3.0).is_nan());
        assert!(erf_inv(f32::NAN).is_nan());
        assert_eq!(erf_inv(0.0).to_bits(), 0);
        assert_eq!(erf_inv(-0.0).to_bits(), (-0.0f32).to_bits());
    }
}
