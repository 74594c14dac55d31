//! How many elements and bytes a shape holds: computed once, checked against what an array and
//! an allocation can hold, and reported as an [`Error`] rather than a panic.

use crate::{ElementType, Error, Result};

/// The number of elements of `shape`, or an error if it overflows `isize` (ndarray's limit).
pub(crate) fn element_count(shape: &[usize]) -> Result<usize> {
    checked_element_count(shape).ok_or_else(|| {
        Error::invalid(format!(
            "shape {shape:?} has more elements than an array can hold (the product overflows isize); use smaller dimensions"
        ))
    })
}

/// The element count and the byte count of an array of `shape` and `dtype`, or an error
/// saying how many bytes it would need when either exceeds `isize::MAX` (the most one
/// allocation can hold).
pub(crate) fn sizes(shape: &[usize], dtype: ElementType) -> Result<(usize, usize)> {
    let limit = isize::MAX as usize;
    let count = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    let bytes = count.and_then(|n| n.checked_mul(dtype.size()));
    match (count, bytes) {
        (Some(count), Some(bytes)) if bytes <= limit => Ok((count, bytes)),
        _ => {
            // Exact in u128 for up to two axes of any size; beyond that, a lower bound.
            let needed = shape
                .iter()
                .try_fold(dtype.size() as u128, |acc, &d| acc.checked_mul(d as u128))
                .map_or_else(|| "more than 2^128".to_string(), |b| b.to_string());
            Err(Error::invalid(format!(
                "shape {shape:?} of {dtype} needs {needed} bytes, more than the {limit} an array can hold"
            )))
        }
    }
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
        assert!(element_count(&[usize::MAX, 2]).is_err());
        assert_eq!(sizes(&[4, 5], ElementType::F32).unwrap(), (20, 80));
        assert_eq!(sizes(&[], ElementType::F64).unwrap(), (1, 8));
        // The count fits, the bytes do not.
        let half = (isize::MAX as usize) / 2 + 1;
        assert!(element_count(&[half]).is_ok());
        let error = sizes(&[half], ElementType::F32).unwrap_err().to_string();
        assert!(
            error.contains("needs 18446744073709551616 bytes"),
            "{error}"
        );
        // The count itself overflows.
        assert!(sizes(&[usize::MAX, 3], ElementType::F16).is_err());
        let error = sizes(&[usize::MAX; 6], ElementType::F16)
            .unwrap_err()
            .to_string();
        assert!(error.contains("more than 2^128"), "{error}");
    }
}
