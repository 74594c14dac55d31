//! flax's lm1b example, ported: `TransformerLM` of github.com/google/flax
//! `examples/lm1b/models.py` (a decoder-only Transformer language model), declared with
//! `#[derive(Params)]` and `fanin::nn`. Its params are the upstream model's, bit for bit.
//!
//! `cargo run --release --example lm1b` prints the summary of the lm1b default config
//! (`examples/lm1b/configs/default.py`) and initializes it.
//!
//! The fixed sinusoidal position table (`posemb_init=None`, the default) is not a param, so
//! `posembed_output` has none; dropout and masks make none either.

use fanin::init::{normal, xavier_uniform};
use fanin::nn::{
    Dense, DenseConfig, Embed, EmbedConfig, LayerNorm, LayerNormConfig,
    MultiHeadDotProductAttention, MultiHeadDotProductAttentionConfig,
};
use fanin::{Key, Params};

/// `TransformerConfig`: the sizes that decide params (`kernel_init` and `bias_init` are the
/// defaults train.py passes: `xavier_uniform()` and `normal(1e-6)`).
#[derive(Clone, Debug)]
pub struct TransformerConfig {
    pub output_vocab_size: usize,
    pub emb_dim: usize,
    pub num_heads: usize,
    pub num_layers: usize,
    pub qkv_dim: usize,
    pub mlp_dim: usize,
}

/// The config of `gallery_cases.py`.
pub fn tiny() -> TransformerConfig {
    TransformerConfig {
        output_vocab_size: 32,
        emb_dim: 16,
        num_heads: 2,
        num_layers: 2,
        qkv_dim: 16,
        mlp_dim: 32,
    }
}

/// `configs/default.py`, with lm1b's 30k SentencePiece vocabulary.
pub fn lm1b_default() -> TransformerConfig {
    TransformerConfig {
        output_vocab_size: 30_000,
        emb_dim: 512,
        num_heads: 8,
        num_layers: 6,
        qkv_dim: 512,
        mlp_dim: 2048,
    }
}

/// `model.init(PRNGKey(seed), ...)` takes the key as it is.
pub fn init_key(seed: u64) -> Key {
    Key::new(seed)
}

fn dense(in_features: usize, features: usize) -> DenseConfig {
    DenseConfig::new(in_features, features)
        .kernel_init(xavier_uniform())
        .bias_init(normal().stddev(1e-6))
}

/// `MlpBlock`: `Dense(mlp_dim)`, relu, `Dense(emb_dim)`.
#[derive(Params)]
#[params(config = TransformerConfig, compact)]
pub struct MlpBlock {
    #[module(config = dense(cfg.emb_dim, cfg.mlp_dim))]
    pub dense_0: Dense<f32>,
    #[module(config = dense(cfg.mlp_dim, cfg.emb_dim))]
    pub dense_1: Dense<f32>,
}

/// `EncoderDecoder1DBlock`: pre-norm self-attention (no biases), pre-norm MLP.
#[derive(Params)]
#[params(config = TransformerConfig, compact)]
pub struct EncoderDecoder1DBlock {
    #[module(config = LayerNormConfig::new([cfg.emb_dim]))]
    pub layer_norm_0: LayerNorm<f32>,
    #[module(
        config = MultiHeadDotProductAttentionConfig::new(cfg.num_heads, cfg.emb_dim)
            .qkv_features(cfg.qkv_dim)
            .kernel_init(xavier_uniform())
            .use_bias(false)
    )]
    pub attention: MultiHeadDotProductAttention<f32>,
    #[module(config = LayerNormConfig::new([cfg.emb_dim]))]
    pub layer_norm_1: LayerNorm<f32>,
    #[module(config = cfg.clone())]
    pub mlp: MlpBlock,
}

/// `Decoder` (no shared embedding, logits by a Dense).
#[derive(Params)]
#[params(config = TransformerConfig, compact)]
pub struct Decoder {
    #[module(
        config = EmbedConfig::new(cfg.output_vocab_size, cfg.emb_dim)
            .embedding_init(normal().stddev(1.0))
    )]
    pub embed: Embed<f32>,
    #[module(name = "encoderdecoderblock", config = cfg.clone(), count = cfg.num_layers)]
    pub blocks: Vec<EncoderDecoder1DBlock>,
    #[module(name = "encoderdecoder_norm", config = LayerNormConfig::new([cfg.emb_dim]))]
    pub norm: LayerNorm<f32>,
    #[module(name = "logitdense", config = dense(cfg.emb_dim, cfg.output_vocab_size))]
    pub logits: Dense<f32>,
}

/// `TransformerLM`: the decoder alone.
#[derive(Params)]
#[params(config = TransformerConfig)]
pub struct TransformerLM {
    #[module(config = cfg.clone())]
    pub decoder: Decoder,
}

fn main() -> fanin::Result<()> {
    let config = lm1b_default();
    println!("{}", TransformerLM::summary(&config)?);
    let model = TransformerLM::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
