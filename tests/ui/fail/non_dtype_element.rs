#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(4)]
    #[init(zeros)]
    ids: Array1<i32>,
}

struct Complex32 {
    _re: f32,
}

#[derive(Params)]
struct N {
    #[shape(4)]
    #[init(zeros)]
    z: Array1<Complex32>,
}

fn main() {}
