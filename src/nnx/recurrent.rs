//! The recurrent cells of `flax.nnx`: [`LSTMCell`], [`OptimizedLSTMCell`], [`GRUCell`],
//! [`SimpleCell`]. Each is a set of [`Linear`] submodules; the configs differ in which have a
//! bias and in the recurrent kernel's default initializer.

use crate::init::{lecun_normal, orthogonal, zeros_init, DynInitializer};
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

use super::{modified_orthogonal, Linear, LinearConfig};

/// The config of a recurrent cell: `flax.nnx.<Cell>(in_features, hidden_features,
/// kernel_init=lecun_normal(), recurrent_kernel_init=..., bias_init=zeros_init())`. The
/// default recurrent kernel initializer is `orthogonal()`, except for [`LSTMCell`]
/// (`modified_orthogonal`): use the cell's own `config` function.
#[derive(Clone)]
pub struct CellConfig {
    /// NNX's `in_features`.
    pub in_features: usize,
    /// NNX's `hidden_features`.
    pub hidden_features: usize,
    /// NNX's `kernel_init` (default `lecun_normal()`): the input kernels.
    pub kernel_init: InitFn,
    /// NNX's `recurrent_kernel_init`: the hidden-state kernels.
    pub recurrent_kernel_init: InitFn,
    /// NNX's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl CellConfig {
    fn with_recurrent(in_features: usize, hidden_features: usize, recurrent: InitFn) -> Self {
        CellConfig {
            in_features,
            hidden_features,
            kernel_init: init_fn(lecun_normal()),
            recurrent_kernel_init: recurrent,
            bias_init: init_fn(zeros_init()),
        }
    }

    /// NNX's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// NNX's `recurrent_kernel_init=`.
    pub fn recurrent_kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.recurrent_kernel_init = init_fn(init);
        self
    }

    /// NNX's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// A Linear from `inputs` (the input or the hidden state) to `gates * hidden_features`.
    fn linear(&self, recurrent: bool, gates: usize, use_bias: bool) -> Result<LinearConfig> {
        positive("recurrent cell", "in_features", self.in_features)?;
        let hidden = positive("recurrent cell", "hidden_features", self.hidden_features)?;
        let (inputs, kernel_init) = if recurrent {
            (hidden, self.recurrent_kernel_init.clone())
        } else {
            (self.in_features, self.kernel_init.clone())
        };
        let outputs = hidden.checked_mul(gates).ok_or_else(|| {
            crate::Error::invalid("recurrent cell: hidden_features overflows usize")
        })?;
        Ok(LinearConfig {
            use_bias,
            kernel_init,
            bias_init: self.bias_init.clone(),
            ..LinearConfig::new(inputs, outputs)
        })
    }
}

/// `flax.nnx.LSTMCell`: Linears `ii`, `if_`, `ig`, `io` (input kernels `(in, hidden)`, no
/// bias), then `hi`, `hf`, `hg`, `ho` (recurrent kernels `(hidden, hidden)` and biases).
///
/// ```
/// use fanin::nnx::{LSTMCell, CellConfig};
/// use fanin::{Key, Params};
///
/// // nnx.LSTMCell(3, 4, rngs=nnx.Rngs(params=40))
/// let cell = LSTMCell::<f32>::init(Key::new(40), &LSTMCell::<f32>::config(3, 4))?;
/// assert_eq!(cell.if_.kernel.shape(), [3, 4]);
/// assert!(cell.ii.bias.is_none());
/// assert_eq!(cell.ho.bias.unwrap().len(), 4);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = CellConfig, nnx)]
pub struct LSTMCell<T: Dtype> {
    /// Input gate, input kernel.
    #[module(config = cfg.linear(false, 1, false)?)]
    pub ii: Linear<T>,
    /// Forget gate, input kernel (NNX's `if_`).
    #[module(config = cfg.linear(false, 1, false)?)]
    pub if_: Linear<T>,
    /// Cell gate, input kernel.
    #[module(config = cfg.linear(false, 1, false)?)]
    pub ig: Linear<T>,
    /// Output gate, input kernel.
    #[module(config = cfg.linear(false, 1, false)?)]
    pub io: Linear<T>,
    /// Input gate, recurrent kernel and bias.
    #[module(config = cfg.linear(true, 1, true)?)]
    pub hi: Linear<T>,
    /// Forget gate, recurrent kernel and bias.
    #[module(config = cfg.linear(true, 1, true)?)]
    pub hf: Linear<T>,
    /// Cell gate, recurrent kernel and bias.
    #[module(config = cfg.linear(true, 1, true)?)]
    pub hg: Linear<T>,
    /// Output gate, recurrent kernel and bias.
    #[module(config = cfg.linear(true, 1, true)?)]
    pub ho: Linear<T>,
}

impl<T: Dtype> LSTMCell<T> {
    /// `nnx.LSTMCell(in_features, hidden_features)`'s defaults: recurrent kernels
    /// `modified_orthogonal`.
    ///
    /// ```
    /// let cfg = fanin::nnx::LSTMCell::<f32>::config(3, 4);
    /// assert_eq!(cfg.recurrent_kernel_init.dyn_describe(), "modified_orthogonal()");
    /// ```
    pub fn config(in_features: usize, hidden_features: usize) -> CellConfig {
        CellConfig::with_recurrent(in_features, hidden_features, init_fn(modified_orthogonal()))
    }
}

/// `flax.nnx.OptimizedLSTMCell`: `dense_i` (kernel `(in, 4 * hidden)`, no bias), then
/// `dense_h` (kernel `(hidden, 4 * hidden)`, bias `(4 * hidden,)`).
///
/// ```
/// use fanin::nnx::OptimizedLSTMCell;
/// use fanin::{Key, Params};
///
/// let cell = OptimizedLSTMCell::<f32>::init(Key::new(43), &OptimizedLSTMCell::<f32>::config(3, 4))?;
/// assert_eq!(cell.dense_h.kernel.shape(), [4, 16]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = CellConfig, nnx)]
pub struct OptimizedLSTMCell<T: Dtype> {
    /// The four input kernels, side by side.
    #[module(config = cfg.linear(false, 4, false)?)]
    pub dense_i: Linear<T>,
    /// The four recurrent kernels and biases, side by side.
    #[module(config = cfg.linear(true, 4, true)?)]
    pub dense_h: Linear<T>,
}

impl<T: Dtype> OptimizedLSTMCell<T> {
    /// `nnx.OptimizedLSTMCell(in_features, hidden_features)`'s defaults: recurrent kernel
    /// `orthogonal()` (which JAX's CPU backend cannot draw in bfloat16).
    pub fn config(in_features: usize, hidden_features: usize) -> CellConfig {
        CellConfig::with_recurrent(in_features, hidden_features, init_fn(orthogonal()))
    }
}

/// `flax.nnx.GRUCell`: `dense_i` (kernel `(in, 3 * hidden)` and bias `(3 * hidden,)`), then
/// `dense_h` (kernel `(hidden, 3 * hidden)`, no bias).
///
/// ```
/// use fanin::nnx::GRUCell;
/// use fanin::{Key, Params};
///
/// let cell = GRUCell::<f32>::init(Key::new(46), &GRUCell::<f32>::config(3, 4))?;
/// assert_eq!(cell.dense_i.kernel.shape(), [3, 12]);
/// assert!(cell.dense_h.bias.is_none());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = CellConfig, nnx)]
pub struct GRUCell<T: Dtype> {
    /// The reset, update and candidate input kernels and biases, side by side.
    #[module(config = cfg.linear(false, 3, true)?)]
    pub dense_i: Linear<T>,
    /// The recurrent kernels, side by side.
    #[module(config = cfg.linear(true, 3, false)?)]
    pub dense_h: Linear<T>,
}

impl<T: Dtype> GRUCell<T> {
    /// `nnx.GRUCell(in_features, hidden_features)`'s defaults: recurrent kernel `orthogonal()`.
    pub fn config(in_features: usize, hidden_features: usize) -> CellConfig {
        CellConfig::with_recurrent(in_features, hidden_features, init_fn(orthogonal()))
    }
}

/// `flax.nnx.SimpleCell`: `dense_h` first (kernel `(hidden, hidden)`, no bias), then
/// `dense_i` (kernel `(in, hidden)` and bias).
///
/// ```
/// use fanin::nnx::SimpleCell;
/// use fanin::{Key, Params};
///
/// let cell = SimpleCell::<f32>::init(Key::new(49), &SimpleCell::<f32>::config(3, 4))?;
/// assert_eq!(cell.dense_i.kernel.shape(), [3, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = CellConfig, nnx)]
pub struct SimpleCell<T: Dtype> {
    /// The recurrent kernel.
    #[module(config = cfg.linear(true, 1, false)?)]
    pub dense_h: Linear<T>,
    /// The input kernel and the bias.
    #[module(config = cfg.linear(false, 1, true)?)]
    pub dense_i: Linear<T>,
}

impl<T: Dtype> SimpleCell<T> {
    /// `nnx.SimpleCell(in_features, hidden_features)`'s defaults: recurrent kernel
    /// `orthogonal()`.
    pub fn config(in_features: usize, hidden_features: usize) -> CellConfig {
        CellConfig::with_recurrent(in_features, hidden_features, init_fn(orthogonal()))
    }
}
