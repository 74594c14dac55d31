#![deny(warnings)]

use fanin::ndarray::{ArrayD, Ix1};
use fanin::Params;

// `ArrayD`: the rank is checked at run time, not at compile time.
#[derive(Params)]
struct M {
    #[shape(3, 3, 4, 8)]
    #[init(delta_orthogonal())]
    k: ArrayD<f32>,
    #[shape(8)]
    #[init(lecun_normal())]
    b: fanin::ndarray::Array<f32, fanin::ndarray::IxDyn>,
}

fn main() {
    let error = M::init(fanin::Key::new(0), &()).err().unwrap();
    assert!(error.to_string().starts_with("b: "), "{error}");
    let _ = Ix1(1);
}
