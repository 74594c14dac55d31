#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(4)]
    #[init(zeros)]
    w: Vec<f32>,
    sub: Sub,
}

#[derive(Params)]
struct Sub {
    #[shape(2)]
    #[init(zeros)]
    b: Array1<f32>,
}

fn main() {}
