//! [`Embed`]: `flax.nnx.Embed`.

use crate::init::{variance_scaling, Distribution, DynInitializer, Mode};
use crate::ndarray::Array2;
use crate::nn::checks::positive;
use crate::nn::{init_fn, InitFn};
use crate::{Dtype, Params, Result};

/// The config of [`Embed`]: `flax.nnx.Embed(num_embeddings, features,
/// embedding_init=variance_scaling(1.0, 'fan_in', 'normal', out_axis=0))`.
#[derive(Clone)]
pub struct EmbedConfig {
    /// NNX's `num_embeddings`.
    pub num_embeddings: usize,
    /// NNX's `features`.
    pub features: usize,
    /// NNX's `embedding_init`.
    pub embedding_init: InitFn,
}

impl EmbedConfig {
    /// `nnx.Embed(num_embeddings, features)` with NNX's default initializer.
    ///
    /// ```
    /// let cfg = fanin::nnx::EmbedConfig::new(10, 6);
    /// assert_eq!((cfg.num_embeddings, cfg.features), (10, 6));
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

    /// NNX's `embedding_init=`.
    pub fn embedding_init(mut self, init: impl DynInitializer + 'static) -> Self {
        self.embedding_init = init_fn(init);
        self
    }

    /// Checks the sizes (each at least 1).
    ///
    /// ```
    /// assert!(fanin::nnx::EmbedConfig::new(0, 6).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<&Self> {
        positive("Embed", "num_embeddings", self.num_embeddings)?;
        positive("Embed", "features", self.features)?;
        Ok(self)
    }
}

/// `flax.nnx.Embed`: `embedding` `(num_embeddings, features)`.
///
/// ```
/// use fanin::nnx::{Embed, EmbedConfig};
/// use fanin::{Key, Params};
///
/// // nnx.Embed(10, 6, rngs=nnx.Rngs(params=17))
/// let embed = Embed::<f32>::init(Key::new(17), &EmbedConfig::new(10, 6))?;
/// assert_eq!(embed.embedding.shape(), [10, 6]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Params)]
#[params(config = EmbedConfig, nnx)]
pub struct Embed<T: Dtype> {
    /// `(num_embeddings, features)`.
    #[shape(cfg.validate()?.num_embeddings, cfg.features)]
    #[init(cfg.embedding_init.clone())]
    pub embedding: Array2<T>,
}
