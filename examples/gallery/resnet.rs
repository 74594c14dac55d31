//! flax's ImageNet ResNet, ported: `ResNet18` of github.com/google/flax
//! `examples/imagenet/models.py` (ResNet v1.5 with BatchNorm), declared with
//! `#[derive(Params)]` and `fanin::nn`. Its params and batch stats are the upstream model's,
//! bit for bit.
//!
//! `cargo run --release --example resnet` prints the summary of ResNet18 on ImageNet (1000
//! classes, 64 filters) and initializes it.

use fanin::init::zeros_init;
use fanin::nn::{BatchNorm, BatchNormConfig, Conv, ConvConfig, Dense, DenseConfig};
use fanin::{Key, Params};

/// `ResNet18(num_classes=.., num_filters=..)` on images of `channels` channels.
#[derive(Clone, Debug)]
pub struct ResNetConfig {
    pub num_classes: usize,
    pub num_filters: usize,
    pub channels: usize,
}

/// The config of `gallery_cases.py`.
pub fn tiny() -> ResNetConfig {
    ResNetConfig {
        num_classes: 10,
        num_filters: 4,
        channels: 3,
    }
}

/// ResNet18 on ImageNet.
pub fn imagenet() -> ResNetConfig {
    ResNetConfig {
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
#[params(config = BlockConfig)]
pub struct ResNetBlock {
    #[module(name = "Conv_0", config = conv(cfg.in_filters, cfg.filters, 3))]
    pub conv_0: Conv<f32>,
    #[module(name = "BatchNorm_0", config = BatchNormConfig::new([cfg.filters]))]
    pub norm_0: BatchNorm<f32>,
    #[module(name = "Conv_1", config = conv(cfg.filters, cfg.filters, 3))]
    pub conv_1: Conv<f32>,
    #[module(name = "BatchNorm_1", config = BatchNormConfig::new([cfg.filters]).scale_init(zeros_init()))]
    pub norm_1: BatchNorm<f32>,
    #[when(cfg.projects())]
    #[module(config = conv(cfg.in_filters, cfg.filters, 1))]
    pub conv_proj: Option<Conv<f32>>,
    #[when(cfg.projects())]
    #[module(config = BatchNormConfig::new([cfg.filters]))]
    pub norm_proj: Option<BatchNorm<f32>>,
}

/// Block `j` of stage `i` (ResNet18: two per stage; stages after the first start by
/// doubling the filters with stride 2).
fn block(cfg: &ResNetConfig, stage: usize, j: usize) -> BlockConfig {
    let filters = cfg.num_filters << stage;
    let first = j == 0 && stage > 0;
    BlockConfig {
        in_filters: if first { filters / 2 } else { filters },
        filters,
        strides: if first { 2 } else { 1 },
    }
}

/// `ResNet(stage_sizes=[2, 2, 2, 2], block_cls=ResNetBlock)`.
#[derive(Params)]
#[params(config = ResNetConfig)]
pub struct ResNet {
    #[module(config = conv(cfg.channels, cfg.num_filters, 7))]
    pub conv_init: Conv<f32>,
    #[module(config = BatchNormConfig::new([cfg.num_filters]))]
    pub bn_init: BatchNorm<f32>,
    #[module(name = "ResNetBlock_0", config = block(cfg, 0, 0))]
    pub block_0: ResNetBlock,
    #[module(name = "ResNetBlock_1", config = block(cfg, 0, 1))]
    pub block_1: ResNetBlock,
    #[module(name = "ResNetBlock_2", config = block(cfg, 1, 0))]
    pub block_2: ResNetBlock,
    #[module(name = "ResNetBlock_3", config = block(cfg, 1, 1))]
    pub block_3: ResNetBlock,
    #[module(name = "ResNetBlock_4", config = block(cfg, 2, 0))]
    pub block_4: ResNetBlock,
    #[module(name = "ResNetBlock_5", config = block(cfg, 2, 1))]
    pub block_5: ResNetBlock,
    #[module(name = "ResNetBlock_6", config = block(cfg, 3, 0))]
    pub block_6: ResNetBlock,
    #[module(name = "ResNetBlock_7", config = block(cfg, 3, 1))]
    pub block_7: ResNetBlock,
    #[module(name = "Dense_0", config = DenseConfig::new(cfg.num_filters << 3, cfg.num_classes))]
    pub head: Dense<f32>,
}

fn main() -> fanin::Result<()> {
    let config = imagenet();
    println!("{}", ResNet::summary(&config)?);
    let model = ResNet::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
