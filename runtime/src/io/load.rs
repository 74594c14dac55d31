//! [`load`]: a model from a safetensors file, every name, dtype and shape checked against the
//! struct and its config.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use safetensors::tensor::Metadata;

use super::layout::{from_st, MAX_HEADER_BYTES};
use super::Options;
use crate::params::{ParamPath, TensorData, TensorSource};
use crate::{Error, Params, Result};

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
    let path = path.as_ref();
    let mut source = FileSource::open(path, &options.separator)?;
    check_against_plan::<M>(&source, config)?;
    let model = M::from_tensors(config, &mut source)?;
    source.check_all_taken()?;
    Ok(model)
}

/// The name of a stored dtype: fanin's (`float32`) when it is one of fanin's.
fn st_name(dtype: safetensors::Dtype) -> String {
    from_st(dtype).map_or_else(|| format!("{dtype:?}"), |d| d.name().to_string())
}

/// Compares the file's tensors with the model's plan, naming every difference.
fn check_against_plan<M: Params>(source: &FileSource, config: &M::Config) -> Result<()> {
    let plan = M::plan(config)?;
    let mut problems = Vec::new();
    let mut wanted = HashSet::with_capacity(plan.len());
    for p in &plan {
        let name = p.path.join(&source.separator);
        match source.metadata.info(&name) {
            None => problems.push(format!(
                "missing: no tensor `{name}` for the param `{}` ({} {:?})",
                p.path, p.dtype, p.shape
            )),
            Some(info) => match from_st(info.dtype) {
                Some(dtype) if dtype == p.dtype => {
                    if info.shape != p.shape {
                        problems.push(format!(
                            "shape: `{name}` is stored with shape {:?} but the config gives {:?}",
                            info.shape, p.shape
                        ));
                    }
                }
                _ => problems.push(format!(
                    "dtype: `{name}` is stored as {} but the model declares {}",
                    st_name(info.dtype),
                    p.dtype
                )),
            },
        }
        wanted.insert(name);
    }
    let extra: BTreeSet<String> = source
        .metadata
        .tensors()
        .into_keys()
        .filter(|name| !wanted.contains(name))
        .collect();
    for name in extra {
        problems.push(format!(
            "extra: the tensor `{name}` is no param of the model"
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Mismatch(format!(
        "{} does not match the model ({} problem{}):\n  {}",
        source.path.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.join("\n  ")
    )))
}

/// A safetensors file opened for reading: its parsed header, and its tensors read one at a
/// time on request.
struct FileSource {
    path: PathBuf,
    file: File,
    separator: String,
    metadata: Metadata,
    /// Where the data section starts.
    data_start: u64,
    taken: HashSet<String>,
}

fn format_error(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Format(format!(
        "{} is not a valid safetensors file: {what}",
        path.display()
    ))
}

impl FileSource {
    fn open(path: &Path, separator: &str) -> Result<FileSource> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len < 8 {
            return Err(format_error(
                path,
                format!(
                    "it is {len} bytes long, shorter than the 8-byte header length (truncated?)"
                ),
            ));
        }
        let mut n = [0u8; 8];
        file.read_exact(&mut n).map_err(io)?;
        let n = u64::from_le_bytes(n);
        if n > MAX_HEADER_BYTES as u64 {
            return Err(format_error(
                path,
                format!("its header length {n} is over the format's limit of {MAX_HEADER_BYTES} bytes (corrupt?)"),
            ));
        }
        if 8 + n > len {
            return Err(format_error(
                path,
                format!("its header claims {n} bytes but the file is only {len} bytes long (truncated?)"),
            ));
        }
        let mut header = vec![0u8; n as usize];
        file.read_exact(&mut header).map_err(io)?;
        let text = std::str::from_utf8(&header)
            .map_err(|e| format_error(path, format!("its header is not UTF-8 ({e})")))?;
        let metadata: Metadata = serde_json::from_str(text).map_err(|e| {
            format_error(
                path,
                format!("its header is not a valid safetensors header ({e})"),
            )
        })?;
        let data_start = 8 + n;
        let expected = data_start + metadata.data_len() as u64;
        if expected != len {
            return Err(format_error(
                path,
                format!(
                    "its header describes {expected} bytes but the file is {len} bytes long ({})",
                    if len < expected {
                        "truncated"
                    } else {
                        "trailing bytes"
                    }
                ),
            ));
        }
        Ok(FileSource {
            path: path.to_path_buf(),
            file,
            separator: separator.to_string(),
            metadata,
            data_start,
            taken: HashSet::new(),
        })
    }

    /// Every tensor was handed out (none is extra).
    fn check_all_taken(&self) -> Result<()> {
        let extra: BTreeSet<String> = self
            .metadata
            .tensors()
            .into_keys()
            .filter(|name| !self.taken.contains(name))
            .collect();
        if extra.is_empty() {
            Ok(())
        } else {
            Err(Error::Mismatch(format!(
                "{}: tensors no param of the model takes: {}",
                self.path.display(),
                extra
                    .into_iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    }
}

impl TensorSource for FileSource {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        let name = path.join(&self.separator);
        let info = self.metadata.info(&name).ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: no tensor `{name}` for the param `{path}`",
                self.path.display()
            ))
        })?;
        let dtype = from_st(info.dtype).ok_or_else(|| {
            Error::Mismatch(format!(
                "{}: `{name}` is stored as {:?}, which is no dtype of fanin (F32, F64, BF16, F16)",
                self.path.display(),
                info.dtype
            ))
        })?;
        let (start, end) = info.data_offsets;
        let shape = info.shape.clone();
        let mut data = vec![0u8; end - start];
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        self.file
            .seek(SeekFrom::Start(self.data_start + start as u64))
            .map_err(io)?;
        self.file.read_exact(&mut data).map_err(io)?;
        self.taken.insert(name);
        Ok(TensorData {
            dtype,
            shape,
            data: Cow::Owned(data),
        })
    }
}
