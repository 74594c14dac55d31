#![allow(unused_imports)]

use fanin::ndarray::Array1;
use fanin::{Params, Stacked};

#[derive(Params)]
struct Block {
    #[shape(2)]
    #[init(zeros)]
    b: Array1<f32>,
}

#[derive(Params)]
struct M {
    #[module]
    blocks: Stacked<Block>,
}

fn main() {}
