//! [`compute_fans`]: JAX's `_compute_fans`, and [`Axes`]: an axis or a list of axes.

use std::fmt;

use crate::{Error, Result};

/// The most axes a list can hold (lists are stored inline so that initializers stay `Copy`).
const MAX_AXES: usize = 8;

/// An axis (an `isize`, negative counting from the end) or a list of axes, as JAX's
/// `int | Sequence[int]` for `in_axis`, `out_axis` and `batch_axis`. Made by [`IntoAxes`].
///
/// A list holds at most 8 axes; a longer one is kept as an error that `sample` reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Axes(Repr);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Repr {
    One(isize),
    List { len: usize, axes: [isize; MAX_AXES] },
    TooMany(usize),
}

impl Axes {
    /// One axis.
    pub const fn one(axis: isize) -> Axes {
        Axes(Repr::One(axis))
    }

    /// A list of axes (the size is the product of their dimensions; empty: 1).
    pub fn list(axes: &[isize]) -> Axes {
        if axes.len() > MAX_AXES {
            return Axes(Repr::TooMany(axes.len()));
        }
        let mut inline = [0; MAX_AXES];
        inline[..axes.len()].copy_from_slice(axes);
        Axes(Repr::List {
            len: axes.len(),
            axes: inline,
        })
    }

    /// No axis: `()` in JAX (the default `batch_axis`).
    pub const fn none() -> Axes {
        Axes(Repr::List {
            len: 0,
            axes: [0; MAX_AXES],
        })
    }

    /// The axes, or an error for a list longer than 8.
    fn as_slice(&self, what: &str) -> Result<&[isize]> {
        match &self.0 {
            Repr::One(a) => Ok(std::slice::from_ref(a)),
            Repr::List { len, axes } => Ok(&axes[..*len]),
            Repr::TooMany(n) => Err(Error::invalid(format!(
                "{what}: a list of {n} axes is longer than fanin supports ({MAX_AXES}); list at most {MAX_AXES} axes"
            ))),
        }
    }

    /// The size of these axes in `shape`: one dimension, or the product of a list.
    fn size(&self, shape: &[usize], what: &str) -> Result<f64> {
        let mut size = 1.0;
        for &axis in self.as_slice(what)? {
            size *= shape[normalize_axis(axis, shape, what)?] as f64;
        }
        Ok(size)
    }
}

impl Default for Axes {
    fn default() -> Axes {
        Axes::none()
    }
}

impl fmt::Debug for Axes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// As Python writes it: `-2`, `(0, 1)`, `()`.
impl fmt::Display for Axes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::One(a) => write!(f, "{a}"),
            Repr::List { len, axes } => {
                let items: Vec<String> = axes[..*len].iter().map(|a| a.to_string()).collect();
                match items.len() {
                    1 => write!(f, "({},)", items[0]),
                    _ => write!(f, "({})", items.join(", ")),
                }
            }
            Repr::TooMany(n) => write!(f, "<{n} axes>"),
        }
    }
}

/// An axis or a list of axes: `isize` (and other integer types, so that literals work), arrays
/// `[isize; N]`, slices, `Vec`s, and `()` for none.
///
/// ```
/// use fanin::init::*;
/// let a = lecun_normal().in_axis(0).out_axis([1, 2]).batch_axis(());
/// let b = lecun_normal().in_axis(0).out_axis(vec![1isize, 2]);
/// let shape = [3, 4, 5];
/// let key = fanin::Key::new(0);
/// assert_eq!(a.sample::<f32>(key, &shape)?, b.sample::<f32>(key, &shape)?);
/// # Ok::<(), fanin::Error>(())
/// ```
pub trait IntoAxes {
    /// These axes as [`Axes`].
    fn into_axes(self) -> Axes;
}

impl IntoAxes for Axes {
    fn into_axes(self) -> Axes {
        self
    }
}

impl IntoAxes for () {
    fn into_axes(self) -> Axes {
        Axes::none()
    }
}

macro_rules! integer_axes {
    ($($t:ty),*) => {
        $(
            impl IntoAxes for $t {
                fn into_axes(self) -> Axes {
                    Axes::one(isize::try_from(self).unwrap_or(isize::MAX))
                }
            }
            impl<const N: usize> IntoAxes for [$t; N] {
                fn into_axes(self) -> Axes {
                    self[..].into_axes()
                }
            }
            impl<const N: usize> IntoAxes for &[$t; N] {
                fn into_axes(self) -> Axes {
                    self[..].into_axes()
                }
            }
            impl IntoAxes for &[$t] {
                fn into_axes(self) -> Axes {
                    let axes: Vec<isize> =
                        self.iter().map(|&a| isize::try_from(a).unwrap_or(isize::MAX)).collect();
                    Axes::list(&axes)
                }
            }
            impl IntoAxes for Vec<$t> {
                fn into_axes(self) -> Axes {
                    self[..].into_axes()
                }
            }
            impl IntoAxes for &Vec<$t> {
                fn into_axes(self) -> Axes {
                    self[..].into_axes()
                }
            }
        )*
    };
}

integer_axes!(isize, i32, i64, usize);

/// `axis` as an index into `shape` (Python's `shape[axis]`), or an error naming the shape.
pub(crate) fn normalize_axis(axis: isize, shape: &[usize], what: &str) -> Result<usize> {
    let rank = shape.len() as isize;
    let index = if axis < 0 { axis + rank } else { axis };
    if (0..rank).contains(&index) {
        Ok(index as usize)
    } else {
        Err(Error::invalid(format!(
            "{what}: axis {axis} is out of range for shape {shape:?} of rank {rank}; an axis must be in {}..{} (negative counts from the end)",
            -rank, rank
        )))
    }
}

/// JAX's `_compute_fans(shape, in_axis, out_axis, batch_axis)`: `(fan_in, fan_out)`.
///
/// The axes not in `in_axis`, `out_axis` or `batch_axis` form the receptive field (a
/// convolution's spatial axes): `receptive = prod(shape) / in_size / out_size / batch_size`,
/// `fan_in = in_size * receptive`, `fan_out = out_size * receptive`, in `f64` as Python floats
/// (exact for arrays below 2^53 elements).
///
/// Errors as JAX does: a shape of rank 0 or 1 with the default `in_axis` (`-2`), an axis out of
/// range, and a zero-size axis among the fan axes (Python's `ZeroDivisionError`).
///
/// ```
/// use fanin::init::{compute_fans, Axes};
/// // A 3x3 convolution from 8 to 16 channels (HWIO):
/// let fans = compute_fans(&[3, 3, 8, 16], Axes::one(-2), Axes::one(-1), Axes::none())?;
/// assert_eq!(fans, (72.0, 144.0));
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn compute_fans(
    shape: &[usize],
    in_axis: Axes,
    out_axis: Axes,
    batch_axis: Axes,
) -> Result<(f64, f64)> {
    if in_axis == Axes::one(-2) && shape.len() <= 1 {
        return Err(Error::invalid(format!(
            "variance scaling: Can't compute input and output sizes of a {}-dimensional weights tensor with default in_axis. Must be at least 2D or specify in_axis explicitly. (shape {shape:?}; set `.in_axis(..)` or use an initializer such as `zeros_init()` or `normal()` for rank < 2)",
            shape.len()
        )));
    }
    let in_size = in_axis.size(shape, "variance scaling in_axis")?;
    let out_size = out_axis.size(shape, "variance scaling out_axis")?;
    let batch_size = batch_axis.size(shape, "variance scaling batch_axis")?;
    let total: f64 = shape.iter().map(|&d| d as f64).product();
    for (size, name) in [
        (in_size, "in_axis"),
        (out_size, "out_axis"),
        (batch_size, "batch_axis"),
    ] {
        if size == 0.0 {
            return Err(zero_fan(shape, &format!("the {name} size is 0")));
        }
    }
    let receptive = total / in_size / out_size / batch_size;
    Ok((in_size * receptive, out_size * receptive))
}

/// JAX raises `ZeroDivisionError` when a fan is zero: the same rule as an error.
pub(crate) fn zero_fan(shape: &[usize], why: &str) -> Error {
    Error::invalid(format!(
        "variance scaling: {why} for shape {shape:?}, so the variance divides by zero (JAX raises ZeroDivisionError); give every axis a nonzero size or use `zeros_init()` for an empty parameter"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fans_as_jax() {
        let d = (Axes::one(-2), Axes::one(-1), Axes::none());
        assert_eq!(compute_fans(&[4, 5], d.0, d.1, d.2).unwrap(), (4.0, 5.0));
        assert_eq!(
            compute_fans(&[3, 4, 5], d.0, d.1, d.2).unwrap(),
            (12.0, 15.0)
        );
        let f = compute_fans(
            &[2, 3, 4, 5],
            Axes::list(&[1, 2]),
            Axes::one(0),
            Axes::one(3),
        )
        .unwrap();
        assert_eq!(f, (12.0, 2.0));
        assert_eq!(
            compute_fans(&[7], Axes::one(0), Axes::list(&[]), Axes::none()).unwrap(),
            (7.0, 1.0)
        );
        assert!(compute_fans(&[7], d.0, d.1, d.2).is_err());
        assert!(compute_fans(&[3, 4], Axes::one(2), d.1, d.2).is_err());
        assert!(compute_fans(&[3, 0], d.0, d.1, d.2).is_err());
        assert!(compute_fans(&[3; 9], Axes::list(&[0; 9]), d.1, d.2).is_err());
        assert_eq!(format!("{}", Axes::list(&[0, 1])), "(0, 1)");
    }
}
