#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(4, 5)]
    #[init(he_uniform().out_axis(-3))]
    w: Array2<f32>,
    #[shape(3, 3, 4, 5)]
    #[init(glorot_normal().in_axis([0, -5]).batch_axis(&[-1]))]
    k: Array4<f32>,
}

fn main() {}
