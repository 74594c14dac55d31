#![deny(warnings)]

use fanin::ndarray::{Array1, Array2};
use fanin::Params;

// `zeros` and `ones` are initializers already, as in JAX.
#[derive(Params)]
#[init(w = zeros, b = ones)]
struct M {
    #[shape(2, 3)]
    w: Array2<f32>,
    #[shape(3)]
    b: Array1<f32>,
}

fn main() {
    let m = M::init(fanin::Key::new(0), &()).unwrap();
    assert_eq!(m.b.sum(), 3.0);
}
