//! The Threefry-2x32 block function (20 rounds), as `jax._src.prng.threefry2x32`.
//!
//! Everything random in fanin is this function applied to a key and a 64-bit counter.

/// Rotation amounts of the even and odd groups of four rounds (Salmon et al., 2011).
const ROTATIONS: [[u32; 4]; 2] = [[13, 15, 26, 6], [17, 29, 16, 24]];

/// The key-schedule parity constant of Threefry.
const PARITY: u32 = 0x1BD1_1BDA;

/// Hashes the counter `(x0, x1)` under `key`: one block of Threefry-2x32 with 20 rounds.
///
/// This is the primitive `threefry2x32_p` of JAX, applied to one element.
#[inline(always)]
pub fn threefry2x32(key: [u32; 2], counter: [u32; 2]) -> [u32; 2] {
    let ks = [key[0], key[1], key[0] ^ key[1] ^ PARITY];
    let mut x0 = counter[0].wrapping_add(ks[0]);
    let mut x1 = counter[1].wrapping_add(ks[1]);
    for injection in 1..=5u32 {
        for &r in &ROTATIONS[((injection - 1) % 2) as usize] {
            x0 = x0.wrapping_add(x1);
            x1 = x1.rotate_left(r) ^ x0;
        }
        x0 = x0.wrapping_add(ks[(injection % 3) as usize]);
        x1 = x1
            .wrapping_add(ks[((injection + 1) % 3) as usize])
            .wrapping_add(injection);
    }
    [x0, x1]
}

/// Hashes the 64-bit counter `index` split as JAX's `iota_2x32_shape` does: (high word, low word).
#[inline(always)]
pub fn threefry_at(key: [u32; 2], index: u64) -> [u32; 2] {
    threefry2x32(key, [(index >> 32) as u32, index as u32])
}

/// Threefry-2x32 on `L` consecutive counters `start, start + 1, ...` at once.
///
/// Written as plain loops over lanes so that LLVM turns each round into a few vector
/// instructions; each lane computes exactly what [`threefry_at`] computes for its counter.
/// `VECTOR_ROTATE` tells whether the code is compiled for a vector rotate instruction
/// (AVX-512's `vprold`), see [`rotate`].
#[inline(always)]
pub fn threefry_lanes<const L: usize, const VECTOR_ROTATE: bool>(
    key: [u32; 2],
    start: u64,
) -> ([u32; L], [u32; L]) {
    let ks = [key[0], key[1], key[0] ^ key[1] ^ PARITY];
    let mut x0 = [0u32; L];
    let mut x1 = [0u32; L];
    for lane in 0..L {
        let counter = start.wrapping_add(lane as u64);
        x0[lane] = ((counter >> 32) as u32).wrapping_add(ks[0]);
        x1[lane] = (counter as u32).wrapping_add(ks[1]);
    }
    for injection in 1..=5u32 {
        for &r in &ROTATIONS[((injection - 1) % 2) as usize] {
            for lane in 0..L {
                x0[lane] = x0[lane].wrapping_add(x1[lane]);
                x1[lane] = rotate::<VECTOR_ROTATE>(x1[lane], r) ^ x0[lane];
            }
        }
        let k0 = ks[(injection % 3) as usize];
        let k1 = ks[((injection + 1) % 3) as usize].wrapping_add(injection);
        for lane in 0..L {
            x0[lane] = x0[lane].wrapping_add(k0);
            x1[lane] = x1[lane].wrapping_add(k1);
        }
    }
    (x0, x1)
}

/// `x.rotate_left(r)` for `0 < r < 32`. With a vector rotate instruction, as it is; without
/// one, as two shifts joined by xor: LLVM lowers a rotation by a loop-variable amount through
/// 64-bit shifts and shuffles on AVX2, where the two shifts are faster.
#[inline(always)]
fn rotate<const VECTOR_ROTATE: bool>(x: u32, r: u32) -> u32 {
    if VECTOR_ROTATE {
        x.rotate_left(r)
    } else {
        (x << r) ^ (x >> (32 - r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known-answer vectors of the Random123 reference implementation (threefry2x32_20),
    /// the same ones JAX's `random_test.py` checks.
    #[test]
    fn random123_known_answers() {
        assert_eq!(threefry2x32([0, 0], [0, 0]), [0x6b20_0159, 0x99ba_4efe]);
        assert_eq!(
            threefry2x32([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
            [0x1cb9_96fc, 0xbb00_2be7]
        );
        assert_eq!(
            threefry2x32([0x1319_8a2e, 0x0370_7344], [0x243f_6a88, 0x85a3_08d3]),
            [0xc492_3a9c, 0x483d_f7a0]
        );
    }
}
