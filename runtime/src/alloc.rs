//! Output buffers for whole arrays: zeroed lazily by the kernel, backed by huge pages, and
//! allocated fallibly.
//!
//! A fresh output of hundreds of MiB costs as much in page faults as in sampling when it is
//! zeroed element by element (`vec![bf16::ZERO; n]` is a single-threaded memset) and mapped in
//! 4 KiB pages. Here the allocation is `calloc`-like (untouched pages read as zero without
//! being written) and, on Linux, large buffers ask for transparent huge pages before anything
//! touches them, so the parallel fill that follows faults 2 MiB at a time. A request the
//! allocator refuses is an [`Error`], not an abort.

use std::alloc::{alloc_zeroed, Layout};

use bytemuck::Zeroable;

use crate::{Error, Result};

/// Buffers from this size on ask for huge pages.
const HUGE: usize = 4 << 20;

/// A vector of `len` zeros, allocated without writing them, or an error naming the bytes asked
/// for when they overflow or the allocator refuses them.
pub(crate) fn try_zeroed_vec<T: Zeroable>(len: usize) -> Result<Vec<T>> {
    let layout = Layout::array::<T>(len).map_err(|_| too_large::<T>(len))?;
    if layout.size() == 0 {
        // Nothing to allocate (no elements, or zero-sized ones).
        let mut data = Vec::new();
        data.resize_with(len, T::zeroed);
        return Ok(data);
    }
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        return Err(refused(layout.size()));
    }
    advise_huge_pages(ptr as *mut u8, layout.size());
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[T; len]`, and
    // zeroed, which is a valid value of `T` (Zeroable).
    Ok(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

/// [`try_zeroed_vec`] for callers whose contract is to panic, as `ndarray` does, on a size
/// that cannot be allocated.
///
/// # Panics
/// With the error's message when the buffer cannot be allocated.
pub(crate) fn zeroed_vec<T: Zeroable>(len: usize) -> Vec<T> {
    try_zeroed_vec(len).unwrap_or_else(|error| panic!("{error}"))
}

/// A vector of `len` copies of `value`, or an error when the allocator refuses it.
pub(crate) fn try_filled_vec<T: Zeroable + Copy>(len: usize, value: T) -> Result<Vec<T>> {
    let mut data = try_zeroed_vec(len)?;
    data.fill(value);
    Ok(data)
}

fn too_large<T>(len: usize) -> Error {
    Error::invalid(format!(
        "{len} elements of {} bytes are more than one allocation can hold (isize::MAX bytes); use smaller dimensions",
        std::mem::size_of::<T>()
    ))
}

fn refused(bytes: usize) -> Error {
    Error::invalid(format!(
        "the allocator refused {bytes} bytes ({:.1} GiB) for one array: the machine does not have the memory; use a smaller model, or write it with io::init_to_file, which streams in bounded memory",
        bytes as f64 / (1u64 << 30) as f64
    ))
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(ptr: *mut u8, size: usize) {
    if size < HUGE {
        return;
    }
    const PAGE: usize = 2 << 20;
    let start = (ptr as usize).div_ceil(PAGE) * PAGE;
    let end = (ptr as usize + size) / PAGE * PAGE;
    if end > start {
        // SAFETY: the range lies inside our own allocation; MADV_HUGEPAGE only changes how the
        // kernel backs it, never its contents. Failure (e.g. THP disabled) is harmless.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_ptr: *mut u8, _size: usize) {}

#[cfg(test)]
mod tests {
    use half::bf16;

    use super::*;

    #[test]
    fn zeroed_vectors_are_zero() {
        for len in [0, 1, 1000, (HUGE / 4) + 17] {
            let v: Vec<f32> = try_zeroed_vec(len).unwrap();
            assert_eq!(v.len(), len);
            assert!(v.iter().all(|&x| x == 0.0));
            let h: Vec<bf16> = try_zeroed_vec(len).unwrap();
            assert!(h.iter().all(|&x| x == bf16::ZERO));
        }
    }

    #[test]
    fn impossible_sizes_are_errors() {
        let error = try_zeroed_vec::<f64>(usize::MAX / 4)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("more than one allocation can hold"),
            "{error}"
        );
    }
}
