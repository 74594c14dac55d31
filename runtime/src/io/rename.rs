//! [`Renames`]: how the tensor names of a checkpoint made elsewhere become the model's names
//! (prefix stripping, a table, a function), applied in the order they were given.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A function from a tensor's name to its new name, or `None` to drop the tensor.
type RenameFn = dyn Fn(&str) -> Option<String> + Send + Sync;

/// One renaming step.
#[derive(Clone)]
enum Step {
    /// Names starting with the prefix lose it; the others pass unchanged.
    StripPrefix(String),
    /// Names in the table become its value; the others pass unchanged.
    Table(Arc<HashMap<String, String>>),
    /// Any rule; `None` drops the tensor.
    Function(Arc<RenameFn>),
}

/// The renaming steps of [`Options`](crate::io::Options) that turn a file's tensor names into
/// the model's (`params.bert.embeddings...` into `embeddings...`), applied in the order the
/// builder methods were called. A tensor whose name a step maps to `None` is dropped (and
/// listed as ignored in a [`LoadReport`](crate::io::LoadReport)). Two equal sets of steps
/// compare equal only if their functions are the same closure (the same `Arc`).
///
/// ```
/// use fanin::io::Options;
/// let options = Options::new()
///     .strip_prefix("params.")
///     .rename([("emb.weight", "embed.embedding")])
///     .remap(|name: &str| name.replace("gamma", "scale"));
/// assert_eq!(options.renames.apply("params.emb.weight").as_deref(), Some("embed.embedding"));
/// assert_eq!(options.renames.apply("params.ln.gamma").as_deref(), Some("ln.scale"));
/// assert!(Options::new().renames.is_empty());
/// ```
#[derive(Clone, Default)]
pub struct Renames {
    steps: Vec<Step>,
}

impl Renames {
    /// No renaming: every name is kept.
    ///
    /// ```
    /// assert_eq!(fanin::io::Renames::new().apply("a.b").as_deref(), Some("a.b"));
    /// ```
    pub fn new() -> Renames {
        Renames::default()
    }

    /// Whether there is no step (names are kept as they are).
    ///
    /// ```
    /// assert!(fanin::io::Renames::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The model's name for the file's tensor `name`, or `None` if a step drops it.
    ///
    /// ```
    /// let renames = fanin::io::Options::new().remap(|n: &str| (!n.ends_with("step")).then(|| n.to_string())).renames;
    /// assert_eq!(renames.apply("step"), None);
    /// assert_eq!(renames.apply("dense.kernel").as_deref(), Some("dense.kernel"));
    /// ```
    pub fn apply(&self, name: &str) -> Option<String> {
        let mut name = name.to_string();
        for step in &self.steps {
            name = match step {
                Step::StripPrefix(prefix) => match name.strip_prefix(prefix.as_str()) {
                    Some(rest) => rest.to_string(),
                    None => name,
                },
                Step::Table(table) => table.get(&name).cloned().unwrap_or(name),
                Step::Function(f) => f(&name)?,
            };
        }
        Some(name)
    }

    pub(crate) fn strip_prefix(mut self, prefix: String) -> Renames {
        self.steps.push(Step::StripPrefix(prefix));
        self
    }

    pub(crate) fn table(mut self, table: HashMap<String, String>) -> Renames {
        self.steps.push(Step::Table(Arc::new(table)));
        self
    }

    pub(crate) fn function(mut self, f: Arc<RenameFn>) -> Renames {
        self.steps.push(Step::Function(f));
        self
    }
}

impl fmt::Debug for Renames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for step in &self.steps {
            match step {
                Step::StripPrefix(prefix) => list.entry(&format_args!("strip_prefix({prefix:?})")),
                Step::Table(table) => list.entry(&format_args!("rename({} names)", table.len())),
                Step::Function(_) => list.entry(&format_args!("remap(fn)")),
            };
        }
        list.finish()
    }
}

impl PartialEq for Renames {
    fn eq(&self, other: &Renames) -> bool {
        self.steps.len() == other.steps.len()
            && self.steps.iter().zip(&other.steps).all(|pair| match pair {
                (Step::StripPrefix(a), Step::StripPrefix(b)) => a == b,
                (Step::Table(a), Step::Table(b)) => a == b,
                (Step::Function(a), Step::Function(b)) => Arc::ptr_eq(a, b),
                _ => false,
            })
    }
}

impl Eq for Renames {}
