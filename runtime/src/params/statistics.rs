//! [`Statistics`]: a [`Summary`] with the mean, std, min and max of each param's values, beside
//! the std its initializer is expected to give, to eyeball a fresh init.

use std::fmt;

use super::summary::{number, write_table};
use super::{ParamView, Params, Summary};
use crate::{Dtype, Result};

/// The mean, standard deviation, minimum and maximum of an array's values, computed in `f64`
/// in row-major order by one thread, so the same values always give the same bits.
///
/// `std` is the population standard deviation (`numpy.std`'s default, `ddof=0`), from the
/// mean in a second pass. A NaN among the values makes the mean and std NaN; `min` and `max`
/// skip NaNs.
///
/// ```
/// use fanin::params::Moments;
/// let m = Moments::of_values(&[1.0f32, 2.0, 3.0, 6.0]).unwrap();
/// assert_eq!((m.mean, m.min, m.max), (3.0, 1.0, 6.0));
/// assert_eq!(m.std, 3.5f64.sqrt()); // squares of (-2, -1, 0, 3) average 14 / 4
/// assert_eq!(Moments::of_values::<f64>(&[]), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    /// The arithmetic mean.
    pub mean: f64,
    /// The population standard deviation.
    pub std: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Moments {
    /// The moments of `values`; `None` when there are none.
    pub fn of_values<T: Dtype>(values: &[T]) -> Option<Moments> {
        Moments::of_iter(|| values.iter().map(|v| v.to_f64()))
    }

    /// The moments of the values of a param; `None` when it has no element.
    ///
    /// ```
    /// use fanin::ndarray::array;
    /// use fanin::params::{Moments, ParamView};
    /// let a = array![[1.0f32, -1.0], [3.0, 1.0]].into_dyn();
    /// let m = Moments::of_view(&ParamView::from_array(a.view())).unwrap();
    /// assert_eq!((m.mean, m.std, m.min, m.max), (1.0, 2f64.sqrt(), -1.0, 3.0));
    /// ```
    pub fn of_view(view: &ParamView<'_>) -> Option<Moments> {
        match view {
            ParamView::F32(a) => Moments::of_iter(|| a.iter().map(|v| v.to_f64())),
            ParamView::F64(a) => Moments::of_iter(|| a.iter().copied()),
            ParamView::BF16(a) => Moments::of_iter(|| a.iter().map(|v| v.to_f64())),
            ParamView::F16(a) => Moments::of_iter(|| a.iter().map(|v| v.to_f64())),
        }
    }

    /// Two passes over the values `values()` yields: the mean, then the squared deviations.
    fn of_iter<I: Iterator<Item = f64>>(values: impl Fn() -> I) -> Option<Moments> {
        let (mut count, mut sum) = (0u64, 0.0f64);
        let (mut min, mut max) = (f64::NAN, f64::NAN);
        for v in values() {
            count += 1;
            sum += v;
            min = min.min(v);
            max = max.max(v);
        }
        if count == 0 {
            return None;
        }
        let mean = sum / count as f64;
        let squares: f64 = values().map(|v| (v - mean) * (v - mean)).sum();
        Some(Moments {
            mean,
            std: (squares / count as f64).sqrt(),
            min,
            max,
        })
    }
}

/// The statistics of one param: its values' [`Moments`] and the std its initializer is
/// expected to give.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamStatistics {
    /// Flax path, as in the summary's row.
    pub path: String,
    /// The moments of the values; `None` for a param with no element.
    pub values: Option<Moments>,
    /// The std of the initializer's distribution for this shape
    /// ([`ParamPlan::expected_std`](super::ParamPlan::expected_std)); `None` when unknown.
    pub expected_std: Option<f64>,
}

/// A [`Summary`] of an initialized model with, for each param, the mean, std, min and max of
/// its values and the std its initializer is expected to give. `Display` prints the summary's
/// table with these columns added (`-` where a number is unknown).
///
/// ```
/// use fanin::{Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(256, 64)]
///     kernel: Array2<f32>,
///     #[shape(64)]
///     bias: Array1<f32>,
/// }
///
/// let dense = Dense::init(Key::new(0), &())?;
/// let stats = dense.statistics(&())?;
/// let kernel = &stats.params[0];
/// assert_eq!(kernel.path, "kernel");
/// // lecun_normal: std sqrt(1 / fan_in) = 1 / 16.
/// let expected = kernel.expected_std.unwrap();
/// assert!((expected - 0.0625).abs() < 1e-9);
/// // 16384 draws: the sample std is within a few percent of it.
/// assert!((kernel.values.unwrap().std / expected - 1.0).abs() < 0.05);
/// assert_eq!(stats.params[1].values.unwrap().max, 0.0);
/// println!("{stats}");
/// // path    shape      dtype    initializer     count   bytes    mean       std        expected std  min      max
/// // ...
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Statistics {
    /// The summary of the model (its rows in the order of `params`).
    pub summary: Summary,
    /// One entry per row of the summary, in the same order.
    pub params: Vec<ParamStatistics>,
}

impl Summary {
    /// The summary of `model` (made with `config`) with the statistics of its values: the
    /// same as [`Params::statistics`].
    ///
    /// ```
    /// use fanin::{Key, Params};
    /// use fanin::params::Summary;
    /// use fanin::ndarray::Array1;
    ///
    /// #[derive(Params)]
    /// struct Bias {
    ///     #[shape(3)] #[init(constant(0.5))] bias: Array1<f32>,
    /// }
    ///
    /// let model = Bias::init(Key::new(0), &())?;
    /// let stats = Summary::with_statistics(&model, &())?;
    /// let values = stats.params[0].values.unwrap();
    /// assert_eq!((values.mean, values.std, stats.params[0].expected_std), (0.5, 0.0, Some(0.0)));
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn with_statistics<M: Params>(model: &M, config: &M::Config) -> Result<Statistics> {
        let mut plan = Vec::new();
        let mut params = Vec::new();
        model.walk_planned(config, &mut |param, entry| {
            params.push(ParamStatistics {
                path: entry.path.to_string(),
                values: Moments::of_view(&param.view),
                expected_std: entry.expected_std,
            });
            plan.push(entry.clone());
        })?;
        Ok(Statistics {
            summary: Summary::from_plan(&plan),
            params,
        })
    }
}

impl fmt::Display for Statistics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = ["mean", "std", "expected std", "min", "max"];
        let known = |v: Option<f64>| v.map(number).unwrap_or_else(|| "-".to_string());
        let columns: Vec<Vec<String>> = self
            .params
            .iter()
            .map(|p| {
                let m = p.values;
                vec![
                    known(m.map(|m| m.mean)),
                    known(m.map(|m| m.std)),
                    known(p.expected_std),
                    known(m.map(|m| m.min)),
                    known(m.map(|m| m.max)),
                ]
            })
            .collect();
        write_table(f, &self.summary, &header, &columns)
    }
}
