//! [`Scope`]: where a module sits and how its params are made, handed down the module tree
//! by the `Params::*_at` methods.

use super::{ModulePath, ParamPath};
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
    /// The root key of an init; `None` for a plan, a walk or a load.
    root: Option<Key>,
}

impl Scope {
    /// The root scope of an init from `key` under `settings`.
    pub fn for_init(key: Key, settings: Settings) -> Scope {
        Scope {
            path: ModulePath::root(),
            settings,
            root: Some(key),
        }
    }

    /// The root scope of a plan made under `settings` (the plan's fills keep them), or of a
    /// walk or a load: no key.
    pub fn for_plan(settings: Settings) -> Scope {
        Scope {
            path: ModulePath::root(),
            settings,
            root: None,
        }
    }

    /// The root scope of a walk or a load: no key, this thread's [`Settings::current`].
    pub fn root() -> Scope {
        Scope::for_plan(Settings::current())
    }

    /// The scope of the submodule `name` (its field name, a `name = "..."`, or `layers_0`).
    pub fn child(&self, name: &str) -> Scope {
        Scope {
            path: self.path.child(name),
            settings: self.settings,
            root: self.root,
        }
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
        self.path.param(name)
    }

    /// The path of this module's variable `name` in the collection `collection`
    /// (`batch_stats`): see [`ModulePath::variable`].
    pub fn variable_path(&self, collection: &str, name: &str) -> ParamPath {
        self.path.variable(collection, name)
    }

    /// The key of this module's `counter`-th param (Flax counts from 1), as
    /// [`ModulePath::param_key`] derives it. An error in a scope without key (a plan, a walk
    /// or a load).
    pub fn param_key(&self, counter: u64) -> Result<Key> {
        match self.root {
            Some(root) => {
                Ok(self
                    .path
                    .param_key_with(root, counter, self.settings.fix_rng_separator))
            }
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
