//! [`Options`]: how tensor names are made, how big the chunks of a streamed init are,
//! whether a progress bar is drawn, and how a checkpoint made elsewhere is loaded (renames,
//! extra tensors, partial loads).

use std::collections::HashMap;
use std::sync::Arc;

use super::rename::Renames;
use crate::{Execution, Key, Settings, Threefry};

/// Options of [`save_with`](crate::io::save_with), [`load_with`](crate::io::load_with) and
/// [`init_to_file_with`](crate::io::init_to_file_with). The default is what
/// [`save`](crate::io::save), [`load`](crate::io::load) and
/// [`init_to_file`](crate::io::init_to_file) use: names joined by `.` (Hugging Face's Flax
/// checkpoints: `h_0.c_attn.kernel`), 4 MiB chunks, a progress bar only on a terminal for
/// models of 256 MiB or more.
///
/// ```
/// use fanin::io::{Options, Progress};
/// let options = Options::new().separator("/").chunk_bytes(1 << 20).progress(Progress::Never);
/// assert_eq!(options.separator, "/");
/// assert_eq!(Options::default().separator, ".");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// What joins the module names and the param name into a tensor name (`.` or `/`).
    pub separator: String,
    /// The bytes of one chunk of a streamed init (rounded down to whole elements; at least
    /// one element). The memory a streamed init holds is a few times `chunk_bytes` per thread.
    pub chunk_bytes: usize,
    /// When a streamed init draws a progress bar on stderr. Only with the `progress` feature;
    /// without it no bar is ever drawn and this field is ignored (it stays, so that code
    /// setting it builds with and without the feature).
    pub progress: Progress,
    /// Which JAX run a streamed init reproduces: `Module.init` or `jax.jit(model.init)`;
    /// `None` (the default) takes this thread's [`Settings::current`] (see
    /// [`with_execution`](crate::with_execution)).
    pub execution: Option<Execution>,
    /// Which Threefry mode a streamed init reproduces; `None` (the default) takes this
    /// thread's (see [`with_threefry`](crate::with_threefry)).
    pub threefry: Option<Threefry>,
    /// On load: how the file's tensor names become the model's (see
    /// [`strip_prefix`](Options::strip_prefix), [`rename`](Options::rename),
    /// [`remap`](Options::remap)). Empty by default: names are taken as they are.
    pub renames: Renames,
    /// On load: whether tensors of the file that no param takes are ignored (`true`) or an
    /// error naming them (`false`, the default).
    pub allow_extra: bool,
    /// On load: the key that params missing from the file are initialized with, exactly as
    /// `M::init(key, config)` makes them (`None`, the default: a missing tensor is an error
    /// naming it).
    pub partial: Option<Key>,
}

/// When [`init_to_file_with`](crate::io::init_to_file_with) draws a progress bar on stderr
/// (feature `progress`; without it, nothing is drawn whatever the value).
///
/// ```
/// use fanin::io::Progress;
/// assert_eq!(Progress::default(), Progress::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Progress {
    /// Only when stderr is a terminal and the model is at least 256 MiB.
    #[default]
    Auto,
    /// Whenever stderr is a terminal, whatever the size.
    Always,
    /// Never.
    Never,
}

/// The size from which [`Progress::Auto`] draws a bar.
#[cfg(feature = "progress")]
pub(crate) const PROGRESS_MIN_BYTES: u64 = 256 << 20;

impl Default for Options {
    fn default() -> Options {
        Options {
            separator: ".".to_string(),
            chunk_bytes: 4 << 20,
            progress: Progress::Auto,
            execution: None,
            threefry: None,
            renames: Renames::new(),
            allow_extra: false,
            partial: None,
        }
    }
}

impl Options {
    /// The defaults: `.`, 4 MiB chunks, [`Progress::Auto`], the current execution.
    ///
    /// ```
    /// assert_eq!(fanin::io::Options::new(), fanin::io::Options::default());
    /// ```
    pub fn new() -> Options {
        Options::default()
    }

    /// Joins names with `separator` (`"/"` gives Flax's own path strings, `dense1/kernel`).
    ///
    /// ```
    /// assert_eq!(fanin::io::Options::new().separator("/").separator, "/");
    /// ```
    pub fn separator(mut self, separator: impl Into<String>) -> Options {
        self.separator = separator.into();
        self
    }

    /// Sets the chunk size of a streamed init, in bytes.
    ///
    /// ```
    /// assert_eq!(fanin::io::Options::new().chunk_bytes(1024).chunk_bytes, 1024);
    /// ```
    pub fn chunk_bytes(mut self, bytes: usize) -> Options {
        self.chunk_bytes = bytes;
        self
    }

    /// Sets when a progress bar is drawn.
    ///
    /// ```
    /// use fanin::io::{Options, Progress};
    /// assert_eq!(Options::new().progress(Progress::Never).progress, Progress::Never);
    /// ```
    pub fn progress(mut self, progress: Progress) -> Options {
        self.progress = progress;
        self
    }

    /// Reproduces `jax.jit(model.init)` instead of `Module.init` (see [`Execution`]).
    ///
    /// ```
    /// use fanin::io::Options;
    /// use fanin::Execution;
    /// assert_eq!(Options::new().execution(Execution::Jit).execution, Some(Execution::Jit));
    /// ```
    pub fn execution(mut self, execution: Execution) -> Options {
        self.execution = Some(execution);
        self
    }

    /// The settings a call with these options runs under: this thread's, with the
    /// execution set here, if any.
    ///
    /// ```
    /// use fanin::io::Options;
    /// use fanin::{Execution, Settings};
    /// let jit = Options::new().execution(Execution::Jit).settings();
    /// assert_eq!(jit, Settings::current().execution(Execution::Jit));
    /// ```
    pub fn settings(&self) -> Settings {
        let mut settings = Settings::current();
        if let Some(execution) = self.execution {
            settings = settings.execution(execution);
        }
        if let Some(threefry) = self.threefry {
            settings = settings.threefry(threefry);
        }
        settings
    }

    /// Reproduces JAX's legacy Threefry mode (or the partitionable one) whatever this
    /// thread's mode is (see [`Threefry`]).
    ///
    /// ```
    /// use fanin::io::Options;
    /// use fanin::Threefry;
    /// assert_eq!(Options::new().threefry(Threefry::Legacy).settings().threefry, Threefry::Legacy);
    /// ```
    pub fn threefry(mut self, threefry: Threefry) -> Options {
        self.threefry = Some(threefry);
        self
    }

    /// On load, strips `prefix` from every tensor name that starts with it (a checkpoint
    /// saved as `flatten_dict(variables)` has `params.` in front of every name; a Hugging
    /// Face head model has `bert.`). Names without the prefix pass unchanged. Renaming steps
    /// apply in the order they are given.
    ///
    /// ```
    /// use fanin::{io, Key, Params};
    /// use fanin::ndarray::Array1;
    ///
    /// #[derive(Params)]
    /// #[init(bias = zeros_init())]
    /// struct Dense { #[shape(2)] bias: Array1<f32> }
    ///
    /// #[derive(Params)]
    /// struct Outer { #[module] params: Dense }
    ///
    /// let path = std::env::temp_dir().join(format!("fanin-doc-strip-{}.safetensors", std::process::id()));
    /// io::save(&Outer::init(Key::new(0), &())?, &path)?;      // the tensor is "params.bias"
    /// let options = io::Options::new().strip_prefix("params.");
    /// let dense: Dense = io::load_with(&path, &(), &options)?;
    /// assert_eq!(dense.bias.len(), 2);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn strip_prefix(mut self, prefix: impl Into<String>) -> Options {
        self.renames = self.renames.strip_prefix(prefix.into());
        self
    }

    /// On load, renames the file's tensors by a table of `(name in the file, name in the
    /// model)` pairs (an array of pairs, a `Vec`, a `HashMap`, a `BTreeMap`); names not in
    /// the table pass unchanged.
    ///
    /// ```
    /// use fanin::io::Options;
    /// let options = Options::new().rename([("LayerNorm.gamma", "LayerNorm.scale")]);
    /// assert_eq!(options.renames.apply("LayerNorm.gamma").as_deref(), Some("LayerNorm.scale"));
    /// assert_eq!(options.renames.apply("dense.kernel").as_deref(), Some("dense.kernel"));
    /// ```
    pub fn rename<K, V>(mut self, table: impl IntoIterator<Item = (K, V)>) -> Options
    where
        K: Into<String>,
        V: Into<String>,
    {
        let table: HashMap<String, String> = table
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.renames = self.renames.table(table);
        self
    }

    /// On load, renames the file's tensors by a function of the name: it returns the new
    /// name (a `String`) or an `Option<String>`, where `None` drops the tensor (it is then
    /// ignored, not an error).
    ///
    /// ```
    /// use fanin::io::Options;
    /// let options = Options::new()
    ///     .remap(|name: &str| name.replace("/", "."))
    ///     .remap(|name: &str| (name != "step").then(|| name.to_string()));
    /// assert_eq!(options.renames.apply("dense/kernel").as_deref(), Some("dense.kernel"));
    /// assert_eq!(options.renames.apply("step"), None);
    /// ```
    pub fn remap<F, R>(mut self, f: F) -> Options
    where
        F: Fn(&str) -> R + Send + Sync + 'static,
        R: Into<Option<String>>,
    {
        self.renames = self.renames.function(Arc::new(move |name| f(name).into()));
        self
    }

    /// On load, ignores the tensors of the file that no param takes (the default is an
    /// error naming them).
    ///
    /// ```
    /// assert!(fanin::io::Options::new().allow_extra(true).allow_extra);
    /// ```
    pub fn allow_extra(mut self, allow: bool) -> Options {
        self.allow_extra = allow;
        self
    }

    /// On load, initializes the params the file does not hold as `M::init(key, config)`
    /// makes them, bit for bit, and loads the rest (a pretrained body with a new head). The
    /// default is an error naming the missing tensors. Dtype and shape mismatches stay
    /// errors.
    ///
    /// ```
    /// use fanin::{io, Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(3, 2)] kernel: Array2<f32>, #[shape(2)] bias: Array1<f32> }
    ///
    /// #[derive(Params)]
    /// #[init(bias = zeros_init())]
    /// struct Body { #[shape(2)] bias: Array1<f32> }
    ///
    /// #[derive(Params)]
    /// struct Model { #[module] body: Body, #[module] head: Dense }
    ///
    /// #[derive(Params)]
    /// struct Pretrained { #[module] body: Body }
    ///
    /// let path = std::env::temp_dir().join(format!("fanin-doc-partial-{}.safetensors", std::process::id()));
    /// io::save(&Pretrained::init(Key::new(9), &())?, &path)?;
    /// let options = io::Options::new().partial(Key::new(0));
    /// let (model, report) = io::load_with_report::<Model>(&path, &(), &options)?;
    /// assert_eq!(model.head.kernel, Model::init(Key::new(0), &())?.head.kernel);
    /// assert_eq!(report.initialized, ["head.kernel", "head.bias"]);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn partial(mut self, key: Key) -> Options {
        self.partial = Some(key);
        self
    }
}
