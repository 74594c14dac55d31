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
    #[module(scan = 3)]
    blocks: Vec<Block>,
    #[module(vmap = 2)]
    critic: Block,
}

fn main() {}
