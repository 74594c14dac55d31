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
    #[module(jit, count = 2)]
    blocks: Vec<Block>,
    #[module(remat, scan = 2)]
    stack: Stacked<Block>,
    #[module(names = index)]
    one: Block,
    #[module(count = 2, names = letters)]
    many: Vec<Block>,
    #[module(jit = true)]
    other: Block,
}

fn main() {}
