//! `#[params(nnx)]` with `#[module(vmap = n)]` (NNX's `split_rngs(splits=n)` + `vmap`), and
//! a whole NNX model eager, under `nnx.jit` and under legacy Threefry: parity with real
//! flax.nnx 0.12.8 (fixtures made by `scripts/fixtures/nnx_cases.py`).

#![deny(warnings)]

use crate::common;

use fanin::half::bf16;
use fanin::init::normal;
use fanin::ndarray::{Array1, Array2};
use fanin::nnx::*;
use fanin::{with_execution, with_threefry, Dtype, Execution, Params, Stacked, Threefry};

const FILE: &str = "nnx";

#[derive(Params)]
#[params(nnx)]
pub struct VmapBlock {
    #[module(config = LinearConfig::new(3, 4).bias_init(normal()))]
    pub linear: Linear<f32>,
    #[shape(2, 2)]
    #[init(normal().stddev(0.5))]
    pub w: Array2<f32>,
    #[module(config = BatchNormConfig::new(4))]
    pub bn: BatchNorm<f32>,
}

/// `split_rngs(splits=n)` + `vmap` between two Linears.
#[derive(Params)]
#[params(config = usize, nnx)]
pub struct VmapStack {
    #[module(config = LinearConfig::new(2, 3))]
    pub pre: Linear<f32>,
    #[module(vmap = *cfg)]
    pub blocks: Stacked<VmapBlock>,
    #[module(config = LinearConfig::new(3, 2).bias_init(normal()))]
    pub post: Linear<f32>,
}

/// The whole model of the jit and legacy cases.
#[derive(Params)]
#[params(nnx)]
pub struct Lm<T: Dtype> {
    #[module(config = EmbedConfig::new(50, 16))]
    pub embed: Embed<T>,
    #[module(config = LinearConfig::new(16, 24).bias_init(normal().stddev(0.05)))]
    pub dense: Linear<T>,
    #[module(config = LayerNormConfig::new(24))]
    pub norm: LayerNorm<T>,
    #[shape(24)]
    #[init(normal().stddev(0.02))]
    pub bias: Array1<T>,
    #[module(config = LinearConfig::new(24, 8).bias_init(normal().stddev(0.1)), vmap = 2)]
    pub heads: Stacked<Linear<T>>,
}

fn check<M: Params>(case: &str, seed: u64, config: &M::Config) -> M {
    common::check_model::<M>(FILE, case, seed, config)
}

#[test]
fn split_rngs_vmap_stack() {
    let model = check::<VmapStack>("vmap", 7, &4);
    assert_eq!(model.blocks.len(), 4);
}

#[test]
fn whole_model_eager_jit_and_legacy() {
    check::<Lm<f32>>("eager/float32", 3, &());
    with_execution(Execution::Jit, || {
        check::<Lm<f32>>("jit/float32", 3, &());
        check::<Lm<f64>>("jit/float64", 3, &());
        check::<Lm<bf16>>("jit/bfloat16", 3, &());
    });
    with_threefry(Threefry::Legacy, || {
        check::<Lm<f32>>("legacy/lm", 5, &());
        check::<VmapStack>("legacy/vmap", 6, &3);
    });
}
