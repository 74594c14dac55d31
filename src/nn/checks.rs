//! The config checks the layers share: what Flax would reject (or make empty) when a layer is
//! first called, as a [`crate::Error`] naming the layer and the setting.

use crate::{Error, Result};

/// `value` if it is at least 1; an error naming `layer` and `what` otherwise (a param with a
/// zero axis is empty in Flax; here it is a config mistake caught early).
pub(crate) fn positive(layer: &str, what: &str, value: usize) -> Result<usize> {
    if value == 0 {
        return Err(Error::invalid(format!(
            "{layer}: {what} must be at least 1, got 0"
        )));
    }
    Ok(value)
}

/// Every size of `values` positive (see [`positive`]).
pub(crate) fn all_positive(layer: &str, what: &str, values: &[usize]) -> Result<()> {
    if values.contains(&0) {
        return Err(Error::invalid(format!(
            "{layer}: every entry of {what} must be at least 1, got {values:?}"
        )));
    }
    Ok(())
}

/// An axis of an array of rank `rank`, negative counting from the end as in NumPy.
pub(crate) fn normalize_axis(layer: &str, what: &str, axis: isize, rank: usize) -> Result<usize> {
    let resolved = if axis < 0 { axis + rank as isize } else { axis };
    if resolved < 0 || resolved >= rank as isize {
        return Err(Error::invalid(format!(
            "{layer}: {what} {axis} is out of range for an input of rank {rank}"
        )));
    }
    Ok(resolved as usize)
}

/// Axes made non-negative, sorted and deduplicated (Flax's `_canonicalize_axes`, and
/// `_normalize_axes` for distinct axes).
pub(crate) fn canonical_axes(
    layer: &str,
    what: &str,
    axes: &[isize],
    rank: usize,
) -> Result<Vec<usize>> {
    let mut out = axes
        .iter()
        .map(|&a| normalize_axis(layer, what, a, rank))
        .collect::<Result<Vec<usize>>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A per-spatial-axis setting (`strides`, dilations): one value stands for every axis, as
/// Flax broadcasts an int; otherwise one value per axis.
pub(crate) fn per_axis(
    layer: &str,
    what: &str,
    values: &[usize],
    rank: usize,
) -> Result<Vec<usize>> {
    match values.len() {
        1 => Ok(vec![values[0]; rank]),
        n if n == rank => Ok(values.to_vec()),
        n => Err(Error::invalid(format!(
            "{layer}: {what} has {n} entries for {rank} spatial axes; give 1 or {rank}"
        ))),
    }
}

/// The product of `dims`, or an error if it overflows.
pub(crate) fn product(layer: &str, dims: &[usize]) -> Result<usize> {
    dims.iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| Error::invalid(format!("{layer}: the size of {dims:?} overflows usize")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_normalized_sorted_and_deduplicated() {
        assert_eq!(canonical_axes("L", "axis", &[-1, 0, 2], 3).unwrap(), [0, 2]);
        assert!(canonical_axes("L", "axis", &[3], 3).is_err());
        assert!(canonical_axes("L", "axis", &[-4], 3).is_err());
    }

    #[test]
    fn one_value_broadcasts_over_the_axes() {
        assert_eq!(per_axis("L", "strides", &[2], 3).unwrap(), [2, 2, 2]);
        assert_eq!(per_axis("L", "strides", &[1, 2], 2).unwrap(), [1, 2]);
        assert!(per_axis("L", "strides", &[1, 2], 3).is_err());
    }

    #[test]
    fn zero_sizes_and_overflow_are_errors() {
        assert!(positive("L", "features", 0).is_err());
        assert!(all_positive("L", "kernel_size", &[3, 0]).is_err());
        assert!(product("L", &[usize::MAX, 2]).is_err());
    }
}
