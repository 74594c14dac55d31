//! [`ToTensor`]: a param's values as burn `TensorData`, `Tensor` or `Param<Tensor>`.

use burn::module::Param;
use burn::tensor::backend::Backend;
use burn::tensor::{Element, Tensor, TensorData};
use ndarray::{ArrayBase, ArrayViewD, Data, Dimension};

use crate::params::{ParamArray, ParamView};
use crate::{Dtype, Error, Result};

/// Converts values to burn: a [`TensorData`] of the same dtype (`F32`, `F64`, `BF16`, `F16`),
/// shape and bits, or a float [`Tensor`] / [`Param`] of rank `D` on any backend and device.
///
/// Implemented for [`ParamView`] (what [`Params::walk`](crate::Params::walk) yields),
/// [`ParamArray`], and any ndarray array of a [`Dtype`]. The values are read in logical
/// (row-major) order, so a transposed or sliced view converts to what it shows.
///
/// A burn float tensor holds the backend's float element type (`B::FloatElem`), so
/// [`to_tensor`](ToTensor::to_tensor) converts as burn's `Tensor::from_data` does: exactly
/// when the param's dtype is narrower or equal (`bf16`/`f16` to `f32`, anything to `f64`),
/// rounded to nearest when it is wider (`f64` params on an `f32` backend, `f32` params on a
/// `bf16`/`f16` backend). [`to_tensor_data`](ToTensor::to_tensor_data) never converts.
///
/// ```
/// use burn::backend::NdArray;
/// use fanin::burn::ToTensor;
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let kernel = dense.kernel.to_tensor::<NdArray, 2>(&Default::default())?;
/// assert_eq!(kernel.dims(), [4, 5]);
/// assert_eq!(kernel.into_data().to_vec::<f32>().unwrap()[1], dense.kernel[[0, 1]]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub trait ToTensor {
    /// The values as burn [`TensorData`], with the param's own dtype and every bit.
    ///
    /// ```
    /// use burn::tensor::DType;
    /// use fanin::burn::ToTensor;
    /// use fanin::half::bf16;
    /// use fanin::ndarray::Array1;
    ///
    /// let data = Array1::from(vec![bf16::from_f32(1.5), bf16::MAX]).to_tensor_data();
    /// assert_eq!((data.dtype, data.shape.as_slice()), (DType::BF16, &[2][..]));
    /// assert_eq!(data.to_vec::<bf16>().unwrap(), [bf16::from_f32(1.5), bf16::MAX]);
    /// ```
    fn to_tensor_data(&self) -> TensorData;

    /// The values as a float tensor of rank `D` on `device`, in the backend's float type
    /// (see the trait's docs). A rank other than `D` is an error.
    ///
    /// ```
    /// use burn::backend::NdArray;
    /// use fanin::burn::ToTensor;
    /// use fanin::ndarray::Array2;
    ///
    /// let a = Array2::<f64>::from_shape_fn((2, 3), |(i, j)| (i * 3 + j) as f64);
    /// let t = a.to_tensor::<NdArray<f64>, 2>(&Default::default())?;
    /// assert_eq!(t.into_data().to_vec::<f64>().unwrap(), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    /// assert!(a.to_tensor::<NdArray, 3>(&Default::default()).is_err()); // rank 2, not 3
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn to_tensor<B: Backend, const D: usize>(&self, device: &B::Device) -> Result<Tensor<B, D>> {
        let data = self.to_tensor_data();
        check_rank::<D>(&data.shape)?;
        Ok(Tensor::from_data(data, device))
    }

    /// The values as a burn [`Param`] (a fresh `ParamId`, trainable), as
    /// [`to_tensor`](ToTensor::to_tensor) makes its tensor: to set a field of a burn module
    /// by hand.
    ///
    /// ```
    /// use burn::backend::NdArray;
    /// use burn::nn::LinearConfig;
    /// use fanin::burn::ToTensor;
    /// use fanin::nn::{Dense, DenseConfig};
    /// use fanin::{Key, Params};
    ///
    /// let device = Default::default();
    /// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
    /// let mut linear = LinearConfig::new(4, 5).init::<NdArray>(&device);
    /// linear.weight = dense.kernel.to_param(&device)?; // burn's Linear is (in, out) too
    /// linear.bias = Some(dense.bias.as_ref().unwrap().to_param(&device)?);
    /// assert_eq!(linear.weight.dims(), [4, 5]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn to_param<B: Backend, const D: usize>(
        &self,
        device: &B::Device,
    ) -> Result<Param<Tensor<B, D>>> {
        Ok(Param::from_tensor(self.to_tensor(device)?))
    }
}

impl ToTensor for ParamView<'_> {
    fn to_tensor_data(&self) -> TensorData {
        match self {
            ParamView::F32(a) => view_to_data(a),
            ParamView::F64(a) => view_to_data(a),
            ParamView::BF16(a) => view_to_data(a),
            ParamView::F16(a) => view_to_data(a),
        }
    }
}

impl ToTensor for ParamArray {
    fn to_tensor_data(&self) -> TensorData {
        self.view().to_tensor_data()
    }
}

impl<T, S, D> ToTensor for ArrayBase<S, D>
where
    T: Dtype + Element,
    S: Data<Elem = T>,
    D: Dimension,
{
    fn to_tensor_data(&self) -> TensorData {
        view_to_data(&self.view().into_dyn())
    }
}

/// One copy of the values in logical order.
fn view_to_data<T: Element>(view: &ArrayViewD<'_, T>) -> TensorData {
    let values = match view.as_slice() {
        Some(values) => values.to_vec(),
        None => view.iter().copied().collect(),
    };
    TensorData::new(values, view.shape())
}

/// burn panics on a rank that differs from the tensor's `D`; fanin says so first.
pub(crate) fn check_rank<const D: usize>(shape: &[usize]) -> Result<()> {
    if shape.len() == D {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "burn: a tensor of rank {D} cannot hold values of shape {shape:?} (rank {})",
            shape.len()
        )))
    }
}
