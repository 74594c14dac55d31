//! `flax.linen.MGUCell`: its own config, with two bias initializers and `reset_gate`.

use std::fmt;

use fanin::{Dtype, Params};

use super::dense;
use crate::init::{lecun_normal, ones_init, orthogonal, zeros_init, DynInitializer};
use crate::nn::{init_fn, Dense, DenseConfig, InitFn};
use crate::Result;

/// The config of [`MGUCell`]: Flax's `nn.MGUCell(features, kernel_init,
/// recurrent_kernel_init, forget_bias_init, activation_bias_init, reset_gate)`, with the
/// input size. `gate_fn`, `activation_fn`, `carry_init` and `dtype` make no param.
///
/// ```
/// use fanin::init::constant;
/// use fanin::nn::MGUCellConfig;
/// let config = MGUCellConfig::new(2, 4).reset_gate(false).forget_bias_init(constant(0.5));
/// assert!(!config.reset_gate);
/// ```
#[derive(Clone)]
pub struct MGUCellConfig {
    /// The size of the input's last axis (Flax infers it from the first call).
    pub in_features: usize,
    /// `features`: the size of the hidden state.
    pub features: usize,
    /// `kernel_init`: the input kernels' initializer (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// `recurrent_kernel_init`: the hidden kernels' initializer (default `orthogonal()`).
    pub recurrent_kernel_init: InitFn,
    /// `forget_bias_init`: the bias of `if` (default `ones_init()`).
    pub forget_bias_init: InitFn,
    /// `activation_bias_init`: the biases of `in` and `hn` (default `zeros_init()`).
    pub activation_bias_init: InitFn,
    /// `reset_gate`: whether `hn` has a bias (and the reset gating is applied; default
    /// `true`).
    pub reset_gate: bool,
}

impl MGUCellConfig {
    /// `flax.linen.MGUCell(features)` on inputs of `in_features`, with Flax's defaults.
    pub fn new(in_features: usize, features: usize) -> Self {
        MGUCellConfig {
            in_features,
            features,
            kernel_init: init_fn(lecun_normal()),
            recurrent_kernel_init: init_fn(orthogonal()),
            forget_bias_init: init_fn(ones_init()),
            activation_bias_init: init_fn(zeros_init()),
            reset_gate: true,
        }
    }

    /// Flax's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// Flax's `recurrent_kernel_init=`.
    pub fn recurrent_kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.recurrent_kernel_init = init_fn(init);
        self
    }

    /// Flax's `forget_bias_init=`.
    pub fn forget_bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.forget_bias_init = init_fn(init);
        self
    }

    /// Flax's `activation_bias_init=`.
    pub fn activation_bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.activation_bias_init = init_fn(init);
        self
    }

    /// Flax's `reset_gate=`.
    pub fn reset_gate(mut self, reset_gate: bool) -> Self {
        self.reset_gate = reset_gate;
        self
    }

    /// An input Dense (`if`, `in`) with its bias initializer.
    fn input_dense(&self, bias_init: &InitFn) -> Result<DenseConfig> {
        dense(
            "MGUCellConfig",
            self.in_features,
            self.features,
            true,
            &self.kernel_init,
            bias_init,
        )
    }

    /// A hidden Dense (`hf`, `hn`), biased or not.
    fn hidden_dense(&self, use_bias: bool) -> Result<DenseConfig> {
        dense(
            "MGUCellConfig",
            self.features,
            self.features,
            use_bias,
            &self.recurrent_kernel_init,
            &self.activation_bias_init,
        )
    }
}

impl fmt::Debug for MGUCellConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MGUCellConfig")
            .field("in_features", &self.in_features)
            .field("features", &self.features)
            .field("kernel_init", &self.kernel_init.dyn_describe())
            .field(
                "recurrent_kernel_init",
                &self.recurrent_kernel_init.dyn_describe(),
            )
            .field("forget_bias_init", &self.forget_bias_init.dyn_describe())
            .field(
                "activation_bias_init",
                &self.activation_bias_init.dyn_describe(),
            )
            .field("reset_gate", &self.reset_gate)
            .finish()
    }
}

/// `flax.linen.MGUCell(features)`, the minimal gated unit: `if` (input, bias
/// `forget_bias_init`), `hf` (hidden, no bias), `hn` (hidden, bias `activation_bias_init`
/// when `reset_gate`), `in` (input, bias `activation_bias_init`), in Flax's order.
///
/// ```
/// use fanin::nn::{MGUCell, MGUCellConfig};
/// use fanin::{Key, Params};
/// // nn.MGUCell(features=3).init(key, carry, jnp.ones((1, 4)))['params']
/// let cell = MGUCell::<f32>::init(Key::new(16), &MGUCellConfig::new(4, 3))?;
/// assert_eq!(cell.r#if.bias.as_ref().unwrap().to_vec(), [1.0; 3]); // forget bias: ones
/// let no_reset = MGUCell::<f32>::init(Key::new(16), &MGUCellConfig::new(4, 3).reset_gate(false))?;
/// assert!(no_reset.hn.bias.is_none());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = MGUCellConfig)]
pub struct MGUCell<T: Dtype> {
    /// `if`: input to the forget gate, bias `forget_bias_init`.
    #[module(config = cfg.input_dense(&cfg.forget_bias_init)?)]
    pub r#if: Dense<T>,
    /// `hf`: hidden to the forget gate, no bias.
    #[module(config = cfg.hidden_dense(false)?)]
    pub hf: Dense<T>,
    /// `hn`: hidden to the candidate, bias `activation_bias_init` when `reset_gate`.
    #[module(config = cfg.hidden_dense(cfg.reset_gate)?)]
    pub hn: Dense<T>,
    /// `in`: input to the candidate, bias `activation_bias_init`.
    #[module(config = cfg.input_dense(&cfg.activation_bias_init)?)]
    pub r#in: Dense<T>,
}
