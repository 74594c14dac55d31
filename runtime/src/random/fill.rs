//! [`Fill`]: a sampler as a fill of flat index ranges, and whole arrays made in parallel.

use ndarray::{ArrayD, IxDyn};
use rayon::prelude::*;

use crate::alloc::{zeroed_vec, ZeroBits};
use crate::random::Simd;
use crate::{Dtype, Key};

/// Elements per parallel task: large enough to amortize scheduling, small enough to balance.
/// Chunking never changes the result: element `i` depends only on the key and `i`.
const CHUNK: usize = 1 << 15;

/// A sampler that writes any range of the flat (row-major) sample on its own.
pub trait Fill<T: Send>: Sync {
    /// Writes elements `start .. start + out.len()` of the sample drawn with `key`, with the
    /// compiled copy `simd` (all copies give the same bits; tests compare them).
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]);

    /// Writes elements `start .. start + out.len()` of `sample * factor`, the product rounded
    /// once to the dtype (XLA's `multiply`), with the copy `simd`: how initializers scale a
    /// draw.
    ///
    /// The default multiplies after [`fill_simd`](Fill::fill_simd). This crate's samplers
    /// multiply inside their element function instead: the same bits in one pass, and for
    /// 16-bit dtypes a table of the products.
    fn fill_simd_scaled(&self, simd: Simd, key: Key, start: u64, out: &mut [T], factor: T)
    where
        T: Dtype,
    {
        self.fill_simd(simd, key, start, out);
        for x in out.iter_mut() {
            *x = x.mul(factor);
        }
    }

    /// Writes elements `start .. start + out.len()` of the sample drawn with `key`.
    fn fill(&self, key: Key, start: u64, out: &mut [T]) {
        self.fill_simd(Simd::detect(), key, start, out)
    }

    /// Writes elements `start .. start + out.len()`, split over rayon's threads.
    fn fill_parallel(&self, key: Key, start: u64, out: &mut [T]) {
        in_parallel_chunks(start, out, |at, chunk| self.fill(key, at, chunk));
    }

    /// The whole array of this shape.
    ///
    /// # Panics
    /// If the number of elements overflows `usize`, as `ndarray` does.
    fn sample(&self, key: Key, shape: &[usize]) -> ArrayD<T>
    where
        T: ZeroBits,
    {
        let len = element_count(shape);
        let mut data = zeroed_vec(len);
        self.fill_parallel(key, 0, &mut data);
        ArrayD::from_shape_vec(IxDyn(shape), data).expect("the length is the product of the shape")
    }
}

/// Runs `fill(start + offset, chunk)` on the chunks of `out`, split over rayon's threads (one
/// call when `out` is small): how every sampler fills a whole range in parallel.
pub(crate) fn in_parallel_chunks<T: Send>(
    start: u64,
    out: &mut [T],
    fill: impl Fn(u64, &mut [T]) + Sync,
) {
    if out.len() <= CHUNK {
        return fill(start, out);
    }
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(i, chunk)| fill(start + (i * CHUNK) as u64, chunk));
}

/// The product of the shape.
///
/// # Panics
/// With ndarray's own message when it overflows `usize` or `isize`.
pub(crate) fn element_count(shape: &[usize]) -> usize {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= isize::MAX as usize)
        .expect("ndarray: Shape too large, product of non-zero axis lengths overflows isize")
}

/// `Fill<T>` for samplers that write `then(element)` with a method
/// `fill_then(&self, simd, key, start, out, then)`: `fill_simd` with `then` the identity,
/// `fill_simd_scaled` with `then` the multiply, in the same pass.
macro_rules! fill_through_then {
    ($($sampler:ty),*) => {$(
        impl<T: $crate::Dtype> $crate::random::Fill<T> for $sampler {
            fn fill_simd(
                &self,
                simd: $crate::random::Simd,
                key: $crate::Key,
                start: u64,
                out: &mut [T],
            ) {
                self.fill_then(simd, key, start, out, #[inline(always)] |x: T| x);
            }

            fn fill_simd_scaled(
                &self,
                simd: $crate::random::Simd,
                key: $crate::Key,
                start: u64,
                out: &mut [T],
                factor: T,
            ) {
                self.fill_then(simd, key, start, out, #[inline(always)] move |x: T| x.mul(factor));
            }
        }
    )*};
}
pub(crate) use fill_through_then;
