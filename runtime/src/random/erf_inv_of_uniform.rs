//! `finish(erf_inv(u))` with `u` uniform: the shape of `normal`, `truncated_normal` and the
//! normal `jax.jit` folds its scale into. One implementation of [`ElementFn`] serves all three, so
//! the group path that skips `erf_inv`'s tail is written once.

use crate::random::simd::{Counters, ElementFn, Simd};
use crate::random::table::fill_from_unit;
use crate::random::uniform::{clamp_matters, uniform_element};
use crate::Dtype;

/// Writes `finish(erf_inv(u))` for elements `start ..` of `out`, `u` uniform on
/// `[min, min + span)` as `_uniform` makes it.
#[inline(always)]
pub(crate) fn fill_erf_inv_of_uniform<T: Dtype, F: Fn(T) -> T>(
    simd: Simd,
    counters: Counters<'_>,
    start: u64,
    out: &mut [T],
    (span, min): (T, T),
    finish: F,
) {
    if clamp_matters(span, min) {
        let lanes = ErfInvOfUniform::<T, F, true> { span, min, finish };
        fill_from_unit(simd, (counters, start), out, lanes)
    } else {
        let lanes = ErfInvOfUniform::<T, F, false> { span, min, finish };
        fill_from_unit(simd, (counters, start), out, lanes)
    }
}

/// The element function; `CLAMP` as in [`uniform_element`].
struct ErfInvOfUniform<T, F, const CLAMP: bool> {
    span: T,
    min: T,
    finish: F,
}

impl<T: Dtype, F: Fn(T) -> T, const CLAMP: bool> ElementFn<T> for ErfInvOfUniform<T, F, CLAMP> {
    #[inline(always)]
    fn element(&self, words: [u32; 2]) -> T {
        let u = uniform_element::<T, CLAMP>(words, self.span, self.min);
        (self.finish)(T::erf_inv(u))
    }

    #[inline(always)]
    fn block<const L: usize>(&self, x0: &[u32; L], x1: &[u32; L], out: &mut [T; L]) {
        let mut u = [T::default(); L];
        for lane in 0..L {
            u[lane] = uniform_element::<T, CLAMP>([x0[lane], x1[lane]], self.span, self.min);
        }
        T::erf_inv_block(
            &u,
            #[inline(always)]
            |lane, e| out[lane] = (self.finish)(e),
        );
    }
}
