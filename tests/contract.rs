//! The public contract (the names and signatures user code compiles against), spelled exactly
//! as it is fixed: if a name or a signature changes, this stops compiling.

use std::path::Path;

use fanin::half::{bf16, f16};
use fanin::init::{self, Distribution, Initializer, Mode};
use fanin::ndarray::{Array1, Array2, ArrayD};
use fanin::{io, random, Dtype, Key, Params};

fn is_key<K: Copy + Eq + std::hash::Hash + std::fmt::Debug>() {}
fn is_dtype<T: Dtype>() {}
fn is_error<E: std::error::Error + std::fmt::Display>() {}

#[test]
fn key_and_types() {
    is_key::<Key>();
    is_dtype::<f32>();
    is_dtype::<f64>();
    is_dtype::<bf16>();
    is_dtype::<f16>();
    is_error::<fanin::Error>();
    let k: Key = Key::new(0);
    let _: Key = Key::from_data([0, 0]);
    let _: [u32; 2] = k.data();
    let _: Vec<Key> = k.split(3);
    let _: Key = k.fold_in(1);
    let _: fanin::Result<()> = Ok(());
}

#[test]
fn random_functions() {
    let k = Key::new(0);
    let _: ArrayD<u32> = random::bits(k, &[2]);
    let _: ArrayD<f32> = random::uniform::<f32>(k, &[2], 0.0, 1.0);
    let _: ArrayD<f64> = random::normal::<f64>(k, &[2]);
    let _: ArrayD<bf16> =
        random::truncated_normal::<bf16>(k, bf16::from_f32(-2.0), bf16::from_f32(2.0), &[2]);
}

fn takes<I: Initializer>(_: I) {}

#[test]
fn initializers() {
    takes(init::zeros);
    takes(init::ones);
    let _: init::Zeros = init::zeros_init();
    let _: init::Ones = init::ones_init();
    let _: init::Constant = init::constant(0.5);
    let _: init::Uniform = init::uniform().scale(1e-2);
    let _: init::Normal = init::normal().stddev(1e-2);
    let _: init::TruncatedNormal = init::truncated_normal().stddev(1e-2).lower(-2.0).upper(2.0);
    let vs: init::VarianceScaling =
        init::variance_scaling(1.0, Mode::FanIn, Distribution::TruncatedNormal);
    takes(vs.in_axis(-2).out_axis(-1).batch_axis([0isize]));
    takes(vs.in_axis(&[0isize, 1][..]).batch_axis(vec![2isize]));
    for _mode in [Mode::FanIn, Mode::FanOut, Mode::FanAvg, Mode::FanGeoAvg] {}
    for _d in [
        Distribution::TruncatedNormal,
        Distribution::Normal,
        Distribution::Uniform,
    ] {}
    let all: [init::VarianceScaling; 10] = [
        init::lecun_normal(),
        init::lecun_uniform(),
        init::he_normal(),
        init::he_uniform(),
        init::kaiming_normal(),
        init::kaiming_uniform(),
        init::glorot_normal(),
        init::glorot_uniform(),
        init::xavier_normal(),
        init::xavier_uniform(),
    ];
    for i in all {
        let _: fanin::Result<ArrayD<f32>> = i.sample::<f32>(Key::new(0), &[3, 4]);
    }
    let _: init::Orthogonal = init::orthogonal().scale(1.0).column_axis(-1);
    let _: init::DeltaOrthogonal = init::delta_orthogonal().scale(1.0).column_axis(-1);
}

#[test]
fn second_part() {
    // JAX before 0.5: keys and bits as `jax_threefry_partitionable=False` makes them.
    let modes: [fanin::Threefry; 2] = [fanin::Threefry::Partitionable, fanin::Threefry::Legacy];
    for mode in modes {
        let _: Vec<Key> = fanin::with_threefry(mode, || Key::new(0).split(2));
    }
    // Variables of other collections, and optional params.
    #[derive(Params)]
    #[params(config = bool)]
    #[init(w = lecun_normal())]
    struct Norm {
        #[shape(2, 2)]
        w: Array2<f32>,
        #[variable("batch_stats")]
        #[shape(2)]
        #[init(zeros_init())]
        mean: Array1<f32>,
        #[when(*cfg)]
        #[shape(2)]
        #[init(zeros_init())]
        bias: Option<Array1<f32>>,
    }
    let _: fanin::Result<Norm> = Norm::init(Key::new(0), &true);
    // Lifted transforms: params stacked on a new leading axis.
    pub struct BlockConfig {
        pub width: usize,
    }
    #[derive(Params)]
    #[params(config = BlockConfig)]
    #[init(w = lecun_normal())]
    pub struct Block<T: fanin::Dtype> {
        #[shape(cfg.width, cfg.width)]
        w: Array2<T>,
    }
    #[derive(Params)]
    #[init(w = lecun_normal())]
    pub struct Critic {
        #[shape(2, 1)]
        w: Array2<f32>,
    }
    pub struct Config {
        pub depth: usize,
    }
    #[derive(Params)]
    #[params(config = Config)]
    struct Model {
        #[module(name = "ScanBlock_0", config = BlockConfig { width: 2 }, scan = cfg.depth)]
        pub blocks: fanin::Stacked<Block<f32>>,
        #[module(vmap = 4)]
        pub critics: fanin::Stacked<Critic>,
    }
    let model = Model::init(Key::new(0), &Config { depth: 3 }).unwrap();
    let _: usize = model.blocks.len();
    let mut shapes = Vec::new();
    model.walk(&mut |p| shapes.push(p.view.shape().to_vec()));
    assert_eq!(shapes, [vec![3, 2, 2], vec![4, 2, 1]]);
    // Every param met by a walk names its collection.
    fn collection_of<'a>(p: &fanin::params::ParamRef<'a>) -> &'a str {
        p.collection
    }
    let _ = collection_of;
}

pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
}

#[derive(Params)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}

#[test]
fn params_and_io() -> fanin::Result<()> {
    let config = DenseConfig {
        in_features: 4,
        features: 5,
    };
    let dense: Dense = <Dense as Params>::init(Key::new(0), &config)?;
    let dir = std::env::temp_dir();
    let a = dir.join(format!(
        "fanin-contract-a-{}.safetensors",
        std::process::id()
    ));
    let b = dir.join(format!(
        "fanin-contract-b-{}.safetensors",
        std::process::id()
    ));
    let _: fanin::Result<()> = io::save(&dense, &a);
    let back: Dense = io::load(&a, &config)?;
    assert_eq!(back.kernel, dense.kernel);
    io::init_to_file::<Dense>(Key::new(0), &config, Path::new(&b))?;
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::remove_file(a).unwrap();
    std::fs::remove_file(b).unwrap();
    Ok(())
}
