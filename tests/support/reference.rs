//! Plain-ndarray references for the candle and burn tests: the same computation as the
//! framework's layer, done in f64 on fanin's params, with the sum of |terms| for the bound.

use fanin::ndarray::{Array1, ArrayD, IxDyn};
use fanin::Key;

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
