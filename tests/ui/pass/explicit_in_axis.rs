#![deny(warnings)]

use fanin::ndarray::Array1;
use fanin::Params;

// JAX accepts variance scaling on rank 1 once in_axis is explicit.
#[derive(Params)]
struct M {
    #[shape(5)]
    #[init(lecun_normal().in_axis(0))]
    b: Array1<f32>,
    #[shape(5)]
    #[init(variance_scaling(1.0, Mode::FanAvg, Distribution::Uniform).in_axis(-1).out_axis(0))]
    c: Array1<f32>,
}

fn main() {
    let m = M::init(fanin::Key::new(0), &()).unwrap();
    assert_eq!(m.param_count(), 10);
}
