//! flax's ImageNet ResNet, ported: `ResNet18` (and `ResNet34`) of github.com/google/flax
//! `examples/imagenet/models.py` (ResNet v1.5 with BatchNorm), declared with
//! `#[derive(Params)]` and `fanin::nn`. Its params and batch stats are the upstream model's,
//! bit for bit.
//!
//! `cargo run --release --example resnet` prints the summary of ResNet18 on ImageNet (1000
//! classes, 64 filters) and initializes it.

use fanin::init::zeros_init;
use fanin::nn::{BatchNorm, BatchNormConfig, Conv, ConvConfig, Dense, DenseConfig};
use fanin::{Key, Params};

/// `ResNet(stage_sizes=.., num_classes=.., num_filters=..)` on images of `channels` channels.
#[derive(Clone, Debug)]
pub struct ResNetConfig {
    /// Blocks per stage, each at least 1: `[2, 2, 2, 2]` is ResNet18, `[3, 4, 6, 3]` ResNet34.
    pub stage_sizes: [usize; 4],
    pub num_classes: usize,
    pub num_filters: usize,
    pub channels: usize,
}

/// The config of `gallery_cases.py`: ResNet18, widths 4-8-16-32, 10 classes.
pub fn tiny() -> ResNetConfig {
    ResNetConfig {
        stage_sizes: [2, 2, 2, 2],
        num_classes: 10,
        num_filters: 4,
        channels: 3,
    }
}

/// ResNet18 on ImageNet.
pub fn imagenet() -> ResNetConfig {
    ResNetConfig {
        stage_sizes: [2, 2, 2, 2],
        num_classes: 1000,
        num_filters: 64,
        channels: 3,
    }
}

/// `model.init(PRNGKey(seed), images)` takes the key as it is.
pub fn init_key(seed: u64) -> Key {
    Key::new(seed)
}

/// A `ResNetBlock`'s sizes: its input's channels, its `filters`, and whether it strides.
#[derive(Clone, Debug)]
pub struct BlockConfig {
    pub in_filters: usize,
    pub filters: usize,
    pub strides: usize,
}

impl BlockConfig {
    /// Flax's `residual.shape != y.shape`: the shortcut needs a projection.
    fn projects(&self) -> bool {
        self.in_filters != self.filters || self.strides != 1
    }
}

/// `conv = partial(nn.Conv, use_bias=False)`.
fn conv(in_features: usize, features: usize, size: usize) -> ConvConfig {
    ConvConfig::new(in_features, features, [size, size]).use_bias(false)
}

/// `ResNetBlock`: two 3x3 convs with BatchNorms (the second's scale starts at zero), and a
/// projected shortcut when the shape changes.
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

/// The first block of stage `stage` (`first`) or one of the others: from the second stage on,
/// a stage starts by doubling the filters with stride 2.
fn block(cfg: &ResNetConfig, stage: usize, first: bool) -> BlockConfig {
    let filters = cfg.num_filters << stage;
    let widens = first && stage > 0;
    BlockConfig {
        in_filters: if widens { filters / 2 } else { filters },
        filters,
        strides: if widens { 2 } else { 1 },
    }
}

/// `ResNet(stage_sizes, block_cls=ResNetBlock)` with four stages (ResNet18, ResNet34). Its
/// `@nn.compact` names the blocks `ResNetBlock_0`, `ResNetBlock_1`, ... across stages, as
/// `#[params(compact)]` does across these lists.
#[derive(Params)]
#[params(config = ResNetConfig, compact)]
pub struct ResNet {
    #[module(name = "conv_init", config = conv(cfg.channels, cfg.num_filters, 7))]
    pub conv_init: Conv<f32>,
    #[module(name = "bn_init", config = BatchNormConfig::new([cfg.num_filters]))]
    pub bn_init: BatchNorm<f32>,
    #[module(config = block(cfg, 0, false), count = cfg.stage_sizes[0])]
    pub stage_1: Vec<ResNetBlock>,
    #[module(config = block(cfg, 1, true))]
    pub stage_2_first: ResNetBlock,
    #[module(config = block(cfg, 1, false), count = cfg.stage_sizes[1].saturating_sub(1))]
    pub stage_2: Vec<ResNetBlock>,
    #[module(config = block(cfg, 2, true))]
    pub stage_3_first: ResNetBlock,
    #[module(config = block(cfg, 2, false), count = cfg.stage_sizes[2].saturating_sub(1))]
    pub stage_3: Vec<ResNetBlock>,
    #[module(config = block(cfg, 3, true))]
    pub stage_4_first: ResNetBlock,
    #[module(config = block(cfg, 3, false), count = cfg.stage_sizes[3].saturating_sub(1))]
    pub stage_4: Vec<ResNetBlock>,
    #[module(config = DenseConfig::new(cfg.num_filters << 3, cfg.num_classes))]
    pub head: Dense<f32>,
}

fn main() -> fanin::Result<()> {
    let config = imagenet();
    println!("{}", ResNet::summary(&config)?);
    let model = ResNet::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
