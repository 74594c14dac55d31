//! The naming and layout policy: which burn name and axis order each Flax param gets.

use crate::params::ParamRef;

pub use crate::layout::{in_module, Layout, Target};

/// The default policy: Flax's names and layouts to the ones `burn::nn`'s modules use. A
/// param's module path is kept (`h_0/attn/kernel` becomes `h_0.attn.weight`, the field
/// `weight` of the burn field `attn` of the burn field `h_0`); only its own name and its
/// axes change. `siblings` are the names of the params in the same module and collection
/// (the param's own included): a `bias` beside a `kernel` is a layer's bias, any other
/// `bias` is a norm's `beta`.
///
/// | Flax param (name, rank)          | burn name       | layout                          | for `burn::nn`                            |
/// |----------------------------------|-----------------|---------------------------------|-------------------------------------------|
/// | `kernel`, rank 2                 | `weight`        | unchanged, `(in, out)` = `[d_input, d_output]` | `Linear`                   |
/// | `kernel`, rank 3, 4, 5           | `weight`        | `WIO`/`HWIO`/`DHWIO` → `[out, in / groups, k..]` | `Conv1d`, `Conv2d`, `Conv3d` (any `groups`) |
/// | `bias` beside a `kernel`         | `bias`          | unchanged                       | `Linear`, `Conv1d`, `Conv2d`, `Conv3d`    |
/// | `embedding`                      | `weight`        | unchanged `(num_embeddings, features)` | `Embedding`                        |
/// | `scale`                          | `gamma`         | unchanged                       | `LayerNorm`, `RmsNorm`, `GroupNorm`, `BatchNorm` |
/// | `bias` without a `kernel` beside | `beta`          | unchanged                       | `LayerNorm`, `GroupNorm`, `BatchNorm`     |
/// | `batch_stats` `mean` / `var`     | `running_mean` / `running_var`, no collection prefix | unchanged | `BatchNorm`       |
/// | every other param                | unchanged       | unchanged                       |                                           |
/// | another collection's variable    | `collection.path` (as in a fanin file) | unchanged |                                   |
///
/// The walk tells a param's path and shape, not which layer made it, so the kind is read
/// from the names and the rank alone. That is right for `nn::Dense`, `Conv`, `Embed`,
/// `LayerNorm`, `RMSNorm`, `GroupNorm` and `BatchNorm`, and wrong for a few layers whose
/// kernels have other ranks: a `DenseGeneral` or attention projection kernel of rank 3, a
/// `ConvTranspose` kernel (burn wants `[in, out / groups, k..]`), or a kernel stacked by
/// `scan`/`vmap` (one more leading axis). For those, pass a closure to
/// [`tensors_with`](super::tensors_with) or [`load_with`](super::load_with) that names them
/// and falls back to this function. burn's field names may differ from Flax's module names
/// too (`MultiHeadAttention`'s `query` is Flax's `query`, but a Flax `c_attn` is whatever your
/// burn struct calls it): rename the modules in the same closure.
///
/// ```
/// use fanin::burn::{burn_names, Layout, Target};
/// use fanin::nn::{LayerNorm, LayerNormConfig};
/// use fanin::{Key, Params};
///
/// let ln = LayerNorm::<f32>::init(Key::new(0), &LayerNormConfig::new([8]))?;
/// let mut targets = Vec::new();
/// ln.walk(&mut |p| targets.push(burn_names(&p, &["scale", "bias"])));
/// assert_eq!(targets, [
///     Some(Target::new("gamma", Layout::Keep)),
///     Some(Target::new("beta", Layout::Keep)),
/// ]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn burn_names(param: &ParamRef<'_>, siblings: &[&str]) -> Option<Target> {
    let path = &param.path;
    let rank = param.view.shape().len();
    let (name, layout) = match (path.collection(), path.name()) {
        ("params", "kernel") if rank == 2 => ("weight", Layout::Keep),
        ("params", "kernel") if rank >= 3 => ("weight", Layout::ConvToOihw),
        ("params", "embedding") => ("weight", Layout::Keep),
        ("params", "scale") => ("gamma", Layout::Keep),
        ("params", "bias") if !siblings.contains(&"kernel") => ("beta", Layout::Keep),
        ("batch_stats", "mean") => ("running_mean", Layout::Keep),
        ("batch_stats", "var") => ("running_var", Layout::Keep),
        _ => return Some(Target::new(path.dotted(), Layout::Keep)),
    };
    Some(Target::new(in_module(param, name), layout))
}
