#![deny(warnings)]

use fanin::ndarray::{Array1, ArrayD};
use fanin::Params;

pub struct Config {
    pub kernel_size: Vec<usize>,
    pub features: usize,
}

// `#[shape(..axes)]`: every axis of an `ArrayD` from one list, its rank the list's length.
#[derive(Params)]
#[params(config = Config)]
struct Conv {
    #[shape(..[cfg.kernel_size.as_slice(), &[3, cfg.features]].concat())]
    #[init(lecun_normal())]
    kernel: ArrayD<f32>,
    #[shape(..[cfg.features])]
    #[init(zeros_init())]
    bias_as_list: ArrayD<f32>,
    #[shape(..&cfg.kernel_size)]
    #[init(normal())]
    from_a_reference: ArrayD<f32>,
    #[shape(cfg.features)]
    #[init(zeros_init())]
    bias: Array1<f32>,
}

fn main() {
    for kernel_size in [vec![2], vec![2, 3], vec![1, 2, 2]] {
        let rank = kernel_size.len();
        let config = Config { kernel_size, features: 4 };
        let conv = Conv::init(fanin::Key::new(0), &config).unwrap();
        assert_eq!(conv.kernel.ndim(), rank + 2);
        assert_eq!(&conv.kernel.shape()[rank..], [3, 4]);
        assert_eq!(conv.bias_as_list.shape(), [4]);
        assert_eq!(conv.from_a_reference.ndim(), rank);
        assert_eq!(Conv::plan(&config).unwrap()[0].shape, conv.kernel.shape());
    }
}
