//! [`Execution`]: which way of running JAX the results reproduce, op by op (`Module.init`) or
//! compiled whole (`jax.jit(model.init)`).
//!
//! The two differ in one place only. Under `jax.jit`, XLA folds the constants of
//! `normal(key) * stddev` (`sqrt2 * erf_inv(u) * stddev`) into `erf_inv(u) * (sqrt2 * stddev)`,
//! so normal-distribution initializers (`normal()`, `variance_scaling(.., Normal)`, Flax's
//! `nn.Embed` default) round differently in `f32`, `f16` and `f64`; in `bf16` the conversions
//! XLA inserts keep the two multiplies apart, as op by op. Everything else is the same bits.

use std::cell::Cell;

/// How JAX ran the initialization that fanin reproduces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Execution {
    /// Op by op: `Module.init(key, x)` and `jax.nn.initializers.*(key, shape)` called directly.
    /// The default.
    #[default]
    Eager,
    /// Compiled whole: `jax.jit(model.init)(key, x)`.
    Jit,
}

thread_local! {
    static CURRENT: Cell<Execution> = const { Cell::new(Execution::Eager) };
}

/// Runs `f` with `execution` as the [`current_execution`] of this thread, then restores the
/// previous one (also if `f` panics).
///
/// ```
/// use fanin::init::{normal, Initializer};
/// use fanin::{with_execution, Execution, Key};
/// let eager = normal().stddev(0.02).sample::<f32>(Key::new(0), &[64, 64])?;
/// // As `jax.jit(lambda k: jax.nn.initializers.normal(0.02)(k, (64, 64)))(key)`:
/// let jit = with_execution(Execution::Jit, || normal().stddev(0.02).sample::<f32>(Key::new(0), &[64, 64]))?;
/// assert_ne!(eager, jit); // a quarter of the elements differ by one ulp
/// assert!(eager.iter().zip(&jit).all(|(a, b)| (a - b).abs() <= 1e-8));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn with_execution<R>(execution: Execution, f: impl FnOnce() -> R) -> R {
    struct Restore(Execution);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(execution)));
    f()
}

/// The execution that initializers called on this thread reproduce: [`Execution::Eager`]
/// unless inside [`with_execution`].
pub fn current_execution() -> Execution {
    CURRENT.with(|c| c.get())
}
