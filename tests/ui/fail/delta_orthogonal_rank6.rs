#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(1, 1, 1, 1, 4, 4)]
    #[init(delta_orthogonal().scale(2.0))]
    w: Array6<f32>,
}

fn main() {}
