#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// The rank check holds by type for an initializer taken from the config.
struct Config {
    bias_init: fanin::init::Orthogonal,
}

#[derive(Params)]
#[params(config = Config)]
struct M {
    #[shape(5)]
    #[init(cfg.bias_init)]
    bias: Array1<f32>,
}

fn main() {}
