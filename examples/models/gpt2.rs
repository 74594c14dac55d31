//! A GPT-2-small-shaped transformer declared with the derive: token and position embeddings,
//! `depth` blocks of attention + MLP + layer norms, a final layer norm. The same structure as
//! the Flax model of `scripts/gpt2_flax.py` (`setup` names), so the params are Flax's.
#![allow(dead_code)]

use fanin::Params;

use super::layers::{Dense, DenseConfig, Embed, EmbedConfig, LayerNorm};

/// The sizes of the model; [`Gpt2Config::small`] is GPT-2 small (124M params).
pub struct Gpt2Config {
    pub vocab: usize,
    pub positions: usize,
    pub width: usize,
    pub depth: usize,
}

impl Gpt2Config {
    /// GPT-2 small: 50257 tokens, 1024 positions, width 768, 12 blocks.
    pub fn small() -> Gpt2Config {
        Gpt2Config {
            vocab: 50257,
            positions: 1024,
            width: 768,
            depth: 12,
        }
    }
}

fn dense(in_features: usize, features: usize) -> DenseConfig {
    DenseConfig {
        in_features,
        features,
    }
}

/// One transformer block (its config is the width).
#[derive(Params)]
#[params(config = usize)]
pub struct Block {
    #[module(config = *cfg)]
    pub ln_1: LayerNorm,
    #[module(config = dense(*cfg, 3 * *cfg))]
    pub c_attn: Dense,
    #[module(config = dense(*cfg, *cfg))]
    pub attn_proj: Dense,
    #[module(config = *cfg)]
    pub ln_2: LayerNorm,
    #[module(config = dense(*cfg, 4 * *cfg))]
    pub c_fc: Dense,
    #[module(config = dense(4 * *cfg, *cfg))]
    pub mlp_proj: Dense,
}

/// The whole model.
#[derive(Params)]
#[params(config = Gpt2Config)]
pub struct Gpt2 {
    #[module(config = EmbedConfig { num_embeddings: cfg.vocab, features: cfg.width })]
    pub wte: Embed,
    #[module(config = EmbedConfig { num_embeddings: cfg.positions, features: cfg.width })]
    pub wpe: Embed,
    #[module(config = cfg.width, count = cfg.depth)]
    pub h: Vec<Block>,
    #[module(config = cfg.width)]
    pub ln_f: LayerNorm,
}
