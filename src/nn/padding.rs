//! [`Padding`]: Flax's `padding=` of convolutions, and the output size it gives (what
//! `ConvLocal`'s params depend on).

use crate::{Error, Result};

/// Flax's `padding=` of `nn.Conv`/`nn.ConvLocal`: a string mode or explicit pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Padding {
    /// `'SAME'` (the default): the output has `ceil(input / stride)` positions.
    Same,
    /// `'SAME_LOWER'`: as `Same`, the odd pad at the start.
    SameLower,
    /// `'VALID'`: no padding.
    Valid,
    /// `'CIRCULAR'`: the input wrapped around by the dilated kernel's size minus one.
    Circular,
    /// `'REFLECT'`: the input reflected, as `Circular` in size.
    Reflect,
    /// `'CAUSAL'` (1-D only): the input padded on the left by the dilated kernel's size minus
    /// one.
    Causal,
    /// `[(low, high), ...]`: one pair per spatial axis (Flax's int `p` is `(p, p)` on every
    /// axis: [`Padding::uniform`]). Negative pads crop.
    Explicit(Vec<(isize, isize)>),
}

impl Padding {
    /// Flax's `padding=p` for an int `p`: `(p, p)` on each of `rank` axes.
    ///
    /// ```
    /// use fanin::nn::Padding;
    /// assert_eq!(Padding::uniform(1, 2), Padding::Explicit(vec![(1, 1), (1, 1)]));
    /// ```
    pub fn uniform(pad: isize, rank: usize) -> Padding {
        Padding::Explicit(vec![(pad, pad); rank])
    }
}

/// One spatial axis of a convolution.
pub(crate) struct Axis {
    pub input: usize,
    pub kernel: usize,
    pub stride: usize,
    pub input_dilation: usize,
    pub kernel_dilation: usize,
}

/// The number of output positions along spatial axis `index` of `rank` as
/// `lax.conv_general_dilated` computes it (after Flax's own padding of the input for
/// `Circular`, `Reflect`, `Causal`). Explicit pads must have one pair per axis.
pub(crate) fn output_size(
    layer: &str,
    padding: &Padding,
    index: usize,
    axis: &Axis,
    rank: usize,
) -> Result<usize> {
    if let Padding::Explicit(pads) = padding {
        if pads.len() != rank {
            return Err(Error::invalid(format!(
                "{layer}: {} explicit pads for {rank} spatial axes",
                pads.len()
            )));
        }
        return explicit_output_size(layer, pads[index], axis);
    }
    let overflow = || Error::invalid(format!("{layer}: a size overflows"));
    let dilated_kernel = (axis.kernel - 1)
        .checked_mul(axis.kernel_dilation)
        .and_then(|k| k.checked_add(1))
        .ok_or_else(overflow)?;
    let string_mode = |input: usize| -> Result<usize> {
        // lax: "String padding is not implemented for transposed convolution".
        if axis.input_dilation != 1 {
            return Err(Error::invalid(format!(
                "{layer}: padding {padding:?} needs input_dilation 1 (lax rejects string padding with input dilation); give explicit pads"
            )));
        }
        Ok(input)
    };
    let (padded, window) = match padding {
        Padding::Same | Padding::SameLower => {
            let input = string_mode(axis.input)?;
            let out = input.div_ceil(axis.stride);
            let needed =
                (out.saturating_sub(1) * axis.stride + dilated_kernel).saturating_sub(input);
            (input + needed, dilated_kernel)
        }
        Padding::Valid => (string_mode(axis.input)?, dilated_kernel),
        Padding::Circular | Padding::Reflect => (
            string_mode(axis.input)? + dilated_kernel - 1,
            dilated_kernel,
        ),
        Padding::Causal => {
            if rank != 1 {
                return Err(Error::invalid(format!(
                    "{layer}: causal padding is only implemented for 1-D convolutions"
                )));
            }
            let left = axis.kernel_dilation * (axis.kernel - 1);
            (string_mode(axis.input)? + left, dilated_kernel)
        }
        Padding::Explicit(_) => return Err(Error::invalid(format!("{layer}: explicit pads"))),
    };
    stride_dim(layer, padded as i128, window, axis.stride)
}

/// The output size with explicit pads `(low, high)` on an input dilated by `input_dilation`.
fn explicit_output_size(layer: &str, pads: (isize, isize), axis: &Axis) -> Result<usize> {
    let dilated_kernel = (axis.kernel as i128 - 1) * axis.kernel_dilation as i128 + 1;
    let dilated_input = if axis.input == 0 {
        0
    } else {
        1 + (axis.input as i128 - 1) * axis.input_dilation as i128
    };
    let padded = dilated_input + pads.0 as i128 + pads.1 as i128;
    if padded < 0 {
        return Err(Error::invalid(format!(
            "{layer}: negative padding {pads:?} is larger than the input size {}",
            axis.input
        )));
    }
    let window = usize::try_from(dilated_kernel)
        .map_err(|_| Error::invalid(format!("{layer}: the dilated kernel overflows")))?;
    stride_dim(layer, padded, window, axis.stride)
}

/// `max(0, (padded - window) // stride + 1)`, `core.stride_dim`; a zero output is an error
/// here (Flax would make empty params).
fn stride_dim(layer: &str, padded: i128, window: usize, stride: usize) -> Result<usize> {
    let out = (padded - window as i128).div_euclid(stride as i128) + 1;
    if out <= 0 {
        return Err(Error::invalid(format!(
            "{layer}: the padded input ({padded}) is smaller than the dilated kernel ({window}): no output position"
        )));
    }
    usize::try_from(out).map_err(|_| Error::invalid(format!("{layer}: the output size overflows")))
}
