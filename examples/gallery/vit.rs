//! big_vision's ViT, ported: `_Model` of github.com/google-research/big_vision
//! `big_vision/models/vit.py` with `scan=True` (the encoder blocks are one `nn.scan` over
//! `nn.remat(Encoder1DBlock)`, their params stacked on a leading `depth` axis), declared with
//! `#[derive(Params)]` and `fanin::nn`. Its params are the upstream model's, bit for bit.
//!
//! `cargo run --release --example vit` prints the summary of ViT-B/16 (`variant="B/16"`,
//! 224px, 1000 classes, MAP head) and initializes it.

use fanin::init::{normal, xavier_uniform, zeros};
use fanin::ndarray::Array3;
use fanin::nn::{
    Conv, ConvConfig, Dense, DenseConfig, LayerNorm, LayerNormConfig, MultiHeadDotProductAttention,
    MultiHeadDotProductAttentionConfig,
};
use fanin::{Key, Params, Stacked};

/// The fields of `_Model` that decide params (`posemb="learn"`, `pool_type="map"`,
/// `head_zeroinit=True`), and the image size Flax reads from the input.
#[derive(Clone, Debug)]
pub struct VitConfig {
    pub num_classes: usize,
    pub patch_size: [usize; 2],
    pub width: usize,
    pub depth: usize,
    pub mlp_dim: usize,
    pub num_heads: usize,
    /// `rep_size`: the width of the `pre_logits` Dense (`rep_size=True` is `width`).
    pub rep_size: usize,
    pub image_size: [usize; 2],
    pub channels: usize,
}

impl VitConfig {
    /// The number of patches: the length of the position embedding.
    pub fn patches(&self) -> usize {
        (self.image_size[0] / self.patch_size[0]) * (self.image_size[1] / self.patch_size[1])
    }
}

/// The config of `gallery_cases.py`.
pub fn tiny() -> VitConfig {
    VitConfig {
        num_classes: 10,
        patch_size: [4, 4],
        width: 32,
        depth: 3,
        mlp_dim: 64,
        num_heads: 2,
        rep_size: 32,
        image_size: [16, 16],
        channels: 3,
    }
}

/// `variant="B/16"` (`decode_variant`) on 224x224 RGB images, 1000 classes, `rep_size=True`.
pub fn b16() -> VitConfig {
    VitConfig {
        num_classes: 1000,
        patch_size: [16, 16],
        width: 768,
        depth: 12,
        mlp_dim: 3072,
        num_heads: 12,
        rep_size: 768,
        image_size: [224, 224],
        channels: 3,
    }
}

/// `model.init(PRNGKey(seed), images)` takes the key as it is.
pub fn init_key(seed: u64) -> Key {
    Key::new(seed)
}

/// `MlpBlock`: both Denses `xavier_uniform()` with `normal(1e-6)` biases.
#[derive(Params)]
#[params(config = VitConfig, compact)]
pub struct MlpBlock {
    #[module(config = dense(cfg.width, cfg.mlp_dim))]
    pub dense_0: Dense<f32>,
    #[module(config = dense(cfg.mlp_dim, cfg.width))]
    pub dense_1: Dense<f32>,
}

fn dense(in_features: usize, features: usize) -> DenseConfig {
    DenseConfig::new(in_features, features)
        .kernel_init(xavier_uniform())
        .bias_init(normal().stddev(1e-6))
}

fn attention(cfg: &VitConfig) -> MultiHeadDotProductAttentionConfig {
    MultiHeadDotProductAttentionConfig::new(cfg.num_heads, cfg.width).kernel_init(xavier_uniform())
}

/// `Encoder1DBlock`: LayerNorm, self-attention, LayerNorm, MLP.
#[derive(Params)]
#[params(config = VitConfig, compact)]
pub struct Encoder1DBlock {
    #[module(config = LayerNormConfig::new([cfg.width]))]
    pub layer_norm_0: LayerNorm<f32>,
    #[module(config = attention(cfg))]
    pub attention: MultiHeadDotProductAttention<f32>,
    #[module(config = LayerNormConfig::new([cfg.width]))]
    pub layer_norm_1: LayerNorm<f32>,
    #[module(config = cfg.clone())]
    pub mlp: MlpBlock,
}

/// `Encoder` with `scan=True`: `nn.scan(nn.remat(Encoder1DBlock), variable_axes={"params":
/// 0}, split_rngs={"params": True}, length=depth)(name="encoderblock")`, then a LayerNorm.
#[derive(Params)]
#[params(config = VitConfig)]
pub struct Encoder {
    #[module(name = "encoderblock", config = cfg.clone(), scan = cfg.depth)]
    pub blocks: Stacked<Encoder1DBlock>,
    #[module(name = "encoder_norm", config = LayerNormConfig::new([cfg.width]))]
    pub encoder_norm: LayerNorm<f32>,
}

/// `MAPHead`: a learned probe attends over the tokens, then LayerNorm and MLP.
#[derive(Params)]
#[params(config = VitConfig, compact)]
pub struct MAPHead {
    #[shape(1, 1, cfg.width)]
    #[init(xavier_uniform())]
    pub probe: Array3<f32>,
    #[module(config = attention(cfg))]
    pub attention: MultiHeadDotProductAttention<f32>,
    #[module(config = LayerNormConfig::new([cfg.width]))]
    pub layer_norm: LayerNorm<f32>,
    #[module(config = cfg.clone())]
    pub mlp: MlpBlock,
}

/// `_Model`: patch embedding, learned position embedding, encoder, MAP head, pre-logits,
/// zero-initialized head.
#[derive(Params)]
#[params(config = VitConfig, compact)]
pub struct Model {
    #[module(name = "embedding", config = ConvConfig::new(cfg.channels, cfg.width, cfg.patch_size))]
    pub embedding: Conv<f32>,
    #[shape(1, cfg.patches(), cfg.width)]
    #[init(normal().stddev(1.0 / (cfg.width as f64).sqrt()))]
    pub pos_embedding: Array3<f32>,
    #[module(name = "Transformer", config = cfg.clone())]
    pub transformer: Encoder,
    #[module(config = cfg.clone())]
    pub map_head: MAPHead,
    #[module(name = "pre_logits", config = DenseConfig::new(cfg.width, cfg.rep_size))]
    pub pre_logits: Dense<f32>,
    #[module(
        name = "head",
        config = DenseConfig::new(cfg.rep_size, cfg.num_classes).kernel_init(zeros)
    )]
    pub head: Dense<f32>,
}

fn main() -> fanin::Result<()> {
    let config = b16();
    println!("{}", Model::summary(&config)?);
    let model = Model::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
