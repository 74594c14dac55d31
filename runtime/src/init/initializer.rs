//! [`Initializer`]: a function of a key and a shape to an array, as JAX's
//! `init(key, shape, dtype)`.

use std::sync::Arc;

use ndarray::{ArrayD, IxDyn};

use crate::size::element_count;
use crate::{Dtype, Error, Key, Result, Settings};

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

    /// The standard deviation of the distribution this initializer draws arrays of `shape`
    /// from, for a summary to set beside the values drawn
    /// ([`Statistics`](crate::params::Statistics)). `None` when it is not known: the default,
    /// so a custom initializer has none unless it says.
    ///
    /// fanin's initializers give it from their arguments and the shape: `normal(s)`: `s`;
    /// `uniform(s)` (on `[0, s)`): `s / sqrt(12)`; `truncated_normal(s, lower, upper)`: `s`
    /// times the standard deviation of a standard normal truncated to `[lower, upper]`;
    /// variance scaling: `sqrt(scale / fan)` for every distribution (the truncated normal is
    /// divided by `0.87962566103423978` as JAX does, which nearly undoes the truncation);
    /// constants: `0`; `orthogonal(scale)`: `scale / sqrt(max(rows, columns))`, the root mean
    /// square of a scaled orthonormal matrix; `delta_orthogonal`: the same spread over the
    /// whole kernel.
    ///
    /// ```
    /// use fanin::init::*;
    /// assert_eq!(normal().stddev(0.02).expected_std(&[3, 4]), Some(0.02));
    /// // lecun_normal on a (256, 64) kernel: sqrt(1 / 256).
    /// let std = lecun_normal().expected_std(&[256, 64]).unwrap();
    /// assert!((std - 1.0 / 16.0).abs() < 1e-6);
    /// assert_eq!(zeros.expected_std(&[5]), Some(0.0));
    /// ```
    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        let _ = shape;
        None
    }

    /// [`sample`](Initializer::sample) as the JAX run described by `settings` makes it
    /// (`Module.init` or `jax.jit`). fanin's initializers take the settings from here;
    /// `sample` reads [`Settings::current`] and calls this. The default ignores the settings
    /// and calls `sample`: right for an initializer whose bits do not depend on them. One that
    /// wraps another initializer forwards them:
    ///
    /// ```
    /// use fanin::init::{normal, Initializer, Normal};
    /// use fanin::ndarray::ArrayD;
    /// use fanin::{Dtype, Execution, Key, Result, Settings};
    ///
    /// /// `normal()` times two.
    /// struct Doubled(Normal);
    /// impl Initializer for Doubled {
    ///     fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
    ///         self.sample_with(Settings::current(), key, shape)
    ///     }
    ///     fn sample_with<T: Dtype>(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
    ///         Ok(self.0.sample_with::<T>(settings, key, shape)?.mapv(|x| x.mul(T::from_f64(2.0))))
    ///     }
    /// }
    /// let jit = Settings::default().execution(Execution::Jit);
    /// let x = Doubled(normal()).sample_with::<f32>(jit, Key::new(0), &[3])?;
    /// let y = normal().sample_with::<f32>(jit, Key::new(0), &[3])?;
    /// assert_eq!(x, y.mapv(|v| v * 2.0));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn sample_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
    ) -> Result<ArrayD<T>> {
        let _ = settings;
        self.sample(key, shape)
    }

    /// [`fill`](Initializer::fill) under `settings`, as [`sample_with`](Initializer::sample_with)
    /// is to `sample`. The default ignores the settings and calls `fill`.
    fn fill_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [T],
    ) -> Result<()> {
        let _ = settings;
        self.fill(key, shape, start, out)
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
            fn expected_std(&self, shape: &[usize]) -> Option<f64> {
                (**self).expected_std(shape)
            }
            fn sample_with<T: Dtype>(&self, settings: Settings, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
                (**self).sample_with(settings, key, shape)
            }
            fn fill_with<T: Dtype>(&self, settings: Settings, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
                (**self).fill_with(settings, key, shape, start, out)
            }
        }
    )*};
}

forward_initializer!(&I, Box<I>, Arc<I>);

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
