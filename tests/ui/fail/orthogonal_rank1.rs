#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(8)]
    #[init(orthogonal())]
    v: Array1<f32>,
}

fn main() {}
