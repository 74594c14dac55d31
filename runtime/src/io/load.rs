//! [`load`]: a model from a safetensors file, every name, dtype and shape checked against the
//! struct and its config; with [`Options`], a checkpoint made elsewhere (renamed tensors,
//! extra tensors, params the file does not hold).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::format::{Reader, StoredTensor};
use super::paths::open_regular;
use super::safetensors::Safetensors;
use super::{LoadReport, Options};
use crate::alloc::try_zeroed_vec;
use crate::params::{ParamPath, ParamPlan, Scope, TensorData, TensorSource};
use crate::{Error, Key, Params, Result};

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

/// [`load`] with [`Options`]: the separator of tensor names, and for checkpoints made
/// elsewhere the renames ([`strip_prefix`](Options::strip_prefix),
/// [`rename`](Options::rename), [`remap`](Options::remap)), extra tensors
/// ([`allow_extra`](Options::allow_extra)) and params the file does not hold
/// ([`partial`](Options::partial)). The other options do not apply.
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
/// // The same file read into the submodule alone: the prefix stripped.
/// let dense: Dense = io::load_with(&path, &(), &slash.clone().strip_prefix("dense/"))?;
/// assert_eq!(dense.bias.len(), 2);
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

/// [`load_with`], and a [`LoadReport`] of what was loaded, initialized and ignored.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(scale = ones, bias = zeros)]
/// struct Norm { #[shape(3)] scale: Array1<f32>, #[shape(3)] bias: Array1<f32> }
///
/// #[derive(Params)]
/// #[init(scale = ones)]
/// struct ScaleOnly { #[shape(3)] scale: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-load-report-{}.safetensors", std::process::id()));
/// io::save(&Norm::init(Key::new(0), &())?, &path)?;
/// let options = io::Options::new().allow_extra(true);
/// let (_, report) = io::load_with_report::<ScaleOnly>(&path, &(), &options)?;
/// assert_eq!(report.ignored, ["bias"]);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_with_report<M: Params>(
    path: impl AsRef<Path>,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    load_reporting(&Safetensors, path.as_ref(), config, options)
}

/// [`load_with`] in any format.
pub(crate) fn load_from<M: Params>(
    format: &dyn Reader,
    path: &Path,
    config: &M::Config,
    options: &Options,
) -> Result<M> {
    load_reporting(format, path, config, options).map(|(model, _)| model)
}

/// [`load_with_report`] in any format.
pub(crate) fn load_reporting<M: Params>(
    format: &dyn Reader,
    path: &Path,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    let source = FileSource::open(format, path, options)?;
    load_source(source, config, options)
}

/// The model read from `source` (one file or the files of a sharded checkpoint), after every
/// tensor is checked against its plan, and what was loaded, initialized and ignored.
pub(crate) fn load_source<M: Params>(
    mut source: FileSource,
    config: &M::Config,
    options: &Options,
) -> Result<(M, LoadReport)> {
    let mut plan = Vec::new();
    M::plan_at(&Scope::for_plan(options.settings()), config, &mut plan)?;
    let report = source.check_against_plan(plan, options)?;
    let model = M::from_tensors(config, &mut source)?;
    if !options.allow_extra {
        source.check_all_taken()?;
    }
    Ok((model, report))
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

    /// One [`Error::Mismatch`] listing the problems, if there is any.
    fn into_result(self, path: &Path) -> Result<()> {
        let Problems { mut listed, count } = self;
        if count == 0 {
            return Ok(());
        }
        if count > LISTED_PROBLEMS {
            listed.push(format!("... and {} more", count - LISTED_PROBLEMS));
        }
        Err(Error::Mismatch(format!(
            "{} does not match the model ({count} problem{}):\n  {}",
            path.display(),
            if count == 1 { "" } else { "s" },
            listed.join("\n  ")
        )))
    }
}

/// A stored tensor under the model's name for it: `` `name` `` or, renamed,
/// `` `name` (`file name` in the file) ``.
fn describe(name: &str, stored: &StoredTensor) -> String {
    if stored.name == name {
        format!("`{name}`")
    } else {
        format!("`{name}` (`{}` in the file)", stored.name)
    }
}

/// A checkpoint opened for reading (one file, or the files of a sharded checkpoint): its
/// tensors by the model's names, each with the file it lies in, read one at a time on
/// request; on a partial load, the plan entries of the params it does not hold.
pub(crate) struct FileSource {
    /// What the user named (the file, or a sharded checkpoint's index), for messages.
    path: PathBuf,
    /// The files, with their paths for messages.
    files: Vec<(PathBuf, File)>,
    separator: String,
    tensors: HashMap<String, StoredTensor>,
    /// The file of each tensor (by the model's name), an index into `files`.
    file_of: HashMap<String, usize>,
    /// File names a rename dropped.
    dropped: Vec<String>,
    /// The params to initialize (a partial load), by the model's name, and their root key.
    to_initialize: HashMap<String, ParamPlan>,
    partial_key: Option<Key>,
    /// The initialized bytes being handed out.
    made: Vec<u8>,
    taken: HashSet<String>,
}

impl FileSource {
    fn open(format: &dyn Reader, path: &Path, options: &Options) -> Result<FileSource> {
        let (mut file, len) = open_regular(path)?;
        let tensors = format.index(&mut file, path, len)?;
        let stored = tensors.into_iter().map(|t| (t, 0)).collect();
        FileSource::from_files(path, vec![(path.to_path_buf(), file)], stored, options)
    }

    /// A source over `files`, holding `stored` (each tensor with the index in `files` of
    /// the file it lies in), renamed as `options` say; `path` is what messages name.
    pub(crate) fn from_files(
        path: &Path,
        files: Vec<(PathBuf, File)>,
        stored: Vec<(StoredTensor, usize)>,
        options: &Options,
    ) -> Result<FileSource> {
        let mut file_names = HashSet::with_capacity(stored.len());
        let mut by_name: HashMap<String, StoredTensor> = HashMap::with_capacity(stored.len());
        let mut file_of = HashMap::with_capacity(stored.len());
        let mut dropped = Vec::new();
        for (t, file) in stored {
            if !file_names.insert(t.name.clone()) {
                return Err(Error::Format(format!(
                    "{}: the tensor name `{}` appears twice",
                    path.display(),
                    t.name
                )));
            }
            let Some(name) = options.renames.apply(&t.name) else {
                dropped.push(t.name);
                continue;
            };
            if let Some(other) = by_name.get(&name) {
                return Err(Error::Mismatch(format!(
                    "{}: the tensors `{}` and `{}` are both renamed to `{name}`",
                    path.display(),
                    other.name,
                    t.name
                )));
            }
            file_of.insert(name.clone(), file);
            by_name.insert(name, t);
        }
        dropped.sort();
        Ok(FileSource {
            path: path.to_path_buf(),
            files,
            separator: options.separator.clone(),
            tensors: by_name,
            file_of,
            dropped,
            to_initialize: HashMap::new(),
            partial_key: options.partial,
            made: Vec::new(),
            taken: HashSet::new(),
        })
    }

    /// Compares the file's tensors with the model's plan, naming every difference (the first
    /// few by name, the rest counted); notes the params a partial load initializes.
    fn check_against_plan(
        &mut self,
        plan: Vec<ParamPlan>,
        options: &Options,
    ) -> Result<LoadReport> {
        let mut report = LoadReport::default();
        // Only the listed problems are formatted; the others are counted (a header may name
        // a million tensors).
        let mut problems = Problems::default();
        let mut wanted = HashSet::with_capacity(plan.len());
        for p in plan {
            let name = p.path.join(&self.separator);
            match self.tensors.get(&name) {
                None if options.partial.is_some() => {
                    report.initialized.push(name.clone());
                    self.to_initialize.insert(name.clone(), p);
                }
                None => problems.push(|| {
                    format!(
                        "missing: no tensor `{name}` for the param `{}` ({} {:?})",
                        p.path, p.dtype, p.shape
                    )
                }),
                Some(stored) if stored.dtype != Some(p.dtype) => problems.push(|| {
                    format!(
                        "dtype: {} is stored as {} but the model declares {}",
                        describe(&name, stored),
                        stored
                            .dtype
                            .map_or(stored.dtype_name.as_str(), |d| d.name()),
                        p.dtype
                    )
                }),
                Some(stored) if stored.shape != p.shape => problems.push(|| {
                    format!(
                        "shape: {} is stored with shape {:?} but the config gives {:?}",
                        describe(&name, stored),
                        stored.shape,
                        p.shape
                    )
                }),
                Some(stored) => report.loaded.push((stored.name.clone(), name.clone())),
            }
            wanted.insert(name);
        }
        let extra: BTreeSet<&String> = self
            .tensors
            .keys()
            .filter(|name| !wanted.contains(*name))
            .collect();
        if options.allow_extra {
            report.ignored.extend(
                extra
                    .into_iter()
                    .map(|name| self.tensors[name].name.clone()),
            );
        } else {
            for name in extra {
                let stored = &self.tensors[name];
                problems.push(|| {
                    format!(
                        "extra: the tensor {} is no param of the model (allow_extra ignores it)",
                        describe(name, stored)
                    )
                });
            }
        }
        problems.into_result(&self.path)?;
        report.ignored.extend(self.dropped.iter().cloned());
        report.ignored.sort();
        Ok(report)
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

    /// The stored bytes of `stored`, read from the file (all its pieces, in order).
    fn read(&mut self, name: &str, stored: &StoredTensor) -> Result<Vec<u8>> {
        let (file_path, file) = &mut self.files[self.file_of[name]];
        let in_file = |source| Error::Io {
            path: file_path.clone(),
            source,
        };
        let mut data: Vec<u8> = try_zeroed_vec(stored.len as usize)
            .map_err(|e| Error::invalid(format!("`{name}`: {e}")))?;
        let whole = [(stored.offset, stored.len)];
        let pieces = match stored.chunks.is_empty() {
            true => &whole[..],
            false => &stored.chunks[..],
        };
        let mut at = 0usize;
        for &(offset, len) in pieces {
            let end = at
                .checked_add(len as usize)
                .filter(|&end| end <= data.len())
                .ok_or_else(|| {
                    Error::Format(format!(
                        "{}: the pieces of `{}` hold more than its {} bytes",
                        self.path.display(),
                        stored.name,
                        stored.len
                    ))
                })?;
            file.seek(SeekFrom::Start(offset)).map_err(in_file)?;
            file.read_exact(&mut data[at..end]).map_err(in_file)?;
            at = end;
        }
        if at != data.len() {
            return Err(Error::Format(format!(
                "{}: the pieces of `{}` hold {at} of its {} bytes",
                self.path.display(),
                stored.name,
                stored.len
            )));
        }
        Ok(data)
    }
}

impl TensorSource for FileSource {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        let name = path.join(&self.separator);
        if let (Some(plan), Some(key)) = (self.to_initialize.get(&name), self.partial_key) {
            self.made = plan.sample_le(key)?;
            return Ok(TensorData {
                dtype: plan.dtype,
                shape: plan.shape.clone(),
                data: Cow::Borrowed(&self.made),
            });
        }
        let stored = self.tensors.get(&name).cloned().ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: no tensor `{name}` for the param `{path}`",
                self.path.display()
            ))
        })?;
        let dtype = stored.dtype.ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: {} is stored as {}, which is no dtype of fanin (F32, F64, BF16, F16)",
                self.path.display(),
                describe(&name, &stored),
                stored.dtype_name
            ))
        })?;
        let data = self.read(&name, &stored)?;
        self.taken.insert(name);
        Ok(TensorData {
            dtype,
            shape: stored.shape,
            data: Cow::Owned(data),
        })
    }
}
