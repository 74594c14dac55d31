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
#[params(compact = true)]
struct M {
    #[module]
    block: Block,
}

fn main() {}
