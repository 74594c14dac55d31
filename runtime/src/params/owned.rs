//! [`ParamArray`]: an owned param array whose dtype is known at run time.

use half::{bf16, f16};
use ndarray::{ArrayD, IxDyn};

use super::ParamView;
use crate::alloc::try_zeroed_vec;
use crate::{Dtype, ElementType, Error, Result};

/// An owned param array of any [`Dtype`], tagged by its dtype: what a
/// [`Stacked`](crate::Stacked) holds for each param of its module.
///
/// ```
/// use fanin::params::ParamArray;
/// use fanin::ElementType;
/// let a = ParamArray::zeros(ElementType::BF16, &[2, 3])?;
/// assert_eq!((a.dtype(), a.shape()), (ElementType::BF16, &[2, 3][..]));
/// assert_eq!(a.view().nbytes(), 12);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ParamArray {
    /// A `float32` array.
    F32(ArrayD<f32>),
    /// A `float64` array.
    F64(ArrayD<f64>),
    /// A `bfloat16` array.
    BF16(ArrayD<bf16>),
    /// A `float16` array.
    F16(ArrayD<f16>),
}

impl ParamArray {
    /// An array of zeros, allocated fallibly: a shape too large is an error, not an abort.
    pub fn zeros(dtype: ElementType, shape: &[usize]) -> Result<ParamArray> {
        let (n, _) = crate::size::sizes(shape, dtype)?;
        fn make<T: Dtype>(n: usize, shape: &[usize]) -> Result<ArrayD<T>> {
            ArrayD::from_shape_vec(IxDyn(shape), try_zeroed_vec::<T>(n)?)
                .map_err(|e| Error::invalid(e.to_string()))
        }
        Ok(match dtype {
            ElementType::F32 => ParamArray::F32(make(n, shape)?),
            ElementType::F64 => ParamArray::F64(make(n, shape)?),
            ElementType::BF16 => ParamArray::BF16(make(n, shape)?),
            ElementType::F16 => ParamArray::F16(make(n, shape)?),
        })
    }

    /// An array of `dtype` and `shape` read from little-endian bytes (safetensors' layout).
    pub fn from_le_bytes(dtype: ElementType, shape: &[usize], bytes: &[u8]) -> Result<ParamArray> {
        let (_, nbytes) = crate::size::sizes(shape, dtype)?;
        if bytes.len() != nbytes {
            return Err(Error::Format(format!(
                "{} bytes for a {dtype} array of shape {shape:?} ({nbytes} bytes expected)",
                bytes.len()
            )));
        }
        let mut array = ParamArray::zeros(dtype, shape)?;
        fn read<T: Dtype>(a: &mut ArrayD<T>, bytes: &[u8]) {
            if let Some(values) = a.as_slice_mut() {
                T::read_le(bytes, values);
            }
        }
        match &mut array {
            ParamArray::F32(a) => read(a, bytes),
            ParamArray::F64(a) => read(a, bytes),
            ParamArray::BF16(a) => read(a, bytes),
            ParamArray::F16(a) => read(a, bytes),
        }
        Ok(array)
    }

    /// The element type.
    pub fn dtype(&self) -> ElementType {
        self.view().dtype()
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        match self {
            ParamArray::F32(a) => a.shape(),
            ParamArray::F64(a) => a.shape(),
            ParamArray::BF16(a) => a.shape(),
            ParamArray::F16(a) => a.shape(),
        }
    }

    /// A view of the whole array.
    pub fn view(&self) -> ParamView<'_> {
        match self {
            ParamArray::F32(a) => ParamView::F32(a.view()),
            ParamArray::F64(a) => ParamView::F64(a.view()),
            ParamArray::BF16(a) => ParamView::BF16(a.view()),
            ParamArray::F16(a) => ParamView::F16(a.view()),
        }
    }

    /// The values as bytes in memory order (row-major: every array made here is standard
    /// layout), for fills that write them in place.
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        fn bytes<T: Dtype>(a: &mut ArrayD<T>) -> &mut [u8] {
            bytemuck::cast_slice_mut(a.as_slice_mut().unwrap_or_default())
        }
        match self {
            ParamArray::F32(a) => bytes(a),
            ParamArray::F64(a) => bytes(a),
            ParamArray::BF16(a) => bytes(a),
            ParamArray::F16(a) => bytes(a),
        }
    }

    /// Block `index` along the first axis as little-endian bytes (copied on a big-endian
    /// machine), for building one layer of a stack.
    pub(crate) fn block_le(&self, index: usize) -> Option<std::borrow::Cow<'_, [u8]>> {
        fn block<T: Dtype>(a: &ArrayD<T>, index: usize) -> Option<std::borrow::Cow<'_, [u8]>> {
            let n = *a.shape().first()?;
            if index >= n {
                return None;
            }
            let values = a.as_slice()?;
            let len = values.len() / n;
            let part = &values[index * len..(index + 1) * len];
            if cfg!(target_endian = "little") {
                Some(std::borrow::Cow::Borrowed(bytemuck::cast_slice(part)))
            } else {
                let mut out = vec![0u8; std::mem::size_of_val(part)];
                T::write_le(part, &mut out);
                Some(std::borrow::Cow::Owned(out))
            }
        }
        match self {
            ParamArray::F32(a) => block(a, index),
            ParamArray::F64(a) => block(a, index),
            ParamArray::BF16(a) => block(a, index),
            ParamArray::F16(a) => block(a, index),
        }
    }
}
