//! [`DynInitializer`]: an object-safe [`Initializer`], so a config can hold any initializer as
//! `Box<dyn DynInitializer>` (Flax's `kernel_init=`).

use std::any::Any;

use half::{bf16, f16};
use ndarray::ArrayD;

use super::Initializer;
use crate::{DType, Dtype, Error, Key, Result};

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

/// `value` as a `B`, when `A` and `B` are the same type.
fn same<A: 'static, B: 'static>(value: A) -> Result<B> {
    let boxed: Box<dyn Any> = Box::new(value);
    boxed
        .downcast::<B>()
        .map(|b| *b)
        .map_err(|_| Error::invalid("DynInitializer: dtype dispatch mismatch"))
}

/// Fills `out` through a buffer of the concrete dtype `C` (the same type as `T`).
fn fill_via<T: Dtype, C: Dtype>(
    out: &mut [T],
    f: impl FnOnce(&mut [C]) -> Result<()>,
) -> Result<()> {
    let mut buffer = vec![C::default(); out.len()];
    f(&mut buffer)?;
    let buffer: Vec<T> = same(buffer)?;
    out.copy_from_slice(&buffer);
    Ok(())
}

impl Initializer for dyn DynInitializer {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        match T::DTYPE {
            DType::F32 => same(self.sample_f32(key, shape)?),
            DType::F64 => same(self.sample_f64(key, shape)?),
            DType::BF16 => same(self.sample_bf16(key, shape)?),
            DType::F16 => same(self.sample_f16(key, shape)?),
        }
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        match T::DTYPE {
            DType::F32 => fill_via::<T, f32>(out, |b| self.fill_f32(key, shape, start, b)),
            DType::F64 => fill_via::<T, f64>(out, |b| self.fill_f64(key, shape, start, b)),
            DType::BF16 => fill_via::<T, bf16>(out, |b| self.fill_bf16(key, shape, start, b)),
            DType::F16 => fill_via::<T, f16>(out, |b| self.fill_f16(key, shape, start, b)),
        }
    }
    fn is_elementwise(&self) -> bool {
        self.dyn_is_elementwise()
    }
    fn describe(&self) -> String {
        self.dyn_describe()
    }
}
