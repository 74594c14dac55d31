//! flax's seq2seq example, ported: `Seq2seq` of github.com/google/flax
//! `examples/seq2seq/models.py` (an LSTM encoder and an LSTM decoder that adds numbers),
//! declared with `#[derive(Params)]` and `fanin::nn`. Its params are the upstream model's, bit
//! for bit (the orthogonal recurrent kernels within 1e-5).
//!
//! `cargo run --release --example seq2seq` prints the summary of the example's own config
//! (hidden size 512, 15 symbols) and initializes it.
//!
//! The cells are made in `Seq2seq`'s compact `__call__` and only handed to `nn.RNN`, so Flax
//! names them as children of `Seq2seq` (`LSTMCell_0`, `DecoderLSTMCell_0`), not of the RNNs
//! `encoder` and `decoder`; and since the RNNs broadcast the params (`split_rngs={'params':
//! False}`), the cells initialize as if called directly. A Flax LSTMCell takes its hidden size
//! from the carry, so the decoder's cell is as wide as the encoder's.

use fanin::nn::{Dense, DenseConfig, LSTMCell, LSTMCellConfig};
use fanin::{Key, Params};

/// The sizes that decide params: `Seq2seq(hidden_size=.., vocab_size=..)`.
#[derive(Clone, Debug)]
pub struct Seq2seqConfig {
    pub hidden_size: usize,
    pub vocab_size: usize,
}

/// The config of `gallery_cases.py`.
pub fn tiny() -> Seq2seqConfig {
    Seq2seqConfig {
        hidden_size: 8,
        vocab_size: 6,
    }
}

/// train.py's: `hidden_size=512`, and the vocabulary of "0123456789+= " plus padding and EOS.
pub fn addition() -> Seq2seqConfig {
    Seq2seqConfig {
        hidden_size: 512,
        vocab_size: 15,
    }
}

/// train.py's `get_initial_params` splits the key into the `params` and `lstm` keys.
pub fn init_key(seed: u64) -> Key {
    Key::new(seed).split(2)[0]
}

/// `DecoderLSTMCell`: an LSTMCell on one-hot tokens, then the logits' Dense.
#[derive(Params)]
#[params(config = Seq2seqConfig, compact)]
pub struct DecoderLSTMCell {
    #[module(config = LSTMCellConfig::new(cfg.vocab_size, cfg.hidden_size))]
    pub lstm: LSTMCell<f32>,
    #[module(config = DenseConfig::new(cfg.hidden_size, cfg.vocab_size))]
    pub logits: Dense<f32>,
}

/// `Seq2seq`: the encoder's cell and the decoder's.
#[derive(Params)]
#[params(config = Seq2seqConfig, compact)]
pub struct Seq2seq {
    #[module(config = LSTMCellConfig::new(cfg.vocab_size, cfg.hidden_size))]
    pub encoder: LSTMCell<f32>,
    #[module(config = cfg.clone())]
    pub decoder: DecoderLSTMCell,
}

fn main() -> fanin::Result<()> {
    let config = addition();
    println!("{}", Seq2seq::summary(&config)?);
    let model = Seq2seq::init(init_key(0), &config)?;
    println!("parameters: {}", model.param_count());
    Ok(())
}
