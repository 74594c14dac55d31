//! A model's params as named candle tensors, a strict `VarBuilder`, or a `VarMap`.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{VarBuilder, VarMap};

use super::naming::pytorch_names;
use super::tensor::{candle_error, ToTensor};
use super::Target;
use crate::params::ParamRef;
use crate::{Error, Params, Result};

/// Every param of `model` (and every variable of another collection) as a candle tensor
/// named and laid out by [`pytorch_names`], on `device`, in the param's own dtype.
///
/// ```
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let tensors = fanin::candle::tensors(&dense, &candle_core::Device::Cpu)?;
/// assert_eq!(tensors["weight"].dims(), [5, 4]); // (out, in)
/// assert_eq!(tensors["bias"].dims(), [5]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn tensors<M: Params>(model: &M, device: &Device) -> Result<HashMap<String, Tensor>> {
    tensors_with(model, device, pytorch_names)
}

/// [`tensors`] with a policy of your own: `policy` gives each param its [`Target`] (name and
/// layout), or `None` to leave it out. Two params given one name are an error.
///
/// ```
/// use fanin::candle::{in_module, pytorch_names, Layout, Target};
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// // Keep Flax's (in, out) kernel, as `candle_nn`-free code might want it; the rest as usual.
/// let tensors = fanin::candle::tensors_with(&dense, &candle_core::Device::Cpu, |p| {
///     match p.path.name() {
///         "kernel" => Some(Target::new(in_module(p, "w_in_out"), Layout::Keep)),
///         _ => pytorch_names(p),
///     }
/// })?;
/// assert_eq!(tensors["w_in_out"].dims(), [4, 5]);
/// assert!(tensors.contains_key("bias"));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn tensors_with<M: Params>(
    model: &M,
    device: &Device,
    policy: impl Fn(&ParamRef<'_>) -> Option<Target>,
) -> Result<HashMap<String, Tensor>> {
    let mut params = Vec::new();
    model.walk(&mut |p| params.push(p));
    let mut out = HashMap::with_capacity(params.len());
    for param in params {
        let Some(target) = policy(&param) else {
            continue;
        };
        let tensor = target.layout.apply(param.view.clone())?.to_tensor(device)?;
        if out.insert(target.name.clone(), tensor).is_some() {
            return Err(Error::invalid(format!(
                "two params are named `{}` in candle (the second is `{}`): give one of them \
                 another name in the policy",
                target.name, param.path
            )));
        }
    }
    Ok(out)
}

/// A `candle_nn` [`VarBuilder`] over the params of `model` named by [`pytorch_names`], so
/// `candle_nn::linear`, `conv2d`, `embedding`, `layer_norm` build from it directly. It is
/// strict: a name it does not hold or a shape that differs is candle's error, never a fresh
/// initialization. Tensors are converted to `dtype` when looked up.
///
/// ```
/// use candle_core::{DType, Device, Module, Tensor};
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let vb = fanin::candle::var_builder(&dense, DType::F32, &Device::Cpu)?;
/// let linear = candle_nn::linear(4, 5, vb.clone()).unwrap();
/// let y = linear.forward(&Tensor::ones((1, 4), DType::F32, &Device::Cpu).unwrap()).unwrap();
/// assert_eq!(y.dims(), [1, 5]);
/// assert!(candle_nn::linear(5, 4, vb).is_err()); // (in, out) swapped: the shape is checked
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn var_builder<M: Params>(
    model: &M,
    dtype: DType,
    device: &Device,
) -> Result<VarBuilder<'static>> {
    var_builder_with(model, dtype, device, pytorch_names)
}

/// [`var_builder`] with a policy of your own (see [`tensors_with`]).
///
/// ```
/// use candle_core::{DType, Device};
/// use fanin::candle::{pytorch_names, Target};
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// // Only the kernel: a linear layer without bias.
/// let vb = fanin::candle::var_builder_with(&dense, DType::F32, &Device::Cpu, |p| {
///     (p.path.name() == "kernel").then(|| pytorch_names(p)).flatten()
/// })?;
/// assert!(candle_nn::linear_no_bias(4, 5, vb.clone()).is_ok());
/// assert!(!vb.contains_tensor("bias"));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn var_builder_with<M: Params>(
    model: &M,
    dtype: DType,
    device: &Device,
    policy: impl Fn(&ParamRef<'_>) -> Option<Target>,
) -> Result<VarBuilder<'static>> {
    let tensors = tensors_with(model, device, policy)?;
    Ok(VarBuilder::from_tensors(tensors, dtype, device))
}

/// The params of `model` named by [`pytorch_names`] as a `candle_nn` [`VarMap`] of trainable
/// [`Var`]s (for an optimizer, or `VarMap::save`). Each keeps its param's dtype.
///
/// A `VarBuilder::from_varmap` over it creates any variable it is asked for and does not
/// hold; to have a wrong name be an error, build the layers from [`var_builder`], then train
/// the `VarMap`.
///
/// ```
/// use candle_core::{DType, Device};
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// let varmap = fanin::candle::var_map(&dense, &Device::Cpu)?;
/// assert_eq!(varmap.all_vars().len(), 2);
/// let vb = candle_nn::VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
/// let linear = candle_nn::linear(4, 5, vb).unwrap();
/// assert_eq!(linear.weight().dims(), [5, 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn var_map<M: Params>(model: &M, device: &Device) -> Result<VarMap> {
    var_map_with(model, device, pytorch_names)
}

/// [`var_map`] with a policy of your own (see [`tensors_with`]).
///
/// ```
/// use fanin::candle::pytorch_names;
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// let dense = Dense::<f32>::init(Key::new(0), &DenseConfig::new(4, 5))?;
/// // Freeze the bias: only the kernel becomes a trainable variable.
/// let varmap = fanin::candle::var_map_with(&dense, &candle_core::Device::Cpu, |p| {
///     (p.path.name() != "bias").then(|| pytorch_names(p)).flatten()
/// })?;
/// assert_eq!(varmap.all_vars().len(), 1);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn var_map_with<M: Params>(
    model: &M,
    device: &Device,
    policy: impl Fn(&ParamRef<'_>) -> Option<Target>,
) -> Result<VarMap> {
    let varmap = VarMap::new();
    {
        let mut vars = varmap
            .data()
            .lock()
            .map_err(|_| Error::invalid("candle: the new VarMap's lock is poisoned"))?;
        for (name, tensor) in tensors_with(model, device, policy)? {
            vars.insert(name, Var::from_tensor(&tensor).map_err(candle_error)?);
        }
    }
    Ok(varmap)
}
