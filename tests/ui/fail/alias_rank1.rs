#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// The rank check holds by type for a renamed builder.
use fanin::init::lecun_normal as kernel_init;

#[derive(Params)]
struct M {
    #[shape(5)]
    #[init(kernel_init())]
    bias: Array1<f32>,
}

fn main() {}
