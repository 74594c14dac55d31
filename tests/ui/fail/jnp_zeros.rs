#![allow(unused_imports)]

use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4, Array6};
use fanin::Params;

// Flax guide pitfall: `kernel_init=jnp.zeros` (an array function, not an initializer).
#[derive(Params)]
struct M {
    #[shape(4, 5)]
    #[init(Array2::zeros)]
    w: Array2<f32>,
}

fn main() {}
