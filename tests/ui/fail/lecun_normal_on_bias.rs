#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// Flax guide pitfall: `bias_init=lecun_normal()` (JAX: "Can't compute input and output
// sizes of a 1-dimensional weights tensor with default in_axis").
#[derive(Params)]
#[init(kernel = lecun_normal(), bias = lecun_normal())]
struct Dense {
    #[shape(4, 5)]
    kernel: Array2<f32>,
    #[shape(5)]
    bias: Array1<f32>,
}

fn main() {}
