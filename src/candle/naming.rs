//! The naming and layout policy: which candle name and axis order each Flax param gets.

use crate::params::ParamRef;

pub use crate::layout::{in_module, Layout, Target};

/// The default policy: Flax's names and layouts to the ones `candle_nn` (and PyTorch) use.
/// A param's module path is kept (`h_0/attn/kernel` becomes `h_0.attn.weight`, found by
/// `vb.pp("h_0").pp("attn")`); only its own name and its axes change:
///
/// | Flax param (name, rank)          | candle name     | layout                          | for `candle_nn`                           |
/// |----------------------------------|-----------------|---------------------------------|-------------------------------------------|
/// | `kernel`, rank 2                 | `weight`        | transposed, `(in, out)` → `(out, in)` | `linear`, `linear_no_bias`          |
/// | `kernel`, rank 3, 4, 5           | `weight`        | `WIO`/`HWIO`/`DHWIO` → `OIW`/`OIHW`/`OIDHW` | `conv1d`, `conv2d` (any `groups`) |
/// | `embedding`                      | `weight`        | unchanged `(num_embeddings, features)` | `embedding`                        |
/// | `scale`                          | `weight`        | unchanged                       | `layer_norm`, `rms_norm`, `batch_norm`    |
/// | `bias`, and every other param    | unchanged       | unchanged                       |                                           |
/// | `batch_stats` `mean` / `var`     | `running_mean` / `running_var`, no collection prefix | unchanged | `batch_norm`    |
/// | another collection's variable    | `collection.path` (as in a fanin file) | unchanged |                                   |
///
/// The walk tells a param's path and shape, not which layer made it, so the kind is read
/// from the name and the rank alone. That is right for `nn::Dense`, `Conv`, `Embed`,
/// `LayerNorm`, `RMSNorm`, `GroupNorm` and `BatchNorm`, and wrong for a few layers whose
/// kernels have other ranks: a `DenseGeneral` or attention projection kernel of rank 3
/// (`(in, heads, head_dim)`), a `ConvTranspose` kernel (candle wants `(in, out, ..)`), or a
/// kernel stacked by `scan`/`vmap` (one more leading axis). For those, pass a closure to
/// [`tensors_with`](super::tensors_with) that names them and falls back to this function.
///
/// ```
/// use fanin::candle::{pytorch_names, Layout, Target};
/// use fanin::nn::{Conv, ConvConfig};
/// use fanin::{Key, Params};
///
/// let conv = Conv::<f32>::init(Key::new(0), &ConvConfig::new(3, 8, [3, 3]))?;
/// let mut targets = Vec::new();
/// conv.walk(&mut |p| targets.push(pytorch_names(&p)));
/// assert_eq!(targets, [
///     Some(Target::new("weight", Layout::ConvToOihw)),
///     Some(Target::new("bias", Layout::Keep)),
/// ]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn pytorch_names(param: &ParamRef<'_>) -> Option<Target> {
    let path = &param.path;
    let rank = param.view.shape().len();
    let (name, layout) = match (path.collection(), path.name()) {
        ("params", "kernel") if rank == 2 => ("weight", Layout::Transpose),
        ("params", "kernel") if rank >= 3 => ("weight", Layout::ConvToOihw),
        ("params", "embedding" | "scale") => ("weight", Layout::Keep),
        ("batch_stats", "mean") => ("running_mean", Layout::Keep),
        ("batch_stats", "var") => ("running_var", Layout::Keep),
        _ => return Some(Target::new(path.dotted(), Layout::Keep)),
    };
    Some(Target::new(in_module(param, name), layout))
}
