//! The first cell of Flax's "Initializers" guide in Flax NNX:
//! `cargo run --release --example nnx_quickstart`.
//!
//! ```python
//! from flax import nnx
//! layer = nnx.Linear(4, 5, rngs=nnx.Rngs(0))
//! print(layer.kernel[...]); print(layer.bias[...])
//! ```
//!
//! The numbers printed are NNX's, bit for bit (`tests/models/nnx.rs` checks this layer against the
//! real flax.nnx 0.12.8, fixture `linear/default`). NNX draws the kernel from
//! `fold_in(key(0), 0)` and the bias from `fold_in(key(0), 1)`: one stream, counted in
//! construction order, not linen's path hashes, so the kernel differs from
//! `nn.Dense(5).init(PRNGKey(0), x)`'s.

use fanin::init::{lecun_normal, Initializer};
use fanin::nnx::{Linear, LinearConfig};
use fanin::{Key, Params};

fn main() -> fanin::Result<()> {
    let layer = Linear::<f32>::init(Key::new(0), &LinearConfig::new(4, 5))?;
    println!("kernel =\n{}", layer.kernel);
    if let Some(bias) = &layer.bias {
        println!("bias = {bias}");
    }
    // The stream rule, spelled out.
    let kernel = lecun_normal().sample::<f32>(Key::new(0).fold_in(0), &[4, 5])?;
    assert_eq!(layer.kernel.clone().into_dyn(), kernel);
    Ok(())
}
