//! `ScanMLP` of Flax's NNX toy examples (github.com/google/flax,
//! `examples/nnx_toy_examples/06_scan_over_layers.py`, at commit
//! 18f8f311c275d57f46d95e41b15aa97b454754c0), as `#[params(nnx)]` structs:
//! `ScanMlp::init(Key::new(0), &ScanMlpConfig { dim: 10, n_layers: 5 })` equals
//! `ScanMLP(10, n_layers=5, rngs=nnx.Rngs(0))`.

use fanin::nnx::{BatchNorm, BatchNormConfig, Linear, LinearConfig};
use fanin::{Params, Stacked};

/// ```python
/// class Block(nnx.Module):
///   def __init__(self, dim: int, *, rngs: nnx.Rngs):
///     self.linear = nnx.Linear(dim, dim, rngs=rngs)
///     self.bn = nnx.BatchNorm(dim, rngs=rngs)
///     self.dropout = nnx.Dropout(0.5, rngs=rngs)
/// ```
/// The Dropout forks the stream last (one key, after the params; its RNG state is not a
/// param and is not held here), so the params' keys do not depend on it.
#[derive(Params)]
#[params(config = usize, nnx)]
pub struct Block {
    #[module(config = LinearConfig::new(*cfg, *cfg))]
    pub linear: Linear<f32>,
    #[module(config = BatchNormConfig::new(*cfg))]
    pub bn: BatchNorm<f32>,
}

/// The config of [`ScanMlp`]: `ScanMLP(dim, n_layers=...)`.
pub struct ScanMlpConfig {
    pub dim: usize,
    pub n_layers: usize,
}

/// ```python
/// class ScanMLP(nnx.Module):
///   def __init__(self, dim: int, *, n_layers: int, rngs: nnx.Rngs):
///     self.n_layers = n_layers
///
///     @nnx.split_rngs(splits=n_layers)
///     @nnx.vmap(axis_size=n_layers)
///     def create_block(rngs: nnx.Rngs):
///       return Block(dim, rngs=rngs)
///
///     self.layers = create_block(rngs)
/// ```
#[derive(Params)]
#[params(config = ScanMlpConfig, nnx)]
pub struct ScanMlp {
    #[module(config = cfg.dim, vmap = cfg.n_layers)]
    pub layers: Stacked<Block>,
}
