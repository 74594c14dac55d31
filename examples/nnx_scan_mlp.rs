//! `ScanMLP` of Flax's NNX toy examples (`split_rngs` + `vmap` over 5 blocks), initialized as
//! `ScanMLP(10, n_layers=5, rngs=nnx.Rngs(0))`: `cargo run --release --example nnx_scan_mlp`.
//! `tests/models/nnx_ports.rs` checks every param against the real flax.nnx 0.12.8.

#[path = "models/nnx_scan_mlp.rs"]
mod nnx_scan_mlp;

use fanin::{Key, Params};
use nnx_scan_mlp::{ScanMlp, ScanMlpConfig};

fn main() -> fanin::Result<()> {
    let config = ScanMlpConfig {
        dim: 10,
        n_layers: 5,
    };
    let model = ScanMlp::init(Key::new(0), &config)?;
    // print(jax.tree.map(jnp.shape, nnx.state(model)))
    model.walk(&mut |p| println!("{:<22} {:?}", p.path.dotted(), p.view.shape()));
    Ok(())
}
