//! [`Initializer`]: a function of a key and a shape to an array, as JAX's
//! `init(key, shape, dtype)`.

use std::sync::Arc;

use ndarray::{ArrayD, IxDyn};

use crate::{Dtype, Error, Key, Result};

/// An initializer: a function of a key and a shape to an array, as JAX's
/// `init(key, shape, dtype)` (`jax.nn.initializers.Initializer`).
///
/// fanin's initializers are built by the functions of [`fanin::init`](crate::init)
/// (`lecun_normal()`, `zeros_init()`, ...). Your own type implements `sample` (and, if it can
/// make any range of its output alone, `fill` and `is_elementwise`):
///
/// ```
/// use fanin::init::Initializer;
/// use fanin::ndarray::{ArrayD, IxDyn};
/// use fanin::{Dtype, Key, Result};
///
/// /// `arange`: element `i` is `i`.
/// struct Arange;
/// impl Initializer for Arange {
///     fn sample<T: Dtype>(&self, _key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
///         let n: usize = shape.iter().product();
///         let data = (0..n).map(|i| T::from_f64(i as f64)).collect();
///         Ok(ArrayD::from_shape_vec(IxDyn(shape), data).unwrap())
///     }
///     fn describe(&self) -> String {
///         "arange()".into()
///     }
/// }
/// let x = Arange.sample::<f32>(Key::new(0), &[2, 2])?;
/// assert_eq!(x.as_slice().unwrap(), &[0.0, 1.0, 2.0, 3.0]);
/// // `fill` defaults to a slice of `sample`:
/// let mut tail = [0f32; 2];
/// Arange.fill(Key::new(0), &[2, 2], 2, &mut tail)?;
/// assert_eq!(tail, [2.0, 3.0]);
/// # Ok::<(), fanin::Error>(())
/// ```
///
/// Complex dtypes are out of scope for now.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an initializer",
    label = "expected an initializer such as `lecun_normal()` or `zeros_init()`",
    note = "an initializer implements `fanin::init::Initializer`: use a builder of `fanin::init` (`lecun_normal()`, `normal().stddev(0.02)`, `zeros_init()`, ...) or implement the trait for your own type",
    note = "a builder must be called: write `lecun_normal()`, not `lecun_normal`; and in place of JAX's `kernel_init=jnp.zeros` pitfall, use `zeros` or `zeros_init()` from `fanin::init`"
)]
pub trait Initializer {
    /// Draws an array of this shape and dtype.
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>>;

    /// Writes elements `start .. start + out.len()` of the row-major flattening of
    /// `sample(key, shape)`.
    ///
    /// The default samples the whole array and copies the range; elementwise initializers
    /// (see [`is_elementwise`](Initializer::is_elementwise)) compute only the range.
    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        let first = check_range(shape, start, out.len())?;
        let whole = self.sample::<T>(key, shape)?;
        if whole.shape() != shape {
            return Err(Error::invalid(format!(
                "{}: sample returned shape {:?}, not the requested {:?}",
                self.describe(),
                whole.shape(),
                shape
            )));
        }
        for (slot, &v) in out.iter_mut().zip(whole.iter().skip(first)) {
            *slot = v;
        }
        Ok(())
    }

    /// Whether [`fill`](Initializer::fill) of a range costs only that range: `true` for the
    /// elementwise initializers (constants, random draws, variance scaling), `false` for those
    /// that must build the whole array (orthogonal).
    fn is_elementwise(&self) -> bool {
        false
    }

    /// A short description for summaries, e.g. `lecun_normal()`, `normal(stddev=0.02)`,
    /// `constant(0.5)`. The default is the type's name.
    fn describe(&self) -> String {
        let name = std::any::type_name::<Self>();
        name.rsplit("::").next().unwrap_or(name).to_string()
    }
}

/// Forwards every method of [`Initializer`] through a pointer type.
macro_rules! forward_initializer {
    ($($pointer:ty),*) => {$(
        impl<I: Initializer + ?Sized> Initializer for $pointer {
            fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
                (**self).sample(key, shape)
            }
            fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
                (**self).fill(key, shape, start, out)
            }
            fn is_elementwise(&self) -> bool {
                (**self).is_elementwise()
            }
            fn describe(&self) -> String {
                (**self).describe()
            }
        }
    )*};
}

forward_initializer!(&I, Box<I>, Arc<I>);

/// The number of elements of `shape`, or an error if it overflows (ndarray's limit is
/// `isize::MAX`).
pub(crate) fn element_count(shape: &[usize]) -> Result<usize> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| {
            Error::invalid(format!(
                "shape {shape:?} has more elements than an array can hold (the product overflows isize); use smaller dimensions"
            ))
        })
}

/// Checks that `start .. start + len` lies inside an array of `shape`; returns `start`.
pub(crate) fn check_range(shape: &[usize], start: u64, len: usize) -> Result<usize> {
    let total = element_count(shape)?;
    let end = start.checked_add(len as u64);
    match end {
        Some(end) if end <= total as u64 => Ok(start as usize),
        _ => Err(Error::invalid(format!(
            "fill: the range {start}..{start}+{len} is outside shape {shape:?} ({total} elements); ask for a range inside the array"
        ))),
    }
}

/// An array of `shape` from row-major data.
pub(crate) fn from_vec<T>(shape: &[usize], data: Vec<T>) -> Result<ArrayD<T>> {
    ArrayD::from_shape_vec(IxDyn(shape), data)
        .map_err(|e| Error::invalid(format!("shape {shape:?}: {e}")))
}
