#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

#[derive(Params)]
struct M {
    #[shape(4, 5)]
    #[init(lecun_normal().in_axis(2))]
    w: Array2<f32>,
    #[shape(3, 4, 5)]
    #[init(orthogonal().column_axis(3))]
    q: Array3<f32>,
}

fn main() {}
