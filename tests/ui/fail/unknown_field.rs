#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
#[init(kernal = lecun_normal(), bias = zeros_init())]
struct M {
    #[shape(4, 5)]
    kernel: Array2<f32>,
    #[shape(5)]
    bias: Array1<f32>,
}

fn main() {}
