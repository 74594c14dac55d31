#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// One compile reports every mistake of the struct.
#[derive(Params)]
#[init(bais = zeros)]
struct M {
    #[shape(4)]
    #[init(lecun_normal())]
    kernel: Array1<f32>,
    #[shape(4, 4)]
    bias: Array1<f32>,
    #[init(normal())]
    scale: Array1<f32>,
}

fn main() {}
