//! [`Fill`]: a sampler as a fill of flat index ranges, and whole arrays made in parallel.

use bytemuck::Zeroable;
use ndarray::{ArrayD, IxDyn};

use crate::alloc::zeroed_vec;
use crate::key::legacy::LegacyBits;
use crate::parallel::for_each_chunk;
use crate::random::simd::Counters;
use crate::random::Simd;
use crate::size::checked_element_count;
use crate::{Dtype, Key, Settings, Threefry};

/// A sampler that writes any range of the flat (row-major) sample on its own.
///
/// The range methods ([`fill`](Fill::fill), [`fill_parallel`](Fill::fill_parallel)) follow
/// JAX's default Threefry mode, where element `i` depends only on the key and `i`;
/// [`sample`](Fill::sample) follows this thread's mode (see
/// [`with_threefry`](crate::with_threefry)).
pub trait Fill<T: Send>: Sync {
    /// The bits JAX draws per element for this sampler and `T` (`random_bits`' width): what
    /// the legacy Threefry mode packs its stream by.
    #[doc(hidden)]
    fn bit_width(&self) -> u32;

    /// Writes elements `start .. start + out.len()` of the sample whose Threefry words come
    /// from `counters`, with the compiled copy `simd` (all copies give the same bits; tests
    /// compare them).
    #[doc(hidden)]
    fn fill_from(&self, simd: Simd, counters: Counters<'_>, start: u64, out: &mut [T]);

    /// Writes elements `start .. start + out.len()` of `sample * factor`, the product rounded
    /// once to the dtype (XLA's `multiply`): how initializers scale a draw.
    ///
    /// The default multiplies after [`fill_from`](Fill::fill_from). This crate's samplers
    /// multiply inside their element function instead: the same bits in one pass, and for
    /// 16-bit dtypes a table of the products.
    #[doc(hidden)]
    fn fill_from_scaled(
        &self,
        simd: Simd,
        counters: Counters<'_>,
        start: u64,
        out: &mut [T],
        factor: T,
    ) where
        T: Dtype,
    {
        self.fill_from(simd, counters, start, out);
        for x in out.iter_mut() {
            *x = x.mul(factor);
        }
    }

    /// [`fill_from`](Fill::fill_from) in the partitionable mode, with the key.
    #[doc(hidden)]
    fn fill_simd(&self, simd: Simd, key: Key, start: u64, out: &mut [T]) {
        self.fill_from(simd, Counters::Partitionable(key.data()), start, out)
    }

    /// [`fill_from_scaled`](Fill::fill_from_scaled) in the partitionable mode, with the key.
    #[doc(hidden)]
    fn fill_simd_scaled(&self, simd: Simd, key: Key, start: u64, out: &mut [T], factor: T)
    where
        T: Dtype,
    {
        self.fill_from_scaled(
            simd,
            Counters::Partitionable(key.data()),
            start,
            out,
            factor,
        )
    }

    /// Writes elements `start .. start + out.len()` of the sample drawn with `key` (in the
    /// partitionable mode, where a range does not depend on the array's size).
    fn fill(&self, key: Key, start: u64, out: &mut [T]) {
        self.fill_simd(Simd::detect(), key, start, out)
    }

    /// Writes elements `start .. start + out.len()`, split over rayon's threads.
    fn fill_parallel(&self, key: Key, start: u64, out: &mut [T]) {
        for_each_chunk(start, out, |at, chunk| self.fill(key, at, chunk));
    }

    /// The whole array of this shape, in this thread's Threefry mode.
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
        let stream = Stream::new(Settings::current().threefry, key, self.bit_width(), len);
        let counters = stream.counters();
        let simd = Simd::detect();
        for_each_chunk(0, &mut data, |at, chunk| {
            self.fill_from(simd, counters, at, chunk)
        });
        ArrayD::from_shape_vec(IxDyn(shape), data).expect("the length is the product of the shape")
    }
}

/// The Threefry words of one whole array, in a given mode: what [`Counters`] borrow from.
pub(crate) enum Stream {
    Partitionable([u32; 2]),
    Legacy(LegacyBits),
}

impl Stream {
    /// The stream of an array of `len` elements of `bit_width` bits drawn with `key`.
    pub(crate) fn new(mode: Threefry, key: Key, bit_width: u32, len: usize) -> Stream {
        match mode {
            Threefry::Partitionable => Stream::Partitionable(key.data()),
            Threefry::Legacy => Stream::Legacy(LegacyBits::new(key.data(), bit_width, len as u64)),
        }
    }

    /// Where element `i`'s words come from.
    pub(crate) fn counters(&self) -> Counters<'_> {
        match self {
            Stream::Partitionable(key) => Counters::Partitionable(*key),
            Stream::Legacy(bits) => Counters::Legacy(bits),
        }
    }
}

/// `Fill<T>` for samplers that write `then(element)` with a method
/// `fill_then(&self, simd, counters, start, out, then)`: `fill_from` with `then` the identity,
/// `fill_from_scaled` with `then` the multiply, in the same pass.
///
/// The generic methods only pick the dtype: the loops behind them (SIMD copies, `erf_inv`)
/// are instantiated in the non-generic `PerDtype` methods below, so they are compiled once,
/// in this crate, instead of again in every crate that draws (see `init::elementwise`'s
/// `compiled_once`).
macro_rules! fill_through_then {
    ($($sampler:ty),*) => {$(
        const _: () = {
            use ::std::any::Any;
            use $crate::random::simd::Counters;
            use $crate::dtype::as_selected;
            use $crate::random::Simd;
            use $crate::{Dtype, PerDtype};

            /// One call of `fill_from` (`factor: None`) or `fill_from_scaled`, the sampler,
            /// the factor and `out` without their dtype.
            struct Call<'a> {
                sampler: &'a dyn Any,
                simd: Simd,
                counters: Counters<'a>,
                start: u64,
                out: &'a mut [u8],
                factor: Option<&'a dyn Any>,
            }

            /// The call in the dtype `select` chose, which is the one it was made in.
            fn run<T: Dtype>(call: Call<'_>) {
                let sampler: &$sampler = as_selected(call.sampler);
                let out = ::bytemuck::cast_slice_mut::<u8, T>(call.out);
                let (simd, counters, start) = (call.simd, call.counters, call.start);
                match call.factor {
                    None => sampler.fill_then(simd, counters, start, out, #[inline(always)] |x: T| x),
                    Some(factor) => {
                        let factor: T = *as_selected(factor);
                        sampler.fill_then(simd, counters, start, out, #[inline(always)] move |x: T| x.mul(factor))
                    }
                }
            }

            impl PerDtype for Call<'_> {
                type Out<T: Dtype> = ();
                fn f32(self) {
                    run::<f32>(self)
                }
                fn f64(self) {
                    run::<f64>(self)
                }
                fn bf16(self) {
                    run::<::half::bf16>(self)
                }
                fn f16(self) {
                    run::<::half::f16>(self)
                }
            }

            impl<T: Dtype> $crate::random::Fill<T> for $sampler {
                fn bit_width(&self) -> u32 {
                    T::RANDOM_BITS
                }

                fn fill_from(&self, simd: Simd, counters: Counters<'_>, start: u64, out: &mut [T]) {
                    let out = ::bytemuck::cast_slice_mut(out);
                    T::select(Call { sampler: self, simd, counters, start, out, factor: None })
                }

                fn fill_from_scaled(
                    &self,
                    simd: Simd,
                    counters: Counters<'_>,
                    start: u64,
                    out: &mut [T],
                    factor: T,
                ) {
                    let out = ::bytemuck::cast_slice_mut(out);
                    let factor = Some(&factor as &dyn Any);
                    T::select(Call { sampler: self, simd, counters, start, out, factor })
                }
            }
        };
    )*};
}
pub(crate) use fill_through_then;
