use fanin::ndarray::Array1;
use fanin::Params;

pub struct Config {
    pub use_bias: bool,
}

#[derive(Params)]
#[params(config = Config)]
struct Dense {
    #[when(cfg.use_bias)]
    #[shape(3)]
    #[init(zeros)]
    bias: Array1<f32>,
}

fn main() {}
