// An NNX struct's submodules draw from its stream; a linen struct's params hash their paths.
// Flax can't put a linen module inside an NNX one (without a bridge), nor the reverse.
use fanin::ndarray::Array2;
use fanin::Params;

#[derive(Params)]
#[init(kernel = lecun_normal())]
pub struct LinenDense {
    #[shape(4, 4)]
    pub kernel: Array2<f32>,
}

#[derive(Params)]
#[params(nnx)]
#[init(kernel = lecun_normal())]
pub struct NnxDense {
    #[shape(4, 4)]
    pub kernel: Array2<f32>,
}

#[derive(Params)]
#[params(nnx)]
pub struct NnxModel {
    #[module]
    pub dense: LinenDense,
}

#[derive(Params)]
pub struct LinenModel {
    #[module]
    pub dense: NnxDense,
}

fn main() {}
