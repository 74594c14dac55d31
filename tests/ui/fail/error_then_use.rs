// After an error in the derive, the type still implements `Params` (with the declared
// config), so its uses add no error of their own: only the real one is reported.
use fanin::ndarray::Array2;
use fanin::{Key, Params};

pub struct Config {
    pub n: usize,
}

#[derive(Params)]
#[params(config = Config)]
struct M {
    #[shape(cfg.n, cfg.n)]
    w: Array2<f32>,
}

fn count<P: Params>(p: &P) -> usize {
    p.param_count()
}

fn main() {
    let config = Config { n: 2 };
    let m = M::init(Key::new(0), &config).unwrap();
    let _ = M::plan(&config);
    let _ = count(&m);
}
