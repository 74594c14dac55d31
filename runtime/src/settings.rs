//! [`Settings`]: how the run that fanin reproduces was made: [`Execution`], op by op
//! (`Module.init`) or compiled whole (`jax.jit(model.init)`); and [`Threefry`], the mode of
//! JAX's random bits (`jax_threefry_partitionable`); and Flax's `flax_fix_rng_separator`.
//!
//! The settings travel as one value: entry points ([`Params::init`](crate::Params::init),
//! [`Params::plan`](crate::Params::plan), the `io` functions, [`Initializer::sample`]
//! (crate::init::Initializer::sample)) read [`Settings::current`] once and hand it down, and a
//! plan keeps the settings it was made under for the fills it runs later, on any thread.
//! [`with_execution`] and [`with_threefry`] set what `current` returns on this thread, for
//! code that cannot pass settings itself.
//!
//! Execution matters in one place only. Under `jax.jit`, XLA folds the constants of
//! `normal(key) * stddev` (`sqrt2 * erf_inv(u) * stddev`) into `erf_inv(u) * (sqrt2 * stddev)`,
//! so normal-distribution initializers (`normal()`, `variance_scaling(.., Normal)`, Flax's
//! `nn.Embed` default) round differently in `f32`, `f16` and `f64`; in `bf16` the conversions
//! XLA inserts keep the two multiplies apart, as op by op. Everything else is the same bits.

use std::cell::Cell;
use std::thread::LocalKey;

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

/// How JAX made random bits: `jax_threefry_partitionable`, `True` by default since JAX 0.5.
///
/// The two modes give the same keys through `fold_in` (so Flax's param keys are the same), but
/// different keys through `split` and different random bits, so different samples. Models
/// initialized with JAX before 0.5 (or with the flag set to `False`) need [`Threefry::Legacy`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Threefry {
    /// `jax_threefry_partitionable=True`: element `i` of an array hashes the counter `i`, so any
    /// range is made on its own (and in parallel). The default.
    #[default]
    Partitionable,
    /// `jax_threefry_partitionable=False`: the counters of an array are hashed in pairs
    /// `(j, j + n/2)`, so element `i` depends on the array's size; made one element at a time.
    Legacy,
}

/// Everything about the JAX run that changes the bits fanin makes, as one value.
///
/// ```
/// use fanin::{with_execution, Execution, Settings};
/// assert_eq!(Settings::current(), Settings::default());
/// let jit = with_execution(Execution::Jit, Settings::current);
/// assert_eq!(jit, Settings::default().execution(Execution::Jit));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Settings {
    /// Op by op or under `jax.jit`.
    pub execution: Execution,
    /// How random bits are made.
    pub threefry: Threefry,
    /// Flax's `flax_fix_rng_separator` (off by default): a `\0` byte before each item Flax
    /// hashes into a param's key, so `("ab", "c")` and `("a", "bc")` differ. It changes every
    /// param key of a model; models made with the flag set need it here too.
    pub fix_rng_separator: bool,
}

impl Settings {
    /// The settings of this thread: the defaults, or what [`with_execution`] set around the call.
    pub fn current() -> Settings {
        Settings {
            execution: CURRENT_EXECUTION.with(Cell::get),
            threefry: CURRENT_THREEFRY.with(Cell::get),
            fix_rng_separator: CURRENT_FIX_RNG_SEPARATOR.with(Cell::get),
        }
    }

    /// These settings with another Threefry mode.
    pub fn threefry(mut self, threefry: Threefry) -> Settings {
        self.threefry = threefry;
        self
    }

    /// These settings with another execution.
    pub fn execution(mut self, execution: Execution) -> Settings {
        self.execution = execution;
        self
    }

    /// These settings with Flax's `flax_fix_rng_separator` on or off.
    pub fn fix_rng_separator(mut self, on: bool) -> Settings {
        self.fix_rng_separator = on;
        self
    }

    /// Runs `f` with these settings as this thread's [`current`](Settings::current) ones, then
    /// restores the previous ones (also if `f` panics).
    pub fn scope<R>(self, f: impl FnOnce() -> R) -> R {
        with_execution(self.execution, || {
            with_threefry(self.threefry, || {
                with_fix_rng_separator(self.fix_rng_separator, f)
            })
        })
    }
}

thread_local! {
    static CURRENT_EXECUTION: Cell<Execution> = const { Cell::new(Execution::Eager) };
    static CURRENT_THREEFRY: Cell<Threefry> = const { Cell::new(Threefry::Partitionable) };
    static CURRENT_FIX_RNG_SEPARATOR: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` as under `flax.config.update("flax_fix_rng_separator", on)`, then restores the
/// previous setting (also if `f` panics). Models initialized, planned, streamed or sharded
/// inside `f` derive their param keys with a `\0` before each hashed path item.
///
/// ```
/// use fanin::params::Scope;
/// use fanin::{with_fix_rng_separator, Key, LazyRng, Settings};
/// let key = with_fix_rng_separator(true, || {
///     Scope::for_init(Key::new(0), Settings::current()).child("dense").param_key(1)
/// })?;
/// assert_eq!(key, LazyRng::with_separator(Key::new(0)).child("dense").param(1));
/// assert_ne!(key, LazyRng::new(Key::new(0)).child("dense").param(1));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn with_fix_rng_separator<R>(on: bool, f: impl FnOnce() -> R) -> R {
    with_value(&CURRENT_FIX_RNG_SEPARATOR, on, f)
}

/// Runs `f` with `mode` as this thread's Threefry mode (see [`Threefry`]), then restores the
/// previous one (also if `f` panics). Keys split and arrays sampled inside `f`, and models
/// initialized, planned, streamed or sharded inside it, follow that mode.
///
/// ```
/// use fanin::{random, with_threefry, Key, Threefry};
/// let key = Key::new(0);
/// // `jax.config.update("jax_threefry_partitionable", False)`, then `jax.random.split(key)`:
/// let legacy = with_threefry(Threefry::Legacy, || key.split(2));
/// assert_ne!(legacy, key.split(2));
/// let x = with_threefry(Threefry::Legacy, || random::normal::<f32>(key, &[3]));
/// assert_ne!(x, random::normal::<f32>(key, &[3]));
/// ```
pub fn with_threefry<R>(mode: Threefry, f: impl FnOnce() -> R) -> R {
    with_value(&CURRENT_THREEFRY, mode, f)
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
    with_value(&CURRENT_EXECUTION, execution, f)
}

/// Runs `f` with `value` in the thread-local `cell`, then puts the previous value back, also
/// if `f` panics.
fn with_value<T: Copy + 'static, R>(
    cell: &'static LocalKey<Cell<T>>,
    value: T,
    f: impl FnOnce() -> R,
) -> R {
    struct Restore<T: Copy + 'static>(&'static LocalKey<Cell<T>>, T);
    impl<T: Copy + 'static> Drop for Restore<T> {
        fn drop(&mut self) {
            self.0.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(cell, cell.with(|c| c.replace(value)));
    f()
}

/// The execution that calls on this thread reproduce: [`Execution::Eager`] unless inside
/// [`with_execution`].
///
/// ```
/// assert_eq!(fanin::current_execution(), fanin::Execution::Eager);
/// ```
pub fn current_execution() -> Execution {
    Settings::current().execution
}
