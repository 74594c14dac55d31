//! How many elements and bytes a shape holds: computed once, checked against what an array and
//! an allocation can hold, and reported as an [`Error`] rather than a panic.

use crate::{Error, Result};

/// The number of elements of `shape`, or an error if it overflows `isize` (ndarray's limit).
pub(crate) fn element_count(shape: &[usize]) -> Result<usize> {
    checked_element_count(shape).ok_or_else(|| {
        Error::invalid(format!(
            "shape {shape:?} has more elements than an array can hold (the product overflows isize); use smaller dimensions"
        ))
    })
}

/// The number of bytes of `shape` in elements of `element_size` bytes, or an error if the
/// count or the bytes overflow `isize` (the most one allocation can hold).
pub(crate) fn byte_count(shape: &[usize], element_size: usize) -> Result<usize> {
    let elements = element_count(shape)?;
    elements
        .checked_mul(element_size)
        .filter(|&bytes| bytes <= isize::MAX as usize)
        .ok_or_else(|| {
            Error::invalid(format!(
                "shape {shape:?} holds {elements} elements of {element_size} bytes, more bytes than one allocation can hold (isize::MAX); use smaller dimensions"
            ))
        })
}

/// The number of elements of `shape` if it fits `isize`.
pub(crate) fn checked_element_count(shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= isize::MAX as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_overflows() {
        assert_eq!(element_count(&[]).unwrap(), 1);
        assert_eq!(element_count(&[3, 0, 5]).unwrap(), 0);
        assert_eq!(byte_count(&[3, 4], 4).unwrap(), 48);
        assert!(element_count(&[usize::MAX, 2]).is_err());
        // Fits isize in elements, not in bytes.
        let elements = isize::MAX as usize / 2;
        assert!(element_count(&[elements]).is_ok());
        let error = byte_count(&[elements], 8).unwrap_err().to_string();
        assert!(error.contains("more bytes than one allocation"), "{error}");
    }
}
