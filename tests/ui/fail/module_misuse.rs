#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct Sub {
    #[shape(2)]
    #[init(zeros)]
    b: Array1<f32>,
}

#[derive(Params)]
struct M {
    #[module(count = 3)]
    one: Sub,
    #[module]
    many: Vec<Sub>,
    #[module]
    #[shape(2)]
    sub: Sub,
}

fn main() {}
