//! [`load`]: a model from a safetensors file, every name, dtype and shape checked against the
//! struct and its config.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::format::{Reader, StoredTensor};
use super::paths::open_regular;
use super::safetensors::Safetensors;
use super::Options;
use crate::alloc::try_zeroed_vec;
use crate::params::{ParamPath, TensorData, TensorSource};
use crate::{Error, Params, Result};

/// Problems listed by name in one error; the rest are counted.
const LISTED_PROBLEMS: usize = 20;

/// Loads a model saved by [`save`](crate::io::save) (or any safetensors file whose tensors
/// are named by Flax paths joined by `.`, such as `safetensors.flax.save_file` of a
/// flattened param dict), for `config`.
///
/// Every tensor is checked against the model before any is read: a param with no tensor
/// (missing), a tensor no param takes (extra), and a tensor of another dtype or shape are
/// each named in one [`Error::Mismatch`]. A file that is not safetensors, or that is
/// truncated, is an [`Error::Format`]; an unreadable one an [`Error::Io`]. Memory: the model,
/// plus one tensor's bytes at a time.
///
/// ```
/// use fanin::{io, Error, Key, Params};
/// use fanin::ndarray::Array2;
///
/// #[derive(Params)]
/// #[params(config = usize)]
/// #[init(kernel = lecun_normal())]
/// struct Dense { #[shape(*cfg, 2)] kernel: Array2<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-load-{}.safetensors", std::process::id()));
/// io::save(&Dense::init(Key::new(0), &3)?, &path)?;
/// assert_eq!(io::load::<Dense>(&path, &3)?.kernel.shape(), &[3, 2]);
/// match io::load::<Dense>(&path, &4) {
///     Err(Error::Mismatch(message)) => assert!(message.contains("`kernel`"), "{message}"),
///     other => panic!("{:?}", other.map(|_| ())),
/// }
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load<M: Params>(path: impl AsRef<Path>, config: &M::Config) -> Result<M> {
    load_with(path, config, &Options::default())
}

/// [`load`] with [`Options`] (the separator of tensor names; the other options do not apply).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f64> }
///
/// #[derive(Params)]
/// struct Model { #[module] dense: Dense }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-load-with-{}.safetensors", std::process::id()));
/// let slash = io::Options::new().separator("/");
/// io::save_with(&Model::init(Key::new(0), &())?, &path, &slash)?;
/// assert_eq!(io::load_with::<Model>(&path, &(), &slash)?.dense.bias.len(), 2);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_with<M: Params>(
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    load_from(&Safetensors, path.as_ref(), config, options)
}

/// [`load_with`] in any format.
pub(crate) fn load_from<M: Params>(
    format: &dyn Reader,
    path: &Path,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    let source = FileSource::open(format, path, &options.separator)?;
    load_source(source, config)
}

/// The model read from `source`, after every tensor is checked against its plan.
pub(crate) fn load_source<M: Params>(mut source: FileSource, config: &M::Config) -> Result<M> {
    check_against_plan::<M>(&source, config)?;
    let model = M::from_tensors(config, &mut source)?;
    source.check_all_taken()?;
    Ok(model)
}

/// Compares the file's tensors with the model's plan, naming every difference (the first
/// few by name, the rest counted).
fn check_against_plan<M: Params>(source: &FileSource, config: &M::Config) -> Result<()> {
    let plan = M::plan(config)?;
    // Only the listed problems are formatted; the others are counted (a header may name a
    // million tensors).
    let mut problems = Problems::default();
    let mut wanted = HashSet::with_capacity(plan.len());
    for p in &plan {
        let name = p.path.join(&source.separator);
        match source.tensors.get(&name) {
            None => problems.push(|| {
                format!(
                    "missing: no tensor `{name}` for the param `{}` ({} {:?})",
                    p.path, p.dtype, p.shape
                )
            }),
            Some(stored) if stored.dtype != Some(p.dtype) => problems.push(|| {
                format!(
                    "dtype: `{name}` is stored as {} but the model declares {}",
                    stored
                        .dtype
                        .map_or(stored.dtype_name.as_str(), |d| d.name()),
                    p.dtype
                )
            }),
            Some(stored) if stored.shape != p.shape => problems.push(|| {
                format!(
                    "shape: `{name}` is stored with shape {:?} but the config gives {:?}",
                    stored.shape, p.shape
                )
            }),
            Some(_) => {}
        }
        wanted.insert(name);
    }
    let extra: BTreeSet<&String> = source
        .tensors
        .keys()
        .filter(|name| !wanted.contains(*name))
        .collect();
    for name in extra {
        problems.push(|| format!("extra: the tensor `{name}` is no param of the model"));
    }
    let Problems { mut listed, count } = problems;
    if count == 0 {
        return Ok(());
    }
    if count > LISTED_PROBLEMS {
        listed.push(format!("... and {} more", count - LISTED_PROBLEMS));
    }
    Err(Error::Mismatch(format!(
        "{} does not match the model ({count} problem{}):\n  {}",
        source.path.display(),
        if count == 1 { "" } else { "s" },
        listed.join("\n  ")
    )))
}

/// The first [`LISTED_PROBLEMS`] problems, formatted, and how many there are in all.
#[derive(Default)]
struct Problems {
    listed: Vec<String>,
    count: usize,
}

impl Problems {
    fn push(&mut self, message: impl FnOnce() -> String) {
        if self.listed.len() < LISTED_PROBLEMS {
            self.listed.push(message());
        }
        self.count += 1;
    }
}

/// A checkpoint opened for reading (one file, or the files of a sharded checkpoint): its
/// tensors by name, each with the file it lies in, read one at a time on request.
pub(crate) struct FileSource {
    /// What the user named (the file, or a sharded checkpoint's index), for messages.
    path: PathBuf,
    /// The files, with their paths for messages.
    files: Vec<(PathBuf, File)>,
    separator: String,
    tensors: HashMap<String, StoredTensor>,
    /// The file of each tensor, an index into `files`.
    file_of: HashMap<String, usize>,
    taken: HashSet<String>,
}

impl FileSource {
    fn open(format: &dyn Reader, path: &Path, separator: &str) -> Result<FileSource> {
        let (mut file, len) = open_regular(path)?;
        let tensors = format.index(&mut file, path, len)?;
        let mut by_name = HashMap::with_capacity(tensors.len());
        for t in tensors {
            if let Some(twice) = by_name.insert(t.name.clone(), t) {
                return Err(Error::Format(format!(
                    "{}: the tensor name `{}` appears twice",
                    path.display(),
                    twice.name
                )));
            }
        }
        let file_of = by_name.keys().map(|name| (name.clone(), 0)).collect();
        Ok(FileSource {
            path: path.to_path_buf(),
            files: vec![(path.to_path_buf(), file)],
            separator: separator.to_string(),
            tensors: by_name,
            file_of,
            taken: HashSet::new(),
        })
    }

    /// A source over several files: `tensors` with, in `file_of`, the index in `files` of
    /// the file each lies in; `path` is what messages name.
    pub(crate) fn from_files(
        path: &Path,
        files: Vec<(PathBuf, File)>,
        tensors: HashMap<String, StoredTensor>,
        file_of: HashMap<String, usize>,
        separator: &str,
    ) -> FileSource {
        FileSource {
            path: path.to_path_buf(),
            files,
            separator: separator.to_string(),
            tensors,
            file_of,
            taken: HashSet::new(),
        }
    }

    /// Every tensor was handed out (none is extra).
    fn check_all_taken(&self) -> Result<()> {
        let extra: BTreeSet<&String> = self
            .tensors
            .keys()
            .filter(|name| !self.taken.contains(*name))
            .collect();
        if extra.is_empty() {
            return Ok(());
        }
        let count = extra.len();
        let mut names: Vec<String> = extra
            .into_iter()
            .take(LISTED_PROBLEMS)
            .map(|n| format!("`{n}`"))
            .collect();
        if count > LISTED_PROBLEMS {
            names.push(format!("and {} more", count - LISTED_PROBLEMS));
        }
        Err(Error::Mismatch(format!(
            "{}: tensors no param of the model takes: {}",
            self.path.display(),
            names.join(", ")
        )))
    }
}

impl TensorSource for FileSource {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        let name = path.join(&self.separator);
        let stored = self.tensors.get(&name).ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: no tensor `{name}` for the param `{path}`",
                self.path.display()
            ))
        })?;
        let dtype = stored.dtype.ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: `{name}` is stored as {}, which is no dtype of fanin (F32, F64, BF16, F16)",
                self.path.display(),
                stored.dtype_name
            ))
        })?;
        let shape = stored.shape.clone();
        let (file_path, file) = &mut self.files[self.file_of[&name]];
        let in_file = |source| Error::Io {
            path: file_path.clone(),
            source,
        };
        let mut data: Vec<u8> = try_zeroed_vec(stored.len as usize)
            .map_err(|e| Error::invalid(format!("`{name}`: {e}")))?;
        file.seek(SeekFrom::Start(stored.offset)).map_err(in_file)?;
        file.read_exact(&mut data).map_err(in_file)?;
        self.taken.insert(name);
        Ok(TensorData {
            dtype,
            shape,
            data: Cow::Owned(data),
        })
    }
}
