//! The shape of a normalization layer's scale and bias: the input's sizes on the feature axes
//! (Flax's `reduced_feature_shape`).

use crate::Result;

use super::checks::{all_positive, canonical_axes};

/// `[input_shape[a] for a in sorted(set(normalized feature_axes))]`, or an error for an axis
/// out of range or a zero size.
pub(crate) fn feature_shape(
    layer: &str,
    input_shape: &[usize],
    feature_axes: &[isize],
) -> Result<Vec<usize>> {
    let axes = canonical_axes(layer, "feature axis", feature_axes, input_shape.len())?;
    let shape: Vec<usize> = axes.iter().map(|&a| input_shape[a]).collect();
    all_positive(layer, "the input's feature sizes", &shape)?;
    Ok(shape)
}
