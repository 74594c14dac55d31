//! Flax paths: [`ModulePath`] (where a module sits) and [`ParamPath`] (a param in it).

use std::fmt;

use crate::{Error, Key, LazyRng};

/// The path of a module from the root model: the names of its scopes (field names, a
/// `name = "..."`, or `layers_0` for list items). Empty for the root.
///
/// ```
/// use fanin::params::ModulePath;
/// let path = ModulePath::root().child("encoder").child("layers_0");
/// assert_eq!(path.param("kernel").to_string(), "encoder/layers_0/kernel");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModulePath {
    segments: Vec<String>,
}

impl ModulePath {
    /// The root model.
    pub fn root() -> ModulePath {
        ModulePath::default()
    }

    /// The submodule `name` of this module.
    pub fn child(&self, name: &str) -> ModulePath {
        let mut segments = self.segments.clone();
        segments.push(name.to_string());
        ModulePath { segments }
    }

    /// The param `name` of this module (collection `params`).
    pub fn param(&self, name: &str) -> ParamPath {
        self.variable(PARAMS, name)
    }

    /// The variable `name` of this module in the collection `collection` (Flax's
    /// `self.variable(collection, name, ...)`); `variable("params", name)` is
    /// [`param`](ModulePath::param).
    ///
    /// ```
    /// use fanin::params::ModulePath;
    /// let mean = ModulePath::root().child("bn").variable("batch_stats", "mean");
    /// assert_eq!(mean.collection(), "batch_stats");
    /// assert_eq!(mean.to_string(), "batch_stats/bn/mean");
    /// assert_eq!(mean.dotted(), "batch_stats.bn.mean");
    /// ```
    pub fn variable(&self, collection: &str, name: &str) -> ParamPath {
        ParamPath {
            collection: collection.to_string(),
            modules: self.segments.clone(),
            name: name.to_string(),
            nnx: false,
        }
    }

    /// The variable `name` of this module, of an NNX module (`#[params(nnx)]`): named as
    /// `nnx.state(model)` names it, without its collection in any spelling (`bn/mean`,
    /// `bn.mean`), whatever its collection (a param, an `nnx.BatchStat`, ...).
    ///
    /// ```
    /// use fanin::params::ModulePath;
    /// let mean = ModulePath::root().child("bn").nnx_variable("batch_stats", "mean");
    /// assert_eq!(mean.collection(), "batch_stats");
    /// assert_eq!(mean.to_string(), "bn/mean");
    /// assert_eq!(mean.dotted(), "bn.mean");
    /// ```
    pub fn nnx_variable(&self, collection: &str, name: &str) -> ParamPath {
        ParamPath {
            nnx: true,
            ..self.variable(collection, name)
        }
    }

    /// The scope names from the root down.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// The [`LazyRng`] of this module under `root`, as Flax derives it.
    pub fn rng(&self, root: Key) -> LazyRng {
        scope_rng(&self.segments, root)
    }

    /// The key of this module's `counter`-th param (Flax counts from 1) when the model is
    /// initialized from `root`: Flax's `fold_in(root, sha1(path ++ counter))`. The one place
    /// a param's key is derived: [`Scope::param_key`](super::Scope::param_key) and
    /// [`ParamPlan::key`](super::ParamPlan::key) both come here.
    ///
    /// ```
    /// use fanin::params::ModulePath;
    /// use fanin::{Key, LazyRng};
    /// let path = ModulePath::root().child("dense2");
    /// assert_eq!(path.param_key(Key::new(0), 1), LazyRng::new(Key::new(0)).child("dense2").param(1));
    /// ```
    pub fn param_key(&self, root: Key, counter: u64) -> Key {
        self.param_key_with(root, counter, false)
    }

    /// [`param_key`](ModulePath::param_key), with Flax's `flax_fix_rng_separator` set to
    /// `separator` (a `\0` byte before each hashed item).
    ///
    /// ```
    /// use fanin::params::ModulePath;
    /// use fanin::{Key, LazyRng};
    /// let path = ModulePath::root().child("dense2");
    /// let key = path.param_key_with(Key::new(0), 1, true);
    /// assert_eq!(key, LazyRng::with_separator(Key::new(0)).child("dense2").param(1));
    /// ```
    pub fn param_key_with(&self, root: Key, counter: u64, separator: bool) -> Key {
        param_key(&self.segments, root, counter, separator)
    }
}

/// The module's scope names joined by `/` (`encoder/layers_0`); empty for the root.
impl fmt::Display for ModulePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.segments.join("/"))
    }
}

fn scope_rng(modules: &[String], root: Key) -> LazyRng {
    modules
        .iter()
        .fold(LazyRng::new(root), |rng, name| rng.child(name))
}

/// The key of the `counter`-th param under the module names `modules` (Flax's
/// `LazyRng.suffix`) from `root`; see [`ModulePath::param_key_with`].
pub(crate) fn param_key(modules: &[String], root: Key, counter: u64, separator: bool) -> Key {
    let top = if separator {
        LazyRng::with_separator(root)
    } else {
        LazyRng::new(root)
    };
    modules
        .iter()
        .fold(top, |rng, name| rng.child(name))
        .param(counter)
}

/// `error`, said of the param at `path`: its message starts with the path (`dense1/kernel:
/// ...`). The one place errors are located at a param (to move to `Error` at the merge).
pub(crate) fn in_param(path: &ParamPath, error: Error) -> Error {
    match error {
        Error::InvalidArgument(m) => Error::InvalidArgument(format!("{path}: {m}")),
        Error::Mismatch(m) => Error::Mismatch(format!("{path}: {m}")),
        other => other,
    }
}

/// Flax's collection of params: `variables['params']`.
pub(crate) const PARAMS: &str = "params";

/// The path of one param: the module scopes, then the param's name. Displays as Flax's
/// nested-dict path joined by `/` (`dense1/kernel`); [`dotted`](ParamPath::dotted) gives the
/// safetensors tensor name (`dense1.kernel`).
///
/// A variable of another collection (`#[variable("batch_stats")]`) has its collection as
/// first segment in every spelling (`batch_stats/bn/mean`, `batch_stats.bn.mean`), as
/// `flax.traverse_util.flatten_dict(variables, sep='.')` names it; a param's names have no
/// `params` segment, so the names of models without variables do not change. The variables of
/// an NNX module ([`ModulePath::nnx_variable`]) have no collection segment at all, as
/// `nnx.state(model)` names them.
///
/// ```
/// use fanin::params::ModulePath;
/// let path = ModulePath::root().child("dense1").param("kernel");
/// assert_eq!(path.to_string(), "dense1/kernel");
/// assert_eq!(path.dotted(), "dense1.kernel");
/// assert_eq!(path.name(), "kernel");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamPath {
    collection: String,
    modules: Vec<String>,
    name: String,
    /// Named as `nnx.state` names it: no collection segment.
    nnx: bool,
}

impl ParamPath {
    /// The collection the variable belongs to: `params` for a param, else the name given
    /// by `#[variable("...")]` (`batch_stats`).
    pub fn collection(&self) -> &str {
        &self.collection
    }

    /// Whether this is a param (collection `params`), not a variable of another collection.
    pub fn is_param(&self) -> bool {
        self.collection == PARAMS
    }

    /// The scopes of the module that holds the param, from the root down.
    pub fn modules(&self) -> &[String] {
        &self.modules
    }

    /// The param's own name (its field name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// This path with `module`'s scopes in front (a path inside a stack, seen from outside).
    pub(crate) fn under(&self, module: &ModulePath) -> ParamPath {
        let mut modules = module.segments().to_vec();
        modules.extend_from_slice(&self.modules);
        ParamPath {
            collection: self.collection.clone(),
            modules,
            name: self.name.clone(),
            nnx: self.nnx,
        }
    }

    /// This path without `module`'s scopes in front, if it starts with them.
    pub(crate) fn relative_to(&self, module: &ModulePath) -> Option<ParamPath> {
        let rest = self.modules.strip_prefix(module.segments())?;
        Some(ParamPath {
            collection: self.collection.clone(),
            modules: rest.to_vec(),
            name: self.name.clone(),
            nnx: self.nnx,
        })
    }

    /// The names joined by `.`: the tensor name in a safetensors file (`dense1.kernel`).
    pub fn dotted(&self) -> String {
        self.join(".")
    }

    /// The names joined by `sep`; a variable of another collection starts with its
    /// collection (`batch_stats.bn.mean`).
    pub fn join(&self, sep: &str) -> String {
        let mut out = String::new();
        if !self.is_param() && !self.nnx {
            out.push_str(&self.collection);
            out.push_str(sep);
        }
        for module in &self.modules {
            out.push_str(module);
            out.push_str(sep);
        }
        out.push_str(&self.name);
        out
    }
}

impl fmt::Display for ParamPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.join("/"))
    }
}
