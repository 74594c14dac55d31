//! [`ParamView`] and [`ParamRef`]: what a walk over a model's params yields.

use half::{bf16, f16};
use ndarray::ArrayViewD;

use super::ParamPath;
use crate::{Dtype, ElementType, PerDtype};

/// A read-only view of one param, typed by its dtype.
#[derive(Clone, Debug)]
pub enum ParamView<'a> {
    /// A `float32` param.
    F32(ArrayViewD<'a, f32>),
    /// A `float64` param.
    F64(ArrayViewD<'a, f64>),
    /// A `bfloat16` param.
    BF16(ArrayViewD<'a, bf16>),
    /// A `float16` param.
    F16(ArrayViewD<'a, f16>),
}

/// The variant of [`ParamView`] for each dtype.
struct ViewVariant;

impl PerDtype for ViewVariant {
    type Out<T: Dtype> = for<'a> fn(ArrayViewD<'a, T>) -> ParamView<'a>;
    fn f32(self) -> Self::Out<f32> {
        |view| ParamView::F32(view)
    }
    fn f64(self) -> Self::Out<f64> {
        |view| ParamView::F64(view)
    }
    fn bf16(self) -> Self::Out<bf16> {
        |view| ParamView::BF16(view)
    }
    fn f16(self) -> Self::Out<f16> {
        |view| ParamView::F16(view)
    }
}

impl<'a> ParamView<'a> {
    /// The view of an array of any [`Dtype`], as the variant of that dtype.
    ///
    /// ```
    /// use fanin::ndarray::Array2;
    /// use fanin::params::ParamView;
    /// let a = Array2::<f32>::zeros((2, 3));
    /// let view = ParamView::from_array(a.view().into_dyn());
    /// assert_eq!((view.dtype(), view.shape()), (fanin::ElementType::F32, &[2, 3][..]));
    /// ```
    pub fn from_array<T: Dtype>(view: ArrayViewD<'a, T>) -> ParamView<'a> {
        T::select(ViewVariant)(view)
    }

    /// The element type.
    pub fn dtype(&self) -> ElementType {
        match self {
            ParamView::F32(_) => ElementType::F32,
            ParamView::F64(_) => ElementType::F64,
            ParamView::BF16(_) => ElementType::BF16,
            ParamView::F16(_) => ElementType::F16,
        }
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        match self {
            ParamView::F32(a) => a.shape(),
            ParamView::F64(a) => a.shape(),
            ParamView::BF16(a) => a.shape(),
            ParamView::F16(a) => a.shape(),
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.shape().iter().product()
    }

    /// Whether the param has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of bytes of the values.
    pub fn nbytes(&self) -> usize {
        self.len() * self.dtype().size()
    }

    /// Entry `index` of the first axis (a layer of a stacked param), one axis fewer.
    /// Panics if `index` is out of range or the view has no axis, as ndarray's
    /// `index_axis` does.
    pub(crate) fn index_first(self, index: usize) -> ParamView<'a> {
        use ndarray::Axis;
        match self {
            ParamView::F32(a) => ParamView::F32(a.index_axis_move(Axis(0), index)),
            ParamView::F64(a) => ParamView::F64(a.index_axis_move(Axis(0), index)),
            ParamView::BF16(a) => ParamView::BF16(a.index_axis_move(Axis(0), index)),
            ParamView::F16(a) => ParamView::F16(a.index_axis_move(Axis(0), index)),
        }
    }

    /// The values in row-major order as little-endian bytes (safetensors' layout).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        fn bytes<T: Dtype>(a: &ArrayViewD<'_, T>) -> Vec<u8> {
            let values: Vec<T> = a.iter().copied().collect();
            let mut out = vec![0u8; values.len() * T::DTYPE.size()];
            T::write_le(&values, &mut out);
            out
        }
        match self {
            ParamView::F32(a) => bytes(a),
            ParamView::F64(a) => bytes(a),
            ParamView::BF16(a) => bytes(a),
            ParamView::F16(a) => bytes(a),
        }
    }
}

/// One param met by [`Params::walk`](crate::Params::walk): its collection, its path and its
/// values.
#[derive(Clone, Debug)]
pub struct ParamRef<'a> {
    /// Flax's variable collection the array belongs to: `"params"` for a param, the name of
    /// a `#[variable("batch_stats")]` field's collection otherwise. Same as
    /// `path.collection()`.
    pub collection: &'a str,
    /// Where it sits (`dense1/kernel`; `batch_stats/bn/mean` for a variable of another
    /// collection).
    pub path: ParamPath,
    /// Its values.
    pub view: ParamView<'a>,
}
