// Stacks, jit, remat, compact names and index-named lists, without the prelude: the generated
// code names everything by absolute path.
#![no_implicit_prelude]
#![deny(warnings)]

pub struct Config {
    pub n: usize,
    pub extra: bool,
}

#[derive(::fanin::Params)]
#[init(w = ::fanin::init::zeros_init())]
pub struct Sub {
    #[shape(2)]
    pub w: ::fanin::ndarray::Array1<f32>,
}

#[derive(::fanin::Params)]
#[params(config = Config, compact)]
pub struct Model {
    #[module]
    pub first: Sub, // Sub_0
    #[module(count = cfg.n)]
    pub many: ::std::vec::Vec<Sub>, // Sub_1 ..
    #[module]
    #[when(cfg.extra)]
    pub maybe: ::std::option::Option<Sub>,
    #[module]
    pub after: Sub, // Sub_{n + extra + 1}
    #[module(scan = cfg.n)]
    pub stack: ::fanin::Stacked<Sub>, // ScanSub_0
    #[module(vmap = 2)]
    pub ens: ::fanin::Stacked<Sub>, // VmapSub_0
    #[module(jit)]
    pub jitted: Sub, // JitSub_0
    #[module(remat)]
    pub saved: Sub, // CheckpointSub_0
    #[module(count = 2, names = index)]
    pub numbered: ::std::vec::Vec<Sub>, // 0, 1
}

fn main() {
    use ::fanin::Params;
    let config = Config { n: 2, extra: true };
    let model = Model::init(::fanin::Key::new(0), &config).unwrap();
    let mut paths: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
    model.walk(&mut |p| paths.push(::std::string::ToString::to_string(&p.path)));
    ::std::assert_eq!(
        paths,
        [
            "Sub_0/w", "Sub_1/w", "Sub_2/w", "Sub_3/w", "Sub_4/w", "ScanSub_0/w", "VmapSub_0/w",
            "JitSub_0/w", "CheckpointSub_0/w", "0/w", "1/w"
        ]
    );
    let plan = Model::plan(&config).unwrap();
    ::std::assert_eq!(plan.len(), paths.len());
    ::std::assert_eq!(plan[5].shape, [2, 2]);
}
