//! `variance_scaling(scale, mode, distribution)` and its presets: `lecun_*`, `he_*`
//! (`kaiming_*`), `glorot_*` (`xavier_*`).

use std::fmt;
use std::marker::PhantomData;

use ndarray::{Dimension, Ix2, Ix3, Ix4, Ix5, Ix6, IxDyn};

use super::elementwise::{elementwise_initializer, py_float, Draw, Elementwise, Sampler};
use super::fans::{compute_fans, zero_fan, Axes, IntoAxes};
use super::spread::truncated_unit_normal_std;
use super::{Builtin, Initializer, SupportsRank};
use crate::random;
use crate::{Dtype, Result, Settings};

/// The truncated-normal stddev correction of JAX: the standard deviation of a standard normal
/// truncated to `(-2, 2)`, written as JAX writes it.
#[allow(clippy::excessive_precision)]
const TRUNCATED_STDDEV: f64 = 0.87962566103423978;

/// Which fan divides `scale` (JAX's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `"fan_in"`: the number of inputs.
    FanIn,
    /// `"fan_out"`: the number of outputs.
    FanOut,
    /// `"fan_avg"`: `(fan_in + fan_out) / 2`.
    FanAvg,
    /// `"fan_geo_avg"`: `(fan_in * fan_out) ** 0.5`.
    FanGeoAvg,
}

impl Mode {
    /// JAX's name: `fan_in`, `fan_out`, `fan_avg`, `fan_geo_avg`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::FanIn => "fan_in",
            Mode::FanOut => "fan_out",
            Mode::FanAvg => "fan_avg",
            Mode::FanGeoAvg => "fan_geo_avg",
        }
    }
}

/// The distribution of a variance-scaling initializer (JAX's `distribution`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Distribution {
    /// `"truncated_normal"`: a standard normal truncated to `(-2, 2)`, times
    /// `sqrt(variance) / 0.87962566103423978`.
    TruncatedNormal,
    /// `"normal"` (also `"untruncated_normal"` in Keras): a standard normal times
    /// `sqrt(variance)`.
    Normal,
    /// `"uniform"`: uniform on `[-1, 1)` times `sqrt(3 * variance)`.
    Uniform,
}

impl Distribution {
    /// JAX's name: `truncated_normal`, `normal`, `uniform`.
    pub fn name(self) -> &'static str {
        match self {
            Distribution::TruncatedNormal => "truncated_normal",
            Distribution::Normal => "normal",
            Distribution::Uniform => "uniform",
        }
    }
}

/// Type state of [`VarianceScaling`]: `in_axis` is JAX's default `-2`, so the parameter needs
/// rank >= 2.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DefaultInAxis;

/// Type state of [`VarianceScaling`]: `in_axis` was set with `.in_axis(..)`, so any rank is
/// accepted at compile time (the axes are checked at run time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExplicitInAxis;

/// `jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis, out_axis,
/// batch_axis)`: samples with variance `scale / n`, `n` the fan of `mode`.
///
/// With the fans of [`compute_fans`](super::compute_fans), `variance = scale / denominator` in
/// `f64`, rounded to the dtype; then, in the dtype:
/// - `TruncatedNormal`: `truncated_normal(key, -2, 2) * (sqrt(variance) / 0.87962566103423978)`
/// - `Normal`: `normal(key) * sqrt(variance)`
/// - `Uniform`: `uniform(key, -1, 1) * sqrt(3 * variance)`
///
/// The type parameter records whether `in_axis` was set, so that `#[derive(Params)]` can reject
/// the default `in_axis` on a rank-1 parameter at compile time (see
/// [`SupportsRank`](super::SupportsRank)). Complex dtypes are out of scope.
#[derive(Clone, Copy, PartialEq)]
pub struct VarianceScaling<In = DefaultInAxis> {
    scale: f64,
    mode: Mode,
    distribution: Distribution,
    in_axis: Axes,
    out_axis: Axes,
    batch_axis: Axes,
    preset: Option<&'static str>,
    state: PhantomData<In>,
}

/// `jax.nn.initializers.variance_scaling(scale, mode, distribution)`.
///
/// ```
/// use fanin::init::*;
/// let init = variance_scaling(2.0, Mode::FanOut, Distribution::Normal);
/// let w = init.sample::<f32>(fanin::Key::new(0), &[3, 3, 16, 32])?;
/// assert_eq!(w.shape(), &[3, 3, 16, 32]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn variance_scaling(scale: f64, mode: Mode, distribution: Distribution) -> VarianceScaling {
    VarianceScaling {
        scale,
        mode,
        distribution,
        in_axis: Axes::one(-2),
        out_axis: Axes::one(-1),
        batch_axis: Axes::none(),
        preset: None,
        state: PhantomData,
    }
}

fn preset(
    name: &'static str,
    scale: f64,
    mode: Mode,
    distribution: Distribution,
) -> VarianceScaling {
    VarianceScaling {
        preset: Some(name),
        ..variance_scaling(scale, mode, distribution)
    }
}

macro_rules! presets {
    ($($(#[$doc:meta])* $name:ident = $scale:expr, $mode:ident, $dist:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> VarianceScaling {
                preset(stringify!($name), $scale, Mode::$mode, Distribution::$dist)
            }
        )*
    };
}

presets! {
    /// `jax.nn.initializers.lecun_normal()`: `variance_scaling(1.0, fan_in, truncated_normal)`.
    /// Flax's default kernel initializer.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = lecun_normal().sample::<f32>(fanin::Key::new(0), &[4, 5])?;
    /// assert!(w.iter().all(|&v| v.abs() < 2.0 / 0.8796 / 2.0 + 1e-6));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    lecun_normal = 1.0, FanIn, TruncatedNormal;
    /// `jax.nn.initializers.lecun_uniform()`: `variance_scaling(1.0, fan_in, uniform)`.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = lecun_uniform().sample::<f32>(fanin::Key::new(0), &[3, 4])?;
    /// assert!(w.iter().all(|&v| v.abs() <= 1.0));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    lecun_uniform = 1.0, FanIn, Uniform;
    /// `jax.nn.initializers.he_normal()` (`kaiming_normal`):
    /// `variance_scaling(2.0, fan_in, truncated_normal)`.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = he_normal().sample::<f32>(fanin::Key::new(0), &[3, 3, 8, 16])?;
    /// assert_eq!(w.len(), 1152);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    he_normal = 2.0, FanIn, TruncatedNormal;
    /// `jax.nn.initializers.he_uniform()` (`kaiming_uniform`):
    /// `variance_scaling(2.0, fan_in, uniform)`.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = he_uniform().sample::<f64>(fanin::Key::new(0), &[6, 2])?;
    /// assert!(w.iter().all(|&v| v.abs() <= 1.0));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    he_uniform = 2.0, FanIn, Uniform;
    /// `jax.nn.initializers.kaiming_normal()`: the same as [`he_normal`].
    ///
    /// ```
    /// use fanin::init::*;
    /// let key = fanin::Key::new(3);
    /// assert_eq!(kaiming_normal().sample::<f32>(key, &[2, 2])?, he_normal().sample::<f32>(key, &[2, 2])?);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    kaiming_normal = 2.0, FanIn, TruncatedNormal;
    /// `jax.nn.initializers.kaiming_uniform()`: the same as [`he_uniform`].
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = kaiming_uniform().sample::<f32>(fanin::Key::new(0), &[5, 5])?;
    /// assert_eq!(w.len(), 25);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    kaiming_uniform = 2.0, FanIn, Uniform;
    /// `jax.nn.initializers.glorot_normal()` (`xavier_normal`):
    /// `variance_scaling(1.0, fan_avg, truncated_normal)`.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = glorot_normal().sample::<f32>(fanin::Key::new(0), &[4, 4])?;
    /// assert_eq!(w.len(), 16);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    glorot_normal = 1.0, FanAvg, TruncatedNormal;
    /// `jax.nn.initializers.glorot_uniform()` (`xavier_uniform`):
    /// `variance_scaling(1.0, fan_avg, uniform)`.
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = glorot_uniform().sample::<f32>(fanin::Key::new(42), &[2, 3])?;
    /// assert!(w.iter().all(|&v| v.abs() <= (6.0f32 / 5.0).sqrt()));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    glorot_uniform = 1.0, FanAvg, Uniform;
    /// `jax.nn.initializers.xavier_normal()`: the same as [`glorot_normal`].
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = xavier_normal().sample::<f32>(fanin::Key::new(0), &[4, 4])?;
    /// assert_eq!(w.len(), 16);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    xavier_normal = 1.0, FanAvg, TruncatedNormal;
    /// `jax.nn.initializers.xavier_uniform()`: the same as [`glorot_uniform`].
    ///
    /// ```
    /// use fanin::init::*;
    /// let w = xavier_uniform().sample::<f32>(fanin::Key::new(0), &[4, 4])?;
    /// assert_eq!(w.len(), 16);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    xavier_uniform = 1.0, FanAvg, Uniform;
}

impl<In> VarianceScaling<In> {
    fn with_state<S>(self) -> VarianceScaling<S> {
        VarianceScaling {
            scale: self.scale,
            mode: self.mode,
            distribution: self.distribution,
            in_axis: self.in_axis,
            out_axis: self.out_axis,
            batch_axis: self.batch_axis,
            preset: self.preset,
            state: PhantomData,
        }
    }

    /// The axis or axes of the inputs (default `-2`). Setting it, even to `-2`, lifts the
    /// compile-time rank >= 2 requirement (JAX still rejects `-2` on rank < 2 at run time).
    ///
    /// ```
    /// use fanin::init::*;
    /// // A rank-1 parameter: the fan-in is the whole axis.
    /// let w = lecun_normal().in_axis(0).out_axis(()).sample::<f32>(fanin::Key::new(0), &[8])?;
    /// assert_eq!(w.len(), 8);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn in_axis(self, axes: impl IntoAxes) -> VarianceScaling<ExplicitInAxis> {
        VarianceScaling {
            in_axis: axes.into_axes(),
            ..self.with_state()
        }
    }

    /// The axis or axes of the outputs (default `-1`).
    pub fn out_axis(self, axes: impl IntoAxes) -> VarianceScaling<In> {
        VarianceScaling {
            out_axis: axes.into_axes(),
            ..self
        }
    }

    /// The axis or axes ignored by the fans (default none, `()`).
    pub fn batch_axis(self, axes: impl IntoAxes) -> VarianceScaling<In> {
        VarianceScaling {
            batch_axis: axes.into_axes(),
            ..self
        }
    }

    /// The scale.
    pub fn get_scale(&self) -> f64 {
        self.scale
    }

    /// The mode.
    pub fn get_mode(&self) -> Mode {
        self.mode
    }

    /// The distribution.
    pub fn get_distribution(&self) -> Distribution {
        self.distribution
    }

    /// JAX's `variance = jnp.array(scale / denominator, dtype)`.
    fn variance<T: Dtype>(&self, shape: &[usize]) -> Result<T> {
        Ok(T::from_f64(self.variance_f64(shape)?))
    }

    /// `scale / denominator`, in f64.
    fn variance_f64(&self, shape: &[usize]) -> Result<f64> {
        let (fan_in, fan_out) = compute_fans(shape, self.in_axis, self.out_axis, self.batch_axis)?;
        let denominator = match self.mode {
            Mode::FanIn => fan_in,
            Mode::FanOut => fan_out,
            Mode::FanAvg => (fan_in + fan_out) / 2.0,
            Mode::FanGeoAvg => (fan_in * fan_out).powf(0.5),
        };
        if denominator == 0.0 {
            return Err(zero_fan(shape, &format!("{} is 0", self.mode.name())));
        }
        Ok(self.scale / denominator)
    }
}

impl<In> Elementwise for VarianceScaling<In> {
    /// The sampler of the distribution and the factor it is multiplied by.
    fn draw<T: Dtype>(&self, settings: Settings, shape: &[usize]) -> Result<Draw<T>> {
        let variance: T = self.variance(shape)?;
        Ok(match self.distribution {
            Distribution::TruncatedNormal => {
                let stddev = variance.sqrt().div(T::from_f64(TRUNCATED_STDDEV));
                let sampler = random::TruncatedNormal::new(T::from_f64(-2.0), T::from_f64(2.0));
                Draw::scaled(Sampler::TruncatedNormal(sampler), stddev, settings)
            }
            Distribution::Normal => Draw::normal(variance.sqrt(), settings),
            Distribution::Uniform => {
                let factor = T::from_f64(3.0).mul(variance).sqrt();
                let sampler = random::Uniform::new(T::from_f64(-1.0), T::from_f64(1.0));
                Draw::scaled(Sampler::Uniform(sampler), factor, settings)
            }
        })
    }

    fn description(&self) -> String {
        let mut args = Vec::new();
        if self.preset.is_none() {
            args.push(py_float(self.scale));
            args.push(format!("\"{}\"", self.mode.name()));
            args.push(format!("\"{}\"", self.distribution.name()));
        }
        if self.in_axis != Axes::one(-2) {
            args.push(format!("in_axis={}", self.in_axis));
        }
        if self.out_axis != Axes::one(-1) {
            args.push(format!("out_axis={}", self.out_axis));
        }
        if self.batch_axis != Axes::none() {
            args.push(format!("batch_axis={}", self.batch_axis));
        }
        format!(
            "{}({})",
            self.preset.unwrap_or("variance_scaling"),
            args.join(", ")
        )
    }

    fn spread(&self, shape: &[usize]) -> Option<f64> {
        let std = self.variance_f64(shape).ok()?.sqrt();
        Some(match self.distribution {
            // JAX divides by TRUNCATED_STDDEV, the std of a unit normal truncated to [-2, 2].
            Distribution::TruncatedNormal => {
                std / TRUNCATED_STDDEV * truncated_unit_normal_std(-2.0, 2.0)?
            }
            // Normal: sqrt(variance); uniform on [-limit, limit], limit = sqrt(3 variance):
            // limit / sqrt(3).
            Distribution::Normal | Distribution::Uniform => std,
        })
    }
}

elementwise_initializer!(impl[In] for VarianceScaling<In>;);

// Fans need two axes unless `in_axis` was set (as in JAX, which then accepts rank 1).
impl<D: Dimension> SupportsRank<D> for VarianceScaling<ExplicitInAxis> {}
impl Builtin for VarianceScaling<ExplicitInAxis> {}
impl SupportsRank<Ix2> for VarianceScaling<DefaultInAxis> {}
impl SupportsRank<Ix3> for VarianceScaling<DefaultInAxis> {}
impl SupportsRank<Ix4> for VarianceScaling<DefaultInAxis> {}
impl SupportsRank<Ix5> for VarianceScaling<DefaultInAxis> {}
impl SupportsRank<Ix6> for VarianceScaling<DefaultInAxis> {}
impl SupportsRank<IxDyn> for VarianceScaling<DefaultInAxis> {}
impl Builtin for VarianceScaling<DefaultInAxis> {}

impl<In> fmt::Debug for VarianceScaling<In> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe() {
        assert_eq!(lecun_normal().describe(), "lecun_normal()");
        assert_eq!(
            he_uniform().in_axis([0, 1]).describe(),
            "he_uniform(in_axis=(0, 1))"
        );
        assert_eq!(
            variance_scaling(2.0, Mode::FanOut, Distribution::Normal)
                .batch_axis(0)
                .describe(),
            "variance_scaling(2.0, \"fan_out\", \"normal\", batch_axis=0)"
        );
    }
}
