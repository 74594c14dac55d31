//! `zeros`, `ones`, `constant(value)`: arrays full of one value (`jnp.full`); the key is ignored.

use ndarray::Dimension;

use super::elementwise::{elementwise_initializer, py_float, Draw, Elementwise};
use super::{Builtin, Initializer, SupportsRank};
use crate::{Dtype, Result, Settings};

/// `jax.nn.initializers.zeros`: an array of zeros. The key is ignored.
///
/// Built by [`zeros_init()`] or used as the value [`zeros`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Zeros;

/// `jax.nn.initializers.ones`: an array of ones. The key is ignored.
///
/// Built by [`ones_init()`] or used as the value [`ones`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ones;

/// `jax.nn.initializers.constant(value)`: `jnp.full(shape, value, dtype)`, the value rounded to
/// the dtype. The key is ignored. Built by [`constant`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constant {
    value: f64,
}

/// `jax.nn.initializers.zeros`, already an initializer (as in JAX, where `zeros` is the
/// function itself): `0` everywhere.
///
/// ```
/// use fanin::init::*;
/// let b = zeros.sample::<f32>(fanin::Key::new(0), &[3])?;
/// assert_eq!(b.as_slice().unwrap(), &[0.0; 3]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[allow(non_upper_case_globals)]
pub const zeros: Zeros = Zeros;

/// `jax.nn.initializers.ones`, already an initializer: `1` everywhere.
///
/// ```
/// use fanin::init::*;
/// let scale = ones.sample::<f32>(fanin::Key::new(0), &[2])?;
/// assert_eq!(scale.as_slice().unwrap(), &[1.0; 2]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[allow(non_upper_case_globals)]
pub const ones: Ones = Ones;

/// `flax.linen.initializers.zeros_init()`: the [`zeros`] initializer.
///
/// ```
/// use fanin::init::*;
/// let b = zeros_init().sample::<f64>(fanin::Key::new(0), &[2, 2])?;
/// assert!(b.iter().all(|&x| x == 0.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn zeros_init() -> Zeros {
    Zeros
}

/// `flax.linen.initializers.ones_init()`: the [`ones`] initializer.
///
/// ```
/// use fanin::init::*;
/// let s = ones_init().sample::<f32>(fanin::Key::new(0), &[4])?;
/// assert!(s.iter().all(|&x| x == 1.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn ones_init() -> Ones {
    Ones
}

/// `jax.nn.initializers.constant(value)`: `jnp.full(shape, value, dtype)`.
///
/// ```
/// use fanin::init::*;
/// let x = constant(-7.0).sample::<f32>(fanin::Key::new(42), &[2, 3])?;
/// assert!(x.iter().all(|&v| v == -7.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn constant(value: f64) -> Constant {
    Constant { value }
}

impl Constant {
    /// The value.
    pub fn value(&self) -> f64 {
        self.value
    }
}

/// An initializer that ignores its key: what a `#[variable("...")]` field of
/// `#[derive(Params)]` takes. Flax's `self.variable(collection, name, init_fn, *args)` calls
/// `init_fn(*args)` without a key (`nn.BatchNorm`'s `mean` is `jnp.zeros`, its `var`
/// `jnp.ones`), so a variable consumes no key of the `params` stream. [`zeros`], [`ones`],
/// [`constant`] (and `zeros_init()`, `ones_init()`) implement it; implement it for an
/// initializer of your own only if its values do not depend on the key.
///
/// ```
/// use fanin::init::{constant, Initializer, Keyless};
/// fn fill_variable<I: Initializer + Keyless>(init: &I) -> fanin::Result<Vec<f32>> {
///     // Any key gives the same values.
///     Ok(init.sample::<f32>(fanin::Key::new(0), &[2])?.into_raw_vec_and_offset().0)
/// }
/// assert_eq!(fill_variable(&constant(0.5))?, [0.5, 0.5]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` draws from a key, but a #[variable] takes an initializer that ignores its key",
    label = "not a constant initializer",
    note = "Flax's `self.variable(collection, name, init_fn, ...)` calls `init_fn` without a key and consumes no key of the 'params' stream: use zeros, ones, constant(v), zeros_init() or ones_init() (or implement `fanin::init::Keyless` for a key-free initializer of your own)"
)]
pub trait Keyless: Initializer {}

impl<I: Keyless + ?Sized> Keyless for &I {}

/// `Elementwise` for an initializer of one constant value; `$value` is computed from `$s`.
macro_rules! constant_initializer {
    ($t:ty, |$s:ident| $value:expr, |$d:ident| $describe:expr) => {
        impl Elementwise for $t {
            fn draw<T: Dtype>(&self, _settings: Settings, _shape: &[usize]) -> Result<Draw<T>> {
                let $s = self;
                Ok(Draw::Constant(T::from_f64($value)))
            }
            fn description(&self) -> String {
                let $d = self;
                $describe
            }
            fn spread(&self, _shape: &[usize]) -> Option<f64> {
                // A constant does not spread.
                Some(0.0)
            }
        }
        elementwise_initializer!(impl for $t;);
        impl<D: Dimension> SupportsRank<D> for $t {}
        impl Builtin for $t {}
        impl Keyless for $t {}
    };
}

constant_initializer!(Zeros, |_s| 0.0, |_d| "zeros".to_string());
constant_initializer!(Ones, |_s| 1.0, |_d| "ones".to_string());
constant_initializer!(Constant, |s| s.value, |d| format!(
    "constant({})",
    py_float(d.value)
));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Initializer;
    use crate::Key;

    #[test]
    fn constants() {
        let key = Key::new(0);
        assert_eq!(
            zeros.sample::<f32>(key, &[2]).unwrap().as_slice().unwrap(),
            &[0.0, 0.0]
        );
        assert_eq!(ones.sample::<f64>(key, &[]).unwrap().sum(), 1.0);
        assert_eq!(constant(0.5).describe(), "constant(0.5)");
        assert_eq!(constant(2.0).describe(), "constant(2.0)");
        let mut out = [half::bf16::ZERO; 2];
        constant(3.0).fill(key, &[4], 2, &mut out).unwrap();
        assert_eq!(out, [half::bf16::from_f32(3.0); 2]);
        assert!(zeros.fill(key, &[4], 3, &mut [0f32; 2]).is_err());
    }
}
