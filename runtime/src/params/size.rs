//! The size check of a param: its element count and its byte count must fit in `isize`, as
//! any Rust allocation must. Init, plan and load all check through [`checked_size`], so a plan
//! accepts exactly the shapes an init accepts.

use super::ParamPath;
use crate::{ElementType, Error, Result};

/// The element count and the byte count of a param of `shape` and `dtype`, or an error naming
/// the param, its shape and the bytes it would need when either exceeds `isize::MAX`.
pub(crate) fn checked_size(
    path: &ParamPath,
    shape: &[usize],
    dtype: ElementType,
) -> Result<(usize, usize)> {
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
                "{path}: shape {shape:?} of {dtype} needs {needed} bytes, more than the {limit} an array can hold"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ModulePath;

    #[test]
    fn counts_and_bytes_must_fit_in_isize() {
        let path = ModulePath::root().param("w");
        assert_eq!(
            checked_size(&path, &[4, 5], ElementType::F32).unwrap(),
            (20, 80)
        );
        assert_eq!(checked_size(&path, &[], ElementType::F64).unwrap(), (1, 8));
        let half = (isize::MAX as usize) / 2 + 1;
        // The count fits, the bytes do not.
        let error = checked_size(&path, &[half], ElementType::F32).unwrap_err();
        assert!(error.to_string().starts_with("w: shape ["), "{error}");
        assert!(
            error
                .to_string()
                .contains("needs 18446744073709551616 bytes"),
            "{error}"
        );
        // The count itself overflows.
        assert!(checked_size(&path, &[usize::MAX, 3], ElementType::F16).is_err());
        assert!(checked_size(&path, &[usize::MAX; 6], ElementType::F16)
            .unwrap_err()
            .to_string()
            .contains("more than 2^128"));
    }
}
