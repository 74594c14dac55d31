//! [`init_to_file`]: a model initialized straight into a safetensors file, chunk by chunk,
//! in parallel, in bounded memory.

use std::path::Path;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use super::atomic::AtomicFile;
use super::layout::{layout, Layout};
use super::{progress, Options};
use crate::params::ParamPlan;
use crate::{with_execution, Error, Key, Params, Result};

/// Initializes the model of `config` with `key` straight into a safetensors file at `path`:
/// the same bytes as `save(&M::init(key, config)?, path)`, without ever holding the model.
///
/// The header is computed from [`Params::plan`] (names, dtypes, shapes, offsets); then each
/// param is generated chunk by chunk ([`ParamPlan::fill_le`]), chunks in parallel on rayon's
/// threads, while a writer thread writes the previous batch. Memory is bounded by a few
/// batches of `threads x chunk` bytes (4 MiB chunks by default) whatever the size of the
/// model, except for params whose initializer is not elementwise (`orthogonal`,
/// `delta_orthogonal`): each of those is generated whole, one at a time. On a terminal a
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
    let plan = with_execution(options.execution, || M::plan(config))?;
    let layout = layout(
        plan.iter()
            .map(|p| (p.path.join(&options.separator), p.dtype, p.shape.clone()))
            .collect(),
    )?;
    let mut file = AtomicFile::create(path.as_ref())?;
    file.write_all(&layout.header)?;
    write_data(&plan, &layout, key, options, &mut file)?;
    file.commit()
}

/// One piece of work: elements `start .. start + len` of the param `plan[param]`.
#[derive(Clone, Copy, Debug)]
struct Job {
    param: usize,
    start: u64,
    len: usize,
}

/// The jobs in file order: elementwise params cut into chunks of about `chunk_bytes`, the
/// others whole.
fn jobs(plan: &[ParamPlan], layout: &Layout, chunk_bytes: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    for entry in &layout.entries {
        let p = &plan[entry.index];
        let len = p.len();
        let step = if p.elementwise {
            (chunk_bytes / p.dtype.size()).max(1)
        } else {
            len.max(1)
        };
        let mut start = 0;
        while start < len {
            let n = step.min(len - start);
            jobs.push(Job {
                param: entry.index,
                start: start as u64,
                len: n,
            });
            start += n;
        }
    }
    jobs
}

/// Generates the data section batch by batch (jobs of a batch in parallel) while a writer
/// thread writes the batch before.
fn write_data(
    plan: &[ParamPlan],
    layout: &Layout,
    key: Key,
    options: &Options,
    file: &mut AtomicFile,
) -> Result<()> {
    let jobs = jobs(plan, layout, options.chunk_bytes);
    let bar = progress::bar(layout.data_bytes, options.progress);
    // A batch: two chunks per thread, so that threads stay busy on uneven chunks.
    let batch_bytes = options
        .chunk_bytes
        .max(1)
        .saturating_mul(2 * rayon::current_num_threads());
    let batches = batches(&jobs, plan, batch_bytes);
    let result = std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = sync_channel::<Vec<Vec<u8>>>(1);
        let bar_ref = &bar;
        let writer = scope.spawn(move || -> Result<()> {
            for batch in receive {
                for chunk in batch {
                    file.write_all(&chunk)?;
                    bar_ref.inc(chunk.len() as u64);
                }
            }
            Ok(())
        });
        let mut generated = Ok(());
        for batch in batches {
            let chunks: Result<Vec<Vec<u8>>> = batch
                .par_iter()
                .map(|job| {
                    let p = &plan[job.param];
                    let mut out = vec![0u8; job.len * p.dtype.size()];
                    p.fill_le(key, job.start, &mut out)?;
                    Ok(out)
                })
                .collect();
            match chunks {
                Ok(chunks) => {
                    if send.send(chunks).is_err() {
                        break; // The writer failed: its error is returned below.
                    }
                }
                Err(e) => {
                    generated = Err(e);
                    break;
                }
            }
        }
        drop(send);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(Error::invalid("the writer thread panicked")));
        generated.and(written)
    });
    bar.finish_and_clear();
    result
}

/// Cuts the jobs into consecutive batches of about `batch_bytes`.
fn batches<'a>(jobs: &'a [Job], plan: &[ParamPlan], batch_bytes: usize) -> Vec<&'a [Job]> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut bytes = 0usize;
    for (i, job) in jobs.iter().enumerate() {
        bytes = bytes.saturating_add(job.len * plan[job.param].dtype.size());
        if bytes >= batch_bytes {
            out.push(&jobs[begin..=i]);
            begin = i + 1;
            bytes = 0;
        }
    }
    if begin < jobs.len() {
        out.push(&jobs[begin..]);
    }
    out
}
