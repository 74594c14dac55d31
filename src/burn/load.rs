//! A model's params as named burn `TensorData`, and loading them into a burn module.

use std::collections::{BTreeMap, HashMap};

use burn::module::{Module, ModuleMapper, Param};
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};

use super::naming::burn_names;
use super::tensor::ToTensor;
use super::Target;
use crate::params::ParamRef;
use crate::{Error, Params, Result};

/// Every param of `model` (and every variable of another collection) as burn [`TensorData`]
/// named and laid out by [`burn_names`], in the param's own dtype, bit for bit.
///
/// ```
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let tensors = fanin::burn::tensors(&dense)?;
/// assert_eq!(tensors["weight"].shape.as_slice(), [4, 5]); // (in, out), as burn's Linear
/// assert_eq!(tensors["bias"].shape.as_slice(), [5]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn tensors<M: Params>(model: &M) -> Result<BTreeMap<String, TensorData>> {
    tensors_with(model, burn_names)
}

/// [`tensors`] with a policy of your own: `policy` gives each param its [`Target`] (name and
/// layout), or `None` to leave it out. Its second argument names the params of the same
/// module and collection. Two params given one name are an error.
///
/// ```
/// use fanin::burn::{burn_names, in_module, Layout, Target};
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// #[derive(Params)]
/// struct Block {
///     #[module(name = "c_attn", config = DenseConfig::new(4, 12))]
///     attn: Dense<f32>,
/// }
/// let block = Block::init(Key::new(0), &())?;
/// // The burn struct calls the layer `qkv`: rename the module, keep the default for the rest.
/// let tensors = fanin::burn::tensors_with(&block, |p, siblings| {
///     let target = burn_names(p, siblings)?;
///     Some(Target::new(target.name.replace("c_attn.", "qkv."), target.layout))
/// })?;
/// assert_eq!(tensors.keys().collect::<Vec<_>>(), ["qkv.bias", "qkv.weight"]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn tensors_with<M: Params>(
    model: &M,
    policy: impl Fn(&ParamRef<'_>, &[&str]) -> Option<Target>,
) -> Result<BTreeMap<String, TensorData>> {
    let mut params = Vec::new();
    model.walk(&mut |p| params.push(p));
    let mut modules: HashMap<(&str, &[String]), Vec<&str>> = HashMap::new();
    for param in &params {
        modules
            .entry((param.path.collection(), param.path.modules()))
            .or_default()
            .push(param.path.name());
    }
    let mut out = BTreeMap::new();
    for param in &params {
        let siblings = &modules[&(param.path.collection(), param.path.modules())];
        let Some(target) = policy(param, siblings) else {
            continue;
        };
        let data = target.layout.apply(param.view.clone())?.to_tensor_data();
        if out.insert(target.name.clone(), data).is_some() {
            return Err(Error::invalid(format!(
                "two params are named `{}` in burn (the second is `{}`): give one of them \
                 another name in the policy",
                target.name, param.path
            )));
        }
    }
    Ok(out)
}

/// `module` with every float param replaced by the param of `model` that [`burn_names`]
/// names as the module's field path (`h_0.attn.weight`), on the device each param was on,
/// in the backend's float type, in the layout the module computes with (a `Linear`'s weight
/// is `[d_input, d_output]` whatever its `LinearLayout`); ids and gradient flags are kept. It is strict: a burn param no fanin param is named as, a
/// fanin param no burn param takes, or a shape that differs is an error naming them all
/// (and `module` is dropped). Int and bool params, and `Option` params that are `None`,
/// are not touched.
///
/// ```
/// use burn::backend::NdArray;
/// use burn::nn::{LinearConfig, LayerNormConfig};
/// use burn::tensor::Tensor;
/// use fanin::nn::{Dense, DenseConfig, LayerNorm};
/// use fanin::{Key, Params};
///
/// let device = Default::default();
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let linear = fanin::burn::load(LinearConfig::new(4, 5).init::<NdArray>(&device), &dense)?;
/// let y = linear.forward(Tensor::<NdArray, 2>::ones([1, 4], &device));
/// assert_eq!(y.dims(), [1, 5]);
///
/// // (in, out) swapped: the shapes differ, an error rather than a panic.
/// assert!(fanin::burn::load(LinearConfig::new(5, 4).init::<NdArray>(&device), &dense).is_err());
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load<B: Backend, T: Module<B>, M: Params>(module: T, model: &M) -> Result<T> {
    load_with(module, model, burn_names)
}

/// [`load`] with a policy of your own (see [`tensors_with`]).
///
/// ```
/// use burn::backend::NdArray;
/// use burn::nn::LinearConfig;
/// use fanin::burn::burn_names;
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let device = Default::default();
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// // Only the kernel, into a Linear without bias.
/// let linear = LinearConfig::new(4, 5).with_bias(false).init::<NdArray>(&device);
/// let linear = fanin::burn::load_with(linear, &dense, |p, siblings| {
///     (p.path.name() == "kernel").then(|| burn_names(p, siblings)).flatten()
/// })?;
/// assert!(linear.bias.is_none());
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_with<B: Backend, T: Module<B>, M: Params>(
    module: T,
    model: &M,
    policy: impl Fn(&ParamRef<'_>, &[&str]) -> Option<Target>,
) -> Result<T> {
    load_tensors(module, tensors_with(model, policy)?)
}

/// `module` with every float param replaced by the tensor named as its field path in
/// `tensors` (as [`tensors`] makes them, or any other source), strict as [`load`] is.
///
/// ```
/// use burn::backend::NdArray;
/// use burn::nn::EmbeddingConfig;
/// use fanin::nn::{Embed, EmbedConfig};
/// use fanin::{Key, Params};
///
/// let embed = Embed::<f32>::init(Key::new(0), &EmbedConfig::new(10, 3))?;
/// let tensors = fanin::burn::tensors(&embed)?;
/// let module = EmbeddingConfig::new(10, 3).init::<NdArray>(&Default::default());
/// let module = fanin::burn::load_tensors(module, tensors)?;
/// assert_eq!(module.weight.dims(), [10, 3]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn load_tensors<B: Backend, T: Module<B>>(
    module: T,
    tensors: BTreeMap<String, TensorData>,
) -> Result<T> {
    let mut loader = Loader {
        path: Vec::new(),
        tensors,
        problems: Vec::new(),
    };
    let module = module.map(&mut loader);
    let mut problems = loader.problems;
    problems.extend(loader.tensors.keys().map(|name| {
        format!("fanin's `{name}` has no burn param of that path (rename it or leave it out in the policy)")
    }));
    if problems.is_empty() {
        Ok(module)
    } else {
        Err(Error::invalid(format!(
            "burn: the module does not match the params: {}",
            problems.join("; ")
        )))
    }
}

/// Walks a burn module's fields, replacing each float param by its tensor in `tensors`.
struct Loader {
    /// The field names from the root down to the current one.
    path: Vec<String>,
    /// The tensors not taken yet.
    tensors: BTreeMap<String, TensorData>,
    /// What did not match, said for the user.
    problems: Vec<String>,
}

impl<B: Backend> ModuleMapper<B> for Loader {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_owned());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<B, D>>) -> Param<Tensor<B, D>> {
        let name = self.path.join(".");
        let Some(data) = self.tensors.remove(&name) else {
            self.problems
                .push(format!("burn's `{name}` has no fanin param named so"));
            return param;
        };
        // The live value is replaced, not a record loaded: a param's load mapper (a
        // `LinearLayout::Col` weight's transpose) expects burn's record layout, while fanin's
        // tensors are in the layout the module computes with. So burn initializes the param
        // first, and its id, mappers and gradient flag are kept.
        let (id, old, mapper) = param.consume();
        let expected = old.dims();
        if data.shape != expected {
            self.problems.push(format!(
                "`{name}` is {:?} in burn but {:?} from fanin",
                expected, data.shape
            ));
            return Param::from_mapped_value(id, old, mapper);
        }
        let tensor = Tensor::from_data(data, &old.device());
        let tensor = if old.is_require_grad() {
            tensor.require_grad()
        } else {
            tensor
        };
        Param::from_mapped_value(id, tensor, mapper)
    }
}
