//! [`TensorSource`]: named tensors to build a model from (a checkpoint being loaded).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::ParamPath;
use crate::{ElementType, Error, Result};

/// One stored tensor: dtype, shape and row-major little-endian bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorData<'a> {
    /// The element type as stored.
    pub dtype: ElementType,
    /// The shape as stored.
    pub shape: Vec<usize>,
    /// The values, little-endian, row-major; `shape.product() * dtype.size()` bytes.
    pub data: Cow<'a, [u8]>,
}

/// Where [`Params::from_tensors`](crate::Params::from_tensors) takes tensors from: a
/// checkpoint, a map. The model asks for each of its params once, in declaration order; the
/// model checks dtype and shape against its config, the source only finds the tensor.
///
/// A source that must reject tensors nobody asked for (extra names in a file) tracks the
/// names it handed out and checks after loading.
pub trait TensorSource {
    /// The tensor of the param at `path`, or an [`Error::Mismatch`] if there is none.
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>>;
}

fn missing(path: &ParamPath) -> Error {
    Error::Mismatch(format!(
        "no tensor `{}` for the param `{path}`: the checkpoint does not match the model's structure",
        path.dotted()
    ))
}

/// A map from tensor names (`dense1.kernel`, see [`ParamPath::dotted`]) to tensors.
impl TensorSource for BTreeMap<String, TensorData<'_>> {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        self.get(&path.dotted())
            .cloned()
            .ok_or_else(|| missing(path))
    }
}

/// A map from tensor names (`dense1.kernel`, see [`ParamPath::dotted`]) to tensors.
impl TensorSource for HashMap<String, TensorData<'_>> {
    fn tensor(&mut self, path: &ParamPath) -> Result<TensorData<'_>> {
        self.get(&path.dotted())
            .cloned()
            .ok_or_else(|| missing(path))
    }
}
