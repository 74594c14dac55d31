//! Threefry as JAX runs it with `jax_threefry_partitionable=False`, the default before JAX
//! 0.5: how `split` makes keys and how `random_bits` makes the words of an array.
//!
//! Both go through JAX's `threefry_2x32(key, counts)`, which hashes an array of counters in
//! pairs: the flat array (padded with one zero when its length is odd) is cut into halves
//! `x0` and `x1`, element `j` of each half is hashed as the counter `(x0[j], x1[j])`, and the
//! outputs are laid end to end, first words then second words. So element `k` of
//! `threefry_2x32(key, iota(n))` depends on `n`: a range of an array cannot be made without
//! knowing the array's size, unlike the partitionable mode.

use super::threefry::threefry2x32;

/// Element `k` of `threefry_2x32(key, iota(n))`.
fn hashed_iota(key: [u32; 2], n: u64, k: u64) -> u32 {
    let half = n.div_ceil(2);
    let (j, word) = if k < half { (k, 0) } else { (k - half, 1) };
    // The padding zero, when `n` is odd, is the last counter of the second half.
    let second = if j + half < n { j + half } else { 0 };
    threefry2x32(key, [j as u32, second as u32])[word]
}

/// `jax.random.split(key, num)` in the legacy mode: key `j` is words `2j` and `2j + 1` of
/// `threefry_2x32(key, iota(2 num))`.
pub(crate) fn split(key: [u32; 2], num: usize) -> Vec<[u32; 2]> {
    let n = 2 * num as u64;
    (0..num as u64)
        .map(|j| [hashed_iota(key, n, 2 * j), hashed_iota(key, n, 2 * j + 1)])
        .collect()
}

/// The counters `threefry_2x32` hashes at most in one call: JAX cuts longer streams into
/// blocks of this many words, each under a key of its own.
const BLOCK_WORDS: u64 = u32::MAX as u64;

/// The random bits of one array in the legacy mode: `_threefry_random_bits_original(key,
/// width, shape)` for an array of `size` elements of `width` bits (8, 16, 32 or 64).
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct LegacyBits {
    width: u32,
    size: u64,
    /// `ceil(width * size / 32)`: the 32-bit words hashed.
    words: u64,
    /// One key per block of [`BLOCK_WORDS`] words (one block for all but huge arrays).
    block_keys: Vec<[u32; 2]>,
}

impl LegacyBits {
    /// The bits of an array of `size` elements of `width` bits drawn with `key`.
    pub(crate) fn new(key: [u32; 2], width: u32, size: u64) -> LegacyBits {
        debug_assert!(matches!(width, 8 | 16 | 32 | 64));
        let words = (width as u64 * size).div_ceil(32);
        let blocks = words / BLOCK_WORDS;
        let block_keys = if blocks == 0 {
            vec![key]
        } else {
            // `split(key, blocks + 1)`: a key per full block, the last for the remainder.
            split(key, blocks as usize + 1)
        };
        LegacyBits {
            width,
            size,
            words,
            block_keys,
        }
    }

    /// Word `k` of the stream.
    fn word(&self, k: u64) -> u32 {
        if self.block_keys.len() == 1 {
            return hashed_iota(self.block_keys[0], self.words, k);
        }
        let (block, within) = (k / BLOCK_WORDS, k % BLOCK_WORDS);
        let full_blocks = self.block_keys.len() as u64 - 1;
        let len = if block < full_blocks {
            BLOCK_WORDS
        } else {
            self.words - full_blocks * BLOCK_WORDS
        };
        hashed_iota(self.block_keys[block as usize], len, within)
    }

    /// The words the samplers' element functions take for element `i`, as the partitionable
    /// mode would hand them: `[bits, 0]` for widths up to 32 (the element functions use
    /// `x0 ^ x1`, and its low bits for 8 and 16), `[high, low]` for 64.
    #[inline]
    pub(crate) fn element_words(&self, i: u64) -> [u32; 2] {
        match self.width {
            64 => [self.word(i), self.word(self.size + i)],
            32 => [self.word(i), 0],
            width => {
                let per_word = (32 / width) as u64;
                let shift = (i % per_word) as u32 * width;
                let mask = (1u32 << width) - 1;
                [(self.word(i / per_word) >> shift) & mask, 0]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_streams_pad_the_second_half() {
        // n = 3: halves [0, 1] and [2, pad 0].
        let key = [7, 9];
        assert_eq!(hashed_iota(key, 3, 0), threefry2x32(key, [0, 2])[0]);
        assert_eq!(hashed_iota(key, 3, 1), threefry2x32(key, [1, 0])[0]);
        assert_eq!(hashed_iota(key, 3, 2), threefry2x32(key, [0, 2])[1]);
    }

    #[test]
    fn sixty_four_bits_pair_the_halves() {
        let bits = LegacyBits::new([1, 2], 64, 5);
        for i in 0..5 {
            assert_eq!(
                bits.element_words(i),
                threefry2x32([1, 2], [i as u32, 5 + i as u32])
            );
        }
    }

    #[test]
    fn narrow_widths_take_little_endian_pieces() {
        let bits = LegacyBits::new([3, 4], 8, 6);
        let word0 = bits.word(0);
        assert_eq!(bits.element_words(1), [(word0 >> 8) & 0xFF, 0]);
        assert_eq!(bits.element_words(4), [bits.word(1) & 0xFF, 0]);
    }
}
