//! Elementwise initializers: a constant, or a `jax.random` draw times a factor in the dtype,
//! computed for any index range on its own (so a range costs only the range).
//!
//! An elementwise initializer says what it draws ([`Elementwise::draw`]) and
//! [`elementwise_initializer!`] makes it an [`Initializer`](super::Initializer): whole arrays
//! filled in parallel, ranges, and the settings handed down.

use ndarray::ArrayD;

use super::initializer::{check_range, from_vec};
use crate::alloc::{try_filled_vec, try_zeroed_vec};
use crate::parallel::for_each_chunk;
use crate::random::{self, Fill, Simd, Stream};
use crate::size::element_count;
use crate::{Dtype, Execution, Key, Result, Settings, Threefry};

/// An initializer whose element `i` depends only on the key and `i`.
pub(crate) trait Elementwise {
    /// What it draws for arrays of `shape` in the dtype `T`, under `settings`.
    fn draw<T: Dtype>(&self, settings: Settings, shape: &[usize]) -> Result<Draw<T>>;

    /// Its description (`lecun_normal()`), for `Initializer::describe`.
    fn description(&self) -> String;

    /// The standard deviation of what it draws for `shape`, for `Initializer::expected_std`.
    fn spread(&self, shape: &[usize]) -> Option<f64>;
}

/// Implements [`Initializer`](super::Initializer) for types that implement [`Elementwise`].
macro_rules! elementwise_initializer {
    ($(impl$([$($generics:tt)*])? for $t:ty;)*) => {$(
        impl$(<$($generics)*>)? $crate::init::Initializer for $t {
            fn sample<T: $crate::Dtype>(
                &self,
                key: $crate::Key,
                shape: &[usize],
            ) -> $crate::Result<::ndarray::ArrayD<T>> {
                self.sample_with($crate::Settings::current(), key, shape)
            }
            fn fill<T: $crate::Dtype>(
                &self,
                key: $crate::Key,
                shape: &[usize],
                start: u64,
                out: &mut [T],
            ) -> $crate::Result<()> {
                self.fill_with($crate::Settings::current(), key, shape, start, out)
            }
            fn is_elementwise(&self) -> bool {
                true
            }
            fn describe(&self) -> String {
                $crate::init::elementwise::Elementwise::description(self)
            }
            fn expected_std(&self, shape: &[usize]) -> Option<f64> {
                $crate::init::elementwise::Elementwise::spread(self, shape)
            }
            fn sample_with<T: $crate::Dtype>(
                &self,
                settings: $crate::Settings,
                key: $crate::Key,
                shape: &[usize],
            ) -> $crate::Result<::ndarray::ArrayD<T>> {
                $crate::init::elementwise::Elementwise::draw::<T>(self, settings, shape)?
                    .sample(key, shape)
            }
            fn fill_with<T: $crate::Dtype>(
                &self,
                settings: $crate::Settings,
                key: $crate::Key,
                shape: &[usize],
                start: u64,
                out: &mut [T],
            ) -> $crate::Result<()> {
                $crate::init::elementwise::Elementwise::draw::<T>(self, settings, shape)?
                    .fill(key, shape, start, out)
            }
        }
    )*};
}
pub(crate) use elementwise_initializer;

/// What an elementwise initializer writes.
pub(crate) enum Draw<T> {
    /// Every element is this value (`jnp.full`).
    Constant(T),
    /// `sampler(key) * factor`, one XLA multiply in the dtype; no multiply when `factor` is
    /// `None` (a sampler that has its factor inside). The bits in the Threefry mode `threefry`.
    Sample {
        sampler: Sampler<T>,
        factor: Option<T>,
        threefry: Threefry,
    },
}

/// The `jax.random` samplers initializers draw from.
pub(crate) enum Sampler<T> {
    Uniform(random::Uniform<T>),
    Normal,
    TruncatedNormal(random::TruncatedNormal<T>),
    JitNormal(random::JitNormal<T>),
}

impl<T: Dtype> Draw<T> {
    /// `sampler(key) * factor`, drawn as `settings` say.
    pub(crate) fn scaled(sampler: Sampler<T>, factor: T, settings: Settings) -> Draw<T> {
        Draw::Sample {
            sampler,
            factor: Some(factor),
            threefry: settings.threefry,
        }
    }

    /// `random.normal(key) * stddev` as `settings.execution` computes it: op by op,
    /// `(sqrt2 * erf_inv(u)) * stddev`; under `jax.jit`, `erf_inv(u) * (sqrt2 * stddev)`
    /// where XLA folds the two constants (not in bf16).
    pub(crate) fn normal(stddev: T, settings: Settings) -> Draw<T> {
        if settings.execution == Execution::Jit && T::JIT_FOLDS_NORMAL_SCALE {
            let folded = T::from_f64(std::f64::consts::SQRT_2).mul(stddev);
            Draw::Sample {
                sampler: Sampler::JitNormal(random::JitNormal::new(folded)),
                factor: None,
                threefry: settings.threefry,
            }
        } else {
            Draw::scaled(Sampler::Normal, stddev, settings)
        }
    }

    /// The whole array, filled in parallel.
    pub(crate) fn sample(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        T::select(compiled_once::Sample {
            draw: self,
            key,
            shape,
        })
    }

    /// Elements `start .. start + out.len()` of `sample(key, shape)`.
    pub(crate) fn fill(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        T::select(compiled_once::Fill {
            draw: self,
            key,
            shape,
            start,
            out: bytemuck::cast_slice_mut(out),
        })
    }

    /// [`sample`](Draw::sample) for the dtype at hand; called through
    /// [`compiled_once`].
    fn sample_here(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let n = element_count(shape)?;
        let data = match self {
            Draw::Constant(v) => try_filled_vec(n, *v)?,
            Draw::Sample { .. } => {
                let mut data = try_zeroed_vec(n)?;
                let stream = self.stream(key, n);
                for_each_chunk(0, &mut data, |at, chunk| {
                    self.fill_range(&stream, at, chunk)
                });
                data
            }
        };
        from_vec(shape, data)
    }

    /// [`fill`](Draw::fill) for the dtype at hand; called through [`compiled_once`].
    fn fill_here(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        check_range(shape, start, out.len())?;
        let stream = self.stream(key, element_count(shape)?);
        self.fill_range(&stream, start, out);
        Ok(())
    }

    /// The Threefry words of the whole draw of `len` elements (a constant ignores them).
    fn stream(&self, key: Key, len: usize) -> Stream {
        let threefry = match self {
            Draw::Constant(_) => Threefry::Partitionable,
            Draw::Sample { threefry, .. } => *threefry,
        };
        Stream::new(threefry, key, T::RANDOM_BITS, len)
    }

    /// Elements `start ..` of the flat draw, written to `out` in one pass (the samplers
    /// multiply inside their element function).
    fn fill_range(&self, stream: &Stream, start: u64, out: &mut [T]) {
        let (sampler, factor) = match self {
            Draw::Constant(v) => return out.fill(*v),
            Draw::Sample {
                sampler, factor, ..
            } => (sampler, *factor),
        };
        let sampler: &dyn Fill<T> = match sampler {
            Sampler::Uniform(s) => s,
            Sampler::Normal => &random::Normal,
            Sampler::TruncatedNormal(s) => s,
            Sampler::JitNormal(s) => s,
        };
        let (simd, counters) = (Simd::detect(), stream.counters());
        match factor {
            Some(factor) => sampler.fill_from_scaled(simd, counters, start, out, factor),
            None => sampler.fill_from(simd, counters, start, out),
        }
    }
}

/// The four instances of [`Draw::sample`] and [`Draw::fill`], compiled in this crate.
///
/// A generic function is compiled and optimized again in every crate that instantiates it.
/// Behind a draw are the samplers' SIMD copies, `erf_inv` and rayon's splitting; compiled in
/// each crate that inits params, they made an optimized build of the ViT example take 47 s
/// (540,000 lines of LLVM IR). Reached through [`Dtype::select`] and these non-generic
/// methods, that code is compiled once, here, and the example builds in 2 s (73,000 lines).
mod compiled_once {
    use std::any::Any;

    use half::{bf16, f16};
    use ndarray::ArrayD;

    use super::Draw;
    use crate::dtype::as_selected;
    use crate::{Dtype, Key, PerDtype, Result};

    /// `draw.sample(key, shape)`.
    pub(super) struct Sample<'a> {
        pub(super) draw: &'a dyn Any,
        pub(super) key: Key,
        pub(super) shape: &'a [usize],
    }

    /// `draw.fill(key, shape, start, out)`, `out` as the bytes of the dtype's slice.
    pub(super) struct Fill<'a> {
        pub(super) draw: &'a dyn Any,
        pub(super) key: Key,
        pub(super) shape: &'a [usize],
        pub(super) start: u64,
        pub(super) out: &'a mut [u8],
    }

    macro_rules! per_dtype {
        ($($name:ident: $t:ty),*) => {
            impl PerDtype for Sample<'_> {
                type Out<T: Dtype> = Result<ArrayD<T>>;
                $(fn $name(self) -> Result<ArrayD<$t>> {
                    as_selected::<Draw<$t>>(self.draw).sample_here(self.key, self.shape)
                })*
            }

            impl PerDtype for Fill<'_> {
                type Out<T: Dtype> = Result<()>;
                $(fn $name(self) -> Result<()> {
                    let out = bytemuck::cast_slice_mut::<u8, $t>(self.out);
                    as_selected::<Draw<$t>>(self.draw).fill_here(self.key, self.shape, self.start, out)
                })*
            }
        };
    }
    per_dtype!(f32: f32, f64: f64, bf16: bf16, f16: f16);
}

/// `f64` formatted as Python's `repr` would, for descriptions (`0.02`, `1.0`, `-2.0`).
pub(crate) fn py_float(v: f64) -> String {
    if v.is_finite() && v == v.trunc() && v.abs() < 1e16 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}
