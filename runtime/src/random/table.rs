//! Samples of 16-bit dtypes by lookup. `unit` keeps only 7 random bits for `bf16` and 10 for
//! `f16`, so a sampler built on it (uniform, normal, truncated normal) takes at most 128 or
//! 1024 distinct values. Computing each of them once, with the sampler's own element
//! function, and looking the rest up gives the same bits at about the speed of Threefry.
//! `f32` and `f64` keep 23 and 52 bits: they compute every element.

use crate::random::simd::{fill_elements, map_words, Counters, ElementFn, Simd};
use crate::Dtype;

#[cfg(target_arch = "x86_64")]
mod permute;

/// Entries of the largest table: `f16`'s 10 bits.
const MAX_ENTRIES: usize = 1 << 10;

/// A table is built when the output has at least this many elements per entry.
const MIN_USES_PER_ENTRY: usize = 4;

/// Writes `lanes.element(threefry(key, start + i))` to `out[i]`, for an element function that
/// depends on its words only through `T::unit_index`: computed element by element for `f32`
/// and `f64`, looked up in a table for the 16-bit types.
#[inline(always)]
pub(crate) fn fill_from_unit<T: Dtype, F: ElementFn<T>>(
    simd: Simd,
    (counters, start): (Counters<'_>, u64),
    out: &mut [T],
    lanes: F,
) {
    if T::UNIT_BITS == 0 {
        fill_elements(simd, counters, start, out, lanes)
    } else {
        fill_by_table(simd, (counters, start), out, lanes)
    }
}

/// Writes `lanes.element(threefry(key, start + i))` to `out[i]` for a 16-bit dtype, through a
/// table of its `1 << UNIT_BITS` values (see [`Dtype::UNIT_BITS`]) when `out` is long enough
/// to pay for one. The lookups work on the bits: AVX-512 permutes for bf16's 128 entries,
/// 32-bit gathers otherwise.
///
/// `lanes.element` must depend on its words only through `T::unit_index`.
#[inline(always)]
fn fill_by_table<T: Dtype, F: ElementFn<T>>(
    simd: Simd,
    (counters, start): (Counters<'_>, u64),
    out: &mut [T],
    lanes: F,
) {
    let entries = 1usize << T::UNIT_BITS;
    debug_assert!(entries <= MAX_ENTRIES && std::mem::size_of::<T>() == 2);
    // The scalar copy is the reference the others are tested against: it never tabulates.
    if simd == Simd::Scalar || out.len() < MIN_USES_PER_ENTRY * entries {
        return fill_elements(simd, counters, start, out, lanes);
    }
    let mut values = [T::default(); MAX_ENTRIES];
    map_words(simd, &lanes, T::unit_words, &mut values[..entries]);
    let out: &mut [u16] = bytemuck::cast_slice_mut(out);
    let values: &[u16] = bytemuck::cast_slice(&values[..entries]);
    #[cfg(target_arch = "x86_64")]
    {
        // The permutes compute bf16's index, `(x0 ^ x1) >> 1 & 127`.
        let bf16_index = T::UNIT_BITS == 7 && T::UNIT_SHIFT == 1;
        if let (Ok(table), true, Counters::Partitionable(key)) =
            (values.try_into(), bf16_index, counters)
            && simd == Simd::Avx512
            && simd.is_supported()
        {
            // SAFETY: the CPU supports every feature the function is compiled with.
            return unsafe { permute::fill_avx512(key, start, out, table) };
        }
    }
    let mut table = [0u32; MAX_ENTRIES];
    for (word, &value) in table.iter_mut().zip(values) {
        *word = value as u32;
    }
    let table = &table;
    let mask = entries - 1;
    fill_elements(
        simd,
        counters,
        start,
        out,
        #[inline(always)]
        |words: [u32; 2]| table[T::unit_index(words) & mask] as u16,
    );
}
