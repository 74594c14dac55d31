//! Flax's basic layers (`nn.Dense`, `nn.Embed`, `nn.LayerNorm`, `nn.Conv`) declared with the
//! derive, with Flax's default initializers. Shared by the examples.
#![allow(dead_code)]

use fanin::ndarray::{Array1, Array2, Array4};
use fanin::Params;

/// `nn.Dense(features)` on inputs of `in_features`.
pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
}

/// `nn.Dense`: `kernel` (lecun_normal), then `bias` (zeros).
#[derive(Params)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}

/// `nn.Embed(num_embeddings, features)`.
pub struct EmbedConfig {
    pub num_embeddings: usize,
    pub features: usize,
}

/// `nn.Embed`: `embedding` with Flax's `variance_scaling(1.0, 'fan_in', 'normal', out_axis=0)`.
#[derive(Params)]
#[params(config = EmbedConfig)]
pub struct Embed {
    #[shape(cfg.num_embeddings, cfg.features)]
    #[init(variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(0))]
    pub embedding: Array2<f32>,
}

/// `nn.LayerNorm()` over `features` (the config): `scale` (ones), then `bias` (zeros).
#[derive(Params)]
#[params(config = usize)]
#[init(scale = ones_init(), bias = zeros_init())]
pub struct LayerNorm {
    #[shape(*cfg)]
    pub scale: Array1<f32>,
    #[shape(*cfg)]
    pub bias: Array1<f32>,
}

/// `nn.Conv(features, kernel_size=(h, w))` on inputs with `in_features` channels.
pub struct ConvConfig {
    pub in_features: usize,
    pub features: usize,
    pub kernel_size: [usize; 2],
}

/// `nn.Conv` (2-D): `kernel` of shape (h, w, in, out) with lecun_normal, then `bias`.
#[derive(Params)]
#[params(config = ConvConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Conv {
    #[shape(cfg.kernel_size[0], cfg.kernel_size[1], cfg.in_features, cfg.features)]
    pub kernel: Array4<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}
