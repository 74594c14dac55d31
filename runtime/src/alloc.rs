//! Output buffers for whole arrays: zeroed lazily by the kernel, and backed by huge pages.
//!
//! A fresh output of hundreds of MiB costs as much in page faults as in sampling when it is
//! zeroed element by element (`vec![bf16::ZERO; n]` is a single-threaded memset) and mapped in
//! 4 KiB pages. Here the allocation is `calloc`-like (untouched pages read as zero without
//! being written) and, on Linux, large buffers ask for transparent huge pages before anything
//! touches them, so the parallel fill that follows faults 2 MiB at a time.

use std::alloc::{alloc_zeroed, Layout};

use half::{bf16, f16};

/// Types whose all-zero bit pattern is a valid value (zero): the element types of samples.
/// Sealed: implemented for `u32`, `u8` and the four dtypes.
///
/// # Safety
/// Implement only for types where every bit pattern of zeros is a valid, initialized value.
pub unsafe trait ZeroBits: Copy {}

// SAFETY: all-zero bits are 0 for integers and +0.0 for IEEE floats.
unsafe impl ZeroBits for u32 {}
// SAFETY: as above.
unsafe impl ZeroBits for u8 {}
// SAFETY: as above.
unsafe impl ZeroBits for f32 {}
// SAFETY: as above.
unsafe impl ZeroBits for f64 {}
// SAFETY: as above.
unsafe impl ZeroBits for bf16 {}
// SAFETY: as above.
unsafe impl ZeroBits for f16 {}

/// Buffers from this size on ask for huge pages.
const HUGE: usize = 4 << 20;

/// A vector of `len` zeros, allocated without writing them.
pub(crate) fn zeroed_vec<T: ZeroBits>(len: usize) -> Vec<T> {
    let layout = match Layout::array::<T>(len) {
        Ok(layout) if layout.size() > 0 => layout,
        // Zero-sized or overflowing: let Vec handle (and report) it.
        _ => return Vec::with_capacity(len),
    };
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    advise_huge_pages(ptr as *mut u8, layout.size());
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[T; len]`, and
    // zeroed, which is a valid value of `T` (ZeroBits).
    unsafe { Vec::from_raw_parts(ptr, len, len) }
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
    use super::*;

    #[test]
    fn zeroed_vectors_are_zero() {
        for len in [0, 1, 1000, (HUGE / 4) + 17] {
            let v: Vec<f32> = zeroed_vec(len);
            assert_eq!(v.len(), len);
            assert!(v.iter().all(|&x| x == 0.0));
            let h: Vec<bf16> = zeroed_vec(len);
            assert!(h.iter().all(|&x| x == bf16::ZERO));
        }
    }
}
