//! bf16 lookups on AVX-512: the 128 entries of 16 bits fit in four registers, and word
//! permutes (`vpermi2w`) look up 32 lanes in five instructions, where 32-bit gathers take
//! two slow instructions per 16 lanes.

use std::arch::x86_64::{
    __m512i, _mm512_and_si512, _mm512_castsi256_si512, _mm512_cvtepi32_epi16, _mm512_inserti64x4,
    _mm512_loadu_si512, _mm512_mask_blend_epi16, _mm512_permutex2var_epi16, _mm512_set1_epi16,
    _mm512_set1_epi32, _mm512_srli_epi32, _mm512_storeu_si512, _mm512_test_epi16_mask,
    _mm512_xor_si512,
};

use crate::key::threefry::{threefry_at, threefry_lanes};
use crate::random::simd::{avx512_copy, AVX512_BLOCK as BLOCK};

avx512_copy! {
    /// Writes `table[(x0 ^ x1) >> 1 & 127]` for the Threefry words of counters `start ..` to
    /// `out`: bf16's `unit_index` (the top 7 of 8 random bits) looked up.
    ///
    /// # Safety
    /// The CPU must support AVX-512 F, VL, DQ and BW, and FMA.
    pub(super) unsafe fn fill_avx512(key: [u32; 2], start: u64, out: &mut [u16], table: &[u16; 128]) {
        // SAFETY: the caller guarantees the CPU features; every load and store stays inside
        // `table` (32 of its 128 entries at a time) and `out` (32 lanes of a chunk).
        unsafe {
        let quarter = |q: usize| _mm512_loadu_si512(table[q * 32..].as_ptr().cast());
        let entries = [quarter(0), quarter(1), quarter(2), quarter(3)];
        let mut blocks = out.chunks_exact_mut(BLOCK);
        let mut index = start;
        for block in &mut blocks {
            let (x0, x1) = threefry_lanes::<BLOCK, true>(key, index);
            for (lanes, out) in block.chunks_exact_mut(32).enumerate() {
                let first = lanes * 32;
                let low = indices(&x0[first..], &x1[first..]);
                let high = indices(&x0[first + 16..], &x1[first + 16..]);
                let words = _mm512_inserti64x4::<1>(
                    _mm512_castsi256_si512(_mm512_cvtepi32_epi16(low)),
                    _mm512_cvtepi32_epi16(high),
                );
                _mm512_storeu_si512(out.as_mut_ptr().cast(), look_up(&entries, words));
            }
            index += BLOCK as u64;
        }
        for (i, slot) in blocks.into_remainder().iter_mut().enumerate() {
            let [x0, x1] = threefry_at(key, index + i as u64);
            *slot = table[((x0 ^ x1) >> 1) as usize & 127];
        }
        }
    }
}

/// `(x0 ^ x1) >> 1 & 127` of the first 16 lanes.
#[inline(always)]
unsafe fn indices(x0: &[u32], x1: &[u32]) -> __m512i {
    // SAFETY: the caller runs on AVX-512; the loads read the 16 lanes the slices are cut to.
    unsafe {
        let x0 = _mm512_loadu_si512(x0[..16].as_ptr().cast());
        let x1 = _mm512_loadu_si512(x1[..16].as_ptr().cast());
        _mm512_and_si512(
            _mm512_srli_epi32::<1>(_mm512_xor_si512(x0, x1)),
            _mm512_set1_epi32(127),
        )
    }
}

/// `entries[words]` for 32 words below 128: one permute per half of the table (the low six
/// bits of each word pick one of its 64 entries), then bit 6 picks the half.
#[inline(always)]
unsafe fn look_up(entries: &[__m512i; 4], words: __m512i) -> __m512i {
    // SAFETY: the caller runs on AVX-512 (BW for the word permutes); registers only.
    unsafe {
        let low = _mm512_permutex2var_epi16(entries[0], words, entries[1]);
        let high = _mm512_permutex2var_epi16(entries[2], words, entries[3]);
        let upper = _mm512_test_epi16_mask(words, _mm512_set1_epi16(64));
        _mm512_mask_blend_epi16(upper, low, high)
    }
}
