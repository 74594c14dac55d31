//! [`DynInitializer`]: an object-safe [`Initializer`], so a config can hold any initializer as
//! `Box<dyn DynInitializer>` (Flax's `kernel_init=`).

use half::{bf16, f16};
use ndarray::ArrayD;

use super::Initializer;
use crate::{Dtype, Key, Result};

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
    /// [`Initializer::sample`] for `f32`.
    fn sample_f32(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f32>>;
    /// [`Initializer::sample`] for `f64`.
    fn sample_f64(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f64>>;
    /// [`Initializer::sample`] for `bf16`.
    fn sample_bf16(&self, key: Key, shape: &[usize]) -> Result<ArrayD<bf16>>;
    /// [`Initializer::sample`] for `f16`.
    fn sample_f16(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f16>>;
    /// [`Initializer::fill`] for `f32`.
    fn fill_f32(&self, key: Key, shape: &[usize], start: u64, out: &mut [f32]) -> Result<()>;
    /// [`Initializer::fill`] for `f64`.
    fn fill_f64(&self, key: Key, shape: &[usize], start: u64, out: &mut [f64]) -> Result<()>;
    /// [`Initializer::fill`] for `bf16`.
    fn fill_bf16(&self, key: Key, shape: &[usize], start: u64, out: &mut [bf16]) -> Result<()>;
    /// [`Initializer::fill`] for `f16`.
    fn fill_f16(&self, key: Key, shape: &[usize], start: u64, out: &mut [f16]) -> Result<()>;
    /// [`Initializer::is_elementwise`].
    fn dyn_is_elementwise(&self) -> bool;
    /// [`Initializer::describe`].
    fn dyn_describe(&self) -> String;
}

impl<I: Initializer + Send + Sync + 'static> DynInitializer for I {
    fn sample_f32(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f32>> {
        self.sample(key, shape)
    }
    fn sample_f64(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f64>> {
        self.sample(key, shape)
    }
    fn sample_bf16(&self, key: Key, shape: &[usize]) -> Result<ArrayD<bf16>> {
        self.sample(key, shape)
    }
    fn sample_f16(&self, key: Key, shape: &[usize]) -> Result<ArrayD<f16>> {
        self.sample(key, shape)
    }
    fn fill_f32(&self, key: Key, shape: &[usize], start: u64, out: &mut [f32]) -> Result<()> {
        self.fill(key, shape, start, out)
    }
    fn fill_f64(&self, key: Key, shape: &[usize], start: u64, out: &mut [f64]) -> Result<()> {
        self.fill(key, shape, start, out)
    }
    fn fill_bf16(&self, key: Key, shape: &[usize], start: u64, out: &mut [bf16]) -> Result<()> {
        self.fill(key, shape, start, out)
    }
    fn fill_f16(&self, key: Key, shape: &[usize], start: u64, out: &mut [f16]) -> Result<()> {
        self.fill(key, shape, start, out)
    }
    fn dyn_is_elementwise(&self) -> bool {
        self.is_elementwise()
    }
    fn dyn_describe(&self) -> String {
        self.describe()
    }
}

impl Initializer for dyn DynInitializer {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        T::sample_dyn(self, key, shape)
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        T::fill_dyn(self, key, shape, start, out)
    }
    fn is_elementwise(&self) -> bool {
        self.dyn_is_elementwise()
    }
    fn describe(&self) -> String {
        self.dyn_describe()
    }
}
