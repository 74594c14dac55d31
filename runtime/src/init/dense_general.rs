//! [`dense_general`]: what `flax.linen.DenseGeneral` (and so `MultiHeadDotProductAttention`)
//! does to its `kernel_init`: sample a 2-D kernel, then reshape it.

use ndarray::{ArrayD, Dimension, IxDyn};

use super::{Initializer, SupportsRank};
use crate::{Dtype, Error, Key, Result, Settings};

/// `inner` applied to the kernel flattened to 2-D, as `flax.linen.DenseGeneral` calls its
/// `kernel_init`: a kernel of shape `in_axes + features` (e.g. `(heads, head_dim, features)`
/// for attention's output projection) is drawn as `(prod(in_axes), prod(features))` and
/// reshaped. Built by [`dense_general`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseGeneral<I> {
    inner: I,
    in_axes: usize,
}

/// Wraps `inner` as `flax.linen.DenseGeneral` does: the first `in_axes` axes of the kernel are
/// its inputs (`len(axis)`, 1 for `DenseGeneral(features=(heads, head_dim))` on the last axis,
/// 2 for `axis=(-2, -1)`), the others its features; fans are those of the 2-D kernel.
///
/// ```
/// use fanin::init::*;
/// use fanin::Key;
/// // MultiHeadDotProductAttention(num_heads=4, qkv_features=16): query kernel (16, 4, 4).
/// let q = dense_general(lecun_normal(), 1).sample::<f32>(Key::new(0), &[16, 4, 4])?;
/// let flat = lecun_normal().sample::<f32>(Key::new(0), &[16, 16])?;
/// assert_eq!(q.as_slice(), flat.as_slice());
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn dense_general<I: Initializer>(inner: I, in_axes: usize) -> DenseGeneral<I> {
    DenseGeneral { inner, in_axes }
}

impl<I: Initializer> DenseGeneral<I> {
    /// The 2-D shape the inner initializer sees.
    fn flat_shape(&self, shape: &[usize]) -> Result<[usize; 2]> {
        if self.in_axes == 0 || self.in_axes >= shape.len() {
            return Err(Error::invalid(format!(
                "dense_general: {} input axes of a kernel of shape {shape:?} leave no {} axes; give between 1 and {} input axes (DenseGeneral's len(axis))",
                self.in_axes,
                if self.in_axes == 0 { "input" } else { "feature" },
                shape.len().saturating_sub(1)
            )));
        }
        let product = |axes: &[usize]| axes.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
        match (
            product(&shape[..self.in_axes]),
            product(&shape[self.in_axes..]),
        ) {
            (Some(rows), Some(cols)) => Ok([rows, cols]),
            _ => Err(Error::invalid(format!(
                "dense_general: shape {shape:?} overflows usize"
            ))),
        }
    }
}

impl<I: Initializer> Initializer for DenseGeneral<I> {
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
            .inner
            .sample_with::<T>(settings, key, &self.flat_shape(shape)?)?;
        flat.into_shape_with_order(IxDyn(shape))
            .map_err(|e| Error::invalid(format!("dense_general: shape {shape:?}: {e}")))
    }
    fn fill_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [T],
    ) -> Result<()> {
        // Row-major reshapes keep the flat order: the range is the inner's range.
        self.inner
            .fill_with(settings, key, &self.flat_shape(shape)?, start, out)
    }
    fn is_elementwise(&self) -> bool {
        self.inner.is_elementwise()
    }
    fn describe(&self) -> String {
        format!("dense_general({}, {})", self.inner.describe(), self.in_axes)
    }
    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        self.inner.expected_std(&self.flat_shape(shape).ok()?)
    }
}

// The inner initializer sees a 2-D kernel; the number of input axes is checked at run time.
impl<D: Dimension, I: Initializer> SupportsRank<D> for DenseGeneral<I> {}
