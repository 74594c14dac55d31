//! [`Einsum`]: `flax.linen.Einsum`.

use crate::init::{lecun_normal, zeros_init, DynInitializer};
use crate::ndarray::ArrayD;
use crate::{Dtype, Error, Params, Result};

use super::checks::all_positive;
use super::{init_fn, InitFn};

/// The config of [`Einsum`]: `flax.linen.Einsum(shape, einsum_str, use_bias=True,
/// kernel_init=lecun_normal(), bias_init=zeros_init())`.
#[derive(Clone)]
pub struct EinsumConfig {
    /// Flax's `shape`: the kernel's shape.
    pub shape: Vec<usize>,
    /// Flax's `einsum_str`: `"<input>,<kernel>-><output>"`, e.g. `"abc,cde->abde"`.
    pub einsum_str: String,
    /// Flax's `use_bias` (default `true`).
    pub use_bias: bool,
    /// Flax's `kernel_init` (default `lecun_normal()`).
    pub kernel_init: InitFn,
    /// Flax's `bias_init` (default `zeros_init()`).
    pub bias_init: InitFn,
}

impl EinsumConfig {
    /// `nn.Einsum(shape, einsum_str)` with Flax's defaults.
    ///
    /// ```
    /// use fanin::nn::EinsumConfig;
    /// let cfg = EinsumConfig::new([8, 2, 4], "btd,dnh->btnh");
    /// assert_eq!(cfg.bias_shape()?, [2, 4]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn new(shape: impl Into<Vec<usize>>, einsum_str: impl Into<String>) -> EinsumConfig {
        EinsumConfig {
            shape: shape.into(),
            einsum_str: einsum_str.into(),
            use_bias: true,
            kernel_init: init_fn(lecun_normal()),
            bias_init: init_fn(zeros_init()),
        }
    }

    /// Flax's `use_bias=`.
    pub fn use_bias(mut self, use_bias: bool) -> Self {
        self.use_bias = use_bias;
        self
    }

    /// Flax's `kernel_init=`.
    pub fn kernel_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.kernel_init = init_fn(init);
        self
    }

    /// Flax's `bias_init=`.
    pub fn bias_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.bias_init = init_fn(init);
        self
    }

    /// The kernel's shape (`shape`), checked against the einsum string.
    pub fn kernel_shape(&self) -> Result<Vec<usize>> {
        self.parse()?;
        Ok(self.shape.clone())
    }

    /// The bias's shape, as Flax's `_get_bias_shape`: the sizes of the kernel's axes whose
    /// letters appear in the output, in the output's order. An error for a string without
    /// `->`, without exactly one comma, with a kernel operand whose letters do not match
    /// `shape` one for one, or with `...` in the kernel operand (not supported here).
    ///
    /// ```
    /// use fanin::nn::EinsumConfig;
    /// assert_eq!(EinsumConfig::new([3, 4], "...c,cd->...d").bias_shape()?, [4]);
    /// assert!(EinsumConfig::new([3, 4], "abc,cd").bias_shape().is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn bias_shape(&self) -> Result<Vec<usize>> {
        let (kernel, output) = self.parse()?;
        Ok(output
            .chars()
            .filter_map(|c| kernel.find(c).map(|i| self.shape[i]))
            .collect())
    }

    /// The kernel operand and the output, spaces removed, checked as Flax checks them.
    fn parse(&self) -> Result<(String, String)> {
        let text: String = self.einsum_str.chars().filter(|c| *c != ' ').collect();
        let fail = |why: &str| {
            Err(Error::invalid(format!(
                "Einsum: `{}` {why}",
                self.einsum_str
            )))
        };
        let Some((inputs, output)) = text.split_once("->") else {
            return fail("must be explicit and include \"->\"");
        };
        if text.matches(',').count() != 1 {
            return fail("must have exactly two operands, so exactly one comma");
        }
        let (_, kernel) = inputs.split_once(',').unwrap_or_default();
        if kernel.contains('.') {
            return fail("has `...` in the kernel operand, which fanin does not support");
        }
        let letters: Vec<char> = kernel.chars().collect();
        let distinct = letters
            .iter()
            .all(|c| letters.iter().filter(|d| *d == c).count() == 1);
        if letters.len() != self.shape.len()
            || !distinct
            || !letters.iter().all(|c| c.is_alphabetic())
        {
            return fail(&format!(
                "names {} kernel axes `{kernel}`, but shape {:?} has {} (one distinct letter per axis)",
                letters.len(),
                self.shape,
                self.shape.len()
            ));
        }
        all_positive("Einsum", "shape", &self.shape)?;
        Ok((kernel.to_string(), output.to_string()))
    }
}

/// `flax.linen.Einsum`: `kernel` of shape `shape`, then `bias` if `use_bias`, of the sizes of
/// the kernel axes kept in the output. `T` is Flax's `param_dtype`.
///
/// ```
/// use fanin::nn::{Einsum, EinsumConfig};
/// use fanin::{Key, Params};
///
/// // nn.Einsum((8, 2, 4), 'btd,dnh->btnh').init(key, jnp.ones((1, 3, 8)))['params']
/// let layer = Einsum::<f32>::init(Key::new(0), &EinsumConfig::new([8, 2, 4], "btd,dnh->btnh"))?;
/// assert_eq!(layer.kernel.shape(), [8, 2, 4]);
/// assert_eq!(layer.bias.unwrap().shape(), [2, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = EinsumConfig)]
pub struct Einsum<T: Dtype> {
    /// `shape`.
    #[shape(..cfg.kernel_shape()?)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: ArrayD<T>,
    /// The kernel's sizes of the output's axes, present when `use_bias`.
    #[when(cfg.use_bias)]
    #[shape(..cfg.bias_shape()?)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<ArrayD<T>>,
}
