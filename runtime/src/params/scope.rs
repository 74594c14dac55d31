//! [`Scope`]: where a module sits and how its params are made, handed down the module tree
//! by the `Params::*_at` methods.

use super::{ModulePath, ParamPath, Stream};
use crate::{Error, Key, Result, Settings};

/// The context of one module while a model is initialized, planned, walked or loaded: where
/// the module sits ([`ModulePath`]), how the run reproduces JAX ([`Settings`]), and, for
/// init only, the root key its params are drawn from.
///
/// The entry points of [`Params`](crate::Params) make the root scope, reading
/// [`Settings::current`] once; each submodule gets [`child`](Scope::child). The code that
/// `#[derive(Params)]` generates is the only usual caller; a hand-written `Params` impl passes
/// the scope on the same way.
///
/// ```
/// use fanin::params::Scope;
/// use fanin::{Key, LazyRng, Settings};
///
/// let scope = Scope::for_init(Key::new(0), Settings::default()).child("dense2");
/// assert_eq!(scope.param_path("kernel").to_string(), "dense2/kernel");
/// // Flax's key of the first param of `dense2`:
/// assert_eq!(scope.param_key(1)?, LazyRng::new(Key::new(0)).child("dense2").param(1));
/// // A plan, a walk or a load draws nothing: no key.
/// assert!(Scope::for_plan(Settings::default()).param_key(1).is_err());
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Scope {
    path: ModulePath,
    settings: Settings,
    /// The raw key params are folded from (Flax's `LazyRng.rng`): the root key of an init, a
    /// layer's key inside `nn.scan`/`nn.vmap`, the key `nn.jit` hands its body; `None` for a
    /// plan, a walk or a load (a plan's fills receive it).
    root: Option<Key>,
    /// The module names folded into a param's key after `root` (Flax's `LazyRng.suffix`):
    /// the path, except under `nn.jit`, which starts a new suffix.
    suffix: Vec<String>,
    /// How many `nn.scan` bodies this module sits in: each traces its body twice with shared
    /// counters, so a module's counters are shifted (see [`counter_start`](Scope::counter_start)).
    scans: u32,
    /// Counters this module's own params skip (`nn.jit` draws the body's key first).
    skipped: u64,
    /// The count of the NNX stream, shared with the submodules (`#[params(nnx)]`); a fresh
    /// one in a lifted body (a member of an `nnx.split_rngs` + `nnx.vmap` stack).
    stream: Stream,
    /// Whether the module is an NNX module: its paths are named as `nnx.state` names them.
    nnx: bool,
}

impl Scope {
    /// The root scope of an init from `key` under `settings`.
    pub fn for_init(key: Key, settings: Settings) -> Scope {
        Scope {
            path: ModulePath::root(),
            settings,
            root: Some(key),
            suffix: Vec::new(),
            scans: 0,
            skipped: 0,
            stream: Stream::new(),
            nnx: false,
        }
    }

    /// The root scope of a plan made under `settings` (the plan's fills keep them), or of a
    /// walk or a load: no key.
    pub fn for_plan(settings: Settings) -> Scope {
        Scope {
            path: ModulePath::root(),
            settings,
            root: None,
            suffix: Vec::new(),
            scans: 0,
            skipped: 0,
            stream: Stream::new(),
            nnx: false,
        }
    }

    /// The root scope of a walk or a load: no key, this thread's [`Settings::current`].
    pub fn root() -> Scope {
        Scope::for_plan(Settings::current())
    }

    /// The scope of the submodule `name` (its field name, a `name = "..."`, or `layers_0`).
    pub fn child(&self, name: &str) -> Scope {
        let mut suffix = self.suffix.clone();
        suffix.push(name.to_string());
        Scope {
            path: self.path.child(name),
            settings: self.settings,
            root: self.root,
            suffix,
            scans: self.scans,
            skipped: 0,
            stream: self.stream.clone(),
            nnx: self.nnx,
        }
    }

    /// This scope, for an NNX module (`#[params(nnx)]`): its params draw from the shared
    /// [`Stream`] and its paths are named as `nnx.state` names them.
    ///
    /// ```
    /// use fanin::params::Scope;
    /// use fanin::{Key, Settings};
    ///
    /// let scope = Scope::for_init(Key::new(0), Settings::default()).nnx();
    /// assert_eq!(scope.nnx_key()?, Key::new(0).fold_in(0));
    /// assert_eq!(scope.child("dense").nnx_key()?, Key::new(0).fold_in(1));
    /// assert_eq!(scope.variable_path("batch_stats", "mean").to_string(), "mean");
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn nnx(&self) -> Scope {
        Scope {
            nnx: true,
            ..self.clone()
        }
    }

    /// Whether this is the scope of an NNX module.
    pub fn is_nnx(&self) -> bool {
        self.nnx
    }

    /// The shared count of the NNX stream.
    pub fn stream(&self) -> &Stream {
        &self.stream
    }

    /// Draws the NNX stream's next key: `fold_in(stream_key, count)`, advancing the count. An
    /// error in a scope without key (a plan, a walk or a load).
    pub fn nnx_key(&self) -> Result<Key> {
        let count = self.stream.next();
        match self.root {
            Some(root) => Ok(Stream::key(root, count)),
            None => Err(Error::invalid(format!(
                "key {count} of the NNX stream at `{}`: this scope has no key (it was made for a plan, a walk or a load, not an init)",
                self.path
            ))),
        }
    }

    /// The scope of a lifted body: same path, but the given raw key, suffix, scan depth,
    /// skipped counters and settings (see `params::lift`).
    pub(crate) fn lifted(
        &self,
        root: Option<Key>,
        suffix: Vec<String>,
        scans: u32,
        skipped: u64,
        settings: Settings,
    ) -> Scope {
        Scope {
            path: self.path.clone(),
            settings,
            root,
            suffix,
            scans,
            skipped,
            // An NNX stack's member counts from 0 on its own key.
            stream: Stream::new(),
            nnx: self.nnx,
        }
    }

    /// The module names folded into this module's param keys after the raw key: Flax's
    /// `LazyRng.suffix` (the path, except inside `nn.jit`, which starts anew).
    pub fn key_suffix(&self) -> &[String] {
        &self.suffix
    }

    /// How many `nn.scan` bodies this module sits in.
    pub fn scan_depth(&self) -> u32 {
        self.scans
    }

    /// The counter after which this module's params are counted, given `draws`, the number
    /// of params the module makes: `0` for a plain module (its params take `1, 2, ...`).
    /// Inside `nn.scan`, Flax traces the body twice and the second trace, the one whose
    /// values are kept, continues the counters of the first: a module inside `d` nested scans
    /// starts after `(2^d - 1) * draws`. Inside `nn.jit`, the body's own params start at 2:
    /// the key of the body was drawn with counter 1.
    ///
    /// ```
    /// use fanin::params::Scope;
    /// use fanin::Settings;
    /// assert_eq!(Scope::for_plan(Settings::default()).counter_start(2), 0);
    /// ```
    pub fn counter_start(&self, draws: u64) -> u64 {
        let traces = 1u64.checked_shl(self.scans).unwrap_or(u64::MAX);
        self.skipped
            .saturating_add(traces.saturating_sub(1).saturating_mul(draws))
    }

    /// Where this module sits.
    pub fn path(&self) -> &ModulePath {
        &self.path
    }

    /// How the run reproduces JAX.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// The root key of an init, `None` for a plan, a walk or a load.
    pub fn root_key(&self) -> Option<Key> {
        self.root
    }

    /// The path of this module's param `name`.
    pub fn param_path(&self, name: &str) -> ParamPath {
        self.variable_path(super::path::PARAMS, name)
    }

    /// The path of this module's variable `name` in the collection `collection`
    /// (`batch_stats`): see [`ModulePath::variable`].
    pub fn variable_path(&self, collection: &str, name: &str) -> ParamPath {
        if self.nnx {
            self.path.nnx_variable(collection, name)
        } else {
            self.path.variable(collection, name)
        }
    }

    /// The key of this module's `counter`-th param (Flax counts from 1), as
    /// [`ModulePath::param_key`] derives it. An error in a scope without key (a plan, a walk
    /// or a load).
    pub fn param_key(&self, counter: u64) -> Result<Key> {
        match self.root {
            Some(root) => Ok(super::path::param_key(
                &self.suffix,
                root,
                counter,
                self.settings.fix_rng_separator,
            )),
            None => {
                let module = if self.path.segments().is_empty() {
                    "the root module".to_string()
                } else {
                    format!("`{}`", self.path)
                };
                Err(Error::invalid(format!(
                    "param {counter} of {module}: this scope has no key (it was made for a plan, a walk or a load, not an init)"
                )))
            }
        }
    }
}
