//! `MixedMlp` of `scripts/fixtures/checkpoint_cases.py`: a Flax MLP whose layers hold f32,
//! bf16, f16 and f64 params, nested two deep (`block.dense_bf16`), with fanin's `nn` layers.

use fanin::half::{bf16, f16};
use fanin::nn::{Dense, DenseConfig, LayerNorm, LayerNormConfig};
use fanin::Params;

/// `Block`: Dense layers with bf16 and f16 params (`param_dtype=`).
#[derive(Params)]
pub struct Block {
    #[module(config = DenseConfig::new(8, 6))]
    pub dense_bf16: Dense<bf16>,
    #[module(config = DenseConfig::new(6, 5))]
    pub dense_f16: Dense<f16>,
}

/// `MixedMlp`: Dense (f32), Block, LayerNorm (f64), Dense (f64), for inputs of 4 features.
#[derive(Params)]
pub struct MixedMlp {
    #[module(config = DenseConfig::new(4, 8))]
    pub dense_f32: Dense<f32>,
    #[module]
    pub block: Block,
    #[module(config = LayerNormConfig::new([5]))]
    pub norm_f64: LayerNorm<f64>,
    #[module(config = DenseConfig::new(5, 3))]
    pub head: Dense<f64>,
}
