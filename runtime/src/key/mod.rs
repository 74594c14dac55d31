//! [`Key`]: a JAX PRNG key (`threefry2x32`, partitionable), with `split` and `fold_in`;
//! the Threefry-2x32 block function itself (`threefry.rs`); and Flax's derivation of a param's
//! key from its path ([`LazyRng`](crate::LazyRng), `lazy_rng.rs`).

pub(crate) mod lazy_rng;
pub(crate) mod legacy;
pub(crate) mod source;
pub(crate) mod threefry;

use source::KeySource;

use self::threefry::{threefry2x32, threefry_at};
use crate::{Settings, Threefry};

/// A JAX PRNG key: the two 32-bit words of `jax.random.key_data(k)` for the default
/// `threefry2x32` implementation.
///
/// Keys are cheap values: copy them freely. Every operation mirrors `jax.random` with its
/// defaults (`jax_threefry_partitionable=True`), so the same seed gives the same keys and
/// the same samples as JAX on CPU.
///
/// ```
/// use fanin::Key;
/// let key = Key::new(0);
/// assert_eq!(key.data(), [0, 0]); // jax.random.key_data(jax.random.PRNGKey(0))
/// let [a, b] = key.split(2)[..] else { unreachable!() };
/// assert_ne!(a, b);
/// assert_eq!(key.fold_in(7), key.fold_in(7));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Key {
    data: [u32; 2],
}

impl Key {
    /// `jax.random.PRNGKey(seed)`: the high and low 32 bits of the seed, as with
    /// `jax_enable_x64` (without it JAX truncates seeds to 32 bits, so seeds below 2^32 agree
    /// either way).
    pub fn new(seed: u64) -> Key {
        Key {
            data: [(seed >> 32) as u32, seed as u32],
        }
    }

    /// A key from its raw words, as returned by `jax.random.key_data(k)`.
    pub fn from_data(data: [u32; 2]) -> Key {
        Key { data }
    }

    /// The raw words of the key: `jax.random.key_data(k)`.
    pub fn data(&self) -> [u32; 2] {
        self.data
    }

    /// `jax.random.split(key, num)`: `num` new keys; key `i` hashes the counter `i`.
    ///
    /// ```
    /// use fanin::Key;
    /// let keys = Key::new(0).split(3);
    /// assert_eq!(keys.len(), 3);
    /// assert_eq!(keys[1], Key::new(0).split(2)[1]); // key i does not depend on num
    /// ```
    ///
    /// Under [`Threefry::Legacy`] (see [`with_threefry`](crate::with_threefry)), the keys of
    /// `jax_threefry_partitionable=False`.
    pub fn split(&self, num: usize) -> Vec<Key> {
        match Settings::current().threefry {
            Threefry::Partitionable => (0..num as u64).map(|i| self.split_at(i)).collect(),
            Threefry::Legacy => legacy::split(self.data, num)
                .into_iter()
                .map(Key::from_data)
                .collect(),
        }
    }

    /// Key `index` of `split(n)` for any `n > index`, without making the others (in the
    /// partitionable mode, where key `index` does not depend on `n`).
    pub fn split_at(&self, index: u64) -> Key {
        Key {
            data: threefry_at(self.data, index),
        }
    }

    /// `jax.random.fold_in(key, data)`: a new key that mixes `data` into this one.
    pub fn fold_in(&self, data: u32) -> Key {
        Key {
            data: threefry2x32(self.data, [0, data]),
        }
    }
}

impl Key {
    /// A key made from a `rand` generator: `Key::from_data([rng.next_u32(), rng.next_u32()])`
    /// (two words, in that order), so a seeded `rand` generator gives a reproducible JAX key.
    ///
    /// Takes a generator of rand 0.8, 0.9 or 0.10 (`rand_core` 0.6, 0.9, 0.10), each behind
    /// its feature (`rand_core_0_6`, `rand_core_0_9`, `rand_core_0_10`); the version is found
    /// from the generator's type (see [`KeySource`](crate::random::KeySource)), so the call is
    /// the same for all. A generator of a version whose feature is off is a compile error that
    /// names the feature to enable.
    ///
    /// ```
    /// # #[cfg(feature = "rand_core_0_6")] {
    /// use fanin::Key;
    /// use rand::{rngs::StdRng, SeedableRng};   // rand 0.8, feature `rand_core_0_6`
    /// let a = Key::from_rng(&mut StdRng::seed_from_u64(7));
    /// assert_eq!(a, Key::from_rng(&mut StdRng::seed_from_u64(7)));
    /// let params_key: Key = a.split(2)[0];
    /// # let _ = params_key;
    /// # }
    /// ```
    pub fn from_rng<R, Version>(rng: &mut R) -> Key
    where
        R: KeySource<Version> + ?Sized,
    {
        let k0 = rng.next_key_word();
        let k1 = rng.next_key_word();
        Key::from_data([k0, k1])
    }
}

impl Default for Key {
    /// `Key::new(0)`.
    fn default() -> Key {
        Key::new(0)
    }
}
