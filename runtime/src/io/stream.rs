//! [`init_to_file`]: a model initialized straight into a safetensors file, chunk by chunk,
//! in parallel, in bounded memory.

use std::path::Path;
use std::sync::mpsc::sync_channel;

use super::atomic::AtomicFile;
use super::format::{Piece, TensorSpec, Writer};
use super::safetensors::Safetensors;
use super::{progress, Options};
use crate::parallel::try_for_each_chunk_of;
use crate::params::{ParamPlan, Scope};
use crate::{Error, Key, Params, Result};

/// Initializes the model of `config` with `key` straight into a safetensors file at `path`:
/// the same bytes as `save(&M::init(key, config)?, path)`, without ever holding the model.
///
/// The header is computed from [`Params::plan`] (names, dtypes, shapes, offsets); then the
/// data section is generated one batch of `2 x threads x chunk` bytes at a time (4 MiB chunks
/// by default), each batch in parallel on rayon's threads ([`ParamPlan::fill_le`]), while a
/// writer thread writes the batch before. Memory is bounded by three batches whatever the
/// size of the model, except for params whose initializer is not elementwise
/// (`orthogonal`, `delta_orthogonal`): each of those is generated whole, one at a time.
/// Before writing, the free space of the destination's file system is checked against the
/// size of the file. On a terminal a
/// progress bar is drawn on stderr for models of 256 MiB or more. The write is atomic (a
/// temporary file beside `path`, synced, renamed).
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[params(config = usize)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(*cfg, 16)]
///     kernel: Array2<f32>,
///     #[shape(16)]
///     bias: Array1<f32>,
/// }
///
/// let dir = std::env::temp_dir();
/// let streamed = dir.join(format!("fanin-doc-stream-{}.safetensors", std::process::id()));
/// let saved = dir.join(format!("fanin-doc-stream-saved-{}.safetensors", std::process::id()));
/// io::init_to_file::<Dense>(Key::new(0), &100, &streamed)?;
/// io::save(&Dense::init(Key::new(0), &100)?, &saved)?;
/// assert_eq!(std::fs::read(&streamed).unwrap(), std::fs::read(&saved).unwrap());
/// # std::fs::remove_file(&streamed).unwrap();
/// # std::fs::remove_file(&saved).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn init_to_file<M: Params>(key: Key, config: &M::Config, path: impl AsRef<Path>) -> Result<()> {
    init_to_file_with::<M>(key, config, path, &Options::default())
}

/// [`init_to_file`] with [`Options`]: the separator of tensor names, the chunk size, the
/// progress bar.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array2;
///
/// #[derive(Params)]
/// #[init(embedding = normal())]
/// struct Embed { #[shape(1000, 8)] embedding: Array2<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-stream-with-{}.safetensors", std::process::id()));
/// let options = io::Options::new().chunk_bytes(4096).progress(io::Progress::Never);
/// io::init_to_file_with::<Embed>(Key::new(1), &(), &path, &options)?;
/// let back: Embed = io::load(&path, &())?;
/// assert_eq!(back.embedding, Embed::init(Key::new(1), &())?.embedding);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn init_to_file_with<M: Params>(
    key: Key,
    config: &M::Config,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<()> {
    stream_to::<M>(&Safetensors, key, config, path.as_ref(), options)
}

/// [`init_to_file_with`] in any format.
pub(crate) fn stream_to<M: Params>(
    format: &dyn Writer,
    key: Key,
    config: &M::Config,
    path: &Path,
    options: &Options,
) -> Result<()> {
    let mut plan = Vec::new();
    M::plan_at(&Scope::for_plan(options.settings()), config, &mut plan)?;
    write_plan(format, &plan, key, path, options)
}

/// Writes the params of `plan`, drawn from `key`, in any format (the params of a sharded
/// checkpoint's file are a part of a model's plan).
pub(crate) fn write_plan(
    format: &dyn Writer,
    plan: &[ParamPlan],
    key: Key,
    path: &Path,
    options: &Options,
) -> Result<()> {
    let specs: Vec<TensorSpec> = plan
        .iter()
        .map(|p| TensorSpec {
            name: p.path.join(&options.separator),
            dtype: p.dtype,
            shape: p.shape.clone(),
        })
        .collect();
    let pieces = format.layout(&specs)?;
    let total = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Bytes(bytes) => bytes.len() as u64,
            Piece::Tensor(index) => plan[*index].nbytes() as u64,
            Piece::Part { tensor, len, .. } => (len * plan[*tensor].dtype.size()) as u64,
        })
        .sum::<u64>();
    let mut file = AtomicFile::create(path)?;
    file.check_free_space(total)?;
    write_pieces(&pieces, plan, key, options, total, &mut file)?;
    file.commit()
}

/// Generates the file batch by batch while a writer thread writes the batch before.
fn write_pieces(
    pieces: &[Piece],
    plan: &[ParamPlan],
    key: Key,
    options: &Options,
    total: u64,
    file: &mut AtomicFile,
) -> Result<()> {
    let bar = progress::bar(total, options.progress);
    // Two chunks per thread, so that threads stay busy on uneven chunks.
    let batch_bytes = options
        .chunk_bytes
        .max(1)
        .saturating_mul(2 * rayon::current_num_threads());
    let result = std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = sync_channel::<Vec<u8>>(1);
        let bar_ref = &bar;
        let writer = scope.spawn(move || -> Result<()> {
            for batch in receive {
                file.write_all(&batch)?;
                bar_ref.inc(batch.len() as u64);
            }
            Ok(())
        });
        let mut batches = Batches {
            send,
            batch: Vec::new(),
            batch_bytes,
        };
        let generated = pieces.iter().try_for_each(|piece| match piece {
            Piece::Bytes(bytes) => batches.push_bytes(bytes),
            Piece::Tensor(index) => batches.push_param(&plan[*index], key, 0, plan[*index].len()),
            Piece::Part { tensor, start, len } => {
                batches.push_param(&plan[*tensor], key, *start, *len)
            }
        });
        let generated = generated.and_then(|()| batches.flush());
        drop(batches);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(Error::invalid("the writer thread panicked")));
        // A failed write stops the generation: report the write's error first.
        written.and(generated)
    });
    bar.finish_and_clear();
    result
}

/// The batch being generated, sent to the writer when full.
struct Batches {
    send: std::sync::mpsc::SyncSender<Vec<u8>>,
    batch: Vec<u8>,
    batch_bytes: usize,
}

impl Batches {
    /// Sends the batch to the writer; an error if the writer has stopped (its own error is
    /// what the caller reports).
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.send
            .send(batch)
            .map_err(|_| Error::invalid("the writer stopped"))
    }

    /// `n` more bytes in the batch, zeroed: the batch is sent first if they do not fit.
    fn grow(&mut self, n: usize) -> Result<std::ops::Range<usize>> {
        if !self.batch.is_empty() && self.batch.len() + n > self.batch_bytes {
            self.flush()?;
        }
        let at = self.batch.len();
        let target = (at + n).max(self.batch_bytes);
        if self.batch.capacity() < target {
            self.batch.try_reserve_exact(target - at).map_err(|_| {
                Error::invalid(format!("the allocator refused a batch of {target} bytes"))
            })?;
        }
        self.batch.resize(at + n, 0);
        Ok(at..at + n)
    }

    fn push_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let range = self.grow(bytes.len())?;
        self.batch[range].copy_from_slice(bytes);
        Ok(())
    }

    /// Elements `from .. from + count` of a param's bytes: an elementwise param a batch at a
    /// time, in parallel; another made whole.
    fn push_param(&mut self, plan: &ParamPlan, key: Key, from: usize, count: usize) -> Result<()> {
        let size = plan.dtype.size();
        if !plan.elementwise {
            self.flush()?;
            let mut whole = plan.sample_le(key)?;
            if (from, count) != (0, plan.len()) {
                whole = whole
                    .get(from * size..(from + count) * size)
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "{}: no elements {from}..{}",
                            plan.path,
                            from + count
                        ))
                    })?
                    .to_vec();
            }
            return self
                .send
                .send(whole)
                .map_err(|_| Error::invalid("the writer stopped"));
        }
        let per_batch = (self.batch_bytes / size).max(1);
        let len = from + count;
        let mut start = from;
        while start < len {
            let n = per_batch.min(len - start);
            let range = self.grow(n * size)?;
            try_for_each_chunk_of(start as u64, &mut self.batch[range], size, &|at, chunk| {
                plan.fill_le(key, at, chunk)
            })?;
            start += n;
        }
        Ok(())
    }
}
