#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

use fanin::ndarray::{Array, Ix1};

#[derive(Params)]
struct M {
    #[shape(5)]
    #[init(lecun_normal())]
    bias: Array<f32, Ix1>,
    #[shape(5)]
    #[init(orthogonal())]
    other: fanin::ndarray::Array<f32, fanin::ndarray::Ix1>,
}

fn main() {}
