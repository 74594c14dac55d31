//! [`Einsum`]: `flax.nnx.Einsum`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::ArrayD;
use crate::nn::checks::all_positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

/// The config of [`Einsum`]: `flax.nnx.Einsum(einsum_str, kernel_shape, bias_shape=None,
/// kernel_init=lecun_normal(), bias_init=zeros_init())`. The einsum string does not affect
/// the params and is kept for reference.
#[derive(Clone)]
pub struct EinsumConfig {
    /// NNX's `einsum_str`.
    pub einsum_str: String,
    /// NNX's `kernel_shape`.
    pub kernel_shape: Vec<usize>,
    /// NNX's `bias_shape`: a bias only when given.
    pub bias_shape: Option<Vec<usize>>,
    /// NNX's `kernel_init` (default `lecun_normal()`), drawn at `kernel_shape` itself (NNX
    /// does not flatten, unlike `LinearGeneral`).
    pub kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl EinsumConfig {
    /// `nnx.Einsum(einsum_str, kernel_shape)`, no bias.
    ///
    /// ```
    /// let cfg = fanin::nnx::EinsumConfig::new("bi,ij->bj", [3, 4]).bias_shape([4]);
    /// assert_eq!(cfg.bias_shape, Some(vec![4]));
    /// ```
    pub fn new(einsum_str: impl Into<String>, kernel_shape: impl Into<Vec<usize>>) -> Self {
        EinsumConfig {
            einsum_str: einsum_str.into(),
            kernel_shape: kernel_shape.into(),
            bias_shape: None,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `bias_shape=`.
    pub fn bias_shape(mut self, bias_shape: impl Into<Vec<usize>>) -> Self {
        self.bias_shape = Some(bias_shape.into());
        self
    }

    /// NNX's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// The kernel's shape, checked (no zero size).
    fn checked_kernel_shape(&self) -> Result<Vec<usize>> {
        all_positive("Einsum", "kernel_shape", &self.kernel_shape)?;
        Ok(self.kernel_shape.clone())
    }

    /// The bias's shape (empty when there is none), checked.
    fn checked_bias_shape(&self) -> Result<Vec<usize>> {
        let shape = self.bias_shape.clone().unwrap_or_default();
        all_positive("Einsum", "bias_shape", &shape)?;
        Ok(shape)
    }
}

/// `flax.nnx.Einsum`: `kernel` of `kernel_shape`, then `bias` of `bias_shape` if given.
///
/// ```
/// use fanin::nnx::{Einsum, EinsumConfig};
/// use fanin::{Key, Params};
///
/// // nnx.Einsum('bi,ij->bj', (3, 4), rngs=nnx.Rngs(params=7))
/// let layer = Einsum::<f32>::init(Key::new(7), &EinsumConfig::new("bi,ij->bj", [3, 4]))?;
/// assert_eq!(layer.kernel.shape(), [3, 4]);
/// assert!(layer.bias.is_none());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = EinsumConfig, nnx)]
pub struct Einsum<T: Dtype> {
    /// `kernel_shape`.
    #[shape(..cfg.checked_kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// `bias_shape`, present when given.
    #[when(cfg.bias_shape.is_some())]
    #[shape(..cfg.checked_bias_shape()?)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<ArrayD<T>>,
}
