//! [`flat`]: what `flax.linen.DenseGeneral` does to its `bias_init`: draw the bias flat,
//! `(prod(features),)`, then reshape it (attention's `(num_heads, head_dim)` biases).

use fanin::ndarray::{ArrayD, IxDyn};

use crate::init::Initializer;
use crate::{Dtype, Error, Key, Result, Settings};

/// `inner` applied to the flattened shape; see [`flat`].
#[derive(Clone, Debug)]
pub struct Flat<I>(I);

/// Wraps `inner` as DenseGeneral's `bias_init_wrap`: so `normal()` gives the same elements as
/// on a 1-D bias, and a fan-based initializer fails as in Flax.
pub fn flat<I: Initializer>(inner: I) -> Flat<I> {
    Flat(inner)
}

/// `[prod(shape)]`, or an error on overflow.
fn flat_shape(shape: &[usize]) -> Result<[usize; 1]> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .map(|n| [n])
        .ok_or_else(|| Error::invalid(format!("bias shape {shape:?} overflows usize")))
}

impl<I: Initializer> Initializer for Flat<I> {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        self.sample_with(Settings::current(), key, shape)
    }
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        self.fill_with(Settings::current(), key, shape, start, out)
    }
    fn sample_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
    ) -> Result<ArrayD<T>> {
        let flat = self
            .0
            .sample_with::<T>(settings, key, &flat_shape(shape)?)?;
        flat.into_shape_with_order(IxDyn(shape))
            .map_err(|e| Error::invalid(format!("bias of shape {shape:?}: {e}")))
    }
    fn fill_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [T],
    ) -> Result<()> {
        // A row-major reshape keeps the flat order.
        self.0
            .fill_with(settings, key, &flat_shape(shape)?, start, out)
    }
    fn is_elementwise(&self) -> bool {
        self.0.is_elementwise()
    }
    fn describe(&self) -> String {
        self.0.describe()
    }
}
