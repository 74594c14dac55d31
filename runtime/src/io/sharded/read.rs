//! Reading a sharded checkpoint back: the index, then every file it names, each tensor
//! found once, in the file the index says.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::index::read_weight_map;
use super::layout::{INDEX_FILE_NAME, SINGLE_FILE_NAME};
use crate::io::format::{Reader, StoredTensor};
use crate::io::load::{load_from, load_source, FileSource};
use crate::io::paths::open_regular;
use crate::io::safetensors::Safetensors;
use crate::io::Options;
use crate::{Error, Params, Result};

/// Loads a model from a Hugging Face sharded safetensors checkpoint: `path` is its index
/// (`model.safetensors.index.json`) or the directory holding it (or, when the directory has
/// no index, its `model.safetensors`), such as [`init_to_sharded`](crate::io::init_to_sharded)
/// and transformers' `save_pretrained` write.
///
/// Every file the index names is opened and its header read before any tensor is: a file
/// that is missing is an [`Error::Io`]; a tensor the index puts in a file that does not have
/// it, a tensor stored in a file the index does not give it (in two files, or in none), are
/// [`Error::Format`]s; then the tensors are checked against the model as
/// [`load`](crate::io::load) checks a file's ([`Error::Mismatch`]).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(scale = ones_init(), bias = zeros_init())]
/// struct Norm { #[shape(1000)] scale: Array1<f32>, #[shape(1000)] bias: Array1<f32> }
///
/// let dir = std::env::temp_dir().join(format!("fanin-doc-load-sharded-{}", std::process::id()));
/// io::init_to_sharded::<Norm>(Key::new(0), &(), &dir, &io::ShardOptions::new().max_shard_bytes(4000))?;
/// let back: Norm = io::load_sharded(&dir, &())?;
/// assert_eq!(back.scale.sum(), 1000.0);
/// std::fs::remove_file(dir.join("model-00002-of-00002.safetensors")).unwrap();
/// assert!(matches!(io::load_sharded::<Norm>(&dir, &()), Err(fanin::Error::Io { .. })));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_sharded<M: Params>(path: impl AsRef<Path>, config: &M::Config) -> Result<M> {
    load_sharded_with(path, config, &Options::default())
}

/// [`load_sharded`] with [`Options`]: the separator of tensor names, and the options of
/// checkpoints made elsewhere as [`load_with`](crate::io::load_with) applies them (renames,
/// extra tensors, partial loads).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Bias { #[shape(4)] bias: Array1<f32> }
///
/// #[derive(Params)]
/// struct Model { #[module] a: Bias, #[module] b: Bias }
///
/// let dir = std::env::temp_dir().join(format!("fanin-doc-load-sharded-with-{}", std::process::id()));
/// let slash = io::Options::new().separator("/");
/// let options = io::ShardOptions::new().max_shard_bytes(16).options(slash.clone());
/// io::init_to_sharded::<Model>(Key::new(0), &(), &dir, &options)?;
/// let back: Model = io::load_sharded_with(&dir, &(), &slash)?;     // tensors "a/bias", "b/bias"
/// assert_eq!(back.b.bias.len(), 4);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_sharded_with<M: Params>(
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    let path = path.as_ref();
    let index = if path.is_dir() {
        let index = path.join(INDEX_FILE_NAME);
        if !index.exists() && path.join(SINGLE_FILE_NAME).exists() {
            return load_from(&Safetensors, &path.join(SINGLE_FILE_NAME), config, options);
        }
        index
    } else {
        path.to_path_buf()
    };
    let source = open_sharded(&Safetensors, &index, options)?;
    load_source(source, config, options).map(|(model, _)| model)
}

/// Opens the files the index at `index` names, with every tensor checked to lie where the
/// index says.
fn open_sharded(format: &dyn Reader, index: &Path, options: &Options) -> Result<FileSource> {
    let (mut file, _) = open_regular(index)?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).map_err(|source| Error::Io {
        path: index.to_path_buf(),
        source,
    })?;
    let weight_map = read_weight_map(index, &text)?;
    let dir = match index.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // File names in a stable order, each with the tensors the index puts in it.
    let mut by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (tensor, file) in &weight_map {
        by_file
            .entry(file.as_str())
            .or_default()
            .push(tensor.as_str());
    }
    let wanted: HashMap<&str, &str> = weight_map
        .iter()
        .map(|(t, f)| (t.as_str(), f.as_str()))
        .collect();
    // Every file first: a missing one is reported as such, before what it would hold.
    let mut files = Vec::with_capacity(by_file.len());
    let mut headers = Vec::with_capacity(by_file.len());
    for name in by_file.keys() {
        let shard_path = dir.join(name);
        let (mut shard, len) = open_regular(&shard_path)?;
        headers.push(format.index(&mut shard, &shard_path, len)?);
        files.push((shard_path, shard));
    }
    for ((name, listed), stored) in by_file.iter().zip(&headers) {
        let found: HashSet<&str> = stored.iter().map(|t| t.name.as_str()).collect();
        if let Some(absent) = listed.iter().find(|t| !found.contains(*t)) {
            return Err(Error::Format(format!(
                "{}: the index puts `{absent}` in {name}, which has no such tensor",
                index.display()
            )));
        }
    }
    let mut tensors: Vec<(StoredTensor, usize)> = Vec::with_capacity(weight_map.len());
    for (position, (name, stored)) in by_file.keys().zip(headers).enumerate() {
        for t in &stored {
            match wanted.get(t.name.as_str()) {
                Some(&file) if file == *name => {}
                Some(&file) => {
                    return Err(Error::Format(format!(
                        "{}: `{}` is stored in {name} and in {file}, where the index puts it; a tensor must be in one file",
                        index.display(),
                        t.name
                    )))
                }
                None => {
                    return Err(Error::Format(format!(
                        "{}: {name} holds `{}`, which the index does not name",
                        index.display(),
                        t.name
                    )))
                }
            }
        }
        tensors.extend(stored.into_iter().map(|t| (t, position)));
    }
    FileSource::from_files(index, files, tensors, options)
}
