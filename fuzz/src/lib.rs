//! What the fuzz targets share with the seed generator (`examples/seed_corpus.rs`): the model
//! the loader is fuzzed with.

use fanin::half::{bf16, f16};
use fanin::ndarray::{Array0, Array1, Array2, Array3, ArrayD};
use fanin::Params;

/// A submodule: two dtypes, two ranks.
#[derive(Params)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(3, 2)]
    pub kernel: Array2<bf16>,
    #[shape(2)]
    pub bias: Array1<f64>,
}

/// Every dtype of fanin, ranks 0 to 3 (one checked at run time), a submodule and a list.
#[derive(Params)]
#[params(config = usize)]
#[init(table = normal(), scale = ones_init(), step = zeros_init(), cube = uniform())]
pub struct Model {
    #[shape(*cfg, 4)]
    pub table: ArrayD<f32>,
    #[shape(4)]
    pub scale: Array1<f32>,
    #[shape()]
    pub step: Array0<f64>,
    #[shape(2, 1, 3)]
    pub cube: Array3<f16>,
    #[module]
    pub dense: Dense,
    #[module(count = 2)]
    pub layers: Vec<Dense>,
}

/// The config the fuzz target loads with.
pub const CONFIG: usize = 5;
