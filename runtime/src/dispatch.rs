//! [`Dispatch`]: what depends on which of the four dtypes a generic `T` is, answered by the
//! type itself (the set is sealed), so generic code never downcasts or copies to find out.

use half::{bf16, f16};
use ndarray::{ArrayD, ArrayViewD};

use crate::init::DynInitializer;
use crate::params::ParamView;
use crate::{Key, Result};

/// Per-dtype choices of generic code. Sealed: implemented for the four
/// [`Dtype`](crate::Dtype)s only.
pub trait Dispatch: Sized {
    /// `init.sample_<dtype>(key, shape)`.
    fn sample_dyn(init: &dyn DynInitializer, key: Key, shape: &[usize]) -> Result<ArrayD<Self>>;

    /// `init.fill_<dtype>(key, shape, start, out)`.
    fn fill_dyn(
        init: &dyn DynInitializer,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [Self],
    ) -> Result<()>;

    /// The [`ParamView`] variant of this dtype.
    fn param_view(view: ArrayViewD<'_, Self>) -> ParamView<'_>;
}

macro_rules! dispatch {
    ($t:ty, $sample:ident, $fill:ident, $variant:ident) => {
        impl Dispatch for $t {
            fn sample_dyn(
                init: &dyn DynInitializer,
                key: Key,
                shape: &[usize],
            ) -> Result<ArrayD<Self>> {
                init.$sample(key, shape)
            }
            fn fill_dyn(
                init: &dyn DynInitializer,
                key: Key,
                shape: &[usize],
                start: u64,
                out: &mut [Self],
            ) -> Result<()> {
                init.$fill(key, shape, start, out)
            }
            fn param_view(view: ArrayViewD<'_, Self>) -> ParamView<'_> {
                ParamView::$variant(view)
            }
        }
    };
}

dispatch!(f32, sample_f32, fill_f32, F32);
dispatch!(f64, sample_f64, fill_f64, F64);
dispatch!(bf16, sample_bf16, fill_bf16, BF16);
dispatch!(f16, sample_f16, fill_f16, F16);
