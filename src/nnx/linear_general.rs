//! [`LinearGeneral`]: `flax.nnx.LinearGeneral`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::ArrayD;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Error, Params, Result};

use crate::nn::checks::{all_positive, product};
use crate::nn::flattened::Flattened;

const LAYER: &str = "LinearGeneral";

/// The config of [`LinearGeneral`]: `flax.nnx.LinearGeneral(in_features, out_features,
/// axis=-1, batch_axis={}, use_bias=True, kernel_init=lecun_normal(), bias_init=zeros_init())`.
#[derive(Clone)]
pub struct LinearGeneralConfig {
    /// NNX's `in_features`: the sizes of the contracted axes.
    pub in_features: Vec<usize>,
    /// NNX's `out_features`.
    pub out_features: Vec<usize>,
    /// NNX's `axis` (default `[-1]`): one entry per contracted axis (only its length matters
    /// to the params).
    pub axis: Vec<isize>,
    /// NNX's `batch_axis` as `(axis, size)` pairs; the axes must be `0, 1, .., n-1`.
    pub batch_axis: Vec<(usize, usize)>,
    /// NNX's `use_bias` (default `true`).
    pub use_bias: bool,
    /// NNX's `kernel_init` (default `lecun_normal()`), drawn at the flat shape
    /// `(prod(batch) * prod(in_features), prod(out_features))`.
    pub kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`), drawn flat.
    pub bias_init: InitFn,
}

impl LinearGeneralConfig {
    /// `nnx.LinearGeneral(in_features, out_features)` with NNX's defaults; an int is a
    /// one-element list, as in NNX.
    ///
    /// ```
    /// let cfg = fanin::nnx::LinearGeneralConfig::new([4], [2, 3]);
    /// assert_eq!(cfg.kernel_shape()?, [4, 2, 3]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(
        in_features: impl Into<Vec<usize>>,
        out_features: impl Into<Vec<usize>>,
    ) -> LinearGeneralConfig {
        LinearGeneralConfig {
            in_features: in_features.into(),
            out_features: out_features.into(),
            axis: vec![-1],
            batch_axis: Vec::new(),
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `axis=`.
    pub fn axis(mut self, axis: impl Into<Vec<isize>>) -> Self {
        self.axis = axis.into();
        self
    }

    /// NNX's `batch_axis=` (`{0: 2}` is `[(0, 2)]`).
    pub fn batch_axis(mut self, batch_axis: impl Into<Vec<(usize, usize)>>) -> Self {
        self.batch_axis = batch_axis.into();
        self
    }

    /// NNX's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
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

    /// The kernel's shape: `(*batch, *in_features, *out_features)`; an error for a config NNX
    /// rejects.
    ///
    /// ```
    /// let cfg = fanin::nnx::LinearGeneralConfig::new([2, 3], [4]).axis([-2, -1]).batch_axis([(0, 5)]);
    /// assert_eq!(cfg.kernel_shape()?, [5, 2, 3, 4]);
    /// assert!(fanin::nnx::LinearGeneralConfig::new([2, 3], [4]).kernel_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        let batch = self.batch_sizes()?;
        Ok([&batch[..], &self.in_features, &self.out_features].concat())
    }

    /// The bias's shape: `(*batch, *out_features)`.
    ///
    /// ```
    /// let cfg = fanin::nnx::LinearGeneralConfig::new([4], [2, 3]);
    /// assert_eq!(cfg.bias_shape()?, [2, 3]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn bias_shape(&self) -> Result<Vec<usize>> {
        let batch = self.batch_sizes()?;
        Ok([&batch[..], &self.out_features].concat())
    }

    /// The sizes of the batch axes, checked as NNX checks them.
    fn batch_sizes(&self) -> Result<Vec<usize>> {
        if self.in_features.is_empty() || self.out_features.is_empty() {
            return Err(Error::invalid(
                "LinearGeneral: in_features and out_features must not be empty",
            ));
        }
        all_positive(LAYER, "in_features", &self.in_features)?;
        all_positive(LAYER, "out_features", &self.out_features)?;
        if self.in_features.len() != self.axis.len() {
            return Err(Error::invalid(format!(
                "LinearGeneral: in_features and axis must have the same length. Got {:?} and {:?}.",
                self.in_features, self.axis
            )));
        }
        let mut batch = self.batch_axis.clone();
        batch.sort_unstable();
        if batch.iter().enumerate().any(|(i, &(axis, _))| axis != i) {
            return Err(Error::invalid(format!(
                "LinearGeneral: batch_axis {:?} must be consecutive leading dimensions starting from 0",
                self.batch_axis
            )));
        }
        let sizes: Vec<usize> = batch.iter().map(|&(_, size)| size).collect();
        all_positive(LAYER, "batch_axis sizes", &sizes)?;
        Ok(sizes)
    }

    fn flat_shapes(&self) -> Result<(Vec<usize>, Vec<usize>)> {
        let batch = product(LAYER, &self.batch_sizes()?)?;
        let inputs = product(LAYER, &self.in_features)?;
        let outputs = product(LAYER, &self.out_features)?;
        let overflow = || Error::invalid("LinearGeneral: the kernel's size overflows usize");
        let rows = batch.checked_mul(inputs).ok_or_else(overflow)?;
        let bias = batch.checked_mul(outputs).ok_or_else(overflow)?;
        Ok((vec![rows, outputs], vec![bias]))
    }

    fn kernel_initializer(&self) -> Result<Flattened> {
        Ok(Flattened::new(
            self.kernel_init.clone(),
            self.flat_shapes()?.0,
        ))
    }

    fn bias_initializer(&self) -> Result<Flattened> {
        Ok(Flattened::new(
            self.bias_init.clone(),
            self.flat_shapes()?.1,
        ))
    }
}

/// `flax.nnx.LinearGeneral`: `kernel` `(*batch, *in_features, *out_features)`, then `bias`
/// `(*batch, *out_features)` if `use_bias`, each drawn at its flat shape and reshaped, as NNX
/// does.
///
/// ```
/// use fanin::nnx::{LinearGeneral, LinearGeneralConfig};
/// use fanin::{Key, Params};
///
/// // nnx.LinearGeneral(4, (2, 3), rngs=nnx.Rngs(params=0))
/// let layer = LinearGeneral::<f32>::init(Key::new(0), &LinearGeneralConfig::new([4], [2, 3]))?;
/// assert_eq!(layer.kernel.shape(), [4, 2, 3]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = LinearGeneralConfig, nnx)]
pub struct LinearGeneral<T: Dtype> {
    /// `(*batch, *in_features, *out_features)`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_initializer()?)]
    pub kernel: ArrayD<T>,
    /// `(*batch, *out_features)`, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(..cfg.bias_shape()?)]
    #[init(cfg.bias_initializer()?)]
    pub bias: Option<ArrayD<T>>,
}
