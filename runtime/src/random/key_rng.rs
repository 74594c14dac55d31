//! [`KeyRng`]: a `rand::RngCore` that draws the Threefry bit stream of a [`Key`], so
//! `rand_distr` distributions and custom initializers draw deterministically from a JAX key.
//! (The other direction, a key from a `rand` generator, is [`Key::from_rng`].)

use rand::{Error as RandError, RngCore, SeedableRng};

use crate::random::{Bits, Fill};
use crate::Key;

/// Words generated at once (the stream is the same whatever this is).
const BLOCK: usize = 64;

/// A `rand` generator whose output is the counter stream of Threefry bits of a key: word `i`
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
/// ```
/// use fanin::{random, Key, KeyRng};
/// use rand::{Rng, RngCore};
///
/// let key = Key::new(0);
/// let mut rng = KeyRng::new(key);
/// let bits = random::bits(key, &[4]);
/// assert_eq!(rng.next_u32(), bits[0]);
/// assert_eq!(rng.next_u64(), bits[1] as u64 | (bits[2] as u64) << 32);
/// let x: f64 = rng.gen();   // any rand / rand_distr sampler
/// assert!((0.0..1.0).contains(&x));
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
    /// use rand::RngCore;
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
    /// use rand::RngCore;
    /// let mut rng = KeyRng::new(Key::new(0));
    /// rng.set_word_pos(1000);
    /// assert_eq!(rng.next_u32(), random::bits(Key::new(0), &[1001])[1000]);
    /// ```
    pub fn set_word_pos(&mut self, pos: u64) {
        self.pos = pos;
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

impl RngCore for KeyRng {
    fn next_u32(&mut self) -> u32 {
        self.next_word()
    }

    fn next_u64(&mut self) -> u64 {
        let lo = self.next_word() as u64;
        let hi = self.next_word() as u64;
        lo | (hi << 32)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(4) {
            let word = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandError> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// Seeded by the key data as little-endian bytes (`[k0, k1]` of
/// `jax.random.key_data(key)`): `KeyRng::from_seed(s)` is `KeyRng::new(Key::from_data(..))`.
///
/// ```
/// use fanin::{Key, KeyRng};
/// use rand::{RngCore, SeedableRng};
/// let mut seed = [0u8; 8];
/// seed[4..].copy_from_slice(&42u32.to_le_bytes());
/// let mut a = KeyRng::from_seed(seed);
/// let mut b = KeyRng::new(Key::new(42));
/// assert_eq!(a.next_u32(), b.next_u32());
/// ```
impl SeedableRng for KeyRng {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> KeyRng {
        let k0 = u32::from_le_bytes([seed[0], seed[1], seed[2], seed[3]]);
        let k1 = u32::from_le_bytes([seed[4], seed[5], seed[6], seed[7]]);
        KeyRng::new(Key::from_data([k0, k1]))
    }
}
