//! [`Fill`]: a sampler as a fill of flat index ranges, and whole arrays made in parallel.

use bytemuck::Zeroable;
use ndarray::{ArrayD, IxDyn};

use crate::alloc::zeroed_vec;
use crate::parallel::for_each_chunk;
use crate::random::Simd;
use crate::size::checked_element_count;
use crate::{Dtype, Key};

/// A sampler that writes any range of the flat (row-major) sample on its own.
pub trait Fill<T: Send>: Sync {
    /// Writes elements `start .. start + out.len()` of the sample drawn with `key`, with the
    /// compiled copy `simd` (all copies give the same bits; tests compare them).
    #[doc(hidden)]
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]);

    /// Writes elements `start .. start + out.len()` of `sample * factor`, the product rounded
    /// once to the dtype (XLA's `multiply`), with the copy `simd`: how initializers scale a
    /// draw.
    ///
    /// The default multiplies after [`fill_simd`](Fill::fill_simd). This crate's samplers
    /// multiply inside their element function instead: the same bits in one pass, and for
    /// 16-bit dtypes a table of the products.
    #[doc(hidden)]
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
        for_each_chunk(start, out, |at, chunk| self.fill(key, at, chunk));
    }

    /// The whole array of this shape.
    ///
    /// # Panics
    /// As `ndarray` does, if the number of elements overflows `isize` or the memory cannot be
    /// had. (Initializers and `Params::init` return these as errors.)
    fn sample(&self, key: Key, shape: &[usize]) -> ArrayD<T>
    where
        T: Zeroable,
    {
        let len = checked_element_count(shape)
            .expect("ndarray: Shape too large, product of non-zero axis lengths overflows isize");
        let mut data = zeroed_vec(len);
        self.fill_parallel(key, 0, &mut data);
        ArrayD::from_shape_vec(IxDyn(shape), data).expect("the length is the product of the shape")
    }
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
