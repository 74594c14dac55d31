#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(3)]
    #[init(he_normal())]
    a: Array1<f32>,
    #[shape(3)]
    #[init(kaiming_uniform())]
    b: Array1<f32>,
    #[shape(3)]
    #[init(fanin::init::xavier_normal())]
    c: Array1<f32>,
}

fn main() {}
