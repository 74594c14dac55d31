//! `fanin::candle`: candle_nn layers built from fanin params run the same forward pass as an
//! ndarray reference on the same params; every dtype converts bit for bit; the names are the
//! ones candle_nn looks up.
//!
//! The reference runs in f64 on the f32 params and inputs (each product of two f32 values is
//! exact in f64, and f64 sums add errors 2^29 times smaller), so the difference is candle's
//! own f32 rounding. Candle sums in another order than any reference would (gemm's blocking,
//! fused multiply-adds), so bit-identity is not expected. The first-order bound on an f32
//! sum of `n` terms is `n * u * sum|term|` (Higham's gamma_n, u = 2^-24); each check allows
//! that with `f32::EPSILON` (= 2u) in place of `u`, per element, computed from the same
//! params and inputs: a wrong layout or name changes values by far more than this.

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Conv1dConfig, Conv2dConfig, LayerNormConfig as CandleLayerNormConfig};
use fanin::candle::{pytorch_names, Layout, Target, ToTensor};
use fanin::half::{bf16, f16};
use fanin::init::normal;
use fanin::ndarray::{ArrayD, ArrayView2, ArrayViewD, Axis, IxDyn};
use fanin::nn::{Conv, ConvConfig, Dense, DenseConfig};
use fanin::params::{ParamArray, ParamView};
use fanin::{Key, Params};

#[path = "support/reference.rs"]
mod reference;
use reference::{conv2d_reference, f64s, input, Net, EPS, LN_EPS};

fn net() -> Net {
    Net::init(Key::new(0), &()).unwrap()
}

fn cpu() -> Device {
    Device::Cpu
}

fn values(t: &Tensor) -> Vec<f32> {
    t.flatten_all().unwrap().to_vec1::<f32>().unwrap()
}

/// Every element of `got` within `bound` of `reference`, shapes equal.
fn assert_within(what: &str, got: &Tensor, reference: &ArrayD<f64>, bound: &ArrayD<f64>) {
    assert_eq!(got.dims(), reference.shape(), "{what}: shape");
    let mut worst = 0f64;
    for ((g, r), b) in values(got).iter().zip(reference).zip(bound) {
        let diff = (f64::from(*g) - r).abs();
        assert!(
            diff <= *b,
            "{what}: candle {g} vs reference {r}: |diff| {diff:e} > bound {b:e}"
        );
        worst = worst.max(diff / b);
    }
    // The bound is first-order: the worst element should use only part of it.
    println!("{what}: worst |diff| / bound = {worst:.3}");
}

#[test]
fn linear_matches_ndarray_matmul_plus_bias() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let linear = candle_nn::linear(6, 4, vb.pp("h_0").pp("attn")).unwrap();
    let x = input(1, &[5, 6]);
    let got = linear.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

    // y = x . kernel + bias, with Flax's (in, out) kernel as fanin holds it.
    let dense = &net.block.attn;
    let kernel = dense.kernel.mapv(f64::from);
    let bias = dense.bias.as_ref().unwrap().mapv(f64::from);
    let x = f64s(&x);
    let x2: ArrayView2<f64> = x.view().into_dimensionality().unwrap();
    let reference = (x2.dot(&kernel) + &bias).into_dyn();
    let abs_sum = (x2.mapv(f64::abs).dot(&kernel.mapv(f64::abs)) + bias.mapv(f64::abs)).into_dyn();
    let bound = abs_sum * (8.0 * EPS);
    assert_within("linear", &got, &reference, &bound);
}

#[test]
fn linear_no_bias_matches_ndarray_matmul() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let linear = candle_nn::linear_no_bias(4, 3, vb.pp("h_0").pp("proj")).unwrap();
    let x = input(2, &[5, 4]);
    let got = linear.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

    let kernel = net.block.proj.kernel.mapv(f64::from);
    let x = f64s(&x);
    let x2: ArrayView2<f64> = x.view().into_dimensionality().unwrap();
    let reference = x2.dot(&kernel).into_dyn();
    let bound = x2.mapv(f64::abs).dot(&kernel.mapv(f64::abs)).into_dyn() * (6.0 * EPS);
    assert_within("linear_no_bias", &got, &reference, &bound);
}

#[test]
fn conv2d_matches_ndarray_direct_convolution() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let conv = candle_nn::conv2d(3, 5, 3, Conv2dConfig::default(), vb.pp("conv"));
    // candle_nn::conv2d takes a square kernel size; this one is (3, 2): the lookup must fail
    // on the shape, and conv2d_no_bias-style construction from the tensors must work.
    assert!(
        conv.is_err(),
        "a (3, 3) lookup of a (3, 2) kernel succeeded"
    );
    let weight = vb.pp("conv").get((5, 3, 3, 2), "weight").unwrap();
    let bias = vb.pp("conv").get(5, "bias").unwrap();
    let conv = candle_nn::Conv2d::new(weight, Some(bias), Conv2dConfig::default());
    let x = input(3, &[2, 3, 7, 6]);
    let got = conv.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

    let kernel = net.conv.kernel.mapv(f64::from);
    let bias = net.conv.bias.as_ref().unwrap().mapv(f64::from);
    let (reference, abs_sum) = conv2d_reference(&f64s(&x), &kernel, &bias);
    let terms = 3 * 3 * 2;
    let bound = abs_sum * ((terms + 2) as f64 * EPS);
    assert_within("conv2d", &got, &reference, &bound);
}

#[test]
fn square_conv2d_builds_with_candle_nn_conv2d() {
    #[derive(Params)]
    struct Square {
        #[module(config = ConvConfig::new(2, 4, [3, 3]).bias_init(normal().stddev(1.0)))]
        conv: Conv<f32>,
    }
    let model = Square::init(Key::new(5), &()).unwrap();
    let vb = fanin::candle::var_builder(&model, DType::F32, &cpu()).unwrap();
    let conv = candle_nn::conv2d(2, 4, 3, Conv2dConfig::default(), vb.pp("conv")).unwrap();
    let x = input(6, &[1, 2, 5, 4]);
    let got = conv.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

    let kernel = model.conv.kernel.mapv(f64::from);
    let bias = model.conv.bias.as_ref().unwrap().mapv(f64::from);
    let (reference, abs_sum) = conv2d_reference(&f64s(&x), &kernel, &bias);
    let bound = abs_sum * ((2 * 3 * 3 + 2) as f64 * EPS);
    assert_within("conv2d (square)", &got, &reference, &bound);
}

#[test]
fn grouped_conv1d_matches_ndarray_direct_convolution() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let config = Conv1dConfig {
        groups: 2,
        ..Default::default()
    };
    let conv = candle_nn::conv1d(4, 6, 3, config, vb.pp("conv1d")).unwrap();
    let x = input(4, &[2, 4, 9]);
    let got = conv.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

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
    assert_within("conv1d (2 groups)", &got, &reference, &bound);
}

#[test]
fn embedding_lookup_is_exact() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let embedding = candle_nn::embedding(10, 6, vb.pp("wte")).unwrap();
    let ids = [[1u32, 0, 9], [3, 3, 7]];
    let got = embedding
        .forward(&Tensor::new(&ids, &cpu()).unwrap())
        .unwrap();
    assert_eq!(got.dims(), [2, 3, 6]);
    // A lookup copies rows: equal bit for bit.
    let table = &net.wte.embedding;
    let expected: Vec<f32> = ids
        .iter()
        .flatten()
        .flat_map(|&i| table.index_axis(Axis(0), i as usize).to_vec())
        .collect();
    let got = values(&got);
    assert_eq!(
        got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        expected.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
}

#[test]
fn layer_norm_matches_ndarray_layer_norm() {
    let net = net();
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    let config = CandleLayerNormConfig {
        eps: LN_EPS,
        ..Default::default()
    };
    let ln = candle_nn::layer_norm(6, config, vb.pp("h_0").pp("ln_1")).unwrap();
    let x = input(7, &[4, 6]);
    let got = ln.forward(&x.to_tensor(&cpu()).unwrap()).unwrap();

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
        let mean_sq = row.mapv(|v| v * v).sum() / d;
        let mean_abs = row.mapv(f64::abs).sum() / d;
        let inv_std = 1.0 / (var + LN_EPS).sqrt();
        for j in 0..6 {
            let xhat = (row[j] - mean) * inv_std;
            let (g, b) = (scale[[j]], bias[[j]]);
            reference[[i, j]] = xhat * g + b;
            // candle: sum and sum of squares in f32, var = E[x^2] - mean^2 (error ~ (D+2) u
            // E[x^2], relative to var), then (x - mean) * inv_std * scale + bias. First order:
            let err_xhat = xhat.abs() * (d + 4.0) * EPS * (mean_sq / (var + LN_EPS) + 1.0)
                + (d + 2.0) * EPS * mean_abs * inv_std;
            bound[[i, j]] = g.abs() * err_xhat + 2.0 * EPS * ((xhat * g).abs() + b.abs());
        }
    }
    assert_within("layer_norm", &got, &reference, &bound);
}

#[test]
fn names_are_what_candle_nn_looks_up() {
    let net = net();
    let tensors = fanin::candle::tensors(&net, &cpu()).unwrap();
    let mut names: Vec<(&str, Vec<usize>)> = tensors
        .iter()
        .map(|(k, t)| (k.as_str(), t.dims().to_vec()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("conv.bias", vec![5]),
            ("conv.weight", vec![5, 3, 3, 2]),
            ("conv1d.bias", vec![6]),
            ("conv1d.weight", vec![6, 2, 3]),
            ("h_0.attn.bias", vec![4]),
            ("h_0.attn.weight", vec![4, 6]),
            ("h_0.ln_1.bias", vec![6]),
            ("h_0.ln_1.weight", vec![6]),
            ("h_0.proj.weight", vec![3, 4]),
            ("wte.weight", vec![10, 6]),
        ]
    );
    let vb = fanin::candle::var_builder(&net, DType::F32, &cpu()).unwrap();
    // Flax's names are gone, and the builder is strict: a missing name is candle's error.
    assert!(!vb.contains_tensor("h_0.attn.kernel"));
    let missing = candle_nn::linear(4, 3, vb.pp("h_0").pp("proj")).unwrap_err();
    assert!(missing.to_string().contains("h_0.proj.bias"), "{missing}");
    // (in, out) asked where (out, in) is stored: a shape error, not a silent transpose.
    assert!(candle_nn::linear(4, 6, vb.pp("h_0").pp("attn")).is_err());
    assert!(candle_nn::layer_norm(6, 1e-6, vb.pp("h_0").pp("attn")).is_err());
}

#[test]
fn var_map_holds_the_same_tensors_as_trainable_vars() {
    let net = net();
    let varmap = fanin::candle::var_map(&net, &cpu()).unwrap();
    let tensors = fanin::candle::tensors(&net, &cpu()).unwrap();
    let vars = varmap.data().lock().unwrap();
    assert_eq!(vars.len(), tensors.len());
    for (name, tensor) in &tensors {
        let var = &vars[name];
        assert_eq!(var.dims(), tensor.dims(), "{name}");
        assert_eq!(values(var.as_tensor()), values(tensor), "{name}");
    }
}

#[test]
fn a_policy_overrides_names_and_layouts() {
    let net = net();
    // Keep the Dense kernels as Flax lays them out, under Flax's name; leave out the conv.
    let tensors = fanin::candle::tensors_with(&net, &cpu(), |p| {
        let modules = p.path.modules();
        if modules.first().map(String::as_str) == Some("conv") {
            return None;
        }
        if p.path.name() == "kernel" && p.view.shape().len() == 2 {
            return Some(Target::new(p.path.dotted(), Layout::Keep));
        }
        pytorch_names(p)
    })
    .unwrap();
    assert_eq!(tensors["h_0.attn.kernel"].dims(), [6, 4]);
    assert!(!tensors.contains_key("conv.weight") && !tensors.contains_key("conv.bias"));
    assert_eq!(tensors["conv1d.weight"].dims(), [6, 2, 3]);

    // Two params given one name: an error naming it, not a silent overwrite.
    let error =
        fanin::candle::tensors_with(&net, &cpu(), |_| Some(Target::new("same", Layout::Keep)))
            .unwrap_err();
    assert!(error.to_string().contains("`same`"), "{error}");
    // A layout that does not fit the rank: an error.
    let error = fanin::candle::tensors_with(&net, &cpu(), |p| {
        Some(Target::new(p.path.dotted(), Layout::Transpose))
    })
    .unwrap_err();
    assert!(error.to_string().contains("rank"), "{error}");
}

/// The conversion keeps dtype, shape and every bit (candle reads the same `half` types).
#[test]
fn every_dtype_converts_bit_for_bit() {
    fn check<T: fanin::Dtype + candle_core::WithDType>(dtype: DType, bits: impl Fn(T) -> u64) {
        let values = fanin::random::normal::<T>(Key::new(9), &[3, 4, 5]);
        for view in [
            ParamView::from_array(values.view()),
            ParamArray::from_le_bytes(
                <T as fanin::Dtype>::DTYPE,
                &[3, 4, 5],
                &ParamView::from_array(values.view()).to_le_bytes(),
            )
            .unwrap()
            .view(),
        ] {
            let tensor = view.to_tensor(&Device::Cpu).unwrap();
            assert_eq!((tensor.dtype(), tensor.dims()), (dtype, &[3, 4, 5][..]));
            let got: Vec<u64> = tensor
                .flatten_all()
                .unwrap()
                .to_vec1::<T>()
                .unwrap()
                .into_iter()
                .map(&bits)
                .collect();
            let expected: Vec<u64> = values.iter().map(|&v| bits(v)).collect();
            assert_eq!(got, expected, "{dtype:?}");
        }
        // A transposed (non-standard-layout) view converts in its logical order.
        let transposed: ArrayViewD<T> = values.view().reversed_axes();
        let tensor = transposed.to_tensor(&Device::Cpu).unwrap();
        assert_eq!(tensor.dims(), [5, 4, 3]);
        let got: Vec<u64> = tensor
            .flatten_all()
            .unwrap()
            .to_vec1::<T>()
            .unwrap()
            .into_iter()
            .map(&bits)
            .collect();
        assert_eq!(got, transposed.iter().map(|&v| bits(v)).collect::<Vec<_>>());
    }
    check::<f32>(DType::F32, |v| u64::from(v.to_bits()));
    check::<f64>(DType::F64, f64::to_bits);
    check::<bf16>(DType::BF16, |v| u64::from(v.to_bits()));
    check::<f16>(DType::F16, |v| u64::from(v.to_bits()));
}

/// A model whose params are bf16 reaches candle as bf16 tensors (no f32 detour).
#[test]
fn a_bf16_model_keeps_its_dtype() {
    let dense = Dense::<bf16>::init(Key::new(0), &DenseConfig::new(4, 5)).unwrap();
    let tensors = fanin::candle::tensors(&dense, &cpu()).unwrap();
    let weight = &tensors["weight"];
    assert_eq!((weight.dtype(), weight.dims()), (DType::BF16, &[5, 4][..]));
    let got = weight.to_vec2::<bf16>().unwrap();
    for (o, row) in got.iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            assert_eq!(v.to_bits(), dense.kernel[[i, o]].to_bits());
        }
    }
}
