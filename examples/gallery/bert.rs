//! Hugging Face's Flax BERT, ported: `FlaxBertModule` of github.com/huggingface/transformers
//! `src/transformers/models/bert/modeling_flax_bert.py`, declared with `#[derive(Params)]` and
//! `fanin::nn`. `FlaxBertModel(config, seed=s).params` are these params, bit for bit.
//!
//! `cargo run --release --example bert` prints the summary of bert-base-uncased's config and
//! initializes it.

use fanin::init::normal;
use fanin::nn::{Dense, DenseConfig, Embed, EmbedConfig, LayerNorm, LayerNormConfig};
use fanin::{Key, Params};

/// The fields of `transformers.BertConfig` that decide params.
#[derive(Clone, Debug)]
pub struct BertConfig {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    pub initializer_range: f64,
}

/// The config of `gallery_cases.py`.
pub fn tiny() -> BertConfig {
    BertConfig {
        vocab_size: 32,
        hidden_size: 16,
        num_hidden_layers: 2,
        intermediate_size: 32,
        max_position_embeddings: 16,
        ..bert_base_uncased()
    }
}

/// bert-base-uncased (`BertConfig()`'s defaults).
pub fn bert_base_uncased() -> BertConfig {
    BertConfig {
        vocab_size: 30522,
        hidden_size: 768,
        num_hidden_layers: 12,
        intermediate_size: 3072,
        max_position_embeddings: 512,
        type_vocab_size: 2,
        initializer_range: 0.02,
    }
}

/// `FlaxPreTrainedModel.__init__` makes `PRNGKey(seed)` and `init_weights` splits it into
/// `params` and `dropout` keys: the params take the first.
pub fn init_key(seed: u64) -> Key {
    Key::new(seed).split(2)[0]
}

/// `nn.Dense(features, kernel_init=normal(initializer_range))`.
fn dense(cfg: &BertConfig, in_features: usize, features: usize) -> DenseConfig {
    DenseConfig::new(in_features, features).kernel_init(normal().stddev(cfg.initializer_range))
}

/// `nn.Embed(num, hidden_size, embedding_init=normal(initializer_range))`.
fn embed(cfg: &BertConfig, num_embeddings: usize) -> EmbedConfig {
    EmbedConfig::new(num_embeddings, cfg.hidden_size)
        .embedding_init(normal().stddev(cfg.initializer_range))
}

fn layer_norm(cfg: &BertConfig) -> LayerNormConfig {
    LayerNormConfig::new([cfg.hidden_size])
}

#[derive(Params)]
#[params(config = BertConfig)]
#[allow(non_snake_case)]
pub struct FlaxBertEmbeddings {
    #[module(config = embed(cfg, cfg.vocab_size))]
    pub word_embeddings: Embed<f32>,
    #[module(config = embed(cfg, cfg.max_position_embeddings))]
    pub position_embeddings: Embed<f32>,
    #[module(config = embed(cfg, cfg.type_vocab_size))]
    pub token_type_embeddings: Embed<f32>,
    #[module(config = layer_norm(cfg))]
    pub LayerNorm: LayerNorm<f32>,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertSelfAttention {
    #[module(config = dense(cfg, cfg.hidden_size, cfg.hidden_size))]
    pub query: Dense<f32>,
    #[module(config = dense(cfg, cfg.hidden_size, cfg.hidden_size))]
    pub key: Dense<f32>,
    #[module(config = dense(cfg, cfg.hidden_size, cfg.hidden_size))]
    pub value: Dense<f32>,
}

/// `FlaxBertSelfOutput` and `FlaxBertOutput`: a Dense into `hidden_size`, then a LayerNorm.
#[derive(Params)]
#[params(config = (BertConfig, usize))]
#[allow(non_snake_case)]
pub struct FlaxBertOutput {
    #[module(config = dense(&cfg.0, cfg.1, cfg.0.hidden_size))]
    pub dense: Dense<f32>,
    #[module(config = layer_norm(&cfg.0))]
    pub LayerNorm: LayerNorm<f32>,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertAttention {
    #[module(name = "self", config = cfg.clone())]
    pub self_attention: FlaxBertSelfAttention,
    #[module(config = (cfg.clone(), cfg.hidden_size))]
    pub output: FlaxBertOutput,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertIntermediate {
    #[module(config = dense(cfg, cfg.hidden_size, cfg.intermediate_size))]
    pub dense: Dense<f32>,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertLayer {
    #[module(config = cfg.clone())]
    pub attention: FlaxBertAttention,
    #[module(config = cfg.clone())]
    pub intermediate: FlaxBertIntermediate,
    #[module(config = (cfg.clone(), cfg.intermediate_size))]
    pub output: FlaxBertOutput,
}

/// `FlaxBertLayerCollection`: layers named `"0"`, `"1"`, ... (`name=str(i)`).
#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertLayerCollection {
    #[module(config = cfg.clone(), count = cfg.num_hidden_layers, names = index)]
    pub layers: Vec<FlaxBertLayer>,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertEncoder {
    #[module(config = cfg.clone())]
    pub layer: FlaxBertLayerCollection,
}

#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertPooler {
    #[module(config = dense(cfg, cfg.hidden_size, cfg.hidden_size))]
    pub dense: Dense<f32>,
}

/// `FlaxBertModule` (`add_pooling_layer=True`): what `FlaxBertModel` holds.
#[derive(Params)]
#[params(config = BertConfig)]
pub struct FlaxBertModule {
    #[module(config = cfg.clone())]
    pub embeddings: FlaxBertEmbeddings,
    #[module(config = cfg.clone())]
    pub encoder: FlaxBertEncoder,
    #[module(config = cfg.clone())]
    pub pooler: FlaxBertPooler,
}

fn main() -> fanin::Result<()> {
    let config = bert_base_uncased();
    println!("{}", FlaxBertModule::summary(&config)?);
    let model = FlaxBertModule::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
