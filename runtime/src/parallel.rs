//! The one way work on a flat range is split over rayon's threads: [`for_each_chunk`] for a
//! slice of elements, [`try_for_each_chunk_of`] for the bytes of elements.
//!
//! Every sampler's element `i` depends only on the key and `i`, so how a range is cut never
//! changes the result; the cut only balances the threads. Fills, shards and streamed writes
//! all cut through here, with one chunk size.

use rayon::prelude::*;

use crate::Result;

/// Elements per parallel task: large enough to amortize scheduling, small enough to balance.
pub(crate) const CHUNK_ELEMENTS: usize = 1 << 15;

/// Runs `work(start + offset, chunk)` on consecutive chunks of `out`, split over rayon's
/// threads (one call when `out` is small); `offset` counts elements.
pub(crate) fn for_each_chunk<T: Send>(
    start: u64,
    out: &mut [T],
    work: impl Fn(u64, &mut [T]) + Sync,
) {
    // Infallible work: the split returns `Ok`.
    let _ = split(start, out, 1, &|at, chunk| {
        work(at, chunk);
        Ok(())
    });
}

/// [`for_each_chunk`] for the bytes of elements of `width` bytes, for work that can fail:
/// `Ok`, or the error of a failed chunk. Chunks hold whole elements; the index passed to
/// `work` counts elements.
pub(crate) fn try_for_each_chunk_of(
    start: u64,
    out: &mut [u8],
    width: usize,
    work: &(dyn Fn(u64, &mut [u8]) -> Result<()> + Sync),
) -> Result<()> {
    split(start, out, width, work)
}

/// The split, with `width` items of `out` per element. `work` is a trait object so that
/// rayon's machinery is instantiated once per item type, not once per closure (and for
/// the samplers, in this crate: see `init::elementwise`'s `compiled_once`).
fn split<T: Send>(
    start: u64,
    out: &mut [T],
    width: usize,
    work: &(dyn Fn(u64, &mut [T]) -> Result<()> + Sync),
) -> Result<()> {
    let chunk = CHUNK_ELEMENTS * width.max(1);
    if out.len() <= chunk {
        return work(start, out);
    }
    out.par_chunks_mut(chunk)
        .enumerate()
        .try_for_each(|(i, items)| work(start + (i * CHUNK_ELEMENTS) as u64, items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_in_place() {
        let mut out = vec![0u64; 3 * CHUNK_ELEMENTS + 5];
        for_each_chunk(7, &mut out, |at, chunk| {
            for (i, x) in chunk.iter_mut().enumerate() {
                *x = at + i as u64;
            }
        });
        assert!(out.iter().enumerate().all(|(i, &x)| x == 7 + i as u64));
        let mut bytes = vec![0u8; 2 * (2 * CHUNK_ELEMENTS + 1)];
        try_for_each_chunk_of(0, &mut bytes, 2, &|at, chunk| {
            assert_eq!(chunk.len() % 2, 0);
            chunk[0] = (at / CHUNK_ELEMENTS as u64) as u8 + 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(
            (
                bytes[0],
                bytes[2 * CHUNK_ELEMENTS],
                bytes[4 * CHUNK_ELEMENTS]
            ),
            (1, 2, 3)
        );
    }
}
