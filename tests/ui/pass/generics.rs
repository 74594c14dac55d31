#![deny(warnings)]

use fanin::half::{bf16, f16};
use fanin::ndarray::{Array1, Array2};
use fanin::{Dtype, Params};

pub struct Config {
    pub features: usize,
}

#[derive(Params)]
#[params(config = Config)]
#[init(kernel = he_normal(), bias = zeros_init())]
pub struct Dense<T: Dtype> {
    #[shape(cfg.features, cfg.features)]
    pub kernel: Array2<T>,
    #[shape(cfg.features)]
    pub bias: Array1<T>,
}

#[derive(Params)]
#[params(config = Config)]
pub struct Two<T>
where
    T: Dtype,
{
    #[module(config = cfg)]
    pub a: Dense<T>,
    #[module(config = Config { features: cfg.features }, count = 2)]
    pub b: Vec<Dense<T>>,
}

fn main() {
    let config = Config { features: 3 };
    let _ = Dense::<f32>::init(fanin::Key::new(0), &config).unwrap();
    let _ = Dense::<f64>::init(fanin::Key::new(0), &config).unwrap();
    let _ = Dense::<bf16>::init(fanin::Key::new(0), &config).unwrap();
    let two = Two::<f16>::init(fanin::Key::new(0), &config).unwrap();
    assert_eq!(two.param_count(), 3 * 12);
}
