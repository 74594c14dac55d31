//! `#[params(nnx)]` and `fanin::nnx`: parity with real flax.nnx 0.12.8 (fixtures made by
//! `scripts/fixtures/nnx_cases.py`): every layer with default and non-default arguments and
//! bfloat16, `Rngs(k)` and `Rngs(params=k)`, three-level nesting, lists, optional params,
//! BatchStat and other variables; and files named as `nnx.state` names them. The stacks
//! (`split_rngs` + `vmap`) and the jit and legacy settings: `tests/models/nnx_stacked.rs`.

#![deny(warnings)]

use crate::common;

use std::path::PathBuf;

use fanin::half::bf16;
use fanin::init::{
    glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, normal,
    uniform,
};
use fanin::ndarray::{Array1, Array2};
use fanin::nnx::*;
use fanin::{io, Key, Params};

const FILE: &str = "nnx";

// ---------------------------------------------------------------------------------------
// Models of the fixture file, declared as in `nnx_cases.py`.

/// The issue's example: `Linear(4, 8)` then `Linear(8, 2)`.
#[derive(Params)]
#[params(nnx)]
pub struct TwoLinears {
    #[module(config = LinearConfig::new(4, 8))]
    pub first: Linear<f32>,
    #[module(config = LinearConfig::new(8, 2))]
    pub second: Linear<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct Inner {
    #[module(config = LinearConfig::new(4, 4).bias_init(normal()))]
    pub dense: Linear<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct Middle {
    #[shape(4, 4)]
    #[init(normal())]
    pub w: Array2<f32>,
    #[module]
    pub inner: Inner,
    #[module(config = LinearConfig::new(4, 4).kernel_init(he_uniform()))]
    pub proj: Linear<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct Nested {
    #[module]
    pub middle: Middle,
    #[module(config = LinearConfig::new(4, 2).bias_init(normal()))]
    pub head: Linear<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct Block {
    #[module(config = LinearConfig::new(4, 4).bias_init(normal()))]
    pub linear: Linear<f32>,
    #[module(config = LayerNormConfig::new(4).scale_init(normal()))]
    pub norm: LayerNorm<f32>,
}

/// An `nnx.List` of three blocks (`layers/0/...`) and a head.
#[derive(Params)]
#[params(nnx)]
pub struct Stack {
    #[module(count = 3)]
    pub layers: Vec<Block>,
    #[module(config = LinearConfig::new(4, 2))]
    pub head: Linear<f32>,
}

/// Optional param and submodule between params.
#[derive(Params)]
#[params(config = bool, nnx)]
pub struct Optional {
    #[shape(3)]
    #[init(normal())]
    pub w1: Array1<f32>,
    #[when(*cfg)]
    #[shape(3)]
    #[init(normal())]
    pub b: Option<Array1<f32>>,
    #[when(*cfg)]
    #[module(config = LinearConfig::new(3, 2).bias_init(normal()))]
    pub p: Option<Linear<f32>>,
    #[shape(3)]
    #[init(normal())]
    pub w2: Array1<f32>,
    #[module(config = LinearConfig::new(3, 2).bias_init(normal()))]
    pub head: Linear<f32>,
}

/// A BatchStat and a variable type of the user's own between params, then a BatchNorm.
#[derive(Params)]
#[params(nnx)]
pub struct WithStats {
    #[shape(3)]
    #[init(normal())]
    pub a: Array1<f32>,
    #[variable("batch_stats")]
    #[shape(3)]
    #[init(zeros)]
    pub mean: Array1<f32>,
    #[variable("count")]
    #[shape(2)]
    #[init(ones)]
    pub steps: Array1<f32>,
    #[shape(3)]
    #[init(normal())]
    pub b: Array1<f32>,
    #[module(config = BatchNormConfig::new(3).scale_init(normal()).bias_init(normal()))]
    pub bn: BatchNorm<f32>,
}

fn check<M: Params>(case: &str, seed: u64, config: &M::Config) -> M {
    common::check_model::<M>(FILE, case, seed, config)
}

// ---------------------------------------------------------------------------------------
// Streams, nesting, lists, optional params, variables, stacks.

#[test]
fn rngs_default_and_params_give_the_issues_keys() {
    let two = check::<TwoLinears>("two_default", 3, &());
    check::<TwoLinears>("two_params", 3, &());
    // Rngs(0, params=1): the params stream, seed 1.
    check::<TwoLinears>("two_both", 1, &());
    // The second kernel is lecun_normal()(fold_in(key(3), 2), (8, 2)).
    let expected =
        fanin::init::Initializer::sample::<f32>(&lecun_normal(), Key::new(3).fold_in(2), &[8, 2])
            .unwrap();
    assert_eq!(two.second.kernel.clone().into_dyn(), expected);
}

#[test]
fn three_levels_share_one_stream() {
    check::<Nested>("nested", 60, &());
}

#[test]
fn lists_are_named_by_index() {
    let stack = check::<Stack>("list", 61, &());
    let mut names = Vec::new();
    stack.walk(&mut |p| names.push(p.path.dotted()));
    assert_eq!(names[0], "layers.0.linear.kernel");
}

#[test]
fn absent_optional_params_draw_no_key() {
    check::<Optional>("optional_on", 62, &true);
    check::<Optional>("optional_off", 62, &false);
}

#[test]
fn variables_draw_no_key() {
    let model = check::<WithStats>("with_stats", 63, &());
    let mut collections = Vec::new();
    model.walk(&mut |p| collections.push((p.path.dotted(), p.collection.to_string())));
    assert!(collections.contains(&("bn.mean".to_string(), "batch_stats".to_string())));
    assert!(collections.contains(&("steps".to_string(), "count".to_string())));
}

// ---------------------------------------------------------------------------------------
// Every layer of fanin::nnx.

#[test]
fn linear() {
    check::<Linear<f32>>("linear/default", 0, &LinearConfig::new(4, 5));
    check::<Linear<f32>>(
        "linear/custom",
        1,
        &LinearConfig::new(3, 6)
            .kernel_init(he_normal())
            .bias_init(normal().stddev(0.1)),
    );
    check::<Linear<f32>>(
        "linear/no_bias",
        2,
        &LinearConfig::new(3, 6)
            .use_bias(false)
            .kernel_init(glorot_uniform()),
    );
    check::<Linear<bf16>>(
        "linear/bf16",
        3,
        &LinearConfig::new(4, 5).bias_init(normal()),
    );
    check::<Linear<f32>>(
        "linear/big_seed",
        (1 << 32) + 7,
        &LinearConfig::new(4, 5).bias_init(normal()),
    );
}

#[test]
fn linear_general() {
    check::<LinearGeneral<f32>>(
        "linear_general/default",
        4,
        &LinearGeneralConfig::new([4], [2, 3]),
    );
    let custom = LinearGeneralConfig::new([2, 3], [4, 5])
        .axis([-2, -1])
        .batch_axis([(0, 2)])
        .kernel_init(lecun_uniform())
        .bias_init(normal());
    check::<LinearGeneral<f32>>("linear_general/custom", 5, &custom);
    check::<LinearGeneral<bf16>>(
        "linear_general/bf16",
        6,
        &LinearGeneralConfig::new([6], [2, 2]).use_bias(false),
    );
}

#[test]
fn einsum() {
    check::<Einsum<f32>>("einsum/default", 7, &EinsumConfig::new("bi,ij->bj", [3, 4]));
    let custom = EinsumConfig::new("bti,hik->bthk", [2, 3, 4])
        .bias_shape([2, 4])
        .kernel_init(glorot_normal())
        .bias_init(normal());
    check::<Einsum<f32>>("einsum/custom", 8, &custom);
    check::<Einsum<bf16>>(
        "einsum/bf16",
        9,
        &EinsumConfig::new("bi,ij->bj", [5, 3])
            .bias_shape([3])
            .bias_init(uniform()),
    );
}

#[test]
fn conv() {
    check::<Conv<f32>>("conv/default", 10, &ConvConfig::new(3, 6, [3, 3]));
    let custom = ConvConfig::new(4, 6, [3, 2])
        .feature_group_count(2)
        .kernel_init(he_uniform())
        .bias_init(normal());
    check::<Conv<f32>>("conv/custom", 11, &custom);
    check::<Conv<f32>>(
        "conv/no_bias_1d",
        12,
        &ConvConfig::new(2, 3, [5]).use_bias(false),
    );
    check::<Conv<bf16>>(
        "conv/bf16",
        13,
        &ConvConfig::new(3, 4, [2, 2]).bias_init(normal()),
    );
}

#[test]
fn conv_transpose() {
    check::<ConvTranspose<f32>>(
        "conv_transpose/default",
        14,
        &ConvTransposeConfig::new(3, 5, [3, 3]),
    );
    let custom = ConvTransposeConfig::new(4, 6, [3])
        .transpose_kernel(true)
        .kernel_init(normal().stddev(0.3))
        .bias_init(normal());
    check::<ConvTranspose<f32>>("conv_transpose/custom", 15, &custom);
    check::<ConvTranspose<bf16>>(
        "conv_transpose/bf16",
        16,
        &ConvTransposeConfig::new(2, 3, [2, 2]).use_bias(false),
    );
}

#[test]
fn embed() {
    check::<Embed<f32>>("embed/default", 17, &EmbedConfig::new(10, 6));
    check::<Embed<f32>>(
        "embed/custom",
        18,
        &EmbedConfig::new(7, 4).embedding_init(normal().stddev(0.02)),
    );
    check::<Embed<bf16>>("embed/bf16", 19, &EmbedConfig::new(9, 5));
}

#[test]
fn batch_norm() {
    check::<BatchNorm<f32>>("batch_norm/default", 20, &BatchNormConfig::new(5));
    check::<BatchNorm<f32>>(
        "batch_norm/custom",
        21,
        &BatchNormConfig::new(4).use_scale(false).bias_init(normal()),
    );
    check::<BatchNorm<bf16>>(
        "batch_norm/bf16",
        22,
        &BatchNormConfig::new(3)
            .scale_init(normal())
            .bias_init(normal()),
    );
}

#[test]
fn layer_norm_and_rms_norm() {
    check::<LayerNorm<f32>>("layer_norm/default", 23, &LayerNormConfig::new(5));
    check::<LayerNorm<f32>>(
        "layer_norm/custom",
        24,
        &LayerNormConfig::new(4)
            .scale_init(normal())
            .bias_init(uniform()),
    );
    check::<LayerNorm<f32>>(
        "layer_norm/no_bias",
        25,
        &LayerNormConfig::new(4).use_bias(false).scale_init(normal()),
    );
    check::<LayerNorm<bf16>>(
        "layer_norm/bf16",
        26,
        &LayerNormConfig::new(3)
            .scale_init(normal())
            .bias_init(normal()),
    );
    check::<RMSNorm<f32>>("rms_norm/default", 27, &RMSNormConfig::new(5));
    check::<RMSNorm<f32>>(
        "rms_norm/custom",
        28,
        &RMSNormConfig::new(4).scale_init(normal().stddev(0.5)),
    );
    check::<RMSNorm<bf16>>(
        "rms_norm/bf16",
        29,
        &RMSNormConfig::new(3).scale_init(normal()),
    );
}

#[test]
fn group_norm_and_instance_norm() {
    check::<GroupNorm<f32>>("group_norm/default", 30, &GroupNormConfig::new(32));
    let custom = GroupNormConfig::new(6)
        .num_groups(None)
        .group_size(Some(2))
        .scale_init(normal())
        .bias_init(normal());
    check::<GroupNorm<f32>>("group_norm/custom", 31, &custom);
    let bf = GroupNormConfig::new(4)
        .num_groups(Some(2))
        .use_scale(false)
        .bias_init(normal());
    check::<GroupNorm<bf16>>("group_norm/bf16", 32, &bf);
    check::<InstanceNorm<f32>>("instance_norm/default", 33, &InstanceNormConfig::new(5));
    check::<InstanceNorm<f32>>(
        "instance_norm/custom",
        34,
        &InstanceNormConfig::new(4)
            .use_scale(false)
            .bias_init(normal()),
    );
    check::<InstanceNorm<bf16>>(
        "instance_norm/bf16",
        35,
        &InstanceNormConfig::new(3).scale_init(normal()),
    );
}

#[test]
fn multi_head_attention() {
    check::<MultiHeadAttention<f32>>("mha/default", 36, &MultiHeadAttentionConfig::new(2, 6));
    let custom = MultiHeadAttentionConfig::new(4, 6)
        .qkv_features(8)
        .out_features(3)
        .num_kv_heads(2)
        .in_kv_features(5)
        .kernel_init(normal().stddev(0.1))
        .out_kernel_init(glorot_uniform())
        .bias_init(normal())
        .out_bias_init(uniform())
        .normalize_qk(true);
    check::<MultiHeadAttention<f32>>("mha/custom", 37, &custom);
    check::<MultiHeadAttention<f32>>(
        "mha/no_bias",
        38,
        &MultiHeadAttentionConfig::new(2, 4).use_bias(false),
    );
    check::<MultiHeadAttention<bf16>>(
        "mha/bf16",
        39,
        &MultiHeadAttentionConfig::new(2, 4).bias_init(normal()),
    );
}

#[test]
fn recurrent_cells() {
    check::<LSTMCell<f32>>("lstm/default", 40, &LSTMCell::<f32>::config(3, 4));
    let custom = LSTMCell::<f32>::config(2, 3)
        .kernel_init(normal())
        .recurrent_kernel_init(lecun_normal())
        .bias_init(normal());
    check::<LSTMCell<f32>>("lstm/custom", 41, &custom);
    check::<LSTMCell<bf16>>("lstm/bf16", 42, &LSTMCell::<bf16>::config(3, 4));
    check::<OptimizedLSTMCell<f32>>(
        "optimized_lstm/default",
        43,
        &OptimizedLSTMCell::<f32>::config(3, 4),
    );
    check::<OptimizedLSTMCell<f32>>(
        "optimized_lstm/custom",
        44,
        &OptimizedLSTMCell::<f32>::config(2, 3)
            .kernel_init(normal())
            .bias_init(normal()),
    );
    let bf = OptimizedLSTMCell::<bf16>::config(3, 4)
        .recurrent_kernel_init(normal())
        .bias_init(normal());
    check::<OptimizedLSTMCell<bf16>>("optimized_lstm/bf16", 45, &bf);
    check::<GRUCell<f32>>("gru/default", 46, &GRUCell::<f32>::config(3, 4));
    check::<GRUCell<f32>>(
        "gru/custom",
        47,
        &GRUCell::<f32>::config(2, 3)
            .kernel_init(he_normal())
            .bias_init(normal()),
    );
    check::<GRUCell<bf16>>(
        "gru/bf16",
        48,
        &GRUCell::<bf16>::config(3, 4).recurrent_kernel_init(lecun_normal()),
    );
    check::<SimpleCell<f32>>("simple_cell/default", 49, &SimpleCell::<f32>::config(3, 4));
    check::<SimpleCell<f32>>(
        "simple_cell/custom",
        50,
        &SimpleCell::<f32>::config(2, 3)
            .kernel_init(normal())
            .bias_init(normal()),
    );
    let bf = SimpleCell::<bf16>::config(3, 4)
        .recurrent_kernel_init(normal())
        .bias_init(normal());
    check::<SimpleCell<bf16>>("simple_cell/bf16", 51, &bf);
}

#[test]
fn prelu() {
    check::<PReLU<f32>>("prelu/default", 0, &PReLUConfig::new());
    check::<PReLU<f32>>(
        "prelu/custom",
        0,
        &PReLUConfig::new().negative_slope_init(0.25),
    );
    check::<PReLU<bf16>>(
        "prelu/bf16",
        0,
        &PReLUConfig::new().negative_slope_init(0.2),
    );
}

#[test]
fn lora() {
    check::<LoRA<f32>>("lora/default", 52, &LoRAConfig::new(4, 2, 5));
    check::<LoRA<f32>>(
        "lora/custom",
        53,
        &LoRAConfig::new(3, 1, 4)
            .a_initializer(normal())
            .b_initializer(normal().stddev(0.5)),
    );
    check::<LoRA<bf16>>(
        "lora/bf16",
        54,
        &LoRAConfig::new(4, 2, 3).b_initializer(normal()),
    );
    check::<LoRALinear<f32, f32>>("lora_linear/default", 55, &LoRALinearConfig::new(4, 5, 2));
    let custom = LoRALinearConfig::new(3, 4, 1)
        .use_bias(false)
        .kernel_init(normal())
        .b_initializer(normal());
    check::<LoRALinear<f32, f32>>("lora_linear/custom", 56, &custom);
    let bf = LoRALinearConfig::new(4, 3, 2)
        .bias_init(normal())
        .b_initializer(normal());
    check::<LoRALinear<bf16, bf16>>("lora_linear/bf16", 57, &bf);
}

// ---------------------------------------------------------------------------------------
// Files named as `nnx.state` names them.

#[derive(Params)]
#[params(nnx)]
pub struct StateModel {
    #[module(config = LinearConfig::new(3, 3).bias_init(normal()), count = 2)]
    pub layers: Vec<Linear<f32>>,
    #[module(config = BatchNormConfig::new(3))]
    pub bn: BatchNorm<f32>,
    #[module(config = LinearConfig::new(3, 2))]
    pub out: Linear<bf16>,
}

fn fixture(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect()
}

#[test]
fn a_file_saved_from_nnx_state_loads() {
    // scripts: {'.'.join(path): value for path, value in nnx.state(model).flat_state()}
    let loaded: StateModel = io::load(fixture("nnx_state.safetensors"), &()).unwrap();
    let made = StateModel::init(Key::new(9), &()).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    loaded.walk(&mut |p| a.push((p.path.dotted(), p.view.to_le_bytes())));
    made.walk(&mut |p| b.push((p.path.dotted(), p.view.to_le_bytes())));
    assert_eq!(a, b);
    assert!(a.iter().any(|(name, _)| name == "layers.1.kernel"));
    assert!(a.iter().any(|(name, _)| name == "bn.mean"));
}

#[test]
fn save_names_follow_nnx_state() {
    let model = StateModel::init(Key::new(9), &()).unwrap();
    let dir = std::env::temp_dir().join(format!("fanin-nnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.safetensors");
    io::save(&model, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let names = safetensors::SafeTensors::deserialize(&bytes)
        .unwrap()
        .names()
        .into_iter()
        .map(String::from)
        .collect::<std::collections::BTreeSet<_>>();
    let expected = [
        "bn.bias",
        "bn.mean",
        "bn.scale",
        "bn.var",
        "layers.0.bias",
        "layers.0.kernel",
        "layers.1.bias",
        "layers.1.kernel",
        "out.bias",
        "out.kernel",
    ];
    assert_eq!(
        names.iter().map(String::as_str).collect::<Vec<_>>(),
        expected
    );
    let back: StateModel = io::load(&path, &()).unwrap();
    assert_eq!(back.out.kernel, model.out.kernel);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------
// The README's "Flax NNX" example, as written there.

#[derive(Params)]
#[params(nnx)]
pub struct ReadmeMlp {
    #[module(config = LinearConfig::new(4, 8))]
    pub first: Linear<f32>,
    #[module(config = BatchNormConfig::new(8))]
    pub bn: BatchNorm<f32>,
    #[module(config = LinearConfig::new(8, 2))]
    pub second: Linear<f32>,
}

#[test]
fn readme_example() {
    let mlp = ReadmeMlp::init(Key::new(3), &()).unwrap();
    let mut names = Vec::new();
    mlp.walk(&mut |p| names.push(p.path.dotted()));
    assert_eq!(names[2], "bn.mean");
    // second.kernel: fold_in(key, 4) (first: 0, 1; bn: scale 2, bias 3).
    let kernel =
        fanin::init::Initializer::sample::<f32>(&lecun_normal(), Key::new(3).fold_in(4), &[8, 2])
            .unwrap();
    assert_eq!(mlp.second.kernel.clone().into_dyn(), kernel);
}
