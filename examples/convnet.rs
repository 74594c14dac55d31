//! A small convolutional network declared with the derive (Flax's compact names `Conv_0`,
//! `Conv_1`, `Dense_0`): `cargo run --release --example convnet`.
//!
//! ```python
//! class ConvNet(nn.Module):
//!     @nn.compact
//!     def __call__(self, x):
//!         x = nn.relu(nn.Conv(32, (3, 3))(x)); x = nn.relu(nn.Conv(64, (3, 3))(x))
//!         x = x.reshape((x.shape[0], -1)); return nn.Dense(10)(x)
//! ```

#[path = "models/layers.rs"]
mod layers;

use fanin::{Key, Params};
use layers::{Conv, ConvConfig, Dense, DenseConfig};

/// Image side and channels, classes.
pub struct ConvNetConfig {
    pub side: usize,
    pub channels: usize,
    pub classes: usize,
}

#[derive(Params)]
#[params(config = ConvNetConfig)]
pub struct ConvNet {
    #[module(name = "Conv_0", config = ConvConfig { in_features: cfg.channels, features: 32, kernel_size: [3, 3] })]
    pub conv1: Conv,
    #[module(name = "Conv_1", config = ConvConfig { in_features: 32, features: 64, kernel_size: [3, 3] })]
    pub conv2: Conv,
    #[module(name = "Dense_0", config = DenseConfig { in_features: cfg.side * cfg.side * 64, features: cfg.classes })]
    pub head: Dense,
}

fn main() -> fanin::Result<()> {
    let config = ConvNetConfig {
        side: 28,
        channels: 1,
        classes: 10,
    };
    println!("{}", ConvNet::summary(&config)?);
    let net = ConvNet::init(Key::new(0), &config)?;
    println!("parameters: {}", net.param_count());
    Ok(())
}
