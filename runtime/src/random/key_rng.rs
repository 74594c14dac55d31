//! [`KeyRng`]: a generator that draws the Threefry bit stream of a [`Key`], so `rand_distr`
//! distributions and custom initializers draw deterministically from a JAX key. Its words are
//! inherent methods; the `rand_core` traits of each version are implemented behind the
//! features `rand_core_0_6`, `rand_core_0_9` and `rand_core_0_10`. (The other direction, a
//! key from a `rand` generator, is [`Key::from_rng`].)

use crate::random::{Bits, Fill};
use crate::Key;

/// Words generated at once (the stream is the same whatever this is).
const BLOCK: usize = 64;

/// A generator whose output is the counter stream of Threefry bits of a key: word `i`
/// is element `i` of `jax.random.bits(key, shape)` (`uint32`) for any shape with more than
/// `i` elements, i.e. `x0 ^ x1` of Threefry-2x32 at counter `i`.
///
/// - `next_u32` returns the next word;
/// - `next_u64` takes two words, the first as the low half: `lo | (hi << 32)` (as
///   `rand_core::impls::next_u64_via_u32`);
/// - `fill_bytes` writes the next words as little-endian bytes; a partial last word uses the
///   low bytes of one word and discards the rest (so filling 8 bytes equals
///   `next_u64().to_le_bytes()`).
///
/// The stream is a pure function of the key and the position, so two generators from one key
/// agree, and [`set_word_pos`](KeyRng::set_word_pos) jumps anywhere in O(1). It is not a
/// cryptographic generator.
///
/// The methods above are inherent, so they need no feature. With `rand_core_0_6`,
/// `rand_core_0_9` or `rand_core_0_10` (several at once are fine), `KeyRng` also implements
/// that version's `RngCore` (`TryRng` for 0.10) and `SeedableRng`, so the samplers of
/// rand 0.8, 0.9 or 0.10 and their `rand_distr` draw from it.
///
/// ```
/// use fanin::{random, Key, KeyRng};
///
/// let key = Key::new(0);
/// let mut rng = KeyRng::new(key);
/// let bits = random::bits(key, &[4]);
/// assert_eq!(rng.next_u32(), bits[0]);
/// assert_eq!(rng.next_u64(), bits[1] as u64 | (bits[2] as u64) << 32);
/// ```
///
/// With the feature of your `rand` (here `rand_core_0_6`, for rand 0.8):
///
/// ```
/// # #[cfg(feature = "rand_core_0_6")] {
/// use fanin::{Key, KeyRng};
/// use rand::Rng;
///
/// let x: f64 = KeyRng::new(Key::new(0)).gen_range(0.0..1.0); // any rand / rand_distr sampler
/// assert!((0.0..1.0).contains(&x));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct KeyRng {
    key: Key,
    /// The index of the next word.
    pos: u64,
    /// The stream position of `block[0]`, when `block` holds words.
    block_start: Option<u64>,
    block: [u32; BLOCK],
}

impl KeyRng {
    /// A generator at the start of the stream of `key`.
    ///
    /// ```
    /// use fanin::{Key, KeyRng};
    /// assert_eq!(KeyRng::new(Key::new(3)).word_pos(), 0);
    /// ```
    pub fn new(key: Key) -> KeyRng {
        KeyRng {
            key,
            pos: 0,
            block_start: None,
            block: [0; BLOCK],
        }
    }

    /// The key of the stream.
    ///
    /// ```
    /// use fanin::{Key, KeyRng};
    /// assert_eq!(KeyRng::new(Key::new(3)).key(), Key::new(3));
    /// ```
    pub fn key(&self) -> Key {
        self.key
    }

    /// The index of the next word.
    ///
    /// ```
    /// use fanin::{Key, KeyRng};
    /// let mut rng = KeyRng::new(Key::new(0));
    /// rng.next_u64();
    /// assert_eq!(rng.word_pos(), 2);
    /// ```
    pub fn word_pos(&self) -> u64 {
        self.pos
    }

    /// Moves to word `pos` of the stream.
    ///
    /// ```
    /// use fanin::{random, Key, KeyRng};
    /// let mut rng = KeyRng::new(Key::new(0));
    /// rng.set_word_pos(1000);
    /// assert_eq!(rng.next_u32(), random::bits(Key::new(0), &[1001])[1000]);
    /// ```
    pub fn set_word_pos(&mut self, pos: u64) {
        self.pos = pos;
    }

    /// The next word of the stream (element [`word_pos`](KeyRng::word_pos) of
    /// `jax.random.bits`).
    ///
    /// ```
    /// use fanin::{random, Key, KeyRng};
    /// let mut rng = KeyRng::new(Key::new(5));
    /// assert_eq!(rng.next_u32(), random::bits(Key::new(5), &[1])[0]);
    /// ```
    pub fn next_u32(&mut self) -> u32 {
        self.next_word()
    }

    /// The next two words, the first as the low half: `lo | (hi << 32)`.
    ///
    /// ```
    /// use fanin::{random, Key, KeyRng};
    /// let bits = random::bits(Key::new(5), &[2]);
    /// let mut rng = KeyRng::new(Key::new(5));
    /// assert_eq!(rng.next_u64(), bits[0] as u64 | (bits[1] as u64) << 32);
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        let lo = self.next_word() as u64;
        let hi = self.next_word() as u64;
        lo | (hi << 32)
    }

    /// Fills `dest` with the next words as little-endian bytes; a partial last word uses its
    /// low bytes and discards the rest.
    ///
    /// ```
    /// use fanin::{Key, KeyRng};
    /// let mut bytes = [0u8; 8];
    /// KeyRng::new(Key::new(5)).fill_bytes(&mut bytes);
    /// assert_eq!(bytes, KeyRng::new(Key::new(5)).next_u64().to_le_bytes());
    /// ```
    pub fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(4) {
            let word = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    /// A generator seeded by the key data as little-endian bytes (`[k0, k1]` of
    /// `jax.random.key_data(key)`): `KeyRng::from_seed(s)` is
    /// `KeyRng::new(Key::from_data(..))`. Every `SeedableRng::from_seed` of the bridges is
    /// this.
    ///
    /// ```
    /// use fanin::{Key, KeyRng};
    /// let mut seed = [0u8; 8];
    /// seed[4..].copy_from_slice(&42u32.to_le_bytes());
    /// assert_eq!(KeyRng::from_seed(seed).key(), Key::new(42));
    /// ```
    pub fn from_seed(seed: [u8; 8]) -> KeyRng {
        let k0 = u32::from_le_bytes([seed[0], seed[1], seed[2], seed[3]]);
        let k1 = u32::from_le_bytes([seed[4], seed[5], seed[6], seed[7]]);
        KeyRng::new(Key::from_data([k0, k1]))
    }

    fn next_word(&mut self) -> u32 {
        let offset = match self.block_start {
            Some(start) if self.pos >= start && self.pos - start < BLOCK as u64 => {
                (self.pos - start) as usize
            }
            _ => {
                Bits.fill(self.key, self.pos, &mut self.block);
                self.block_start = Some(self.pos);
                0
            }
        };
        self.pos = self.pos.wrapping_add(1);
        self.block[offset]
    }
}
