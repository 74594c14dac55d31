//! `fanin::burn`: burn modules loaded from fanin params run the same forward pass as an
//! ndarray reference on the same params (on burn's ndarray backend); every dtype converts
//! bit for bit; the names are burn's; a name or shape that does not match is an error.
//!
//! The reference runs in f64 on the f32 params and inputs (each product of two f32 values is
//! exact in f64, and f64 sums add errors 2^29 times smaller), so the difference is burn's own
//! f32 rounding. burn sums in another order than any reference would (matrixmultiply's
//! blocking, im2col for convolutions), so bit-identity is not expected. The first-order bound
//! on an f32 sum of `n` terms is `n * u * sum|term|` (Higham's gamma_n, u = 2^-24); each
//! check allows that with `f32::EPSILON` (= 2u) in place of `u`, per element, computed from
//! the same params and inputs: a wrong layout or name changes values by far more than this.

use burn::backend::NdArray;
use burn::module::Module;
use burn::nn::conv::{Conv1d, Conv1dConfig, Conv2d, Conv2dConfig};
use burn::nn::{
    BatchNorm as BurnBatchNorm, BatchNormConfig as BurnBatchNormConfig, Embedding, EmbeddingConfig,
    LayerNorm as BurnLayerNorm, LayerNormConfig as BurnLayerNormConfig, Linear, LinearConfig,
};
use burn::tensor::backend::Backend;
use burn::tensor::{DType, Element, Int, Tensor, TensorData};
use fanin::burn::{burn_names, Layout, Target, ToTensor};
use fanin::half::{bf16, f16};
use fanin::init::normal;
use fanin::ndarray::{Array, ArrayD, ArrayView2, ArrayViewD, Axis, Dimension, IxDyn};
use fanin::nn::{BatchNorm, BatchNormConfig, Dense, DenseConfig};
use fanin::params::{ParamArray, ParamView};
use fanin::{Key, Params};

type B = NdArray<f32>;

/// The same layers in burn, under the same field names.
#[derive(Module, Debug)]
struct BurnBlock<B: Backend> {
    ln_1: BurnLayerNorm<B>,
    attn: Linear<B>,
    proj: Linear<B>,
}

#[derive(Module, Debug)]
struct BurnNet<B: Backend> {
    wte: Embedding<B>,
    h_0: BurnBlock<B>,
    conv: Conv2d<B>,
    conv1d: Conv1d<B>,
}

#[path = "support/reference.rs"]
mod reference;
use reference::{conv2d_reference, f64s, input, Net, EPS, LN_EPS};

fn net() -> Net {
    Net::init(Key::new(0), &()).unwrap()
}

/// A burn net as burn initializes it (its own random values), of the shapes of `net()`.
fn fresh_burn_net() -> BurnNet<B> {
    let device = Default::default();
    BurnNet {
        wte: EmbeddingConfig::new(10, 6).init(&device),
        h_0: BurnBlock {
            ln_1: BurnLayerNormConfig::new(6)
                .with_epsilon(LN_EPS)
                .init(&device),
            attn: LinearConfig::new(6, 4).init(&device),
            proj: LinearConfig::new(4, 3).with_bias(false).init(&device),
        },
        conv: Conv2dConfig::new([3, 5], [3, 2]).init(&device),
        conv1d: Conv1dConfig::new(4, 6, 3).with_groups(2).init(&device),
    }
}

/// The burn net with fanin's params loaded.
fn loaded() -> (Net, BurnNet<B>) {
    let net = net();
    let burn_net = fanin::burn::load(fresh_burn_net(), &net).unwrap();
    (net, burn_net)
}

fn tensor<const D: usize>(a: &ArrayD<f32>) -> Tensor<B, D> {
    a.to_tensor(&Default::default()).unwrap()
}

fn bits<E: Element + Into<f64>>(data: TensorData) -> Vec<u64> {
    data.to_vec::<E>()
        .unwrap()
        .into_iter()
        .map(|v| v.into().to_bits())
        .collect()
}

/// The bits of f32 values, as `bits::<f32>` gives them.
fn f32_bits<D: Dimension>(a: &Array<f32, D>) -> Vec<u64> {
    a.iter().map(|v| f64::from(*v).to_bits()).collect()
}

/// Every element of `got` within `bound` of `reference`, shapes equal.
fn assert_within<const D: usize>(
    what: &str,
    got: Tensor<B, D>,
    reference: &ArrayD<f64>,
    bound: &ArrayD<f64>,
) {
    assert_eq!(got.dims().as_slice(), reference.shape(), "{what}: shape");
    let values = got.into_data().to_vec::<f32>().unwrap();
    let mut worst = 0f64;
    for ((g, r), b) in values.iter().zip(reference).zip(bound) {
        let diff = (f64::from(*g) - r).abs();
        assert!(
            diff <= *b,
            "{what}: burn {g} vs reference {r}: |diff| {diff:e} > bound {b:e}"
        );
        worst = worst.max(diff / b);
    }
    // The bound is first-order: the worst element should use only part of it.
    println!("{what}: worst |diff| / bound = {worst:.3}");
}

#[test]
fn linear_matches_ndarray_matmul_plus_bias() {
    let (net, burn_net) = loaded();
    let x = input(1, &[5, 6]);
    let got = burn_net.h_0.attn.forward(tensor::<2>(&x));

    // y = x . kernel + bias, with Flax's (in, out) kernel as fanin holds it.
    let dense = &net.block.attn;
    let kernel = dense.kernel.mapv(f64::from);
    let bias = dense.bias.as_ref().unwrap().mapv(f64::from);
    let x = f64s(&x);
    let x2: ArrayView2<f64> = x.view().into_dimensionality().unwrap();
    let reference = (x2.dot(&kernel) + &bias).into_dyn();
    let abs_sum = (x2.mapv(f64::abs).dot(&kernel.mapv(f64::abs)) + bias.mapv(f64::abs)).into_dyn();
    let bound = abs_sum * (8.0 * EPS);
    assert_within("linear", got, &reference, &bound);
}

#[test]
fn linear_without_bias_matches_ndarray_matmul() {
    let (net, burn_net) = loaded();
    assert!(burn_net.h_0.proj.bias.is_none());
    let x = input(2, &[5, 4]);
    let got = burn_net.h_0.proj.forward(tensor::<2>(&x));

    let kernel = net.block.proj.kernel.mapv(f64::from);
    let x = f64s(&x);
    let x2: ArrayView2<f64> = x.view().into_dimensionality().unwrap();
    let reference = x2.dot(&kernel).into_dyn();
    let bound = x2.mapv(f64::abs).dot(&kernel.mapv(f64::abs)).into_dyn() * (6.0 * EPS);
    assert_within("linear without bias", got, &reference, &bound);
}

#[test]
fn conv2d_matches_ndarray_direct_convolution() {
    let (net, burn_net) = loaded();
    assert_eq!(burn_net.conv.weight.dims(), [5, 3, 3, 2]);
    let x = input(3, &[2, 3, 7, 6]);
    let got = burn_net.conv.forward(tensor::<4>(&x));

    let kernel = net.conv.kernel.mapv(f64::from);
    let bias = net.conv.bias.as_ref().unwrap().mapv(f64::from);
    let (reference, abs_sum) = conv2d_reference(&f64s(&x), &kernel, &bias);
    let terms = 3 * 3 * 2;
    let bound = abs_sum * ((terms + 2) as f64 * EPS);
    assert_within("conv2d", got, &reference, &bound);
}

#[test]
fn grouped_conv1d_matches_ndarray_direct_convolution() {
    let (net, burn_net) = loaded();
    assert_eq!(burn_net.conv1d.weight.dims(), [6, 2, 3]);
    let x = input(4, &[2, 4, 9]);
    let got = burn_net.conv1d.forward(tensor::<3>(&x));

    // Flax's kernel (k, in / groups, out); output channel o reads group o / (out / groups).
    let kernel = net.conv1d.kernel.mapv(f64::from);
    let bias = net.conv1d.bias.as_ref().unwrap().mapv(f64::from);
    let x = f64s(&x);
    let (k, in_per_group, out) = (kernel.shape()[0], kernel.shape()[1], kernel.shape()[2]);
    let (n, len) = (x.shape()[0], x.shape()[2]);
    let out_len = len - k + 1;
    let mut reference = ArrayD::zeros(IxDyn(&[n, out, out_len]));
    let mut abs_sum = ArrayD::zeros(IxDyn(&[n, out, out_len]));
    for b in 0..n {
        for o in 0..out {
            let group = o / (out / 2);
            for t in 0..out_len {
                let (mut sum, mut sum_abs) = (bias[o], bias[o].abs());
                for ci in 0..in_per_group {
                    for dk in 0..k {
                        let term = x[[b, group * in_per_group + ci, t + dk]] * kernel[[dk, ci, o]];
                        sum += term;
                        sum_abs += term.abs();
                    }
                }
                reference[[b, o, t]] = sum;
                abs_sum[[b, o, t]] = sum_abs;
            }
        }
    }
    let bound = abs_sum * ((in_per_group * k + 2) as f64 * EPS);
    assert_within("conv1d (2 groups)", got, &reference, &bound);
}

#[test]
fn embedding_lookup_is_exact() {
    let (net, burn_net) = loaded();
    let ids = [[1i64, 0, 9], [3, 3, 7]];
    let ids_tensor = Tensor::<B, 2, Int>::from_data(TensorData::from(ids), &Default::default());
    let got = burn_net.wte.forward(ids_tensor);
    assert_eq!(got.dims(), [2, 3, 6]);
    // A lookup copies rows: equal bit for bit.
    let table = &net.wte.embedding;
    let expected: Vec<u64> = ids
        .iter()
        .flatten()
        .flat_map(|&i| table.index_axis(Axis(0), i as usize).to_vec())
        .map(|v| f64::from(v).to_bits())
        .collect();
    assert_eq!(bits::<f32>(got.into_data()), expected);
}

#[test]
fn layer_norm_matches_ndarray_layer_norm() {
    let (net, burn_net) = loaded();
    let x = input(7, &[4, 6]);
    let got = burn_net.h_0.ln_1.forward(tensor::<2>(&x));

    let ln_params = &net.block.ln_1;
    let scale = ln_params.scale.as_ref().unwrap().mapv(f64::from);
    let bias = ln_params.bias.as_ref().unwrap().mapv(f64::from);
    let x = f64s(&x);
    let d = 6.0;
    let mut reference = ArrayD::zeros(x.raw_dim());
    let mut bound = ArrayD::zeros(x.raw_dim());
    for (i, row) in x.axis_iter(Axis(0)).enumerate() {
        let mean = row.sum() / d;
        let var = row.mapv(|v| (v - mean).powi(2)).sum() / d;
        let mean_abs = row.mapv(f64::abs).sum() / d;
        let std = (var + LN_EPS).sqrt();
        for j in 0..6 {
            let xhat = (row[j] - mean) / std;
            let (g, b) = (scale[[j]], bias[[j]]);
            reference[[i, j]] = xhat * g + b;
            // burn, in f32: mean = sum / d (error (d + 1) u mean|x|); var = sum((x - mean)^2)
            // / d, two-pass, so the mean's error cancels to first order and var is off by
            // (d + 4) u relative; then (x - mean) / sqrt(var + eps) * gamma + beta. First
            // order, with EPS = 2u for u:
            let err_xhat = xhat.abs() * (d + 6.0) * EPS + (d + 2.0) * EPS * mean_abs / std;
            bound[[i, j]] = g.abs() * err_xhat + 2.0 * EPS * ((xhat * g).abs() + b.abs());
        }
    }
    assert_within("layer_norm", got, &reference, &bound);
}

/// What `load` put in each burn param is fanin's value, bit for bit (laid out as burn wants).
#[test]
fn loaded_params_are_fanins_values_bit_for_bit() {
    let (net, burn_net) = loaded();
    let attn = f32_bits(&net.block.attn.kernel);
    assert_eq!(
        bits::<f32>(burn_net.h_0.attn.weight.val().into_data()),
        attn
    );
    let gamma = f32_bits(net.block.ln_1.scale.as_ref().unwrap());
    assert_eq!(
        bits::<f32>(burn_net.h_0.ln_1.gamma.val().into_data()),
        gamma
    );
    let beta = f32_bits(net.block.ln_1.bias.as_ref().unwrap());
    let burn_beta = burn_net.h_0.ln_1.beta.as_ref().unwrap().val().into_data();
    assert_eq!(bits::<f32>(burn_beta), beta);
    // The conv kernel: HWIO read through the permutation (O, I, H, W) -> (H, W, I, O).
    let hwio = net.conv.kernel.view().permuted_axes(vec![3, 2, 0, 1]);
    let oihw: Vec<u64> = hwio.iter().map(|v| f64::from(*v).to_bits()).collect();
    assert_eq!(bits::<f32>(burn_net.conv.weight.val().into_data()), oihw);
}

#[test]
fn names_are_burns() {
    let net = net();
    let tensors = fanin::burn::tensors(&net).unwrap();
    let names: Vec<(&str, &[usize])> = tensors
        .iter()
        .map(|(k, t)| (k.as_str(), t.shape.as_slice()))
        .collect();
    assert_eq!(
        names,
        [
            ("conv.bias", &[5][..]),
            ("conv.weight", &[5, 3, 3, 2]),
            ("conv1d.bias", &[6]),
            ("conv1d.weight", &[6, 2, 3]),
            ("h_0.attn.bias", &[4]),
            ("h_0.attn.weight", &[6, 4]),
            ("h_0.ln_1.beta", &[6]),
            ("h_0.ln_1.gamma", &[6]),
            ("h_0.proj.weight", &[4, 3]),
            ("wte.weight", &[10, 6]),
        ]
    );
}

/// BatchNorm: scale / bias to gamma / beta, the batch_stats to running_mean / running_var.
#[test]
fn batch_norm_takes_params_and_batch_stats() {
    #[derive(Params)]
    struct WithNorm {
        #[module(config = BatchNormConfig::new([4])
            .scale_init(normal().stddev(1.0))
            .bias_init(normal().stddev(1.0)))]
        bn: BatchNorm<f32>,
    }
    #[derive(Module, Debug)]
    struct BurnWithNorm<B: Backend> {
        bn: BurnBatchNorm<B>,
    }
    let model = WithNorm::init(Key::new(3), &()).unwrap();
    let burn_model = BurnWithNorm::<B> {
        bn: BurnBatchNormConfig::new(4).init(&Default::default()),
    };
    let burn_model = fanin::burn::load(burn_model, &model).unwrap();
    let bn = &burn_model.bn;
    assert_eq!(
        bits::<f32>(bn.gamma.val().into_data()),
        f32_bits(model.bn.scale.as_ref().unwrap())
    );
    assert_eq!(
        bits::<f32>(bn.beta.val().into_data()),
        f32_bits(model.bn.bias.as_ref().unwrap())
    );
    assert_eq!(
        bits::<f32>(bn.running_mean.value().into_data()),
        f32_bits(&model.bn.mean)
    );
    assert_eq!(
        bits::<f32>(bn.running_var.value().into_data()),
        f32_bits(&model.bn.var)
    );
}

#[test]
fn a_shape_mismatch_is_an_error_naming_the_param() {
    let net = net();
    let mut burn_net = fresh_burn_net();
    // (out, in) where burn and Flax both want (in, out).
    burn_net.h_0.attn = LinearConfig::new(4, 6).init(&Default::default());
    let error = fanin::burn::load(burn_net, &net).unwrap_err().to_string();
    assert!(
        error.contains("`h_0.attn.weight` is [4, 6] in burn but [6, 4]"),
        "{error}"
    );
}

#[test]
fn missing_and_unused_names_are_errors() {
    let net = net();
    // A burn Linear with a bias where fanin's proj has none: burn's param is missing.
    let mut burn_net = fresh_burn_net();
    burn_net.h_0.proj = LinearConfig::new(4, 3).init(&Default::default());
    let error = fanin::burn::load(burn_net, &net).unwrap_err().to_string();
    assert!(
        error.contains("burn's `h_0.proj.bias` has no fanin param"),
        "{error}"
    );

    // A burn LayerNorm without beta: fanin's bias has nowhere to go.
    let mut burn_net = fresh_burn_net();
    burn_net.h_0.ln_1 = BurnLayerNormConfig::new(6)
        .with_bias(false)
        .init(&Default::default());
    let error = fanin::burn::load(burn_net, &net).unwrap_err().to_string();
    assert!(
        error.contains("fanin's `h_0.ln_1.beta` has no burn param"),
        "{error}"
    );

    // A module of other field names: every mismatch is named, not just the first.
    #[derive(Module, Debug)]
    struct Renamed<B: Backend> {
        embed: Embedding<B>,
    }
    let renamed = Renamed::<B> {
        embed: EmbeddingConfig::new(10, 6).init(&Default::default()),
    };
    let error = fanin::burn::load(renamed, &net).unwrap_err().to_string();
    assert!(error.contains("burn's `embed.weight`"), "{error}");
    assert!(error.contains("fanin's `wte.weight`"), "{error}");
    assert!(error.contains("fanin's `conv.bias`"), "{error}");
}

#[test]
fn a_policy_overrides_names_and_layouts() {
    let net = net();
    // The burn struct names the embedding `embed`; the rest as usual, the convs left out.
    #[derive(Module, Debug)]
    struct Renamed<B: Backend> {
        embed: Embedding<B>,
    }
    let renamed = Renamed::<B> {
        embed: EmbeddingConfig::new(10, 6).init(&Default::default()),
    };
    let renamed = fanin::burn::load_with(renamed, &net, |p, siblings| {
        let target = burn_names(p, siblings)?;
        target
            .name
            .strip_prefix("wte.")
            .map(|rest| Target::new(format!("embed.{rest}"), target.layout))
    })
    .unwrap();
    assert_eq!(
        bits::<f32>(renamed.embed.weight.val().into_data()),
        net.wte
            .embedding
            .iter()
            .map(|v| f64::from(*v).to_bits())
            .collect::<Vec<_>>()
    );

    // Two params given one name: an error naming it, not a silent overwrite.
    let error = fanin::burn::tensors_with(&net, |_, _| Some(Target::new("same", Layout::Keep)))
        .unwrap_err();
    assert!(error.to_string().contains("`same`"), "{error}");
    // A layout that does not fit the rank: an error.
    let error = fanin::burn::tensors_with(&net, |p, _| {
        Some(Target::new(p.path.dotted(), Layout::Transpose))
    })
    .unwrap_err();
    assert!(error.to_string().contains("rank"), "{error}");
}

#[test]
fn a_rank_mismatch_is_an_error_not_a_panic() {
    let net = net();
    let error = net
        .block
        .attn
        .kernel
        .to_tensor::<B, 3>(&Default::default())
        .unwrap_err();
    assert!(error.to_string().contains("rank 3"), "{error}");
    assert!(net
        .conv
        .kernel
        .to_param::<B, 2>(&Default::default())
        .is_err());
}

/// `to_tensor_data` keeps dtype, shape and every bit (burn reads the same `half` types).
#[test]
fn every_dtype_converts_bit_for_bit() {
    fn check<T: fanin::Dtype + Element>(dtype: DType, bits: impl Fn(T) -> u64) {
        let values = fanin::random::normal::<T>(Key::new(9), &[3, 4, 5]);
        let expected: Vec<u64> = values.iter().map(|&v| bits(v)).collect();
        let from_bytes = ParamArray::from_le_bytes(
            <T as fanin::Dtype>::DTYPE,
            &[3, 4, 5],
            &ParamView::from_array(values.view()).to_le_bytes(),
        )
        .unwrap();
        for data in [
            ParamView::from_array(values.view()).to_tensor_data(),
            from_bytes.to_tensor_data(),
            values.to_tensor_data(),
        ] {
            assert_eq!((data.dtype, data.shape.as_slice()), (dtype, &[3, 4, 5][..]));
            let got: Vec<u64> = data.to_vec::<T>().unwrap().into_iter().map(&bits).collect();
            assert_eq!(got, expected, "{dtype:?}");
        }
        // A transposed (non-standard-layout) view converts in its logical order.
        let transposed: ArrayViewD<T> = values.view().reversed_axes();
        let data = transposed.to_tensor_data();
        assert_eq!(data.shape, [5, 4, 3]);
        let got: Vec<u64> = data.to_vec::<T>().unwrap().into_iter().map(&bits).collect();
        assert_eq!(got, transposed.iter().map(|&v| bits(v)).collect::<Vec<_>>());
    }
    check::<f32>(DType::F32, |v| u64::from(v.to_bits()));
    check::<f64>(DType::F64, f64::to_bits);
    check::<bf16>(DType::BF16, |v| u64::from(v.to_bits()));
    check::<f16>(DType::F16, |v| u64::from(v.to_bits()));
}

/// A tensor holds the backend's float type: narrower params widen exactly, wider ones round
/// to nearest, as `as` does.
#[test]
fn tensors_take_the_backends_float_type() {
    let device = Default::default();
    let f64s = fanin::random::normal::<f64>(Key::new(1), &[2, 3]);
    // f64 params on an f64 backend: every bit.
    let t = f64s.to_tensor::<NdArray<f64>, 2>(&device).unwrap();
    let got: Vec<u64> = t
        .into_data()
        .to_vec::<f64>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(got, f64s.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    // f64 params on an f32 backend: rounded to nearest, as `v as f32`.
    let t = f64s.to_tensor::<B, 2>(&device).unwrap();
    let got: Vec<u32> = t
        .into_data()
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(
        got,
        f64s.iter()
            .map(|&v| (v as f32).to_bits())
            .collect::<Vec<_>>()
    );
    // bf16 and f16 params on an f32 backend: widened exactly.
    let b = fanin::random::normal::<bf16>(Key::new(2), &[4]);
    let t = b.to_tensor::<B, 1>(&device).unwrap();
    let got: Vec<u32> = t
        .into_data()
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(
        got,
        b.iter().map(|v| v.to_f32().to_bits()).collect::<Vec<_>>()
    );
    let h = fanin::random::normal::<f16>(Key::new(3), &[4]);
    let t = h.to_param::<B, 1>(&device).unwrap();
    let got: Vec<u32> = t
        .val()
        .into_data()
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(
        got,
        h.iter().map(|v| v.to_f32().to_bits()).collect::<Vec<_>>()
    );
}

/// A bf16 model's tensors stay bf16 (no f32 detour) until a backend takes them.
#[test]
fn a_bf16_model_keeps_its_dtype() {
    let dense = Dense::<bf16>::init(Key::new(0), &DenseConfig::new(4, 5)).unwrap();
    let tensors = fanin::burn::tensors(&dense).unwrap();
    let weight = &tensors["weight"];
    assert_eq!(
        (weight.dtype, weight.shape.as_slice()),
        (DType::BF16, &[4, 5][..])
    );
    let got: Vec<u16> = weight
        .to_vec::<bf16>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(
        got,
        dense.kernel.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    // Loaded into an f32 Linear: each value widened exactly.
    let linear = fanin::burn::load(
        LinearConfig::new(4, 5).init::<B>(&Default::default()),
        &dense,
    )
    .unwrap();
    let got: Vec<u32> = linear
        .weight
        .val()
        .into_data()
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v.to_bits())
        .collect();
    assert_eq!(
        got,
        dense
            .kernel
            .iter()
            .map(|v| v.to_f32().to_bits())
            .collect::<Vec<_>>()
    );
}

/// A `LinearLayout::Col` Linear stores its weight transposed and transposes records on load;
/// `load` sets the weight it computes with, so it holds fanin's (in, out) kernel all the same.
#[test]
fn a_column_major_linear_takes_the_same_kernel() {
    let net = net();
    let linear = LinearConfig::new(6, 4)
        .with_layout(burn::nn::LinearLayout::Col)
        .init::<B>(&Default::default());
    let linear = fanin::burn::load(linear, &net.block.attn).unwrap();
    let expected: Vec<u64> = net
        .block
        .attn
        .kernel
        .iter()
        .map(|v| f64::from(*v).to_bits())
        .collect();
    assert_eq!(bits::<f32>(linear.weight.val().into_data()), expected);
}
