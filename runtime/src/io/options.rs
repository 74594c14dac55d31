//! [`Options`]: how tensor names are made, how big the chunks of a streamed init are, and
//! whether a progress bar is drawn.

use crate::{Execution, Settings, Threefry};

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
}
