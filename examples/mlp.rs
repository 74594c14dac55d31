//! A multi-layer perceptron declared with the derive, as a Flax module with `setup` names
//! (`dense1`, `dense2`, `dense3`): `cargo run --release --example mlp`.
//!
//! ```python
//! class Mlp(nn.Module):
//!     def setup(self):
//!         self.dense1 = nn.Dense(256); self.dense2 = nn.Dense(256); self.dense3 = nn.Dense(10)
//! ```

#[path = "models/layers.rs"]
mod layers;

use fanin::{Key, Params};
use layers::{Dense, DenseConfig};

/// Input size, hidden width, number of classes.
pub struct MlpConfig {
    pub inputs: usize,
    pub hidden: usize,
    pub classes: usize,
}

#[derive(Params)]
#[params(config = MlpConfig)]
pub struct Mlp {
    #[module(config = DenseConfig { in_features: cfg.inputs, features: cfg.hidden })]
    pub dense1: Dense,
    #[module(config = DenseConfig { in_features: cfg.hidden, features: cfg.hidden })]
    pub dense2: Dense,
    #[module(config = DenseConfig { in_features: cfg.hidden, features: cfg.classes })]
    pub dense3: Dense,
}

fn main() -> fanin::Result<()> {
    let config = MlpConfig {
        inputs: 784,
        hidden: 256,
        classes: 10,
    };
    println!("{}", Mlp::summary(&config)?);
    let mlp = Mlp::init(Key::new(0), &config)?;
    println!(
        "dense3/kernel[0, ..4] = {}",
        mlp.dense3.kernel.row(0).slice(fanin::ndarray::s![..4])
    );
    Ok(())
}
