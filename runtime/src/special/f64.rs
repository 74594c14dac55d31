//! Double precision: the functions XLA:CPU emits for `f64`.

use super::horner;

/// `1 / sqrt2` with `sqrt2` rounded to `f64` first: XLA turns `x / sqrt2` into this product.
pub const FRAC_1_SQRT_2: f64 = 1.0 / std::f64::consts::SQRT_2;

/// `log(1 + x)` as XLA:CPU's `log-plus-one` for `f64`: Cephes' rational near zero, and the C
/// library's `log(1 + x)` elsewhere (XLA calls the same `log` as Rust's `f64::ln`).
#[inline(always)]
pub fn log1p(x: f64) -> f64 {
    const THRESHOLD: f64 = f64::from_bits(0x3FDA_8279_99FC_EF32); // sqrt(2) - 1
    const P: [f64; 7] = [
        f64::from_bits(0x3F07_BC09_62B3_95CA),
        f64::from_bits(0x3FDF_E818_A0FE_1A83),
        f64::from_bits(0x401A_509F_46F4_FA53),
        f64::from_bits(0x403D_E973_8B8C_B9C9),
        f64::from_bits(0x404E_798E_B86C_3351),
        f64::from_bits(0x404C_8E75_9747_9A10),
        f64::from_bits(0x4034_0A20_2D99_830A),
    ];
    const Q: [f64; 7] = [
        1.0,
        f64::from_bits(0x402E_2035_9E90_3E37),
        f64::from_bits(0x4054_C30B_5221_3498),
        f64::from_bits(0x406B_B865_90FC_FB56),
        f64::from_bits(0x4073_5194_5DC9_08A5),
        f64::from_bits(0x406B_0DB1_3E48_E066),
        f64::from_bits(0x404E_0F30_4466_448E),
    ];
    if x.abs() < THRESHOLD {
        let x2 = x * x;
        let ratio = horner(x, &P) / horner(x, &Q);
        let cubic = (x * x2) * ratio;
        x + x2.mul_add(-0.5, cubic)
    } else {
        (x + 1.0).ln()
    }
}

/// `erf_inv(x)` as JAX's StableHLO decomposition for `f64` (Giles, 2010: three ranges of `w`).
#[inline(always)]
pub fn erf_inv(x: f64) -> f64 {
    const CENTRAL: [f64; 23] = [
        -3.644_412_064_017_82e-21,
        -1.685_059_138_182_016_6e-19,
        1.285_848_071_525_64e-18,
        1.115_787_767_802_518_1e-17,
        -1.333_171_662_854_621e-16,
        2.097_276_787_596_856_2e-17,
        6.637_638_134_358_324e-15,
        -4.054_566_272_975_207e-14,
        -8.151_934_197_605_472e-14,
        2.633_509_315_308_232_3e-12,
        -1.297_513_325_345_353_2e-11,
        -5.415_412_054_294_628e-11,
        1.051_212_273_321_532_3e-9,
        -4.112_633_980_346_984e-9,
        -2.907_036_995_788_200_5e-8,
        4.234_787_782_793_240_4e-7,
        -1.365_469_200_083_467_9e-6,
        -1.388_252_336_278_646_9e-5,
        0.000_186_734_208_034_057_14,
        -0.000_740_702_534_166_267,
        -0.006_033_670_871_430_149,
        0.240_158_182_425_589_62,
        1.653_654_562_683_102_7,
    ];
    const MIDDLE: [f64; 19] = [
        2.213_737_692_177_578_7e-9,
        9.075_656_193_888_539e-8,
        -2.751_740_629_706_454_5e-7,
        1.823_962_921_438_922_8e-8,
        1.502_740_396_890_982_8e-6,
        -4.013_867_526_981_546e-6,
        2.923_444_908_995_544_6e-6,
        1.247_530_448_167_177_9e-5,
        -4.731_822_900_905_573_4e-5,
        6.828_485_145_957_318e-5,
        2.403_111_038_709_789_4e-5,
        -0.000_355_037_520_362_847_5,
        0.000_953_289_379_737_380_5,
        -0.001_688_275_556_023_504_7,
        0.002_491_442_096_107_851,
        -0.003_751_208_507_569_241,
        0.005_370_914_553_590_064,
        1.005_258_967_694_159_2,
        3.083_885_610_492_220_8,
    ];
    const TAIL: [f64; 17] = [
        -2.710_992_061_643_857_3e-11,
        -2.555_641_816_996_525e-10,
        1.507_657_269_350_054_8e-9,
        -3.789_465_440_126_737e-9,
        7.615_701_208_078_34e-9,
        -1.496_002_662_714_924e-8,
        2.914_795_345_090_108e-8,
        -6.771_199_775_845_234e-8,
        2.290_048_222_802_665_5e-7,
        -9.929_827_294_231_7e-7,
        4.526_062_597_223_154e-6,
        -1.968_177_810_553_167e-5,
        7.599_527_703_001_776e-5,
        -0.000_215_030_119_300_444_77,
        -0.000_138_719_318_336_231_22,
        1.010_300_464_864_534_4,
        4.849_906_401_408_584,
    ];
    let w = -log1p(x * -x);
    let p = if w < 6.25 {
        horner(w - 3.125, &CENTRAL)
    } else if w < 16.0 {
        horner(w.sqrt() - 3.25, &MIDDLE)
    } else {
        horner(w.sqrt() - 5.0, &TAIL)
    };
    if x.abs() == 1.0 {
        x * f64::INFINITY
    } else {
        p * x
    }
}

/// `erf(x)` for `f64`: XLA:CPU calls the C library's `erf`, and so does this.
#[inline]
pub fn erf(x: f64) -> f64 {
    unsafe extern "C" {
        #[link_name = "erf"]
        fn libm_erf(x: f64) -> f64;
    }
    // SAFETY: `erf` of the C math library is a pure function of one double.
    unsafe { libm_erf(x) }
}
