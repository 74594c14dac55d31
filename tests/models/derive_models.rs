//! Parity of `#[derive(Params)]` with real Flax models: every param of every model in
//! `tests/fixtures/models.safetensors` (made by `scripts/fixtures/model_cases.py` with flax
//! 0.12.8) is reproduced bit for bit, by `init` and by the plan.

#![deny(warnings)]

use crate::common;

use std::sync::Arc;

use fanin::half::bf16;
use fanin::init::{
    glorot_uniform, he_uniform, lecun_normal, lecun_uniform, normal, truncated_normal, uniform,
    zeros_init, DynInitializer,
};
use fanin::ndarray::{Array1, Array2, Array4};
use fanin::{Dtype, Params};

/// `nn.Dense` as in the guide: literal initializers.
#[derive(Params)]
#[params(config = (usize, usize))]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(cfg.0, cfg.1)]
    pub kernel: Array2<f32>,
    #[shape(cfg.1)]
    pub bias: Array1<f32>,
}

/// `nn.Dense` with its initializers in its config (Flax's `kernel_init=`, `bias_init=`).
#[derive(Clone)]
pub struct LinearConfig {
    pub in_features: usize,
    pub features: usize,
    pub kernel_init: Arc<dyn DynInitializer>,
    pub bias_init: Arc<dyn DynInitializer>,
}

fn linear(in_features: usize, features: usize) -> LinearConfig {
    LinearConfig {
        in_features,
        features,
        kernel_init: Arc::new(lecun_normal()),
        bias_init: Arc::new(zeros_init()),
    }
}

#[derive(Params)]
#[params(config = LinearConfig)]
pub struct Linear<T: Dtype> {
    #[shape(cfg.in_features, cfg.features)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: Array2<T>,
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Array1<T>,
}

#[derive(Params)]
pub struct MlpSetup {
    #[module(config = linear(4, 8))]
    pub dense1: Linear<f32>,
    #[module(config = LinearConfig { bias_init: Arc::new(normal().stddev(0.1)), ..linear(8, 3) })]
    pub dense2: Linear<f32>,
}

#[derive(Params)]
pub struct Compact {
    #[shape(3)]
    #[init(uniform())]
    pub scale: Array1<f32>,
    #[module(config = linear(5, 8), name = "Dense_0")]
    pub first: Linear<f32>,
    #[module(config = LinearConfig { bias_init: Arc::new(normal()), ..linear(8, 3) }, name = "Dense_1")]
    pub second: Linear<f32>,
}

#[derive(Params)]
pub struct Inner {
    #[module(config = LinearConfig { bias_init: Arc::new(normal()), ..linear(4, 4) })]
    pub dense: Linear<f32>,
}

#[derive(Params)]
pub struct Middle {
    #[shape(4, 4)]
    #[init(normal())]
    pub w: Array2<f32>,
    #[module]
    pub inner: Inner,
    #[module(config = LinearConfig { kernel_init: Arc::new(he_uniform()), ..linear(4, 4) })]
    pub proj: Linear<f32>,
}

#[derive(Params)]
pub struct Nested {
    #[module]
    pub middle: Middle,
    #[module(config = (4, 2))]
    pub head: Dense,
}

/// `nn.LayerNorm`: scale then bias.
#[derive(Params)]
#[params(config = usize)]
#[init(scale = ones, bias = zeros)]
pub struct LayerNorm {
    #[shape(*cfg)]
    pub scale: Array1<f32>,
    #[shape(*cfg)]
    pub bias: Array1<f32>,
}

#[derive(Params)]
pub struct Block {
    #[module(config = (4, 4))]
    pub dense: Dense,
    #[module(config = 4)]
    pub norm: LayerNorm,
}

#[derive(Params)]
#[params(config = usize)]
pub struct Stack {
    #[module(count = *cfg)]
    pub layers: Vec<Block>,
}

/// `nn.Embed`: Flax's `default_embed_init`.
#[derive(Params)]
pub struct Embed {
    #[shape(10, 6)]
    #[init(variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(0))]
    pub embedding: Array2<f32>,
}

/// `nn.Conv(6, (3, 3))` on 3 channels.
#[derive(Params)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Conv {
    #[shape(3, 3, 3, 6)]
    pub kernel: Array4<f32>,
    #[shape(6)]
    pub bias: Array1<f32>,
}

/// A module holding one `Linear` named `dense`, of any dtype.
#[derive(Params)]
#[params(config = LinearConfig)]
pub struct Configured<T: Dtype> {
    #[module(config = cfg)]
    pub dense: Linear<T>,
}

/// Every param and variable of the Flax model `name` of the `models` fixtures, bit for bit.
fn check<M: Params>(name: &str, seed: u64, config: &M::Config) {
    common::check_model::<M>("models", name, seed, config);
}

#[test]
fn dense_of_the_guide() {
    check::<Dense>("dense", 0, &(4, 5));
}

#[test]
fn mlp_with_setup_names() {
    check::<MlpSetup>("mlp_setup", 1, &());
}

#[test]
fn compact_names() {
    check::<Compact>("compact", 2, &());
}

#[test]
fn three_levels_of_nesting() {
    check::<Nested>("nested", 3, &());
}

#[test]
fn list_of_blocks() {
    check::<Stack>("stack", 4, &3);
}

#[test]
fn embed() {
    check::<Embed>("embed", 5, &());
}

#[test]
fn conv() {
    check::<Conv>("conv", 6, &());
}

#[test]
fn layer_norm() {
    check::<LayerNorm>("layer_norm", 7, &5);
}

#[test]
fn kernel_init_from_the_config() {
    let config = LinearConfig {
        kernel_init: Arc::new(glorot_uniform()),
        bias_init: Arc::new(normal().stddev(0.5)),
        ..linear(3, 6)
    };
    check::<Configured<f32>>("configured", 8, &config);
}

#[test]
fn param_dtype_bf16_and_f64() {
    let config = LinearConfig {
        kernel_init: Arc::new(truncated_normal().stddev(0.02)),
        bias_init: Arc::new(zeros_init()),
        ..linear(3, 4)
    };
    check::<Configured<bf16>>("configured_bf16", 9, &config);
    let config = LinearConfig {
        kernel_init: Arc::new(lecun_uniform()),
        bias_init: Arc::new(uniform().scale(0.3)),
        ..linear(3, 4)
    };
    check::<Configured<f64>>("configured_f64", 10, &config);
}

/// A query/key/value projection of `nn.MultiHeadDotProductAttention`: `DenseGeneral` with
/// kernel `(in, heads, head_dim)`, drawn as `(in, heads * head_dim)`.
#[derive(Params)]
#[params(config = (usize, usize, usize))]
#[init(kernel = dense_general(lecun_normal(), 1), bias = zeros_init())]
pub struct Projection {
    #[shape(cfg.0, cfg.1, cfg.2)]
    pub kernel: fanin::ndarray::Array3<f32>,
    #[shape(cfg.1, cfg.2)]
    pub bias: Array2<f32>,
}

/// The output projection: `DenseGeneral(features, axis=(-2, -1))`, kernel
/// `(heads, head_dim, features)` drawn as `(heads * head_dim, features)`.
#[derive(Params)]
#[params(config = (usize, usize, usize))]
#[init(kernel = dense_general(lecun_normal(), 2), bias = zeros_init())]
pub struct OutProjection {
    #[shape(cfg.1, cfg.2, cfg.0)]
    pub kernel: fanin::ndarray::Array3<f32>,
    #[shape(cfg.0)]
    pub bias: Array1<f32>,
}

/// `nn.MultiHeadDotProductAttention(num_heads=4, qkv_features=16, out_features=16)`.
#[derive(Params)]
#[params(config = (usize, usize, usize))]
pub struct Attention {
    #[module(config = *cfg)]
    pub query: Projection,
    #[module(config = *cfg)]
    pub key: Projection,
    #[module(config = *cfg)]
    pub value: Projection,
    #[module(config = *cfg)]
    pub out: OutProjection,
}

#[test]
fn multi_head_attention() {
    check::<Attention>("attention", 12, &(16, 4, 4));
}
