//! [`Embed`]: `flax.linen.Embed`.

use crate::init::{variance_scaling, Distribution, DynInitializer, Mode};
use crate::ndarray::Array2;
use crate::{Dtype, Params, Result};

use super::checks::positive;
use super::{init_fn, InitFn};

/// The config of [`Embed`]: `flax.linen.Embed(num_embeddings, features,
/// embedding_init=variance_scaling(1.0, 'fan_in', 'normal', out_axis=0))`.
#[derive(Clone)]
pub struct EmbedConfig {
    /// Flax's `num_embeddings`: the number of rows.
    pub num_embeddings: usize,
    /// Flax's `features`: the size of each embedding.
    pub features: usize,
    /// Flax's `embedding_init` (default `variance_scaling(1.0, FanIn, Normal).out_axis(0)`).
    pub embedding_init: InitFn,
}

impl EmbedConfig {
    /// `nn.Embed(num_embeddings, features)` with Flax's default initializer.
    ///
    /// ```
    /// let cfg = fanin::nn::EmbedConfig::new(100, 16);
    /// assert_eq!((cfg.num_embeddings, cfg.features), (100, 16));
    /// ```
    pub fn new(num_embeddings: usize, features: usize) -> EmbedConfig {
        EmbedConfig {
            num_embeddings,
            features,
            embedding_init: init_fn(
                variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(0),
            ),
        }
    }

    /// Flax's `embedding_init=`.
    pub fn embedding_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.embedding_init = init_fn(init);
        self
    }

    /// Checks the sizes (each at least 1); `init`, `plan` and loading call it.
    pub fn validate(&self) -> Result<&Self> {
        positive("Embed", "num_embeddings", self.num_embeddings)?;
        positive("Embed", "features", self.features)?;
        Ok(self)
    }
}

/// `flax.linen.Embed`: `embedding` `(num_embeddings, features)`. `T` is Flax's
/// `param_dtype`.
///
/// ```
/// use fanin::nn::{Embed, EmbedConfig};
/// use fanin::{Key, Params};
///
/// // nn.Embed(100, 16).init(key, jnp.zeros((1,), jnp.int32))['params']
/// let embed = Embed::<f32>::init(Key::new(0), &EmbedConfig::new(100, 16))?;
/// assert_eq!(embed.embedding.shape(), [100, 16]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params, Clone, Debug)]
#[params(config = EmbedConfig)]
pub struct Embed<T: Dtype> {
    /// `(num_embeddings, features)`.
    #[shape(cfg.validate()?.num_embeddings, cfg.features)]
    #[init(cfg.embedding_init.clone())]
    pub embedding: Array2<T>,
}
