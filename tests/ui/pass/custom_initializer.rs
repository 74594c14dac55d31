#![deny(warnings)]

use fanin::init::Initializer;
use fanin::ndarray::{Array1, Array3, ArrayD, IxDyn};
use fanin::{Dtype, Key, Params};

// A user initializer implements `Initializer` alone and works on every rank.
struct Arange;

impl Initializer for Arange {
    fn sample<T: Dtype>(&self, _key: Key, shape: &[usize]) -> fanin::Result<ArrayD<T>> {
        let n: usize = shape.iter().product();
        let data = (0..n).map(|i| T::from_f64(i as f64)).collect();
        ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| fanin::Error::invalid(e.to_string()))
    }
}

// The user's own names shadow fanin's.
fn orthogonal() -> Arange {
    Arange
}

#[derive(Params)]
struct M {
    #[shape(4)]
    #[init(Arange)]
    a: Array1<f32>,
    #[shape(2, 2, 2)]
    #[init(Arange)]
    b: Array3<f64>,
    #[shape(3)]
    #[init(self::orthogonal())]
    c: Array1<f32>,
}

fn main() {
    let m = M::init(Key::new(0), &()).unwrap();
    assert_eq!(m.c.to_vec(), [0.0, 1.0, 2.0]);
}
