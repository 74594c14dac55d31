//! Single precision: the functions XLA:CPU emits for `f32` (and for `bf16`/`f16`, upcast).

use super::horner;

/// `1/sqrt(2)` rounded to `f32`: XLA turns `x / sqrt2` into `x * (1/sqrt2)`.
pub const FRAC_1_SQRT_2: f32 = f32::from_bits(0x3F35_04F3);

/// Natural logarithm as XLA:CPU's vectorized `logf` (Cephes' polynomial).
///
/// Inputs below the smallest normal number (denormals, flushed by XLA) give `log` of that
/// number; zero gives `-inf`, negatives and NaN give NaN, `+inf` gives `+inf`.
#[inline(always)]
pub fn log(input: f32) -> f32 {
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
    let bits = clamped.to_bits();
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
    const THRESHOLD: f32 = f32::from_bits(0x3ED4_13CD); // 0.41421356: sqrt(2) - 1
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
    if x.abs() < THRESHOLD {
        let x2 = x * x;
        let ratio = horner(x, &P) / horner(x, &Q);
        let cubic = (x * x2) * ratio;
        x + x2.mul_add(-0.5, cubic)
    } else {
        log(x + 1.0)
    }
}

/// `erf_inv(x)` as JAX's StableHLO decomposition for `f32` (Giles, 2010), compiled by XLA:CPU.
#[inline(always)]
pub fn erf_inv(x: f32) -> f32 {
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
    let w = -log1p(x * -x);
    let p = if w < 5.0 {
        horner(w + -2.5, &CENTRAL)
    } else {
        horner(w.sqrt() + -3.0, &TAIL)
    };
    if x.abs() == 1.0 {
        x * f32::INFINITY
    } else {
        p * x
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
