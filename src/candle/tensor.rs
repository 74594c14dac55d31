//! [`ToTensor`]: a param's values as a `candle_core::Tensor`, same dtype, same shape.

use candle_core::{Device, Tensor, WithDType};
use ndarray::{ArrayBase, ArrayViewD, Data, Dimension};

use crate::params::{ParamArray, ParamView};
use crate::{Dtype, Error, Result};

/// Converts values to a [`candle_core::Tensor`] on a [`Device`], keeping the dtype (`f32`,
/// `f64`, `bf16`, `f16`: candle has all four), the shape and every bit of every value.
///
/// Implemented for [`ParamView`] (what [`Params::walk`](crate::Params::walk) yields),
/// [`ParamArray`], and any ndarray array of a [`Dtype`]. The values are read in logical
/// (row-major) order, so a transposed or sliced view converts to what it shows.
///
/// ```
/// use fanin::candle::ToTensor;
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
/// use candle_core::{DType, Device};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let kernel = dense.kernel.to_tensor(&Device::Cpu)?;
/// assert_eq!((kernel.dims(), kernel.dtype()), (&[4, 5][..], DType::F32));
/// assert_eq!(kernel.to_vec2::<f32>().unwrap()[0][1], -0.8247015); // dense.kernel[[0, 1]]
/// # Ok::<(), fanin::Error>(())
/// ```
pub trait ToTensor {
    /// The values as a tensor on `device`.
    ///
    /// ```
    /// use fanin::candle::ToTensor;
    /// use fanin::half::bf16;
    /// use fanin::ndarray::Array1;
    /// let t = Array1::from(vec![bf16::from_f32(1.5), bf16::MAX]).to_tensor(&candle_core::Device::Cpu)?;
    /// assert_eq!(t.to_vec1::<bf16>().unwrap(), [bf16::from_f32(1.5), bf16::MAX]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn to_tensor(&self, device: &Device) -> Result<Tensor>;
}

impl ToTensor for ParamView<'_> {
    fn to_tensor(&self, device: &Device) -> Result<Tensor> {
        match self {
            ParamView::F32(a) => view_to_tensor(a, device),
            ParamView::F64(a) => view_to_tensor(a, device),
            ParamView::BF16(a) => view_to_tensor(a, device),
            ParamView::F16(a) => view_to_tensor(a, device),
        }
    }
}

impl ToTensor for ParamArray {
    fn to_tensor(&self, device: &Device) -> Result<Tensor> {
        self.view().to_tensor(device)
    }
}

impl<T, S, D> ToTensor for ArrayBase<S, D>
where
    T: Dtype + WithDType,
    S: Data<Elem = T>,
    D: Dimension,
{
    fn to_tensor(&self, device: &Device) -> Result<Tensor> {
        view_to_tensor(&self.view().into_dyn(), device)
    }
}

/// One copy of the values in logical order (none more when the view is already row-major).
fn view_to_tensor<T: WithDType>(view: &ArrayViewD<'_, T>, device: &Device) -> Result<Tensor> {
    let shape = view.shape().to_vec();
    let tensor = match view.as_slice() {
        Some(values) => Tensor::from_slice(values, shape, device),
        None => Tensor::from_vec(view.iter().copied().collect::<Vec<T>>(), shape, device),
    };
    tensor.map_err(candle_error)
}

/// A candle error as fanin's: what candle refused (a device, a size) is a bad argument.
pub(crate) fn candle_error(error: candle_core::Error) -> Error {
    Error::invalid(format!("candle: {error}"))
}
