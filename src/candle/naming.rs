//! The naming and layout policy: which candle name and axis order each Flax param gets.

use crate::params::{ParamRef, ParamView};
use crate::{Error, Result};

/// How a param's axes are reordered on its way to candle.
///
/// ```
/// use fanin::candle::Layout;
/// assert_eq!(Layout::Transpose.axes(2)?, Some(vec![1, 0]));
/// assert_eq!(Layout::ConvToOihw.axes(4)?, Some(vec![3, 2, 0, 1])); // HWIO -> OIHW
/// assert_eq!(Layout::Keep.axes(3)?, None);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Unchanged.
    Keep,
    /// A 2-D matrix transposed: Flax's Dense kernel `(in, out)` to candle's `(out, in)`.
    Transpose,
    /// A convolution kernel from Flax's `spatial.. + (in, out)` (`HWIO`; `WIO` in 1-D,
    /// `DHWIO` in 3-D) to candle's and PyTorch's `(out, in) + spatial..` (`OIHW`).
    ConvToOihw,
    /// Any permutation of the axes: axis `k` of the result is axis `axes[k]` of the param
    /// (`ndarray`'s `permuted_axes`, `torch.permute`).
    Permute(Vec<usize>),
}

impl Layout {
    /// The permutation this layout applies to a param of rank `rank` (`None`: unchanged),
    /// or an error if it does not fit the rank.
    ///
    /// ```
    /// use fanin::candle::Layout;
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

/// Where a param goes in candle: its name (segments joined by `.`, as `VarBuilder::pp`
/// joins them) and its layout.
///
/// ```
/// use fanin::candle::{Layout, Target};
/// let target = Target::new("h_0.attn.weight", Layout::Transpose);
/// assert_eq!((target.name.as_str(), target.layout), ("h_0.attn.weight", Layout::Transpose));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The tensor's name in candle (`h_0.attn.weight`).
    pub name: String,
    /// How its axes are reordered.
    pub layout: Layout,
}

impl Target {
    /// A target named `name` with layout `layout`.
    ///
    /// ```
    /// let t = fanin::candle::Target::new("ln.bias", fanin::candle::Layout::Keep);
    /// assert_eq!(t.name, "ln.bias");
    /// ```
    pub fn new(name: impl Into<String>, layout: Layout) -> Target {
        Target {
            name: name.into(),
            layout,
        }
    }
}

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

/// `name` inside the param's module path, without a collection prefix (`h_0.attn.weight`):
/// what a policy returns to rename a param and keep it where `vb.pp(..)` finds it.
///
/// ```
/// use fanin::candle::in_module;
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
