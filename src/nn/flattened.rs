//! [`Flattened`]: an initializer drawn at a 2-D (or 1-D) shape and reshaped, as Flax's
//! `DenseGeneral` draws its kernel and bias (`kernel_init_wrap`, `bias_init_wrap`).

use crate::init::Initializer;
use crate::ndarray::ArrayD;
use crate::{Dtype, Error, Key, Result, Settings};

use super::InitFn;

/// Draws `inner` at `flat` and reshapes the result (row-major) to the requested shape, whose
/// element count must be the same. Element `i` is the flat draw's element `i`, so range fills
/// pass straight through.
#[derive(Clone)]
pub(crate) struct Flattened {
    inner: InitFn,
    flat: Vec<usize>,
}

impl Flattened {
    pub(crate) fn new(inner: InitFn, flat: Vec<usize>) -> Flattened {
        Flattened { inner, flat }
    }

    fn check(&self, shape: &[usize]) -> Result<()> {
        let count = |s: &[usize]| s.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if count(shape) != count(&self.flat) {
            return Err(Error::invalid(format!(
                "{}: shape {shape:?} is not a reshape of the flat shape {:?}",
                self.describe(),
                self.flat
            )));
        }
        Ok(())
    }
}

impl Initializer for Flattened {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        self.sample_with(Settings::current(), key, shape)
    }

    fn sample_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
    ) -> Result<ArrayD<T>> {
        self.check(shape)?;
        let flat = self.inner.sample_with::<T>(settings, key, &self.flat)?;
        let values: Vec<T> = flat.iter().copied().collect();
        ArrayD::from_shape_vec(shape, values).map_err(|e| Error::invalid(e.to_string()))
    }

    fn fill<T: Dtype>(&self, key: Key, shape: &[usize], start: u64, out: &mut [T]) -> Result<()> {
        self.fill_with(Settings::current(), key, shape, start, out)
    }

    fn fill_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
        start: u64,
        out: &mut [T],
    ) -> Result<()> {
        self.check(shape)?;
        self.inner.fill_with(settings, key, &self.flat, start, out)
    }

    fn is_elementwise(&self) -> bool {
        self.inner.is_elementwise()
    }

    fn expected_std(&self, _shape: &[usize]) -> Option<f64> {
        self.inner.dyn_expected_std(&self.flat)
    }

    fn describe(&self) -> String {
        self.inner.dyn_describe()
    }
}
