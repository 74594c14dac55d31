#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

fn weights() -> Vec<f32> {
    vec![0.0; 5]
}

#[derive(Params)]
struct M {
    #[shape(5)]
    #[init(weights())]
    b: Array1<f32>,
}

fn main() {}
