//! Elementwise initializers: a `jax.random` draw times a factor in the dtype, computed for any
//! index range on its own (so a range costs only the range).

use ndarray::ArrayD;

use super::initializer::{check_range, element_count, from_vec};
use crate::random::fill::in_parallel_chunks;
use crate::random::{self, Fill, FoldedNormal, Simd};
use crate::{current_execution, Dtype, Execution, Key, Result};

/// What an elementwise initializer writes: a constant, or a draw times a factor.
pub(crate) enum Draw<'a, T> {
    /// Every element is this value (`jnp.full`).
    Constant(T),
    /// `sampler(key) * factor`, one XLA multiply in the dtype.
    Scaled(&'a dyn Fill<T>, T),
    /// `sampler(key)` as it is (a draw that has its factor inside).
    Sampled(&'a dyn Fill<T>),
}

/// `random.normal(key) * stddev` as the current [`Execution`](crate::Execution) computes it:
/// op by op, `(sqrt2 * erf_inv(u)) * stddev`; under `jax.jit`, `erf_inv(u) * (sqrt2 * stddev)`
/// where XLA folds the two constants (not in bf16).
pub(crate) fn with_normal_draw<T: Dtype, R>(stddev: T, f: impl FnOnce(Draw<'_, T>) -> R) -> R {
    if current_execution() == Execution::Jit && T::JIT_FOLDS_NORMAL_SCALE {
        let folded = FoldedNormal::new(T::from_f64(std::f64::consts::SQRT_2).mul(stddev));
        f(Draw::Sampled(&folded))
    } else {
        f(Draw::Scaled(&random::Normal, stddev))
    }
}

impl<T: Dtype> Draw<'_, T> {
    /// The whole array, filled in parallel.
    pub(crate) fn sample(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let n = element_count(shape)?;
        let data = match self {
            Draw::Constant(v) => vec![*v; n],
            Draw::Scaled(sampler, factor) => {
                let mut data = crate::alloc::zeroed_vec(n);
                in_parallel_chunks(0, &mut data, |at, chunk| {
                    scale(*sampler, *factor, key, at, chunk)
                });
                data
            }
            Draw::Sampled(sampler) => {
                let mut data = crate::alloc::zeroed_vec(n);
                sampler.fill_parallel(key, 0, &mut data);
                data
            }
        };
        from_vec(shape, data)
    }

    /// Elements `start .. start + out.len()` of `sample(key, shape)`.
    pub(crate) fn fill(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        check_range(shape, start, out.len())?;
        match self {
            Draw::Constant(v) => out.fill(*v),
            Draw::Scaled(sampler, factor) => scale(*sampler, *factor, key, start, out),
            Draw::Sampled(sampler) => sampler.fill(key, start, out),
        }
        Ok(())
    }
}

/// `sampler`'s elements `start..` times `factor`, written to `out` in one pass (the samplers
/// multiply inside their element function).
fn scale<T: Dtype>(sampler: &dyn Fill<T>, factor: T, key: Key, start: u64, out: &mut [T]) {
    sampler.fill_simd_scaled(Simd::detect(), key, start, out, factor);
}

/// `f64` formatted as Python's `repr` would, for descriptions (`0.02`, `1.0`, `-2.0`).
pub(crate) fn py_float(v: f64) -> String {
    if v.is_finite() && v == v.trunc() && v.abs() < 1e16 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}
