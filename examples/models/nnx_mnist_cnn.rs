//! The CNN of Flax's NNX MNIST example (github.com/google/flax, `examples/mnist/train.py`,
//! class `CNN`, at commit 18f8f311c275d57f46d95e41b15aa97b454754c0), as a `#[params(nnx)]`
//! struct. `Cnn::init(Key::new(0), &())` equals `CNN(rngs=nnx.Rngs(0))`.

use fanin::nnx::{BatchNorm, BatchNormConfig, Conv, ConvConfig, Linear, LinearConfig};
use fanin::Params;

/// ```python
/// class CNN(nnx.Module):
///   def __init__(self, rngs: nnx.Rngs):
///     self.conv1 = nnx.Conv(1, 32, kernel_size=(3, 3), rngs=rngs)
///     self.batch_norm1 = nnx.BatchNorm(32, rngs=rngs)
///     self.dropout1 = nnx.Dropout(rate=0.025)
///     self.conv2 = nnx.Conv(32, 64, kernel_size=(3, 3), rngs=rngs)
///     self.batch_norm2 = nnx.BatchNorm(64, rngs=rngs)
///     self.avg_pool = partial(nnx.avg_pool, window_shape=(2, 2), strides=(2, 2))
///     self.linear1 = nnx.Linear(3136, 256, rngs=rngs)
///     self.dropout2 = nnx.Dropout(rate=0.025)
///     self.linear2 = nnx.Linear(256, 10, rngs=rngs)
/// ```
/// The Dropouts (made without `rngs`) and the pooling hold no state and draw no key.
#[derive(Params)]
#[params(nnx)]
pub struct Cnn {
    #[module(config = ConvConfig::new(1, 32, [3, 3]))]
    pub conv1: Conv<f32>,
    #[module(config = BatchNormConfig::new(32))]
    pub batch_norm1: BatchNorm<f32>,
    #[module(config = ConvConfig::new(32, 64, [3, 3]))]
    pub conv2: Conv<f32>,
    #[module(config = BatchNormConfig::new(64))]
    pub batch_norm2: BatchNorm<f32>,
    #[module(config = LinearConfig::new(3136, 256))]
    pub linear1: Linear<f32>,
    #[module(config = LinearConfig::new(256, 10))]
    pub linear2: Linear<f32>,
}
