// linen's spellings that an NNX struct has no use for: NNX paths are attribute names, lists
// are `nnx.List`s (`layers/0`), stacks are `split_rngs` + `vmap`, and linen's lifted
// transforms do not apply.
use fanin::ndarray::Array2;
use fanin::{Params, Stacked};

#[derive(Params)]
#[params(nnx)]
#[init(kernel = lecun_normal())]
pub struct Dense {
    #[shape(4, 4)]
    pub kernel: Array2<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct Named {
    #[module(name = "Dense_0")]
    pub dense: Dense,
    #[module(count = 2, names = index)]
    pub layers: Vec<Dense>,
    #[module(scan = 2)]
    pub scanned: Stacked<Dense>,
    #[module(jit)]
    pub jitted: Dense,
    #[module(remat)]
    pub remat: Dense,
}

#[derive(Params)]
#[params(nnx, compact)]
pub struct Compact {
    #[module]
    pub dense: Dense,
}

#[derive(Params)]
#[params(nnx = true)]
pub struct Valued {
    #[module]
    pub dense: Dense,
}

fn main() {}
