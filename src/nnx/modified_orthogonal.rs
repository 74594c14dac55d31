//! [`modified_orthogonal`]: the default recurrent kernel initializer of `flax.nnx.LSTMCell`.

use crate::init::{orthogonal, Initializer, Orthogonal};
use crate::ndarray::ArrayD;
use crate::{Dtype, Error, Key, Result, Settings};

/// `flax.nnx.nn.recurrent.modified_orthogonal`: `orthogonal()` drawn in JAX's default float
/// dtype, then cast to the param's dtype, so it works for bfloat16 (whose QR JAX's CPU
/// backend lacks). fanin follows `jax_enable_x64` (its keys take 64-bit seeds), where the
/// default float dtype is float64.
#[derive(Clone, Copy, Debug)]
pub struct ModifiedOrthogonal(Orthogonal);

/// [`ModifiedOrthogonal`]: `orthogonal()` in float64, cast.
///
/// ```
/// use fanin::init::Initializer;
/// use fanin::half::bf16;
/// use fanin::Key;
///
/// let q = fanin::nnx::modified_orthogonal().sample::<bf16>(Key::new(0), &[4, 4])?;
/// assert_eq!(q.shape(), [4, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn modified_orthogonal() -> ModifiedOrthogonal {
    ModifiedOrthogonal(orthogonal())
}

impl Initializer for ModifiedOrthogonal {
    fn sample<T: Dtype>(&self, key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        self.sample_with(Settings::current(), key, shape)
    }

    fn sample_with<T: Dtype>(
        &self,
        settings: Settings,
        key: Key,
        shape: &[usize],
    ) -> Result<ArrayD<T>> {
        let wide = self.0.sample_with::<f64>(settings, key, shape)?;
        Ok(wide.mapv(T::from_f64))
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
        let whole = self.sample_with::<T>(settings, key, shape)?;
        let range = usize::try_from(start)
            .ok()
            .and_then(|first| Some(first..first.checked_add(out.len())?))
            .filter(|range| range.end <= whole.len())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "elements {start}.. (+{}) are outside shape {shape:?}",
                    out.len()
                ))
            })?;
        for (slot, &v) in out.iter_mut().zip(whole.iter().skip(range.start)) {
            *slot = v;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "modified_orthogonal()".to_string()
    }

    fn expected_std(&self, shape: &[usize]) -> Option<f64> {
        self.0.expected_std(shape)
    }
}
