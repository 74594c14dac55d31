//! [`ShardOptions`]: the size cap of a sharded checkpoint's files, which worker this process
//! is, and the [`Options`] of each file.

use crate::io::Options;
use crate::{Error, Result};

/// The size cap of `huggingface_hub`'s `split_torch_state_dict_into_shards` by default:
/// 5 GB (decimal).
///
/// ```
/// assert_eq!(fanin::io::DEFAULT_MAX_SHARD_BYTES, fanin::io::ShardOptions::new().max_shard_bytes);
/// ```
pub const DEFAULT_MAX_SHARD_BYTES: u64 = 5_000_000_000;

/// Options of [`init_to_sharded`](crate::io::init_to_sharded) and
/// [`save_sharded`](crate::io::save_sharded): the most tensor bytes a file holds (a tensor
/// bigger than that gets a file of its own; tensors are never split), which worker of how
/// many this process is, and the [`Options`] every file is written with.
///
/// ```
/// use fanin::io::{Options, Progress, ShardOptions};
/// let options = ShardOptions::new()
///     .max_shard_bytes(2_000_000_000)
///     .worker(3, 8)
///     .options(Options::new().progress(Progress::Never));
/// assert_eq!(options.max_shard_bytes, 2_000_000_000);
/// assert_eq!((options.worker_index, options.worker_count), (3, 8));
/// assert_eq!(ShardOptions::default().max_shard_bytes, 5_000_000_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardOptions {
    /// The most tensor bytes (headers aside) in one file; 5 GB by default, as Hugging Face's.
    pub max_shard_bytes: u64,
    /// Which worker this process is, from 0.
    pub worker_index: usize,
    /// How many workers share the writing; 1 (this process writes every file) by default.
    pub worker_count: usize,
    /// The separator of tensor names, the chunk size, the progress bar and the JAX run
    /// reproduced, for every file.
    pub options: Options,
}

impl Default for ShardOptions {
    fn default() -> ShardOptions {
        ShardOptions {
            max_shard_bytes: DEFAULT_MAX_SHARD_BYTES,
            worker_index: 0,
            worker_count: 1,
            options: Options::default(),
        }
    }
}

impl ShardOptions {
    /// The defaults: 5 GB files, one worker, [`Options::default`].
    ///
    /// ```
    /// assert_eq!(fanin::io::ShardOptions::new(), fanin::io::ShardOptions::default());
    /// ```
    pub fn new() -> ShardOptions {
        ShardOptions::default()
    }

    /// Caps the tensor bytes of a file (Hugging Face's `max_shard_size`, in bytes).
    ///
    /// ```
    /// assert_eq!(fanin::io::ShardOptions::new().max_shard_bytes(1 << 30).max_shard_bytes, 1 << 30);
    /// ```
    pub fn max_shard_bytes(mut self, bytes: u64) -> ShardOptions {
        self.max_shard_bytes = bytes;
        self
    }

    /// Makes this process worker `index` of `count`: it writes only its files (file `i`
    /// belongs to worker `i % count`), and worker 0 also writes the index. The `count` runs
    /// together write the same bytes as one run with one worker.
    ///
    /// ```
    /// let options = fanin::io::ShardOptions::new().worker(1, 4);
    /// assert_eq!((options.worker_index, options.worker_count), (1, 4));
    /// ```
    pub fn worker(mut self, index: usize, count: usize) -> ShardOptions {
        self.worker_index = index;
        self.worker_count = count;
        self
    }

    /// Sets the [`Options`] of every file.
    ///
    /// ```
    /// use fanin::io::{Options, ShardOptions};
    /// let options = ShardOptions::new().options(Options::new().separator("/"));
    /// assert_eq!(options.options.separator, "/");
    /// ```
    pub fn options(mut self, options: Options) -> ShardOptions {
        self.options = options;
        self
    }

    /// Refuses a cap of 0 and a worker index not below the count.
    pub(crate) fn check(&self) -> Result<()> {
        if self.max_shard_bytes == 0 {
            return Err(Error::invalid(
                "max_shard_bytes is 0: give the most tensor bytes a file may hold (Hugging Face's default is 5 GB)",
            ));
        }
        if self.worker_index >= self.worker_count {
            return Err(Error::invalid(format!(
                "worker {} of {}: the worker index must be below the count (workers are numbered from 0)",
                self.worker_index, self.worker_count
            )));
        }
        Ok(())
    }
}
