//! Elementwise initializers: a `jax.random` draw times a factor in the dtype, computed for any
//! index range on its own (so a range costs only the range).

use ndarray::ArrayD;
use rayon::prelude::*;

use super::initializer::{check_range, element_count, from_vec};
use crate::random::Fill;
use crate::{Dtype, Key, Result};

/// What an elementwise initializer writes: a constant, or a draw times a factor.
pub(crate) enum Draw<'a, T> {
    /// Every element is this value (`jnp.full`).
    Constant(T),
    /// `sampler(key) * factor`, one XLA multiply in the dtype.
    Scaled(&'a dyn Fill<T>, T),
}

impl<T: Dtype> Draw<'_, T> {
    /// The whole array, filled in parallel.
    pub(crate) fn sample(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let n = element_count(shape)?;
        let data = match self {
            Draw::Constant(v) => vec![*v; n],
            Draw::Scaled(sampler, factor) => {
                let mut data = vec![T::default(); n];
                sampler.fill_parallel(key, 0, &mut data);
                let factor = *factor;
                data.par_iter_mut().for_each(|x| *x = x.mul(factor));
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
            Draw::Scaled(sampler, factor) => {
                sampler.fill(key, start, out);
                for x in out.iter_mut() {
                    *x = x.mul(*factor);
                }
            }
        }
        Ok(())
    }
}

/// `f64` formatted as Python's `repr` would, for descriptions (`0.02`, `1.0`, `-2.0`).
pub(crate) fn py_float(v: f64) -> String {
    if v.is_finite() && v == v.trunc() && v.abs() < 1e16 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}
