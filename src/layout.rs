//! How a param's axes are reordered and where it goes on its way to another framework: one
//! [`Layout`] and [`Target`] for `fanin::candle` and `fanin::burn`, whose naming policies
//! differ only in the names and layouts they choose.

use crate::params::{ParamRef, ParamView};
use crate::{Error, Result};

/// How a param's axes are reordered on its way to another framework (`fanin::candle`,
/// `fanin::burn`).
///
/// ```
/// # #[cfg(feature = "candle")] use fanin::candle::Layout;
/// # #[cfg(not(feature = "candle"))] use fanin::burn::Layout;
/// assert_eq!(Layout::Transpose.axes(2)?, Some(vec![1, 0]));
/// assert_eq!(Layout::ConvToOihw.axes(4)?, Some(vec![3, 2, 0, 1])); // HWIO -> OIHW
/// assert_eq!(Layout::Keep.axes(3)?, None);
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Unchanged.
    Keep,
    /// A 2-D matrix transposed, `(in, out)` to `(out, in)` (Flax's Dense kernel to candle's
    /// and PyTorch's linear weight).
    Transpose,
    /// A convolution kernel from Flax's `spatial.. + (in, out)` (`HWIO`; `WIO` in 1-D,
    /// `DHWIO` in 3-D) to `(out, in) + spatial..` (`OIHW`), as candle, PyTorch and burn
    /// store them.
    ConvToOihw,
    /// Any permutation of the axes: axis `k` of the result is axis `axes[k]` of the param
    /// (`ndarray`'s `permuted_axes`, `torch.permute`, burn's `Tensor::permute`).
    Permute(Vec<usize>),
}

impl Layout {
    /// The permutation this layout applies to a param of rank `rank` (`None`: unchanged),
    /// or an error if it does not fit the rank.
    ///
    /// ```
    /// # #[cfg(feature = "candle")] use fanin::candle::Layout;
    /// # #[cfg(not(feature = "candle"))] use fanin::burn::Layout;
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

/// Where a param goes in another framework: its name there (segments joined by `.`: as
/// candle's `VarBuilder::pp` joins them, or burn's module field path) and its layout.
///
/// ```
/// # #[cfg(feature = "candle")] use fanin::candle::{Layout, Target};
/// # #[cfg(not(feature = "candle"))] use fanin::burn::{Layout, Target};
/// let target = Target::new("h_0.attn.weight", Layout::Transpose);
/// assert_eq!((target.name.as_str(), target.layout), ("h_0.attn.weight", Layout::Transpose));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The tensor's name in the other framework (`h_0.attn.weight`).
    pub name: String,
    /// How its axes are reordered.
    pub layout: Layout,
}

impl Target {
    /// A target named `name` with layout `layout`.
    ///
    /// ```
    /// # #[cfg(feature = "candle")] use fanin::candle::{Layout, Target};
    /// # #[cfg(not(feature = "candle"))] use fanin::burn::{Layout, Target};
    /// let t = Target::new("ln.bias", Layout::Keep);
    /// assert_eq!(t.name, "ln.bias");
    /// ```
    pub fn new(name: impl Into<String>, layout: Layout) -> Target {
        Target {
            name: name.into(),
            layout,
        }
    }
}

/// `name` inside the param's module path, without a collection prefix (`h_0.attn.weight`):
/// what a naming policy returns to rename a param and keep it in its module (where candle's
/// `vb.pp(..)` and burn's module fields find it).
///
/// ```
/// # #[cfg(feature = "candle")] use fanin::candle::in_module;
/// # #[cfg(not(feature = "candle"))] use fanin::burn::in_module;
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
