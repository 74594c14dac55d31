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
