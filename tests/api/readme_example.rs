//! The README's "The derive, in full" example, compiled and run as written there.
// The README's structs are public API a user reads from; not every field is read here.
#![allow(dead_code)]

use fanin::ndarray::{Array1, Array2, ArrayD};
use fanin::{Dtype, Key, Params};

pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
}

#[derive(Params)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense<T: Dtype> {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<T>,
    #[shape(cfg.features)]
    pub bias: Array1<T>,
}

pub struct MlpConfig {
    pub width: usize,
    pub depth: usize,
}

#[derive(Params)]
#[params(config = MlpConfig)]
pub struct Mlp {
    #[module(config = DenseConfig { in_features: 16, features: cfg.width })]
    pub embed: Dense<f32>,
    #[module(config = DenseConfig { in_features: cfg.width, features: cfg.width }, count = cfg.depth)]
    pub layers: Vec<Dense<f32>>,
    #[module(name = "Dense_0", config = DenseConfig { in_features: cfg.width, features: 1 })]
    pub head: Dense<f32>,
    #[shape(cfg.width, 4)]
    #[init(normal().stddev(0.02))]
    pub extra: ArrayD<f32>,
    #[skip]
    pub note: String,
}

#[test]
fn readme_example_runs() -> fanin::Result<()> {
    let config = MlpConfig {
        width: 64,
        depth: 3,
    };
    let mlp = Mlp::init(Key::new(0), &config)?;
    let summary = Mlp::summary(&config)?;
    println!("{summary}");
    assert_eq!(
        mlp.param_count(),
        16 * 64 + 64 + 3 * (64 * 64 + 64) + 64 + 1 + 64 * 4
    );
    let mut paths = Vec::new();
    mlp.walk(&mut |p| paths.push(p.path.to_string()));
    assert_eq!(paths[0], "embed/kernel");
    assert_eq!(paths[2], "layers_0/kernel");
    assert!(paths.contains(&"Dense_0/bias".to_string()));
    assert_eq!(paths.last().unwrap(), "extra");
    let plan = Mlp::plan(&config)?;
    assert_eq!(plan.len(), paths.len());
    Ok(())
}

/// The README's "Other collections and optional fields" example, as written there.
mod collections_example {
    use fanin::ndarray::{Array1, Array2};
    use fanin::{Key, Params};

    pub struct Config {
        pub features: usize,
        pub use_bias: bool,
    }

    /// Flax's `nn.Dense(use_bias=...)` followed by `nn.BatchNorm`'s variables.
    #[derive(Params)]
    #[params(config = Config)]
    #[init(kernel = lecun_normal(), bias = zeros_init(), scale = ones, offset = zeros)]
    pub struct DenseBn {
        #[shape(4, cfg.features)]
        pub kernel: Array2<f32>,
        #[when(cfg.use_bias)]
        #[shape(cfg.features)]
        pub bias: Option<Array1<f32>>,
        #[shape(cfg.features)]
        pub scale: Array1<f32>,
        #[shape(cfg.features)]
        pub offset: Array1<f32>,
        #[variable("batch_stats")]
        #[shape(cfg.features)]
        #[init(zeros)]
        pub mean: Array1<f32>,
        #[variable("batch_stats")]
        #[shape(cfg.features)]
        #[init(ones)]
        pub var: Array1<f32>,
    }

    #[test]
    fn readme_collections_example_runs() -> fanin::Result<()> {
        let config = Config {
            features: 3,
            use_bias: false,
        };
        let model = DenseBn::init(Key::new(0), &config)?;
        assert!(model.bias.is_none());
        let mut seen = Vec::new();
        model.walk(&mut |p| seen.push(format!("{} {}", p.collection, p.path)));
        assert_eq!(
            seen,
            [
                "params kernel",
                "params scale",
                "params offset",
                "batch_stats batch_stats/mean",
                "batch_stats batch_stats/var"
            ]
        );
        let with_bias = DenseBn::init(
            Key::new(0),
            &Config {
                features: 3,
                use_bias: true,
            },
        )?;
        assert_eq!(with_bias.bias.map(|b| b.len()), Some(3));
        Ok(())
    }
}

/// The README's "Lifted transforms and compact names" example, as written there.
mod transforms {
    use fanin::ndarray::{Array1, Array2};
    use fanin::{Key, Params, Stacked};

    #[derive(Params)]
    #[params(compact)]
    #[init(p = normal().stddev(0.02))]
    pub struct Block {
        #[shape(8)]
        pub p: Array1<f32>,
        #[module(config = 8)]
        pub dense: Dense,
        #[module(config = 8, count = 2)]
        pub more: Vec<Dense>,
    }

    #[derive(Params)]
    #[params(config = usize)]
    #[init(kernel = lecun_normal(), bias = zeros_init())]
    pub struct Dense {
        #[shape(*cfg, *cfg)]
        pub kernel: Array2<f32>,
        #[shape(*cfg)]
        pub bias: Array1<f32>,
    }

    #[derive(Params)]
    #[params(config = usize, compact)]
    pub struct Model {
        #[module(scan = *cfg)]
        pub blocks: Stacked<Block>,
        #[module(vmap = 4)]
        pub heads: Stacked<Block>,
        #[module(remat)]
        pub saved: Block,
        #[module(jit)]
        pub fast: Block,
        #[module(config = 8, count = 3, names = index)]
        pub layers: Vec<Dense>,
    }

    #[test]
    fn readme_transforms_example_runs() -> fanin::Result<()> {
        let model = Model::init(Key::new(0), &6)?;
        assert_eq!(model.blocks.len(), 6);
        let first: Block = model.blocks.layer(0, &())?;
        assert_eq!(first.more.len(), 2);
        let mut seen = Vec::new();
        model.walk(&mut |p| seen.push((p.path.to_string(), p.view.shape().to_vec())));
        assert_eq!(
            seen[1],
            ("ScanBlock_0/Dense_0/kernel".to_string(), vec![6, 8, 8])
        );
        assert_eq!(seen[5].0, "ScanBlock_0/Dense_2/kernel");
        assert_eq!(seen[7].0, "VmapBlock_0/p");
        assert_eq!(seen[14].0, "CheckpointBlock_0/p");
        assert_eq!(seen[21].0, "JitBlock_0/p");
        assert_eq!(seen[28].0, "0/kernel");
        assert_eq!(seen.len(), 34);
        Ok(())
    }
}

/// The README's "Porting a Flax model" example, as written there.
mod porting {
    use fanin::init::zeros_init;
    use fanin::nn::{BatchNorm, BatchNormConfig, Conv, ConvConfig};
    use fanin::{Key, Params};

    pub struct BlockConfig {
        pub in_filters: usize,
        pub filters: usize,
        pub strides: usize,
    }

    impl BlockConfig {
        /// `residual.shape != y.shape`
        fn projects(&self) -> bool {
            self.in_filters != self.filters || self.strides != 1
        }
    }

    /// `partial(nn.Conv, use_bias=False)`
    fn conv(in_features: usize, features: usize, size: usize) -> ConvConfig {
        ConvConfig::new(in_features, features, [size, size]).use_bias(false)
    }

    #[derive(Params)]
    #[params(config = BlockConfig, compact)]
    pub struct ResNetBlock {
        #[module(config = conv(cfg.in_filters, cfg.filters, 3))]
        pub conv_0: Conv<f32>,
        #[module(config = BatchNormConfig::new([cfg.filters]))]
        pub norm_0: BatchNorm<f32>,
        #[module(config = conv(cfg.filters, cfg.filters, 3))]
        pub conv_1: Conv<f32>,
        #[module(config = BatchNormConfig::new([cfg.filters]).scale_init(zeros_init()))]
        pub norm_1: BatchNorm<f32>,
        #[when(cfg.projects())]
        #[module(name = "conv_proj", config = conv(cfg.in_filters, cfg.filters, 1))]
        pub conv_proj: Option<Conv<f32>>,
        #[when(cfg.projects())]
        #[module(name = "norm_proj", config = BatchNormConfig::new([cfg.filters]))]
        pub norm_proj: Option<BatchNorm<f32>>,
    }

    #[test]
    fn porting_example_runs_with_flax_names() -> fanin::Result<()> {
        let config = BlockConfig {
            in_filters: 4,
            filters: 8,
            strides: 2,
        };
        let block = ResNetBlock::init(Key::new(0), &config)?;
        let mut seen = Vec::new();
        block.walk(&mut |p| seen.push(format!("{} {} {:?}", p.collection, p.path, p.view.shape())));
        assert_eq!(seen[0], "params Conv_0/kernel [3, 3, 4, 8]");
        assert!(seen.contains(&"batch_stats batch_stats/BatchNorm_0/mean [8]".to_string()));
        assert!(seen.contains(&"params BatchNorm_1/scale [8]".to_string()));
        assert!(seen.contains(&"params norm_proj/bias [8]".to_string()));
        assert!(block
            .norm_1
            .scale
            .as_ref()
            .unwrap()
            .iter()
            .all(|&v| v == 0.0));
        Ok(())
    }
}
