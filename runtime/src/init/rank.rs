//! [`SupportsRank`]: which ranks an initializer accepts, stated by type so that
//! `#[derive(Params)]` rejects at compile time what JAX rejects at run time.

use ndarray::Dimension;

use super::{DynInitializer, Initializer};

/// An initializer that accepts parameters of rank `D` (an ndarray [`Dimension`]: `Ix0` ..
/// `Ix6`, or `IxDyn`, whose rank is checked at run time).
///
/// | initializer | ranks |
/// |---|---|
/// | `zeros`, `ones`, `constant`, `uniform`, `normal`, `truncated_normal` | all |
/// | `variance_scaling` and its presets (`lecun_*`, `he_*`, `kaiming_*`, `glorot_*`, `xavier_*`), default `in_axis` | `Ix2` .. `Ix6`, `IxDyn` |
/// | the same after `.in_axis(..)` | all |
/// | `orthogonal` | `Ix2` .. `Ix6`, `IxDyn` |
/// | `delta_orthogonal` | `Ix3`, `Ix4`, `Ix5`, `IxDyn` |
/// | `&I`, `Box<dyn DynInitializer>`, `Arc<dyn DynInitializer>`, `dense_general(..)` | all (checked at run time) |
///
/// Axes are still checked at run time (their values are not types). Each initializer states
/// its ranks beside its definition (`impl SupportsRank<Ix2> for Orthogonal {}`), so a new
/// initializer brings its rule in its own file, and `#[derive(Params)]` checks it by type.
///
/// ```
/// use fanin::init::*;
/// use fanin::ndarray::{Ix1, Ix2};
/// fn accepts<D: fanin::ndarray::Dimension, I: SupportsRank<D>>(_: &I) {}
/// accepts::<Ix2, _>(&lecun_normal());
/// accepts::<Ix1, _>(&lecun_normal().in_axis(0));
/// accepts::<Ix1, _>(&zeros_init());
/// ```
///
/// ```compile_fail
/// use fanin::init::*;
/// use fanin::ndarray::Ix1;
/// fn accepts<D: fanin::ndarray::Dimension, I: SupportsRank<D>>(_: &I) {}
/// accepts::<Ix1, _>(&lecun_normal()); // fan-in and fan-out need rank >= 2
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot initialize a parameter of this rank (its dimension type is `{D}`)",
    label = "this initializer does not accept the rank of this parameter",
    note = "`VarianceScaling` (`variance_scaling`, `lecun_*`, `he_*`, `kaiming_*`, `glorot_*`, `xavier_*`) needs rank >= 2 to compute fan-in and fan-out, unless you set `.in_axis(..)` explicitly (as in JAX); for a bias use `zeros_init()`",
    note = "`orthogonal()` needs rank >= 2; `delta_orthogonal()` needs rank 3, 4 or 5"
)]
pub trait SupportsRank<D: Dimension>: Initializer {}

/// Marker for fanin's own initializer types; user types don't implement it.
#[doc(hidden)]
pub trait Builtin: Initializer {}

// Through a reference or a trait object the concrete type is not known (or is a user's):
// every rank is accepted and the run-time checks apply.
impl<D: Dimension, I: Initializer + ?Sized> SupportsRank<D> for &I {}
impl<D: Dimension> SupportsRank<D> for dyn DynInitializer {}
impl<D: Dimension> SupportsRank<D> for Box<dyn DynInitializer> {}
impl<D: Dimension> SupportsRank<D> for std::sync::Arc<dyn DynInitializer> {}
