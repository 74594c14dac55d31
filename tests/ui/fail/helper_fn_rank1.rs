#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// The rank check holds by type for a helper function.
fn my_init() -> fanin::init::VarianceScaling {
    fanin::init::he_normal()
}

#[derive(Params)]
struct M {
    #[shape(5)]
    #[init(my_init())]
    bias: Array1<f32>,
}

fn main() {}
