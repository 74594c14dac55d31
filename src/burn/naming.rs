//! The naming and layout policy: which burn name and axis order each Flax param gets.

use crate::params::{ParamRef, ParamView};
use crate::{Error, Result};

/// How a param's axes are reordered on its way to burn.
///
/// ```
/// use fanin::burn::Layout;
/// assert_eq!(Layout::Transpose.axes(2)?, Some(vec![1, 0]));
/// assert_eq!(Layout::ConvToOihw.axes(4)?, Some(vec![3, 2, 0, 1])); // HWIO -> OIHW
/// assert_eq!(Layout::Keep.axes(3)?, None);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Unchanged (a Dense kernel: burn's `Linear` weight is `(in, out)` as in Flax).
    Keep,
    /// A 2-D matrix transposed, `(in, out)` to `(out, in)`.
    Transpose,
    /// A convolution kernel from Flax's `spatial.. + (in, out)` (`HWIO`; `WIO` in 1-D,
    /// `DHWIO` in 3-D) to burn's `[channels_out, channels_in / groups, kernel..]` (`OIHW`).
    ConvToOihw,
    /// Any permutation of the axes: axis `k` of the result is axis `axes[k]` of the param
    /// (`ndarray`'s `permuted_axes`, burn's `Tensor::permute`).
    Permute(Vec<usize>),
}

impl Layout {
    /// The permutation this layout applies to a param of rank `rank` (`None`: unchanged),
    /// or an error if it does not fit the rank.
    ///
    /// ```
    /// use fanin::burn::Layout;
    /// assert_eq!(Layout::ConvToOihw.axes(3)?, Some(vec![2, 1, 0])); // WIO -> OIW
    /// assert!(Layout::Transpose.axes(3).is_err());
    /// assert!(Layout::Permute(vec![0, 0]).axes(2).is_err());
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn axes(&self, rank: usize) -> Result<Option<Vec<usize>>> {
        let axes = match self {
            Layout::Keep => return Ok(None),
            Layout::Transpose if rank == 2 => vec![1, 0],
            Layout::Transpose => {
                return Err(Error::invalid(format!(
                    "Layout::Transpose needs a 2-D param, not one of rank {rank}"
                )))
            }
            Layout::ConvToOihw if rank >= 3 => {
                let mut axes = vec![rank - 1, rank - 2];
                axes.extend(0..rank - 2);
                axes
            }
            Layout::ConvToOihw => {
                return Err(Error::invalid(format!(
                    "Layout::ConvToOihw needs a kernel of rank 3 or more (spatial axes, in, \
                     out), not one of rank {rank}"
                )))
            }
            Layout::Permute(axes) => {
                let mut seen = vec![false; rank];
                let valid = axes.len() == rank
                    && axes
                        .iter()
                        .all(|&a| a < rank && !std::mem::replace(&mut seen[a], true));
                if !valid {
                    return Err(Error::invalid(format!(
                        "Layout::Permute({axes:?}) is not a permutation of the {rank} axes"
                    )));
                }
                axes.clone()
            }
        };
        Ok(Some(axes))
    }

    /// `view` with its axes reordered (no copy: only the strides change).
    pub(crate) fn apply<'a>(&self, view: ParamView<'a>) -> Result<ParamView<'a>> {
        let Some(axes) = self.axes(view.shape().len())? else {
            return Ok(view);
        };
        Ok(match view {
            ParamView::F32(a) => ParamView::F32(a.permuted_axes(axes)),
            ParamView::F64(a) => ParamView::F64(a.permuted_axes(axes)),
            ParamView::BF16(a) => ParamView::BF16(a.permuted_axes(axes)),
            ParamView::F16(a) => ParamView::F16(a.permuted_axes(axes)),
        })
    }
}

/// Where a param goes in burn: its name (the burn module's field names from the root,
/// joined by `.`, as burn's `ModuleMapper` walks them) and its layout.
///
/// ```
/// use fanin::burn::{Layout, Target};
/// let target = Target::new("h_0.attn.weight", Layout::Keep);
/// assert_eq!((target.name.as_str(), target.layout), ("h_0.attn.weight", Layout::Keep));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The param's path in the burn module (`h_0.attn.weight`).
    pub name: String,
    /// How its axes are reordered.
    pub layout: Layout,
}

impl Target {
    /// A target named `name` with layout `layout`.
    ///
    /// ```
    /// let t = fanin::burn::Target::new("ln.beta", fanin::burn::Layout::Keep);
    /// assert_eq!(t.name, "ln.beta");
    /// ```
    pub fn new(name: impl Into<String>, layout: Layout) -> Target {
        Target {
            name: name.into(),
            layout,
        }
    }
}

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

/// `name` inside the param's module path, without a collection prefix (`h_0.attn.weight`):
/// what a policy returns to rename a param and keep it in its module.
///
/// ```
/// use fanin::burn::in_module;
/// use fanin::nn::{Dense, DenseConfig};
/// use fanin::{Key, Params};
///
/// #[derive(Params)]
/// struct Block {
///     #[module(name = "c_attn", config = DenseConfig::new(4, 12))]
///     attn: Dense<f32>,
/// }
/// let block = Block::init(Key::new(0), &())?;
/// let mut names = Vec::new();
/// block.walk(&mut |p| names.push(in_module(&p, "w")));
/// assert_eq!(names, ["c_attn.w", "c_attn.w"]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn in_module(param: &ParamRef<'_>, name: &str) -> String {
    let mut out = String::new();
    for module in param.path.modules() {
        out.push_str(module);
        out.push('.');
    }
    out.push_str(name);
    out
}
