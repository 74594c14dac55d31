//! [`Stacked`]: the params of a module lifted by `nn.scan` or `nn.vmap`, each with a leading
//! axis of one entry per layer.

use std::fmt;
use std::marker::PhantomData;

use super::lift::{self, Lift};
use super::{
    ModulePath, ParamArray, ParamPath, ParamPlan, ParamRef, Scope, TensorData, TensorSource,
};
use crate::{Error, Params, Result};

/// The params of `n` layers of the module `M`, stacked as Flax's
/// `nn.scan(M, variable_axes={'params': 0}, split_rngs={'params': True}, length=n)` and
/// `nn.vmap(M, ..., axis_size=n)` make them: each param of `M` once, with a new leading axis
/// of length `n` (`blocks/Dense_0/kernel` of shape `[n, in, out]`).
///
/// Declare it with `#[module(config = .., scan = n)]` or `#[module(config = .., vmap = n)]`.
/// Layer `i` is drawn from key `i` of `jax.random.split` of the enclosing scope's key, with
/// Flax's counters inside a scan (see the crate's README); each param is filled layer by
/// layer in place. [`layer`](Stacked::layer) makes one layer as an `M`;
/// [`layer_views`](Stacked::layer_views) views it without copying.
///
/// ```
/// use fanin::{Key, Params, Stacked};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// pub struct Dense {
///     #[shape(3, 3)] pub kernel: Array2<f32>,
///     #[shape(3)] pub bias: Array1<f32>,
/// }
///
/// #[derive(Params)]
/// #[params(config = usize)]
/// pub struct Model {
///     // nn.scan(Dense, variable_axes={'params': 0}, split_rngs={'params': True}, length=depth)
///     #[module(name = "ScanDense_0", scan = *cfg)]
///     pub blocks: Stacked<Dense>,
/// }
///
/// let model = Model::init(Key::new(0), &4)?;
/// assert_eq!(model.blocks.len(), 4);
/// let mut seen = Vec::new();
/// model.walk(&mut |p| seen.push((p.path.to_string(), p.view.shape().to_vec())));
/// assert_eq!(seen[0], ("ScanDense_0/kernel".to_string(), vec![4, 3, 3]));
/// let layer2: Dense = model.blocks.layer(2, &())?;
/// assert_eq!(layer2.kernel.shape(), &[3, 3]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub struct Stacked<M> {
    len: usize,
    /// Each param of `M`, in `M`'s declaration order, with its path inside `M`.
    tensors: Vec<(ParamPath, ParamArray)>,
    marker: PhantomData<fn() -> M>,
}

impl<M> Stacked<M> {
    /// The number of layers.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no layer.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each param of `M` with its path inside `M` (`Dense_0/kernel`) and its stacked values
    /// (shape `[len, ...]`), in `M`'s declaration order.
    pub fn tensors(&self) -> impl Iterator<Item = (&ParamPath, &ParamArray)> {
        self.tensors.iter().map(|(path, array)| (path, array))
    }

    /// The param at `path` inside `M` (`"Dense_0/kernel"`), stacked.
    pub fn get(&self, path: &str) -> Option<&ParamArray> {
        self.tensors
            .iter()
            .find(|(p, _)| p.to_string() == path)
            .map(|(_, array)| array)
    }

    /// Views of layer `index` of every param (paths inside `M`), without copying; `None`
    /// when `index >= len()`.
    pub fn layer_views(&self, index: usize) -> Option<Vec<ParamRef<'_>>> {
        if index >= self.len {
            return None;
        }
        Some(
            self.tensors
                .iter()
                .map(|(path, array)| ParamRef {
                    collection: path.collection(),
                    path: path.clone(),
                    view: array.view().index_first(index),
                })
                .collect(),
        )
    }
}

impl<M: Params> Stacked<M> {
    /// Layer `index` as an `M` (its values copied), checked against `config` as a load is.
    pub fn layer(&self, index: usize, config: &M::Config) -> Result<M> {
        if index >= self.len {
            return Err(Error::invalid(format!(
                "layer {index} of a stack of {} layers",
                self.len
            )));
        }
        M::from_tensors_at(
            &Scope::root(),
            config,
            &mut LayerSource { stack: self, index },
        )
    }

    /// Initializes the stack sitting at `scope` (its own scope): plans `M` once and fills
    /// every param layer by layer, in place.
    pub(crate) fn init_at(scope: &Scope, lift: Lift, n: usize, config: &M::Config) -> Result<Self> {
        let root = scope.root_key().ok_or_else(|| {
            Error::invalid(format!(
                "the stack `{}` is initialized without a key",
                scope.path()
            ))
        })?;
        // NNX (`split_rngs` + `vmap`): the stack draws one key of the stream, which is split.
        let root = match scope.is_nnx() {
            true => super::Stream::key(root, scope.stream().next()),
            false => root,
        };
        let plan = Self::body_plan(scope, lift, config)?;
        let settings = scope.settings();
        let mut tensors = Vec::with_capacity(plan.len());
        for entry in plan {
            let stacked = lift::stack_entry(settings, n, entry)?;
            let mut array = ParamArray::zeros(stacked.dtype, &stacked.shape)
                .map_err(|e| super::path::in_param(&stacked.path, e))?;
            fill_in_place(&stacked, root, &mut array)?;
            let path = relative(&stacked.path, scope.path())?;
            tensors.push((path, array));
        }
        Ok(Stacked {
            len: n,
            tensors,
            marker: PhantomData,
        })
    }

    /// Appends the plan of the stack sitting at `scope`.
    pub(crate) fn plan_at(
        scope: &Scope,
        lift: Lift,
        n: usize,
        config: &M::Config,
        out: &mut Vec<ParamPlan>,
    ) -> Result<()> {
        let nnx_count = scope.is_nnx().then(|| scope.stream().next());
        for entry in Self::body_plan(scope, lift, config)? {
            let stacked = lift::stack_entry(scope.settings(), n, entry)?;
            out.push(match nnx_count {
                Some(count) => lift::rebase_nnx(count, stacked),
                None => stacked,
            });
        }
        Ok(())
    }

    /// Reads the stack sitting at `scope` from a tensor source, checking names, dtypes and
    /// shapes against `config`.
    pub(crate) fn from_tensors_at(
        scope: &Scope,
        lift: Lift,
        n: usize,
        config: &M::Config,
        source: &mut dyn TensorSource,
    ) -> Result<Self> {
        let mut tensors = Vec::new();
        let mut plan = Vec::new();
        Self::plan_at(scope, lift, n, config, &mut plan)?;
        for entry in plan {
            let tensor = source.tensor(&entry.path)?;
            if tensor.dtype != entry.dtype {
                return Err(Error::Mismatch(format!(
                    "`{}` is stored as {} but the model declares {}",
                    entry.path, tensor.dtype, entry.dtype
                )));
            }
            if tensor.shape != entry.shape {
                return Err(Error::Mismatch(format!(
                    "`{}` is stored with shape {:?} but the config gives {:?}",
                    entry.path, tensor.shape, entry.shape
                )));
            }
            let array = ParamArray::from_le_bytes(entry.dtype, &entry.shape, &tensor.data)
                .map_err(|e| super::path::in_param(&entry.path, e))?;
            tensors.push((relative(&entry.path, scope.path())?, array));
        }
        Ok(Stacked {
            len: n,
            tensors,
            marker: PhantomData,
        })
    }

    /// Calls `f` on every stacked param, the stack sitting at `scope`.
    pub(crate) fn walk_at<'a>(&'a self, scope: &Scope, f: &mut dyn FnMut(ParamRef<'a>)) {
        for (path, array) in &self.tensors {
            f(ParamRef {
                collection: path.collection(),
                path: path.under(scope.path()),
                view: array.view(),
            });
        }
    }

    /// The plan of one layer of `M`, its fills taking the layer's key.
    fn body_plan(scope: &Scope, lift: Lift, config: &M::Config) -> Result<Vec<ParamPlan>> {
        let mut plan = Vec::new();
        M::plan_at(&lift::stacked_body(scope, lift, None), config, &mut plan)?;
        Ok(plan)
    }
}

/// Fills the whole stacked `array` from its plan entry, in place where the machine's byte
/// order allows, in parallel chunks as a plain param's init is (an orthogonal initializer
/// makes each layer whole: one call).
fn fill_in_place(entry: &ParamPlan, root: crate::Key, array: &mut ParamArray) -> Result<()> {
    if cfg!(target_endian = "little") {
        let bytes = array.bytes_mut();
        if !entry.elementwise {
            return entry.fill_le(root, 0, bytes);
        }
        return crate::parallel::try_for_each_chunk_of(
            0,
            bytes,
            entry.dtype.size(),
            &|at, chunk| entry.fill_le(root, at, chunk),
        );
    }
    let bytes = entry.sample_le(root)?;
    *array = ParamArray::from_le_bytes(entry.dtype, &entry.shape, &bytes)?;
    Ok(())
}

fn relative(path: &ParamPath, module: &ModulePath) -> Result<ParamPath> {
    path.relative_to(module)
        .ok_or_else(|| Error::invalid(format!("`{path}` does not sit under the stack `{module}`")))
}

/// One layer of a stack, as the tensors of an `M` (paths inside `M`).
struct LayerSource<'s, M> {
    stack: &'s Stacked<M>,
    index: usize,
}

impl<M> TensorSource for LayerSource<'_, M> {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        let (_, array) = self
            .stack
            .tensors
            .iter()
            .find(|(p, _)| p == path)
            .ok_or_else(|| Error::Mismatch(format!("the stack holds no param `{path}`")))?;
        let data = array
            .block_le(self.index)
            .ok_or_else(|| Error::invalid(format!("`{path}` has no layer {}", self.index)))?;
        Ok(TensorData {
            dtype: array.dtype(),
            shape: array.shape()[1..].to_vec(),
            data,
        })
    }
}

impl<M> Clone for Stacked<M> {
    fn clone(&self) -> Self {
        Stacked {
            len: self.len,
            tensors: self.tensors.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Stacked<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stacked")
            .field("len", &self.len)
            .field(
                "tensors",
                &self
                    .tensors
                    .iter()
                    .map(|(p, a)| (p.to_string(), a.shape().to_vec()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl<M> Default for Stacked<M> {
    /// No layer.
    fn default() -> Self {
        Stacked {
            len: 0,
            tensors: Vec::new(),
            marker: PhantomData,
        }
    }
}
