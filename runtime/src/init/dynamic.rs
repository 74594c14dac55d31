//! [`DynInitializer`]: an object-safe [`Initializer`], so a config can hold any initializer as
//! `Box<dyn DynInitializer>` (Flax's `kernel_init=`).

use half::{bf16, f16};
use ndarray::ArrayD;

use super::Initializer;
use crate::{Dtype, Key, PerDtype, Result, Settings};

/// An [`Initializer`] as a trait object: one method per dtype. Every
/// `Initializer + Send + Sync + 'static` is one, and `Box<dyn DynInitializer>` and
/// `Arc<dyn DynInitializer>` are initializers again.
///
/// ```
/// use fanin::init::*;
/// use fanin::Key;
/// struct DenseConfig {
///     kernel_init: Box<dyn DynInitializer>,
/// }
/// let cfg = DenseConfig { kernel_init: Box::new(he_normal()) };
/// let w = cfg.kernel_init.sample::<f32>(Key::new(0), &[3, 4])?;
/// assert_eq!(w, he_normal().sample::<f32>(Key::new(0), &[3, 4])?);
/// # Ok::<(), fanin::Error>(())
/// ```
pub trait DynInitializer: Send + Sync {
    /// [`Initializer::sample_with`] for `f32`.
    fn sample_f32(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<f32>>;
    /// [`Initializer::sample_with`] for `f64`.
    fn sample_f64(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<f64>>;
    /// [`Initializer::sample_with`] for `bf16`.
    fn sample_bf16(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<bf16>>;
    /// [`Initializer::sample_with`] for `f16`.
    fn sample_f16(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<f16>>;
    /// [`Initializer::fill_with`] for `f32`.
    fn fill_f32(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [f32],
    ) -> Result<()>;
    /// [`Initializer::fill_with`] for `f64`.
    fn fill_f64(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [f64],
    ) -> Result<()>;
    /// [`Initializer::fill_with`] for `bf16`.
    fn fill_bf16(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [bf16],
    ) -> Result<()>;
    /// [`Initializer::fill_with`] for `f16`.
    fn fill_f16(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [f16],
    ) -> Result<()>;
    /// [`Initializer::is_elementwise`].
    fn dyn_is_elementwise(&self) -> bool;
    /// [`Initializer::describe`].
    fn dyn_describe(&self) -> String;
    /// [`Initializer::expected_std`].
    fn dyn_expected_std(&self, shape: &[usize]) -> Option<f64> {
        let _ = shape;
        None
    }
}

/// The per-dtype methods of [`DynInitializer`], forwarded to the generic ones.
macro_rules! forward_per_dtype {
    ($($t:ident: $sample:ident, $fill:ident;)*) => {$(
        fn $sample(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<$t>> {
            self.sample_with(settings, key, shape)
        }
        fn $fill(
            &self,
            settings: Settings,
            key: Key,
            shape: &[usize],
            start: u64,
            out: &mut [$t],
        ) -> Result<()> {
            self.fill_with(settings, key, shape, start, out)
        }
    )*};
}

impl<I: Initializer + Send + Sync + 'static> DynInitializer for I {
    forward_per_dtype! {
        f32: sample_f32, fill_f32;
        f64: sample_f64, fill_f64;
        bf16: sample_bf16, fill_bf16;
        f16: sample_f16, fill_f16;
    }
    fn dyn_is_elementwise(&self) -> bool {
        self.is_elementwise()
    }
    fn dyn_describe(&self) -> String {
        self.describe()
    }
    fn dyn_expected_std(&self, shape: &[usize]) -> Option<f64> {
        self.expected_std(shape)
    }
}

/// The `sample_<dtype>` method of [`DynInitializer`] for each dtype.
struct SampleMethod;

impl PerDtype for SampleMethod {
    type Out<T: Dtype> = fn(&dyn DynInitializer, Settings, Key, &[usize]) -> Result<ArrayD<T>>;
    fn f32(self) -> Self::Out<f32> {
        |init, settings, key, shape| init.sample_f32(settings, key, shape)
    }
    fn f64(self) -> Self::Out<f64> {
        |init, settings, key, shape| init.sample_f64(settings, key, shape)
    }
    fn bf16(self) -> Self::Out<bf16> {
        |init, settings, key, shape| init.sample_bf16(settings, key, shape)
    }
    fn f16(self) -> Self::Out<f16> {
        |init, settings, key, shape| init.sample_f16(settings, key, shape)
    }
}

/// The `fill_<dtype>` method of [`DynInitializer`] for each dtype.
struct FillMethod;

type FillFn<T> = fn(&dyn DynInitializer, Settings, Key, &[usize], u64, &mut [T]) -> Result<()>;

impl PerDtype for FillMethod {
    type Out<T: Dtype> = FillFn<T>;
    fn f32(self) -> FillFn<f32> {
        |init, settings, key, shape, start, out| init.fill_f32(settings, key, shape, start, out)
    }
    fn f64(self) -> FillFn<f64> {
        |init, settings, key, shape, start, out| init.fill_f64(settings, key, shape, start, out)
    }
    fn bf16(self) -> FillFn<bf16> {
        |init, settings, key, shape, start, out| init.fill_bf16(settings, key, shape, start, out)
    }
    fn f16(self) -> FillFn<f16> {
        |init, settings, key, shape, start, out| init.fill_f16(settings, key, shape, start, out)
    }
}

impl Initializer for dyn DynInitializer {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        self.sample_with(Settings::current(), key, shape)
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        self.fill_with(Settings::current(), key, shape, start, out)
    }
    fn is_elementwise(&self) -> bool {
        self.dyn_is_elementwise()
    }
    fn describe(&self) -> String {
        self.dyn_describe()
    }
    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        self.dyn_expected_std(shape)
    }
    fn sample_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
    ) -> Result<ArrayD<T>> {
        T::select(SampleMethod)(self, settings, key, shape)
    }
    fn fill_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [T],
    ) -> Result<()> {
        T::select(FillMethod)(self, settings, key, shape, start, out)
    }
}
