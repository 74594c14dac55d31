//! `fanin::nn`'s layers against the real flax.linen layers (Flax 0.12.8): every param and
//! variable of `Module.init(PRNGKey(seed), x)` bit for bit, by `init` and by the plan, for
//! default and non-default arguments in every dtype, and a user struct nesting the layers.
//! Fixtures made by `scripts/fixtures/nn_layer_cases.py`.

#![deny(warnings)]

use crate::common;

use fanin::half::{bf16, f16};
use fanin::init::{glorot_uniform, he_normal, normal};
use fanin::nn::*;
use fanin::{Key, Params};

/// Checks every param and variable of `M` made from `config` against the cases `<name>/..`,
/// bit for bit, by init and by the plan; the set of paths must be Flax's exactly. The seed is
/// the fixture's.
fn check<M: Params>(name: &str, config: &M::Config) -> M {
    let seed = common::load("nn_layers")
        .iter()
        .find(|c| c.name.starts_with(&format!("{name}/")))
        .unwrap_or_else(|| panic!("no fixture for {name}"))
        .u64("seed");
    common::check_model("nn_layers", name, seed, config)
}

#[test]
fn dense() {
    check::<Dense<f32>>("dense", &DenseConfig::new(4, 5));
    let cfg = DenseConfig::new(6, 3)
        .use_bias(false)
        .kernel_init(he_normal());
    assert!(check::<Dense<bf16>>("dense_bf16_no_bias", &cfg)
        .bias
        .is_none());
    let cfg = DenseConfig::new(4, 3).bias_init(normal().stddev(0.5));
    check::<Dense<f64>>("dense_f64_bias", &cfg);
}

#[test]
fn dense_general() {
    let cfg = DenseGeneralConfig::new([1, 4, 5], [2, 3])
        .axis([-2, -1])
        .bias_init(normal().stddev(0.1));
    check::<DenseGeneral<f32>>("dense_general", &cfg);
    let cfg = DenseGeneralConfig::new([2, 3, 5], [4])
        .batch_dims([0])
        .bias_init(normal());
    check::<DenseGeneral<f64>>("dense_general_batch_f64", &cfg);
    let cfg = DenseGeneralConfig::new([2, 3, 4], [3])
        .axis([0, 2])
        .use_bias(false)
        .kernel_init(glorot_uniform());
    check::<DenseGeneral<bf16>>("dense_general_bf16", &cfg);
}

#[test]
fn einsum() {
    let cfg = EinsumConfig::new([8, 2, 4], "btd,dnh->btnh").bias_init(normal());
    check::<Einsum<f32>>("einsum", &cfg);
    let cfg = EinsumConfig::new([4, 3], "bd,dh->hb").bias_init(normal());
    check::<Einsum<f16>>("einsum_f16", &cfg);
    let cfg = EinsumConfig::new([5, 3], "...d,dh->...h").use_bias(false);
    check::<Einsum<f32>>("einsum_ellipsis_no_bias", &cfg);
}

#[test]
fn conv() {
    check::<Conv<f32>>("conv_1d", &ConvConfig::new(2, 4, [3]).bias_init(normal()));
    let cfg = ConvConfig::new(4, 6, [3, 3])
        .feature_group_count(2)
        .bias_init(normal());
    check::<Conv<bf16>>("conv_2d_groups_bf16", &cfg);
    let cfg = ConvConfig::new(3, 2, [2, 2, 2]).use_bias(false);
    check::<Conv<f64>>("conv_3d_f64_no_bias", &cfg);
}

#[test]
fn conv_transpose() {
    let cfg = ConvTransposeConfig::new(2, 4, [3, 3]).bias_init(normal());
    check::<ConvTranspose<f32>>("conv_transpose", &cfg);
    let cfg = ConvTransposeConfig::new(3, 4, [3])
        .transpose_kernel(true)
        .use_bias(false);
    check::<ConvTranspose<bf16>>("conv_transpose_kernel_bf16", &cfg);
}

#[test]
fn conv_local() {
    let cfg = ConvLocalConfig::new([8], 2, 3, [3])
        .padding(Padding::Valid)
        .bias_init(normal());
    check::<ConvLocal<f32>>("conv_local_valid", &cfg);
    let cfg = ConvLocalConfig::new([5, 6], 2, 2, [3, 3])
        .strides([2])
        .bias_init(normal());
    check::<ConvLocal<bf16>>("conv_local_same_bf16", &cfg);
    let cfg = ConvLocalConfig::new([4, 5], 1, 2, [2, 2])
        .padding(Padding::Explicit(vec![(1, 0), (2, 1)]))
        .input_dilation([2])
        .kernel_dilation([1, 2])
        .bias_init(normal());
    check::<ConvLocal<f32>>("conv_local_explicit", &cfg);
    let cfg = ConvLocalConfig::new([6], 1, 2, [3])
        .padding(Padding::Circular)
        .kernel_dilation([2])
        .bias_init(normal());
    check::<ConvLocal<f32>>("conv_local_circular", &cfg);
    let cfg = ConvLocalConfig::new([7], 1, 2, [3])
        .padding(Padding::Causal)
        .strides([2]);
    check::<ConvLocal<f64>>("conv_local_causal_f64", &cfg);
}

#[test]
fn embed() {
    check::<Embed<f32>>("embed", &EmbedConfig::new(10, 6));
    check::<Embed<bf16>>("embed_bf16", &EmbedConfig::new(7, 4));
    let cfg = EmbedConfig::new(5, 3).embedding_init(normal().stddev(1.0));
    check::<Embed<f64>>("embed_f64_normal", &cfg);
}

#[test]
fn layer_norm() {
    check::<LayerNorm<f32>>("layer_norm", &LayerNormConfig::new([2, 5]));
    let cfg = LayerNormConfig::new([2, 3, 4])
        .feature_axes([-2, -1])
        .scale_init(normal())
        .bias_init(normal());
    check::<LayerNorm<bf16>>("layer_norm_axes_bf16", &cfg);
    let cfg = LayerNormConfig::new([2, 5])
        .use_scale(false)
        .bias_init(normal());
    assert!(check::<LayerNorm<f64>>("layer_norm_no_scale_f64", &cfg)
        .scale
        .is_none());
}

#[test]
fn rms_norm() {
    check::<RMSNorm<f32>>("rms_norm", &RMSNormConfig::new([2, 6]));
    let cfg = RMSNormConfig::new([6]).scale_init(normal());
    check::<RMSNorm<f16>>("rms_norm_f16", &cfg);
}

#[test]
fn group_norm() {
    let cfg = GroupNormConfig::new(6)
        .num_groups(2)
        .scale_init(normal())
        .bias_init(normal());
    check::<GroupNorm<f32>>("group_norm", &cfg);
    let cfg = GroupNormConfig::new(6)
        .num_groups(None)
        .group_size(3)
        .use_scale(false)
        .bias_init(normal());
    check::<GroupNorm<bf16>>("group_norm_size_bf16", &cfg);
}

#[test]
fn batch_norm() {
    let cfg = BatchNormConfig::new([4, 3])
        .scale_init(normal())
        .bias_init(normal());
    check::<BatchNorm<f32>>("batch_norm", &cfg);
    // Statistics stay float32 under a bfloat16 param_dtype (force_float32_reductions).
    let cfg = BatchNormConfig::new([2, 3, 4])
        .axis([1, 2])
        .bias_init(normal());
    check::<BatchNorm<bf16>>("batch_norm_axes_bf16", &cfg);
    let cfg = BatchNormConfig::new([2, 3])
        .use_bias(false)
        .scale_init(normal());
    check::<BatchNorm<f16, f16>>("batch_norm_f16_stats", &cfg);
}

#[test]
fn prelu() {
    check::<PReLU<f32>>("prelu", &PReLUConfig::new());
    check::<PReLU<bf16>>("prelu_bf16", &PReLUConfig::new().negative_slope_init(0.3));
    check::<PReLU<f16>>("prelu_f16", &PReLUConfig::new().negative_slope_init(0.1));
    check::<PReLU<f64>>("prelu_f64", &PReLUConfig::new().negative_slope_init(0.1));
}

/// A user module nesting fanin::nn's layers: `conv`, `norm`, `head` assigned in setup.
#[derive(Params)]
pub struct ConvBlock {
    #[module(config = ConvConfig::new(2, 4, [3, 3]).bias_init(normal()))]
    pub conv: Conv<f32>,
    #[module(config = GroupNormConfig::new(4).num_groups(2).scale_init(normal()))]
    pub norm: GroupNorm<f32>,
    #[module(config = DenseConfig::new(4, 3).bias_init(normal()))]
    pub head: Dense<f32>,
}

#[test]
fn a_user_struct_nesting_layers() {
    let block = check::<ConvBlock>("conv_block", &());
    assert_eq!(block.conv.kernel.shape(), [3, 3, 2, 4]);
}

/// Configs Flax rejects (or would make empty params from) are errors from `init` and
/// `plan`, never panics.
#[test]
fn bad_configs_are_errors() {
    fn fails<M: Params>(config: &M::Config, needle: &str) {
        let init = M::init(Key::new(0), config).err().expect("init must fail");
        assert!(init.to_string().contains(needle), "{init}");
        let plan = M::plan(config).expect_err("plan must fail");
        assert!(plan.to_string().contains(needle), "{plan}");
    }
    fails::<Dense<f32>>(&DenseConfig::new(4, 0), "features must be at least 1");
    fails::<Conv<f32>>(
        &ConvConfig::new(4, 8, [3]).feature_group_count(3),
        "does not divide",
    );
    fails::<Conv<f32>>(&ConvConfig::new(4, 8, Vec::new()), "kernel_size");
    fails::<DenseGeneral<f32>>(
        &DenseGeneralConfig::new([2, 3], [4]).axis([2]),
        "out of range",
    );
    fails::<DenseGeneral<f32>>(
        &DenseGeneralConfig::new([2, 3, 4], [4]).batch_dims([1]),
        "consecutive leading",
    );
    fails::<Einsum<f32>>(&EinsumConfig::new([3, 4], "bd,dh"), "->");
    fails::<Einsum<f32>>(&EinsumConfig::new([3], "bd,dh->bh"), "kernel axes");
    fails::<ConvLocal<f32>>(
        &ConvLocalConfig::new([2], 1, 2, [3]).padding(Padding::Valid),
        "no output position",
    );
    fails::<ConvLocal<f32>>(
        &ConvLocalConfig::new([5, 5], 1, 2, [3, 3]).padding(Padding::Causal),
        "causal",
    );
    fails::<ConvLocal<f32>>(
        &ConvLocalConfig::new([5], 1, 2, [3]).input_dilation([2]),
        "input_dilation",
    );
    fails::<LayerNorm<f32>>(&LayerNormConfig::new([4]).feature_axes([1]), "out of range");
    fails::<GroupNorm<f32>>(&GroupNormConfig::new(48), "does not divide");
    fails::<GroupNorm<f32>>(&GroupNormConfig::new(48).group_size(4), "not both");
    fails::<BatchNorm<f32>>(&BatchNormConfig::new([4, 3]).axis([-3]), "out of range");
}
