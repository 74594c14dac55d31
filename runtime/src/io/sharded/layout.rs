//! [`ShardLayout`]: which tensors go to which file of a sharded checkpoint, decided from the
//! tensors' names and sizes alone, as Hugging Face's `split_state_dict_into_shards_factory`
//! decides it.

use super::ShardOptions;
use crate::params::ParamPlan;
use crate::{Params, Result};

/// The name of a checkpoint in one file.
///
/// ```
/// assert_eq!(fanin::io::SINGLE_FILE_NAME, "model.safetensors");
/// ```
pub const SINGLE_FILE_NAME: &str = "model.safetensors";

/// The name of a sharded checkpoint's index.
///
/// ```
/// assert_eq!(fanin::io::INDEX_FILE_NAME, "model.safetensors.index.json");
/// ```
pub const INDEX_FILE_NAME: &str = "model.safetensors.index.json";

/// The files of a sharded checkpoint: which tensors each holds and which worker writes it.
///
/// The tensors are taken in the model's declaration order ([`Params::plan`]) and assigned
/// as `huggingface_hub.split_state_dict_into_shards_factory` assigns a state dict's: a tensor
/// goes to the current file unless it would take it over the cap, which then closes; a tensor
/// bigger than the cap gets a file of its own, placed when it is met (the current file stays
/// open for the tensors after it). Files are named `model-00001-of-0000N.safetensors`, or
/// `model.safetensors` when there is only one (then no index is written, as transformers'
/// `save_pretrained` does). A model without params is one empty `model.safetensors`.
///
/// ```
/// use fanin::io::{ShardLayout, ShardOptions};
/// use fanin::{Params, ndarray::{Array1, Array2}};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense { #[shape(64, 64)] kernel: Array2<f32>, #[shape(64)] bias: Array1<f32> }
///
/// #[derive(Params)]
/// struct Mlp { #[module] a: Dense, #[module] b: Dense }
///
/// // Each kernel is 16384 bytes, each bias 256.
/// let layout = ShardLayout::of::<Mlp>(&(), &ShardOptions::new().max_shard_bytes(20_000).worker(1, 2))?;
/// let names: Vec<&str> = layout.files.iter().map(|f| f.name.as_str()).collect();
/// assert_eq!(names, ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
/// assert_eq!(layout.files[1].tensors, ["b.kernel", "b.bias"]);
/// assert_eq!(layout.total_size, 2 * (16384 + 256));
/// assert_eq!(layout.mine().count(), 1);                   // worker 1 writes file 2
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardLayout {
    /// The files, in order.
    pub files: Vec<ShardFile>,
    /// The bytes of all tensors' data (the index's `metadata.total_size`).
    pub total_size: u64,
    /// The worker the layout was made for ([`ShardOptions::worker`]).
    pub worker_index: usize,
}

/// One file of a [`ShardLayout`].
///
/// ```
/// use fanin::io::{ShardLayout, ShardOptions};
/// use fanin::{Params, ndarray::Array1};
///
/// #[derive(Params)]
/// #[init(a = zeros_init(), b = zeros_init())]
/// struct Two { #[shape(100)] a: Array1<f32>, #[shape(100)] b: Array1<f32> }
///
/// let layout = ShardLayout::of::<Two>(&(), &ShardOptions::new().max_shard_bytes(400))?;
/// let file = &layout.files[1];
/// assert_eq!((file.name.as_str(), file.bytes, file.worker), ("model-00002-of-00002.safetensors", 400, 0));
/// assert_eq!(file.tensors, ["b"]);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardFile {
    /// Its name in the checkpoint's directory.
    pub name: String,
    /// The names of its tensors, in the order they were assigned.
    pub tensors: Vec<String>,
    /// The bytes of its tensors' data.
    pub bytes: u64,
    /// The worker that writes it.
    pub worker: usize,
    /// The positions of its tensors in the model's list of params (plan or walk order).
    pub(crate) members: Vec<usize>,
}

impl ShardLayout {
    /// The layout of the model of `config` under `options` (the cap, the workers, the
    /// separator of names): an error for a cap of 0 or a worker index not below the count.
    ///
    /// ```
    /// use fanin::io::{ShardLayout, ShardOptions};
    /// use fanin::{Params, ndarray::Array1};
    ///
    /// #[derive(Params)]
    /// #[init(a = zeros_init(), b = zeros_init(), c = zeros_init())]
    /// struct Three { #[shape(100)] a: Array1<f32>, #[shape(100)] b: Array1<f32>, #[shape(100)] c: Array1<f32> }
    ///
    /// let layout = ShardLayout::of::<Three>(&(), &ShardOptions::new().max_shard_bytes(800))?;
    /// assert_eq!(layout.files[0].tensors, ["a", "b"]);
    /// assert!(ShardLayout::of::<Three>(&(), &ShardOptions::new().max_shard_bytes(0)).is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn of<M: Params>(config: &M::Config, options: &ShardOptions) -> Result<ShardLayout> {
        options.check()?;
        let plan: Vec<ParamPlan> = M::plan(config)?;
        let tensors: Vec<(String, u64)> = plan
            .iter()
            .map(|p| (p.path.join(&options.options.separator), p.nbytes() as u64))
            .collect();
        Ok(ShardLayout::assign(&tensors, options))
    }

    /// The layout of tensors given as names and byte sizes, in order.
    pub(crate) fn assign(tensors: &[(String, u64)], options: &ShardOptions) -> ShardLayout {
        let groups = split_like_hugging_face(tensors.iter().map(|t| t.1), options.max_shard_bytes);
        let count = groups.len();
        let files = groups
            .into_iter()
            .enumerate()
            .map(|(i, members)| ShardFile {
                name: shard_file_name(i, count),
                tensors: members.iter().map(|&m| tensors[m].0.clone()).collect(),
                bytes: members.iter().map(|&m| tensors[m].1).sum(),
                worker: i % options.worker_count,
                members,
            })
            .collect();
        ShardLayout {
            files,
            total_size: tensors.iter().map(|t| t.1).sum(),
            worker_index: options.worker_index,
        }
    }

    /// Whether the checkpoint has several files (and so an index).
    ///
    /// ```
    /// use fanin::io::{ShardLayout, ShardOptions};
    /// use fanin::{Params, ndarray::Array1};
    ///
    /// #[derive(Params)]
    /// #[init(a = zeros_init(), b = zeros_init(), c = zeros_init())]
    /// struct Three { #[shape(100)] a: Array1<f32>, #[shape(100)] b: Array1<f32>, #[shape(100)] c: Array1<f32> }
    ///
    /// assert!(ShardLayout::of::<Three>(&(), &ShardOptions::new().max_shard_bytes(800))?.is_sharded());
    /// assert!(!ShardLayout::of::<Three>(&(), &ShardOptions::new())?.is_sharded());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn is_sharded(&self) -> bool {
        self.files.len() > 1
    }

    /// The files this layout's worker writes.
    ///
    /// ```
    /// use fanin::io::{ShardLayout, ShardOptions};
    /// use fanin::{Params, ndarray::Array1};
    ///
    /// #[derive(Params)]
    /// #[init(a = zeros_init(), b = zeros_init(), c = zeros_init())]
    /// struct Three { #[shape(100)] a: Array1<f32>, #[shape(100)] b: Array1<f32>, #[shape(100)] c: Array1<f32> }
    ///
    /// let options = ShardOptions::new().max_shard_bytes(400).worker(1, 2);
    /// let layout = ShardLayout::of::<Three>(&(), &options)?;
    /// let mine: Vec<&str> = layout.mine().map(|f| f.name.as_str()).collect();
    /// assert_eq!(mine, ["model-00002-of-00003.safetensors"]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn mine(&self) -> impl Iterator<Item = &ShardFile> {
        self.files.iter().filter(|f| f.worker == self.worker_index)
    }

    /// Whether this layout's worker writes the index (worker 0, when there is one).
    ///
    /// ```
    /// use fanin::io::{ShardLayout, ShardOptions};
    /// use fanin::{Params, ndarray::Array1};
    ///
    /// #[derive(Params)]
    /// #[init(a = zeros_init(), b = zeros_init(), c = zeros_init())]
    /// struct Three { #[shape(100)] a: Array1<f32>, #[shape(100)] b: Array1<f32>, #[shape(100)] c: Array1<f32> }
    ///
    /// let worker = |k| ShardOptions::new().max_shard_bytes(400).worker(k, 2);
    /// assert!(ShardLayout::of::<Three>(&(), &worker(0))?.writes_index());
    /// assert!(!ShardLayout::of::<Three>(&(), &worker(1))?.writes_index());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn writes_index(&self) -> bool {
        self.worker_index == 0 && self.is_sharded()
    }
}

/// `model-00001-of-00003.safetensors` for file 0 of 3; `model.safetensors` for one file.
fn shard_file_name(index: usize, count: usize) -> String {
    if count == 1 {
        SINGLE_FILE_NAME.to_string()
    } else {
        format!("model-{:05}-of-{count:05}.safetensors", index + 1)
    }
}

/// Groups of positions in `sizes`, as `split_state_dict_into_shards_factory` forms them; at
/// least one group (empty for no tensors).
fn split_like_hugging_face(sizes: impl Iterator<Item = u64>, cap: u64) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut current = Vec::new();
    let mut current_size = 0u64;
    for (i, size) in sizes.enumerate() {
        if size > cap {
            groups.push(vec![i]);
            continue;
        }
        if current_size + size > cap {
            groups.push(std::mem::take(&mut current));
            current_size = 0;
        }
        current.push(i);
        current_size += size;
    }
    if !current.is_empty() || groups.is_empty() {
        groups.push(current);
    }
    groups
}
