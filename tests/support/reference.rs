//! Plain-ndarray references for the candle and burn tests: the same computation as the
//! framework's layer, done in f64 on fanin's params, with the sum of |terms| for the bound;
//! and the model both build their layers from.

use fanin::init::normal;
use fanin::ndarray::{Array1, ArrayD, IxDyn};
use fanin::nn::{
    Conv, ConvConfig, Dense, DenseConfig, Embed, EmbedConfig, LayerNorm, LayerNormConfig,
};
use fanin::{Key, Params};

/// One f32 rounding, the unit of the error bounds.
pub const EPS: f64 = f32::EPSILON as f64;
/// Flax's `LayerNorm(epsilon=1e-6)`, given to the framework's layer norm too.
pub const LN_EPS: f64 = 1e-6;

/// A transformer block's layers, as `h_0` of [`Net`].
#[derive(Params)]
pub struct Block {
    #[module(config = LayerNormConfig::new([6])
        .scale_init(normal().stddev(1.0))
        .bias_init(normal().stddev(1.0)))]
    pub ln_1: LayerNorm<f32>,
    #[module(config = DenseConfig::new(6, 4).bias_init(normal().stddev(1.0)))]
    pub attn: Dense<f32>,
    #[module(config = DenseConfig::new(4, 3).use_bias(false))]
    pub proj: Dense<f32>,
}

/// The model the candle and burn tests build their layers from.
#[derive(Params)]
pub struct Net {
    #[module(config = EmbedConfig::new(10, 6))]
    pub wte: Embed<f32>,
    #[module(name = "h_0", config = ())]
    pub block: Block,
    /// 2-D, kernel (3, 2) over 3 -> 5 channels.
    #[module(config = ConvConfig::new(3, 5, [3, 2]).bias_init(normal().stddev(1.0)))]
    pub conv: Conv<f32>,
    /// 1-D, kernel 3, 4 -> 6 channels in 2 groups.
    #[module(config = ConvConfig::new(4, 6, [3])
        .feature_group_count(2)
        .bias_init(normal().stddev(1.0)))]
    pub conv1d: Conv<f32>,
}

/// A deterministic f32 input: `jax.random.normal(key(seed), shape)`.
pub fn input(seed: u64, shape: &[usize]) -> ArrayD<f32> {
    fanin::random::normal::<f32>(Key::new(seed), shape)
}

/// `a` widened to f64, where the references compute.
pub fn f64s(a: &ArrayD<f32>) -> ArrayD<f64> {
    a.mapv(f64::from)
}

/// Direct convolution as PyTorch, candle and burn define it (cross-correlation, VALID
/// padding, stride 1), NCHW input, read straight from Flax's HWIO kernel, so the reference does not
/// share fanin's layout change. Returns (output, sum of |terms|).
pub fn conv2d_reference(
    x: &ArrayD<f64>,
    kernel: &ArrayD<f64>,
    bias: &Array1<f64>,
) -> (ArrayD<f64>, ArrayD<f64>) {
    let (n, c, h, w) = (x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3]);
    let (kh, kw, kc, o) = (
        kernel.shape()[0],
        kernel.shape()[1],
        kernel.shape()[2],
        kernel.shape()[3],
    );
    assert_eq!(kc, c);
    let (oh, ow) = (h - kh + 1, w - kw + 1);
    let mut out = ArrayD::zeros(IxDyn(&[n, o, oh, ow]));
    let mut abs = ArrayD::zeros(IxDyn(&[n, o, oh, ow]));
    for b in 0..n {
        for oc in 0..o {
            for y in 0..oh {
                for xx in 0..ow {
                    let (mut sum, mut sum_abs) = (bias[oc], bias[oc].abs());
                    for ic in 0..c {
                        for ky in 0..kh {
                            for kx in 0..kw {
                                let t = x[[b, ic, y + ky, xx + kx]] * kernel[[ky, kx, ic, oc]];
                                sum += t;
                                sum_abs += t.abs();
                            }
                        }
                    }
                    out[[b, oc, y, xx]] = sum;
                    abs[[b, oc, y, xx]] = sum_abs;
                }
            }
        }
    }
    (out, abs)
}
