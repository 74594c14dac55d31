//! `orthogonal()`: `jax.nn.initializers.orthogonal`.

use ndarray::{ArrayD, Ix2, Ix3, Ix4, Ix5, Ix6, IxDyn};

use super::elementwise::py_float;
use super::fans::normalize_axis;
use super::initializer::from_vec;
use super::qr::householder_qr;
use super::spread::orthogonal_std;
use super::{Builtin, Initializer, SupportsRank};
use crate::random::{self, Fill};
use crate::size::element_count;
use crate::{Dtype, Error, Key, Result};

/// `jax.nn.initializers.orthogonal(scale, column_axis)`: a uniformly distributed (semi-)
/// orthogonal matrix, reshaped to the parameter. Built by [`orthogonal()`].
///
/// As JAX (`jax.random.orthogonal`): with `n_cols = shape[column_axis]` and
/// `n_rows = prod(shape) / n_cols`, draw `A = normal(key, (max, min))` in the dtype, take
/// `Q, R = qr(A)`, `Q *= sign(diag(R))`, transpose when `n_rows < n_cols`; reshape to the other
/// axes followed by `n_cols`, move that last axis to `column_axis`, and multiply by `scale` in
/// the dtype. The QR is a Householder decomposition in `f64` (JAX uses LAPACK in the dtype), so
/// the result matches JAX to about `1e-6` for `f32`, not bit for bit. A shape with a zero
/// dimension gives zeros, as in JAX. Not elementwise: `fill` builds the whole array.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orthogonal {
    scale: f64,
    column_axis: isize,
}

/// `jax.nn.initializers.orthogonal()`: `scale` 1.0 and `column_axis` -1 by default.
///
/// ```
/// use fanin::init::*;
/// let w = orthogonal().sample::<f64>(fanin::Key::new(0), &[4, 3])?;
/// let wtw = w.clone().into_dimensionality::<fanin::ndarray::Ix2>().unwrap();
/// let eye = wtw.t().dot(&wtw);
/// assert!((eye[[0, 0]] - 1.0).abs() < 1e-12 && eye[[0, 1]].abs() < 1e-12);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn orthogonal() -> Orthogonal {
    Orthogonal {
        scale: 1.0,
        column_axis: -1,
    }
}

impl Orthogonal {
    /// The factor the matrix is multiplied by (default `1.0`).
    pub fn scale(self, scale: f64) -> Orthogonal {
        Orthogonal { scale, ..self }
    }

    /// The axis holding the orthonormal columns (default `-1`).
    pub fn column_axis(self, column_axis: isize) -> Orthogonal {
        Orthogonal {
            column_axis,
            ..self
        }
    }

    pub(crate) fn sample_named<T: Dtype>(
        &self,
        key: Key,
        shape: &[usize],
        name: &str,
    ) -> Result<ArrayD<T>> {
        if shape.len() < 2 {
            return Err(Error::invalid(format!(
                "{name}: orthogonal initializer requires at least a 2D shape, got shape {shape:?} of rank {}; use it on a matrix or a kernel, or use `normal()`/`zeros_init()` for rank < 2",
                shape.len()
            )));
        }
        if T::DTYPE.size() == 2 {
            // JAX's QR has no 16-bit kernel: `orthogonal()(key, shape, jnp.bfloat16)` raises
            // NotImplementedError. Making some other matrix would not be Flax's.
            return Err(Error::invalid(format!(
                "{name}: orthogonal initializers are not defined for {} (JAX: \"Unsupported dtype {}\" in its QR decomposition); initialize in float32 and cast, as a Flax model with param_dtype=float32 does",
                T::DTYPE.name(),
                T::DTYPE.name()
            )));
        }
        let total = element_count(shape)?;
        if total == 0 {
            return from_vec(shape, Vec::new());
        }
        let column_axis = normalize_axis(self.column_axis, shape, &format!("{name} column_axis"))?;
        let n_cols = shape[column_axis];
        let n_rows = total / n_cols;
        let (tall, short) = (n_rows.max(n_cols), n_rows.min(n_cols));

        // z: normal(key, (tall, short)) in the dtype, row major; QR in f64 by columns.
        let z: ArrayD<T> = random::Normal.sample(key, &[tall, short]);
        let z = z
            .as_slice()
            .ok_or_else(|| Error::invalid("orthogonal: non-contiguous sample"))?;
        let columns: Vec<Vec<f64>> = (0..short)
            .map(|j| (0..tall).map(|i| z[i * short + j].to_f64()).collect())
            .collect();
        let (q, diagonal) = householder_qr(columns, tall);
        let sign = |d: f64| {
            if d > 0.0 {
                1.0
            } else if d < 0.0 {
                -1.0
            } else {
                0.0
            }
        };
        // m(r, c): the (n_rows x n_cols) matrix, Q with signed columns (transposed if wide).
        let m = |r: usize, c: usize| -> f64 {
            if n_rows >= n_cols {
                q[c][r] * sign(diagonal[c])
            } else {
                q[r][c] * sign(diagonal[r])
            }
        };
        let scale = T::from_f64(self.scale);

        // Reshape to (shape without column_axis) + (n_cols,), move the last axis to
        // column_axis: element idx of the output is m(row-major index of idx without
        // column_axis, idx[column_axis]).
        let inner: usize = shape[column_axis + 1..].iter().product();
        let mut data: Vec<T> = Vec::new();
        data.try_reserve_exact(total).map_err(|_| {
            Error::invalid(format!("{name}: the allocator refused {total} elements"))
        })?;
        for flat in 0..total {
            let outer = flat / (n_cols * inner);
            let c = (flat / inner) % n_cols;
            let row = outer * inner + flat % inner;
            data.push(scale.mul(T::from_f64(m(row, c))));
        }
        ArrayD::from_shape_vec(IxDyn(shape), data)
            .map_err(|e| Error::invalid(format!("shape {shape:?}: {e}")))
    }
}

impl Initializer for Orthogonal {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        self.sample_named(key, shape, "orthogonal")
    }
    fn describe(&self) -> String {
        describe("orthogonal", self.scale, self.column_axis)
    }
    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        // JAX requires a matrix, as `sample` does.
        if shape.len() < 2 {
            return None;
        }
        let column = normalize_axis(self.column_axis, shape, "orthogonal").ok()?;
        let columns = shape[column];
        let total: usize = shape.iter().product();
        let rows = total.checked_div(columns)?;
        orthogonal_std(self.scale, rows, columns)
    }
}

// QR needs a matrix: rank 2 or more.
impl SupportsRank<Ix2> for Orthogonal {}
impl SupportsRank<Ix3> for Orthogonal {}
impl SupportsRank<Ix4> for Orthogonal {}
impl SupportsRank<Ix5> for Orthogonal {}
impl SupportsRank<Ix6> for Orthogonal {}
impl SupportsRank<IxDyn> for Orthogonal {}
impl Builtin for Orthogonal {}

pub(crate) fn describe(name: &str, scale: f64, column_axis: isize) -> String {
    let mut args = Vec::new();
    if scale != 1.0 {
        args.push(format!("scale={}", py_float(scale)));
    }
    if column_axis != -1 {
        args.push(format!("column_axis={column_axis}"));
    }
    format!("{name}({})", args.join(", "))
}
