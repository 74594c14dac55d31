//! [`Stream`]: the count of flax.nnx's `RngStream`, shared by an NNX module and every
//! submodule built from the same `nnx.Rngs`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::Key;

/// The count of one NNX RNG stream. NNX's `rngs.params()` returns
/// `fold_in(stream_key, count)` and then advances the count, so a model's params take
/// `fold_in(key, 0), fold_in(key, 1), ...` in construction order, across submodules. The
/// generated code cannot count statically across submodules (an absent `#[when]` field draws
/// nothing), so the count lives here, at run time; clones share it.
///
/// ```
/// use fanin::params::Stream;
/// use fanin::Key;
///
/// let stream = Stream::new();
/// let shared = stream.clone();
/// assert_eq!(stream.next(), 0);
/// assert_eq!(shared.next(), 1);
/// assert_eq!(Stream::key(Key::new(0), 1), Key::new(0).fold_in(1));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Stream {
    count: Arc<AtomicU64>,
}

impl Stream {
    /// A stream at count 0 (a fresh `nnx.Rngs`, or a member of a `split_rngs` stack).
    pub fn new() -> Stream {
        Stream::default()
    }

    /// Takes the stream's count and advances it, as one `rngs.params()` call does.
    pub fn next(&self) -> u64 {
        self.count.fetch_add(1, Ordering::Relaxed)
    }

    /// The key NNX draws at `count` from a stream whose key is `stream_key`:
    /// `jax.random.fold_in(stream_key, count)` (the count is a `uint32`).
    pub fn key(stream_key: Key, count: u64) -> Key {
        stream_key.fold_in(count as u32)
    }
}
