//! `delta_orthogonal()`: `jax.nn.initializers.delta_orthogonal`.

use ndarray::{ArrayD, Ix3, Ix4, Ix5, IxDyn};

use super::initializer::from_vec;
use super::orthogonal::describe;
use super::spread::orthogonal_std;
use super::{orthogonal, Builtin, Initializer, SupportsRank};
use crate::alloc::try_zeroed_vec;
use crate::size::element_count;
use crate::{Dtype, Error, Key, Result};

/// `jax.nn.initializers.delta_orthogonal(scale, column_axis)`: a convolution kernel that is
/// zero except at the spatial centre, where it holds `orthogonal(scale, column_axis)` of shape
/// `shape[-2:]` (Xiao et al. 2018). Built by [`delta_orthogonal()`].
///
/// As JAX: the shape must be 3-D, 4-D or 5-D (spatial axes first, then in and out features),
/// with `shape[-2] <= shape[-1]` (`fan_in <= fan_out`); the centre of a spatial axis of size
/// `k` is `(k - 1) // 2`. Matches JAX within `1e-5` (see [`Orthogonal`](super::Orthogonal)).
/// Not elementwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeltaOrthogonal {
    scale: f64,
    column_axis: isize,
}

/// `jax.nn.initializers.delta_orthogonal()`: `scale` 1.0 and `column_axis` -1 by default.
///
/// ```
/// use fanin::init::*;
/// let w = delta_orthogonal().sample::<f32>(fanin::Key::new(42), &[3, 3, 3])?;
/// assert!(w.slice(fanin::ndarray::s![0, .., ..]).iter().all(|&v| v == 0.0));
/// assert!(w.slice(fanin::ndarray::s![1, .., ..]).iter().any(|&v| v != 0.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn delta_orthogonal() -> DeltaOrthogonal {
    DeltaOrthogonal {
        scale: 1.0,
        column_axis: -1,
    }
}

impl DeltaOrthogonal {
    /// The factor the centre matrix is multiplied by (default `1.0`).
    pub fn scale(self, scale: f64) -> DeltaOrthogonal {
        DeltaOrthogonal { scale, ..self }
    }

    /// The axis of `shape[-2:]` holding the orthonormal columns (default `-1`).
    pub fn column_axis(self, column_axis: isize) -> DeltaOrthogonal {
        DeltaOrthogonal {
            column_axis,
            ..self
        }
    }
}

impl Initializer for DeltaOrthogonal {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let rank = shape.len();
        if !(3..=5).contains(&rank) {
            return Err(Error::invalid(format!(
                "delta_orthogonal: Delta orthogonal initializer requires a 3D, 4D or 5D shape, got shape {shape:?} of rank {rank}; use it on a 1-D, 2-D or 3-D convolution kernel (spatial axes, in features, out features), or `orthogonal()` for a matrix"
            )));
        }
        let (fan_in, fan_out) = (shape[rank - 2], shape[rank - 1]);
        if fan_out < fan_in {
            return Err(Error::invalid(format!(
                "delta_orthogonal: `fan_in` must be less or equal than `fan_out`, but shape {shape:?} has shape[-2] = {fan_in} > shape[-1] = {fan_out}; use at least as many output features as input features, or `orthogonal()`"
            )));
        }
        let total = element_count(shape)?;
        let spatial = &shape[..rank - 2];
        if spatial.contains(&0) {
            return Err(Error::invalid(format!(
                "delta_orthogonal: shape {shape:?} has a spatial axis of size 0, so it has no centre (JAX: index is out of bounds); give every spatial axis a nonzero size"
            )));
        }
        let centre = orthogonal()
            .scale(self.scale)
            .column_axis(self.column_axis)
            .sample_named::<T>(key, &shape[rank - 2..], "delta_orthogonal")?;
        let mut data: Vec<T> = try_zeroed_vec(total)?;
        // Flat offset of the centre: spatial index (k - 1) // 2 on each spatial axis.
        let mut offset = 0;
        for &k in spatial {
            offset = offset * k + (k - 1) / 2;
        }
        let block = fan_in * fan_out;
        for (slot, &v) in data[offset * block..(offset + 1) * block]
            .iter_mut()
            .zip(centre.iter())
        {
            *slot = v;
        }
        from_vec(shape, data)
    }
    fn describe(&self) -> String {
        describe("delta_orthogonal", self.scale, self.column_axis)
    }
    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        // Zeros but for the centre (fan_in, fan_out) matrix, orthogonal: its squares spread
        // over the whole kernel.
        let rank = shape.len();
        if !(3..=5).contains(&rank) {
            return None;
        }
        let (fan_in, fan_out) = (shape[rank - 2], shape[rank - 1]);
        let centre = orthogonal_std(self.scale, fan_in, fan_out)?;
        let total: usize = shape.iter().product();
        let share = (fan_in * fan_out) as f64 / total as f64;
        Some(centre * share.sqrt())
    }
}

// A convolution kernel of 1, 2 or 3 spatial dimensions.
impl SupportsRank<Ix3> for DeltaOrthogonal {}
impl SupportsRank<Ix4> for DeltaOrthogonal {}
impl SupportsRank<Ix5> for DeltaOrthogonal {}
impl SupportsRank<IxDyn> for DeltaOrthogonal {}
impl Builtin for DeltaOrthogonal {}
