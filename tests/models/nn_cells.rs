//! `fanin::nn`'s attention layers and recurrent cells against the real Flax 0.12.8 layers
//! (`scripts/fixtures/nn_cell_cases.py` -> `tests/fixtures/nn_cells.safetensors`): every param,
//! bit for bit, except those Flax draws with `orthogonal()` (marked `orthogonal=true`), which
//! go through a QR decomposition and match within 1e-5.

#![deny(warnings)]

use crate::common;

use std::collections::BTreeMap;

use fanin::init::{
    constant, glorot_normal, he_normal, he_uniform, lecun_uniform, normal, ones, truncated_normal,
    uniform, xavier_normal, xavier_uniform,
};
use fanin::nn::*;
use fanin::params::ParamView;
use fanin::{Dtype, Key, Params};

use common::{Bf16, Case, F16};

const FILE: &str = "nn_cells";
const ORTHOGONAL_TOLERANCE: f64 = 1e-5;

/// The cases of the fixture named `<name>/...`, by Flax path.
fn cases(name: &str) -> BTreeMap<String, Case> {
    let cases: BTreeMap<String, Case> = common::load(FILE)
        .into_iter()
        .filter_map(|c| Some((c.name.strip_prefix(&format!("{name}/"))?.to_string(), c)))
        .collect();
    assert!(!cases.is_empty(), "no fixture for {name}");
    cases
}

/// The largest difference from the case's values (for `orthogonal` params).
fn max_difference<T: Dtype>(case: &Case, got: &[T]) -> f64 {
    let width = T::DTYPE.size();
    assert_eq!(case.bits.len(), got.len(), "{}", case.name);
    case.bits
        .iter()
        .zip(got)
        .map(|(&bits, g)| {
            let mut want = [T::from_f64(0.0)];
            T::read_le(&bits.to_le_bytes()[..width], &mut want);
            (want[0].to_f64() - g.to_f64()).abs()
        })
        .fold(0.0, f64::max)
}

fn check_view<T: Dtype>(case: &Case, array: fanin::ndarray::ArrayViewD<'_, T>) {
    assert_eq!(array.shape(), &case.shape()[..], "{}: shape", case.name);
    if case.has("orthogonal") {
        let got: Vec<T> = array.iter().copied().collect();
        let worst = max_difference(case, &got);
        assert!(
            worst <= ORTHOGONAL_TOLERANCE,
            "{}: orthogonal differs by {worst}",
            case.name
        );
    } else {
        case.assert_bits(&array.to_owned());
    }
}

/// Initializes `M` from the case's seed and checks it has exactly Flax's params, each equal to
/// Flax's; the plan makes the same bytes as `init`.
fn check<M: Params>(name: &str, config: &M::Config) -> M {
    let cases = cases(name);
    let seed = cases.values().next().unwrap().u64("seed");
    let root = Key::new(seed);
    let model = M::init(root, config).unwrap_or_else(|e| panic!("{name}: {e}"));
    let plan = M::plan(config).unwrap();
    let mut seen = Vec::new();
    model.walk(&mut |p| {
        let path = p.path.to_string();
        let case = cases
            .get(&path)
            .unwrap_or_else(|| panic!("{name}: Flax has no param {path}"));
        assert_eq!(case.dtype(), p.view.dtype().name(), "{name}/{path}");
        match &p.view {
            ParamView::F32(a) => check_view(case, a.view()),
            ParamView::F64(a) => check_view(case, a.view()),
            ParamView::BF16(a) => check_view(case, a.view()),
            ParamView::F16(a) => check_view(case, a.view()),
        }
        let entry = &plan[seen.len()];
        assert_eq!(entry.path, p.path);
        assert_eq!(
            entry.sample_le(root).unwrap(),
            p.view.to_le_bytes(),
            "{name}/{path}: plan"
        );
        seen.push(path);
    });
    let mut got: Vec<&String> = seen.iter().collect();
    got.sort();
    assert_eq!(
        got,
        cases.keys().collect::<Vec<_>>(),
        "{name}: the params differ from Flax's"
    );
    model
}

#[test]
fn multi_head_attention_defaults() {
    let model = check::<MultiHeadDotProductAttention<f32>>(
        "mha",
        &MultiHeadDotProductAttentionConfig::new(2, 8),
    );
    assert!(model.query_ln.is_none() && model.key_ln.is_none());
}

#[test]
fn multi_head_attention_cross_bf16() {
    let config = MultiHeadDotProductAttentionConfig::new(2, 5)
        .in_features_k(7)
        .in_features_v(3)
        .qkv_features(8)
        .out_features(6)
        .normalize_qk(true)
        .kernel_init(normal().stddev(0.1))
        .bias_init(normal().stddev(0.2))
        .out_kernel_init(xavier_uniform())
        .out_bias_init(uniform().scale(0.5));
    check::<MultiHeadDotProductAttention<Bf16>>("mha_cross_bf16", &config);
}

#[test]
fn multi_head_attention_without_bias_f64() {
    let config = MultiHeadDotProductAttentionConfig::new(3, 4)
        .in_features_k(2)
        .qkv_features(6)
        .use_bias(false)
        .kernel_init(he_uniform());
    let model = check::<MultiHeadDotProductAttention<f64>>("mha_no_bias_f64", &config);
    assert!(model.query.bias.is_none() && model.out.bias.is_none());
}

#[test]
fn self_attention() {
    check::<SelfAttention<f32>>("self_attention", &SelfAttentionConfig::new(1, 3));
    let config = SelfAttentionConfig::new(3, 4)
        .qkv_features(6)
        .normalize_qk(true)
        .bias_init(normal().stddev(0.3));
    check::<SelfAttention<F16>>("self_attention_f16", &config);
}

#[test]
fn lstm_cells() {
    check::<LSTMCell<f32>>("lstm", &LSTMCellConfig::new(3, 4));
    let config = LSTMCellConfig::new(5, 3)
        .kernel_init(he_normal())
        .recurrent_kernel_init(lecun_uniform())
        .bias_init(normal().stddev(0.1));
    check::<LSTMCell<Bf16>>("lstm_bf16", &config);
}

#[test]
fn optimized_lstm_cells() {
    check::<OptimizedLSTMCell<f64>>("optimized_lstm_f64", &OptimizedLSTMCellConfig::new(2, 3));
    let config = OptimizedLSTMCellConfig::new(3, 2)
        .recurrent_kernel_init(normal().stddev(0.5))
        .bias_init(ones);
    check::<OptimizedLSTMCell<Bf16>>("optimized_lstm_bf16", &config);
}

#[test]
fn gru_cells() {
    check::<GRUCell<f32>>("gru", &GRUCellConfig::new(3, 4));
    let config = GRUCellConfig::new(2, 3)
        .recurrent_kernel_init(glorot_normal())
        .bias_init(normal().stddev(0.2));
    check::<GRUCell<F16>>("gru_f16", &config);
}

#[test]
fn mgu_cells() {
    check::<MGUCell<f32>>("mgu", &MGUCellConfig::new(4, 3));
    let config = MGUCellConfig::new(2, 4)
        .reset_gate(false)
        .recurrent_kernel_init(he_uniform())
        .forget_bias_init(constant(0.5))
        .activation_bias_init(normal().stddev(0.1));
    let model = check::<MGUCell<Bf16>>("mgu_no_reset_bf16", &config);
    assert!(model.hn.bias.is_none());
}

#[test]
fn simple_cells() {
    check::<SimpleCell<f32>>("simple", &SimpleCellConfig::new(2, 3));
    let config = SimpleCellConfig::new(4, 2)
        .kernel_init(xavier_normal())
        .recurrent_kernel_init(truncated_normal().stddev(0.3))
        .bias_init(uniform());
    check::<SimpleCell<f64>>("simple_f64", &config);
}

#[test]
fn conv_lstm_cells_of_one_two_and_three_spatial_axes() {
    check::<ConvLSTMCell<f32>>("conv_lstm", &ConvLSTMCellConfig::new(3, 2, [3, 3]));
    let one_d = ConvLSTMCellConfig::new(2, 3, [2]).use_bias(false);
    let model = check::<ConvLSTMCell<F16>>("conv_lstm_1d_f16", &one_d);
    assert!(model.ih.bias.is_none());
    let three_d = ConvLSTMCellConfig::new(2, 1, [2, 1, 2]);
    check::<ConvLSTMCell<Bf16>>("conv_lstm_3d_bf16", &three_d);
}

/// A user model nesting two of the layers (Flax: `self.attn = nn.SelfAttention(...)`,
/// `self.cell = nn.GRUCell(...)` in `setup`).
#[derive(Params)]
pub struct Encoder {
    #[module(config = SelfAttentionConfig::new(2, 6).qkv_features(4).out_features(3))]
    pub attn: SelfAttention<f32>,
    #[module(config = GRUCellConfig::new(3, 5))]
    pub cell: GRUCell<f32>,
}

#[test]
fn user_model_nesting_attention_and_a_cell() {
    let model = check::<Encoder>("encoder", &());
    assert_eq!(model.cell.r#in.kernel.shape(), [3, 5]);
}

#[test]
fn bad_configs_are_errors() {
    let error = |result: fanin::Result<()>| result.unwrap_err().to_string();
    let attention =
        |config| MultiHeadDotProductAttention::<f32>::init(Key::new(0), &config).map(|_| ());
    let message = error(attention(MultiHeadDotProductAttentionConfig::new(3, 8)));
    assert!(message.contains("num_heads (3)"), "{message}");
    let message = error(attention(MultiHeadDotProductAttentionConfig::new(0, 8)));
    assert!(message.contains("num_heads (0)"), "{message}");
    // The same through plan (no arrays made).
    assert!(
        MultiHeadDotProductAttention::<f32>::plan(&MultiHeadDotProductAttentionConfig::new(3, 8))
            .is_err()
    );
    let message = error(
        SelfAttention::<f32>::init(
            Key::new(0),
            &SelfAttentionConfig::new(2, 4).in_features_k(3),
        )
        .map(|_| ()),
    );
    assert!(message.contains("in_features_k"), "{message}");
    let message = error(LSTMCell::<f32>::init(Key::new(0), &LSTMCellConfig::new(3, 0)).map(|_| ()));
    assert!(message.contains("features is 0"), "{message}");
    assert!(GRUCell::<f32>::plan(&GRUCellConfig::new(3, 0)).is_err());
    assert!(MGUCell::<f32>::init(Key::new(0), &MGUCellConfig::new(3, 0)).is_err());
    assert!(SimpleCell::<f32>::init(Key::new(0), &SimpleCellConfig::new(3, 0)).is_err());
    let empty: [usize; 0] = [];
    let message = error(
        ConvLSTMCell::<f32>::init(Key::new(0), &ConvLSTMCellConfig::new(3, 2, empty)).map(|_| ()),
    );
    assert!(message.contains("kernel_size is empty"), "{message}");
    let message = error(
        ConvLSTMCell::<f32>::init(Key::new(0), &ConvLSTMCellConfig::new(3, usize::MAX, [2]))
            .map(|_| ()),
    );
    assert!(message.contains("overflows"), "{message}");
    // A fan-based bias initializer fails as in Flax: DenseGeneral draws the bias 1-D.
    let fan_bias = MultiHeadDotProductAttentionConfig::new(2, 4).bias_init(he_normal());
    assert!(attention(fan_bias).is_err());
}
