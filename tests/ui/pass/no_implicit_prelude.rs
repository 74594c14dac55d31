// The generated code names everything by absolute path, and its own locals are hygienic: it
// compiles without the prelude, with fields named `cfg` (the config's name in the attributes)
// and with raw identifiers.
#![no_implicit_prelude]
#![deny(warnings)]

pub struct Config {
    pub n: usize,
}

#[derive(::fanin::Params)]
#[params(config = Config)]
#[init(r#type = ::fanin::init::zeros_init())]
pub struct Sub {
    #[shape(cfg.n)]
    pub r#type: ::fanin::ndarray::Array1<f32>,
}

#[derive(::fanin::Params)]
#[params(config = Config)]
#[init(cfg = lecun_normal())]
pub struct Layer {
    // A param named `cfg`: the expressions after it still see the config.
    #[shape(cfg.n, 2)]
    pub cfg: ::fanin::ndarray::Array2<f32>,
    #[shape(cfg.n)]
    #[init(normal())]
    pub bias: ::fanin::ndarray::Array1<f64>,
    #[module(config = Config { n: cfg.n })]
    pub sub: Sub,
    #[module(config = Config { n: 1 }, count = cfg.n)]
    pub r#loop: ::std::vec::Vec<Sub>,
    #[skip]
    pub note: ::std::string::String,
}

fn main() {
    use ::fanin::Params;
    let config = Config { n: 3 };
    let layer = Layer::init(::fanin::Key::new(0), &config).unwrap();
    ::std::assert_eq!(layer.cfg.shape(), &[3, 2]);
    ::std::assert_eq!(layer.r#loop.len(), 3);
    let mut paths: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
    layer.walk(&mut |p| paths.push(::std::string::ToString::to_string(&p.path)));
    ::std::assert_eq!(
        paths,
        ["cfg", "bias", "sub/type", "loop_0/type", "loop_1/type", "loop_2/type"]
    );
    ::std::assert_eq!(Layer::plan(&config).unwrap().len(), 6);
}
