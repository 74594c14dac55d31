//! Writing a sharded checkpoint: each worker its files, worker 0 the index.

use std::path::Path;

use super::index::index_json;
use super::layout::{INDEX_FILE_NAME, SINGLE_FILE_NAME};
use super::{ShardLayout, ShardOptions};
use crate::io::atomic::AtomicFile;
use crate::io::safetensors::FlaxTaggedSafetensors;
use crate::io::save::write_refs;
use crate::io::stream::write_plan;
use crate::params::{ParamPlan, ParamRef, Scope};
use crate::{Error, Key, Params, Result};

/// Initializes the model of `config` with `key` straight into a sharded safetensors
/// checkpoint in the directory `dir` (created if needed), as Hugging Face lays one out:
/// files of at most [`ShardOptions::max_shard_bytes`] of tensors
/// (`model-00001-of-0000N.safetensors`, each with `{"format": "flax"}` metadata) and
/// `model.safetensors.index.json`; a model that fits one file is `model.safetensors` alone.
/// [`ShardLayout`] tells which tensors go where.
///
/// Each file is streamed as [`init_to_file`](crate::io::init_to_file) streams one (bounded
/// memory, atomic). With [`ShardOptions::worker`], this process writes only its own files
/// (and the index if it is worker 0): the files each tensor goes to are decided from the
/// plan alone, so `n` processes started with `worker(0, n)` .. `worker(n - 1, n)` write,
/// together, the same bytes as one process, with no communication. The checkpoint is
/// complete when every worker has finished. The writer of the index also removes files of
/// an earlier checkpoint in `dir` (`model-*-of-*.safetensors`, `model.safetensors`, the
/// index) that the new one does not have, as `huggingface_hub` does.
///
/// Returns the layout.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense { #[shape(32, 32)] kernel: Array2<f32>, #[shape(32)] bias: Array1<f32> }
///
/// #[derive(Params)]
/// struct Mlp { #[module] a: Dense, #[module] b: Dense, #[module] c: Dense }
///
/// let dir = std::env::temp_dir().join(format!("fanin-doc-sharded-{}", std::process::id()));
/// let options = io::ShardOptions::new().max_shard_bytes(5000);
/// let layout = io::init_to_sharded::<Mlp>(Key::new(0), &(), &dir, &options)?;
/// assert_eq!(layout.files.len(), 3);
/// assert!(dir.join("model.safetensors.index.json").exists());
/// let back: Mlp = io::load_sharded(&dir, &())?;
/// assert_eq!(back.c.kernel, Mlp::init(Key::new(0), &())?.c.kernel);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn init_to_sharded<M: Params>(
    key: Key,
    config: &M::Config,
    dir: impl AsRef<Path>,
    options: &ShardOptions,
) -> Result<ShardLayout> {
    let dir = dir.as_ref();
    let layout = ShardLayout::of::<M>(config, options)?;
    let mut plan: Vec<ParamPlan> = Vec::new();
    M::plan_at(
        &Scope::for_plan(options.options.settings()),
        config,
        &mut plan,
    )?;
    create_dir(dir)?;
    for file in layout.mine() {
        let part: Vec<ParamPlan> = file.members.iter().map(|&m| plan[m].clone()).collect();
        let path = dir.join(&file.name);
        write_plan(&FlaxTaggedSafetensors, &part, key, &path, &options.options)?;
    }
    finish(dir, &layout)?;
    Ok(layout)
}

/// Saves the params of `model` as a sharded safetensors checkpoint in `dir`: the same files,
/// index and bytes as [`init_to_sharded`] for the model's init (see it for the layout and
/// the workers).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array2;
///
/// #[derive(Params)]
/// #[init(embedding = normal())]
/// struct Embed { #[shape(100, 16)] embedding: Array2<f32> }
///
/// #[derive(Params)]
/// struct Model { #[module] tokens: Embed, #[module] positions: Embed }
///
/// let dir = std::env::temp_dir().join(format!("fanin-doc-save-sharded-{}", std::process::id()));
/// let model = Model::init(Key::new(0), &())?;
/// let layout = io::save_sharded(&model, &dir, &io::ShardOptions::new().max_shard_bytes(6400))?;
/// assert_eq!(layout.files[1].tensors, ["positions.embedding"]);
/// let back: Model = io::load_sharded(dir.join("model.safetensors.index.json"), &())?;
/// assert_eq!(back.positions.embedding, model.positions.embedding);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn save_sharded<M: Params>(
    model: &M,
    dir: impl AsRef<Path>,
    options: &ShardOptions,
) -> Result<ShardLayout> {
    let dir = dir.as_ref();
    options.check()?;
    let mut refs: Vec<ParamRef<'_>> = Vec::new();
    model.walk(&mut |r| refs.push(r));
    let tensors: Vec<(String, u64)> = refs
        .iter()
        .map(|r| {
            let bytes = r.view.len() as u64 * r.view.dtype().size() as u64;
            (r.path.join(&options.options.separator), bytes)
        })
        .collect();
    let layout = ShardLayout::assign(&tensors, options);
    create_dir(dir)?;
    for file in layout.mine() {
        let part: Vec<ParamRef<'_>> = file.members.iter().map(|&m| refs[m].clone()).collect();
        write_refs(
            &FlaxTaggedSafetensors,
            &part,
            &dir.join(&file.name),
            &options.options,
        )?;
    }
    finish(dir, &layout)?;
    Ok(layout)
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Worker 0 writes the index (if the checkpoint is sharded) and removes what an earlier
/// checkpoint left in `dir` that this one does not have.
fn finish(dir: &Path, layout: &ShardLayout) -> Result<()> {
    if layout.worker_index != 0 {
        return Ok(());
    }
    if layout.writes_index() {
        let path = dir.join(INDEX_FILE_NAME);
        let mut file = AtomicFile::create(&path)?;
        file.write_all(index_json(layout).as_bytes())?;
        file.commit()?;
    }
    remove_stale_files(dir, layout)
}

/// Removes the checkpoint files of `dir` (names Hugging Face's writers use) that `layout`
/// does not have.
fn remove_stale_files(dir: &Path, layout: &ShardLayout) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = layout.files.iter().any(|f| f.name == name)
            || (name == INDEX_FILE_NAME && layout.is_sharded());
        if !ours && is_checkpoint_file_name(name) {
            std::fs::remove_file(entry.path()).map_err(|source| Error::Io {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// `model.safetensors`, its index, or `model-DDDDD-of-DDDDD.safetensors`.
fn is_checkpoint_file_name(name: &str) -> bool {
    if name == SINGLE_FILE_NAME || name == INDEX_FILE_NAME {
        return true;
    }
    let Some(middle) = name
        .strip_prefix("model-")
        .and_then(|rest| rest.strip_suffix(".safetensors"))
    else {
        return false;
    };
    let digits = |s: &str| s.len() >= 5 && s.bytes().all(|b| b.is_ascii_digit());
    match middle.split_once("-of-") {
        Some((index, count)) => digits(index) && digits(count),
        None => false,
    }
}
