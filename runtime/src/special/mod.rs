//! `erf`, `erf_inv`, `log1p` and `log` exactly as XLA:CPU computes them.
//!
//! JAX lowers `erf_inv` to a StableHLO decomposition (Giles' polynomials), `log1p` to XLA's
//! `log-plus-one`, and `erf` to XLA's own rational approximation. XLA:CPU then compiles them
//! with LLVM, which fuses every `a * b + c` whose product has no other use into one
//! fused multiply-add. Bit-identity with JAX needs the same constants, the same operation
//! order and the same fusions; each function here states the order it follows.
//! 16-bit types compute these functions in `f32` (XLA upcasts them).

pub mod f32;
pub mod f64;

/// A float with a fused multiply-add: `f32` and `f64`.
pub(crate) trait MulAdd: Copy {
    /// `self * a + b` with one rounding.
    fn mul_add(self, a: Self, b: Self) -> Self;
}

impl MulAdd for f32 {
    #[inline(always)]
    fn mul_add(self, a: f32, b: f32) -> f32 {
        f32::mul_add(self, a, b)
    }
}

impl MulAdd for f64 {
    #[inline(always)]
    fn mul_add(self, a: f64, b: f64) -> f64 {
        f64::mul_add(self, a, b)
    }
}

/// Horner's rule with one fused multiply-add per step, `((c0 * x + c1) * x + c2) ...`, as
/// LLVM contracts XLA's multiply-add chains.
#[inline(always)]
pub(crate) fn horner<F: MulAdd>(x: F, coefficients: &[F]) -> F {
    let mut acc = coefficients[0];
    for &c in &coefficients[1..] {
        acc = acc.mul_add(x, c);
    }
    acc
}
