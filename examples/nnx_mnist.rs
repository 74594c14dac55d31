//! The CNN of Flax's NNX MNIST example, initialized as `CNN(rngs=nnx.Rngs(0))`:
//! `cargo run --release --example nnx_mnist`. `tests/models/nnx_ports.rs` checks every param against
//! the real flax.nnx 0.12.8.

#[path = "models/nnx_mnist_cnn.rs"]
mod nnx_mnist_cnn;

use fanin::{Key, Params};
use nnx_mnist_cnn::Cnn;

fn main() -> fanin::Result<()> {
    let model = Cnn::init(Key::new(0), &())?;
    println!("{}", Cnn::summary(&())?);
    println!(
        "conv1.kernel[0, 0, 0, :4] = {:?}",
        &model.conv1.kernel.as_slice().unwrap()[..4]
    );
    Ok(())
}
