#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
#[init(b = zeros_init())]
struct Sub {
    #[shape(2)]
    b: Array1<f32>,
}

#[derive(Params)]
struct M {
    #[module]
    a: Sub,
    // Two submodules at `a`.
    #[module(name = "a")]
    other: Sub,
    // A list of three: `layers_0`, `layers_1`, `layers_2`.
    #[module(count = 3)]
    layers: Vec<Sub>,
    // Also at `layers_2`.
    #[module(name = "layers_2")]
    extra: Sub,
    // Not a collision: the list stops at `layers_2`.
    #[module(name = "layers_3")]
    fine: Sub,
}

fn main() {}
