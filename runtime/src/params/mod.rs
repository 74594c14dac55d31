//! The [`Params`] trait that `#[derive(Params)]` implements, and what it yields: paths
//! ([`ParamPath`], [`ModulePath`]), the plan of a model ([`ParamPlan`]), views of its arrays
//! ([`ParamView`]), a summary table ([`Summary`]) and the source of a load
//! ([`TensorSource`]). [`Scope`] is what the `*_at` methods hand down the module tree.
//!
//! The derive's generated code calls `fanin::__private_v1` (not a public API), which builds on
//! this module.

pub(crate) mod lift;
mod owned;
pub(crate) mod path;
mod plan;
mod scope;
mod stacked;
mod statistics;
mod stream;
mod summary;
mod tensors;
mod view;

pub use lift::Lift;
pub use owned::ParamArray;
pub use path::{ModulePath, ParamPath};
pub use plan::{FillFn, ParamPlan};
pub use scope::Scope;
pub use stacked::Stacked;
pub use statistics::{Moments, ParamStatistics, Statistics};
pub use stream::Stream;
pub use summary::{Summary, SummaryRow};
pub use tensors::{TensorData, TensorSource};
pub use view::{ParamRef, ParamView};

use crate::{Execution, Key, Result, Settings};

/// A model's params: declared with `#[derive(Params)]`, initialized exactly as Flax's
/// `Module.init(key, ...)['params']`.
///
/// Derive it on a struct with named fields. Each param field is an ndarray array
/// (`Array1<T>`..`Array6<T>`, `Array<T, IxN>`, `ArrayD<T>`, `T` a [`Dtype`](crate::Dtype))
/// with a `#[shape(...)]` and an initializer, `#[init(...)]` on the field or
/// `#[init(field = ..., ...)]` on the struct. Inside these expressions `cfg: &Config` is in
/// scope (`#[params(config = T)]`, default `()`), and every name of [`fanin::init`](crate::init)
/// is too, without import. A field with `#[module(config = ...)]` is a submodule, whose params
/// live under the field's name (or `name = "Dense_0"`); a `Vec<M>` with `count = ...` is a list
/// (`layers_0`, `layers_1`, ...; `names = index` gives `0`, `1`, ...). `#[skip]` fields are
/// `Default::default()`. A [`Stacked<M>`](crate::Stacked) field with `scan = n` or `vmap = n`
/// holds `nn.scan`/`nn.vmap`'s stacked params; `jit` and `remat` mark `nn.jit(M)` and
/// `nn.remat(M)` submodules. Under `#[params(compact)]`, submodules without `name = ...` are
/// named as `nn.compact` names them (`Dense_0`, `ScanBlock_0`).
///
/// An `ArrayD<T>` field may take its whole shape from one expression, `#[shape(..expr)]`,
/// where `expr` is any `[usize]` (`Vec<usize>`, an array, a slice), so its rank can come from
/// the config (a convolution's kernel has `kernel_size.len() + 2` axes). Shape, initializer
/// and `#[when]` expressions run inside [`init`](Params::init), [`plan`](Params::plan) and
/// loading, which return [`Result`]: they may use `?` to reject a config with an
/// [`Error`](crate::Error) (`#[shape(..cfg.kernel_shape()?)]`).
///
/// `#[variable("batch_stats")]` on an array field makes it a variable of another collection
/// (Flax's `self.variable('batch_stats', name, init_fn, shape)`): it takes no `params`
/// counter and no key, so its initializer must ignore the key
/// ([`Keyless`](crate::init::Keyless): `zeros`, `ones`, `constant(v)`); it is walked, planned,
/// summarized, saved and loaded under the name `batch_stats/<path>` (`batch_stats.<path>` in
/// files). `#[when(cond)]` on an `Option<ArrayN<T>>` or `Option<M>` field makes it optional
/// (`if self.use_bias: self.param(...)`): `None`, with no counter and no name, when `cond`
/// is false; exactly the plain field when it is true.
///
/// ```
/// use fanin::{Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[params(config = bool)]
/// struct DenseBn {
///     #[shape(4, 3)] #[init(lecun_normal())]
///     kernel: Array2<f32>,
///     #[when(*cfg)] #[shape(3)] #[init(zeros_init())]
///     bias: Option<Array1<f32>>,
///     #[variable("batch_stats")] #[shape(3)] #[init(zeros)]
///     mean: Array1<f32>,
/// }
///
/// let model = DenseBn::init(Key::new(0), &false)?;
/// assert!(model.bias.is_none());
/// let mut names = Vec::new();
/// model.walk(&mut |p| names.push((p.collection, p.path.to_string())));
/// assert_eq!(names, [("params", "kernel".to_string()), ("batch_stats", "batch_stats/mean".to_string())]);
/// assert_eq!(model.param_count(), 12);
/// # Ok::<(), fanin::Error>(())
/// ```
///
/// A raw identifier is named without its `r#`: a field `r#type` is `type` in paths, tensor
/// names and key hashes, as Flax names an attribute `type`. Paths must be unique: two params or
/// submodules of one struct with one name are a compile error, and so is a sibling named like
/// an item of a list of literal length (`layers_2` beside `count = 3`); when the length is an
/// expression, [`init`](Params::init), [`plan`](Params::plan) and
/// [`from_tensors`](Params::from_tensors) return an error naming both fields instead.
///
/// The `*_at` methods are what the derive implements: each module passes its submodules a
/// child [`Scope`]. They are hidden from the documentation; call the entry points.
///
/// ```
/// use fanin::{Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// pub struct DenseConfig { pub in_features: usize, pub features: usize }
///
/// #[derive(Params)]
/// #[params(config = DenseConfig)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// pub struct Dense {
///     #[shape(cfg.in_features, cfg.features)]
///     pub kernel: Array2<f32>,
///     #[shape(cfg.features)]
///     pub bias: Array1<f32>,
/// }
///
/// pub struct MlpConfig { pub sizes: [usize; 3] }
///
/// #[derive(Params)]
/// #[params(config = MlpConfig)]
/// pub struct Mlp {
///     #[module(config = DenseConfig { in_features: cfg.sizes[0], features: cfg.sizes[1] })]
///     pub dense1: Dense,
///     #[module(config = DenseConfig { in_features: cfg.sizes[1], features: cfg.sizes[2] })]
///     pub dense2: Dense,
/// }
///
/// let dense = Dense::init(Key::new(0), &DenseConfig { in_features: 4, features: 5 })?;
/// // Flax: nn.Dense(5).init(jax.random.PRNGKey(0), jnp.ones((1, 4)))['params']['kernel']
/// assert!((dense.kernel[[0, 0]] - 0.0413083).abs() < 1e-6);
/// assert_eq!(dense.param_count(), 25);
///
/// let config = MlpConfig { sizes: [4, 8, 2] };
/// let mlp = Mlp::init(Key::new(0), &config)?;
/// let mut paths = Vec::new();
/// mlp.walk(&mut |p| paths.push(p.path.to_string()));
/// assert_eq!(paths, ["dense1/kernel", "dense1/bias", "dense2/kernel", "dense2/bias"]);
/// println!("{}", Mlp::summary(&config)?);
/// # Ok::<(), fanin::Error>(())
/// ```
pub trait Params: Sized {
    /// What the shapes and initializers are computed from (`#[params(config = T)]`).
    type Config;

    /// Initializes every param from `key`, as Flax's `Module.init(key, ...)['params']`, under
    /// this thread's [`Settings::current`].
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// let dense = Dense::init(Key::new(0), &())?;
    /// // nn.Dense(5).init(jax.random.PRNGKey(0), jnp.ones((1, 4)))['params']['kernel'][0, 0]
    /// assert!((dense.kernel[[0, 0]] - 0.0413083).abs() < 1e-6);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn init(key: Key, config: &Self::Config) -> Result<Self> {
        Self::init_at(&Scope::for_init(key, Settings::current()), config)
    }

    /// Initializes every param from `key` as `jax.jit(model.init)(key, ...)['params']` does:
    /// the same as [`init`](Params::init) but for normal-distribution initializers in `f32`,
    /// `f16` and `f64`, whose constants XLA folds under `jax.jit` (see
    /// [`Execution`]). For plans, streamed and sharded init, run them inside
    /// [`with_execution`](crate::with_execution)`(Execution::Jit, ..)`.
    ///
    /// ```
    /// use fanin::{with_execution, Execution, Key, Params};
    /// use fanin::ndarray::Array2;
    ///
    /// #[derive(Params)]
    /// #[init(kernel = normal().stddev(0.3))]
    /// struct Dense { #[shape(64, 64)] kernel: Array2<f32> }
    ///
    /// let jitted = Dense::init_jit(Key::new(0), &())?;
    /// let same = with_execution(Execution::Jit, || Dense::init(Key::new(0), &()))?;
    /// assert_eq!(jitted.kernel, same.kernel);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn init_jit(key: Key, config: &Self::Config) -> Result<Self> {
        let settings = Settings::current().execution(Execution::Jit);
        Self::init_at(&Scope::for_init(key, settings), config)
    }

    /// Initializes this module sitting in `scope` (which holds the root key, the module's path
    /// and the settings). Called by [`init`](Params::init) and by the module's parent; not
    /// meant to be called directly.
    #[doc(hidden)]
    fn init_at(scope: &Scope, config: &Self::Config) -> Result<Self>;

    /// Every param in declaration order (submodules in place), described without making any
    /// array: path, shape, dtype, initializer, key, and a way to generate any range of its
    /// values. The base of streamed and sharded init and of file I/O. The plan's fills keep
    /// this thread's [`Settings::current`], whatever thread runs them.
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// let plan = Dense::plan(&())?;
    /// assert_eq!(plan[0].path.to_string(), "kernel");
    /// assert_eq!(plan[0].shape, [4, 5]);
    /// // Any param on its own, as little-endian bytes: the same values as `init`.
    /// let bytes = plan[0].sample_le(Key::new(0))?;
    /// let first = f32::from_le_bytes(bytes[..4].try_into().unwrap());
    /// assert_eq!(first, Dense::init(Key::new(0), &())?.kernel[[0, 0]]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn plan(config: &Self::Config) -> Result<Vec<ParamPlan>> {
        let mut out = Vec::new();
        Self::plan_at(&Scope::for_plan(Settings::current()), config, &mut out)?;
        Ok(out)
    }

    /// Appends the plan of this module, sitting in `scope`, to `out`.
    #[doc(hidden)]
    fn plan_at(scope: &Scope, config: &Self::Config, out: &mut Vec<ParamPlan>) -> Result<()>;

    /// Calls `f` on every param in declaration order, with its Flax path (`dense1/kernel`) and
    /// a view of its values.
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// let dense = Dense::init(Key::new(0), &())?;
    /// let mut seen = Vec::new();
    /// dense.walk(&mut |p| seen.push((p.path.to_string(), p.view.len())));
    /// assert_eq!(seen, [("kernel".to_string(), 20), ("bias".to_string(), 5)]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn walk<'a>(&'a self, f: &mut dyn FnMut(ParamRef<'a>)) {
        self.walk_at(&Scope::root(), f)
    }

    /// [`walk`](Params::walk) for this module sitting in `scope`.
    #[doc(hidden)]
    fn walk_at<'a>(&'a self, scope: &Scope, f: &mut dyn FnMut(ParamRef<'a>));

    /// Calls `f` on every param with its plan entry (which carries the initializer's
    /// description and the key). Fails if the arrays do not match the config (a list of
    /// submodules resized after init, say).
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// let dense = Dense::init(Key::new(0), &())?;
    /// let mut inits = Vec::new();
    /// dense.walk_planned(&(), &mut |p, plan| inits.push((p.path.to_string(), plan.init.clone())))?;
    /// assert!(inits[0].1.starts_with("lecun_normal"), "{}", inits[0].1);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn walk_planned<'a>(
        &'a self,
        config: &Self::Config,
        f: &mut dyn FnMut(ParamRef<'a>, &ParamPlan),
    ) -> Result<()> {
        let plan = Self::plan(config)?;
        let mut refs = Vec::with_capacity(plan.len());
        self.walk(&mut |r| refs.push(r));
        if refs.len() != plan.len() {
            return Err(crate::Error::Mismatch(format!(
                "the model holds {} params but its config describes {}",
                refs.len(),
                plan.len()
            )));
        }
        for (r, p) in refs.into_iter().zip(&plan) {
            if r.path != p.path || r.view.shape() != p.shape.as_slice() {
                return Err(crate::Error::Mismatch(format!(
                    "the model's param `{}` {:?} does not match the config's `{}` {:?}",
                    r.path,
                    r.view.shape(),
                    p.path,
                    p.shape
                )));
            }
            f(r, p);
        }
        Ok(())
    }

    /// The number of scalar params (elements of every param array). Variables of other
    /// collections (`#[variable("batch_stats")]`) are not params and are not counted.
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// assert_eq!(Dense::init(Key::new(0), &())?.param_count(), 25);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn param_count(&self) -> usize {
        let mut n = 0;
        self.walk(&mut |p| {
            if p.path.is_param() {
                n += p.view.len();
            }
        });
        n
    }

    /// A table of the params (path | shape | dtype | initializer | count | bytes, with
    /// totals), as Flax's `tabulate`; made from the plan, so no array is allocated.
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::{Array1, Array2};
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal(), bias = zeros_init())]
    /// struct Dense { #[shape(4, 5)] kernel: Array2<f32>, #[shape(5)] bias: Array1<f32> }
    ///
    /// let summary = Dense::summary(&())?;
    /// assert_eq!(summary.rows.len(), 2);
    /// println!("{summary}");
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn summary(config: &Self::Config) -> Result<Summary> {
        Ok(Summary::from_plan(&Self::plan(config)?))
    }

    /// The [`summary`](Params::summary) of this initialized model with the mean, std, min and
    /// max of each param's values beside the std its initializer is expected to give
    /// ([`Statistics`]). Computed in `f64`, one param after another in declaration order, so
    /// the numbers do not depend on threads.
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::ndarray::Array2;
    ///
    /// #[derive(Params)]
    /// struct Embed {
    ///     #[shape(512, 32)] #[init(normal().stddev(0.02))] table: Array2<f32>,
    /// }
    ///
    /// let embed = Embed::init(Key::new(0), &())?;
    /// let stats = embed.statistics(&())?;
    /// assert_eq!(stats.params[0].expected_std, Some(0.02));
    /// let std = stats.params[0].values.unwrap().std;
    /// assert!((std / 0.02 - 1.0).abs() < 0.05);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn statistics(&self, config: &Self::Config) -> Result<Statistics> {
        Summary::with_statistics(self, config)
    }

    /// Builds the model from named tensors (a checkpoint), checking every name, dtype and
    /// shape against `config`.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use std::collections::BTreeMap;
    /// use fanin::params::TensorData;
    /// use fanin::ndarray::Array1;
    /// use fanin::{ElementType, Params};
    ///
    /// #[derive(Params)]
    /// #[init(bias = zeros_init())]
    /// struct Bias { #[shape(2)] bias: Array1<f32> }
    ///
    /// let bytes: Vec<u8> = [1.5f32, -2.0].iter().flat_map(|v| v.to_le_bytes()).collect();
    /// let mut tensors = BTreeMap::new();
    /// tensors.insert(
    ///     "bias".to_string(),
    ///     TensorData { dtype: ElementType::F32, shape: vec![2], data: Cow::Owned(bytes) },
    /// );
    /// let model = Bias::from_tensors(&(), &mut tensors)?;
    /// assert_eq!(model.bias.to_vec(), [1.5, -2.0]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    fn from_tensors(config: &Self::Config, source: &mut dyn TensorSource) -> Result<Self> {
        Self::from_tensors_at(&Scope::root(), config, source)
    }

    /// [`from_tensors`](Params::from_tensors) for this module sitting in `scope`.
    #[doc(hidden)]
    fn from_tensors_at(
        scope: &Scope,
        config: &Self::Config,
        source: &mut dyn TensorSource,
    ) -> Result<Self>;
}
