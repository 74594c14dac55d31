//! The standard deviation an initializer's distribution has, for summaries that set it beside
//! the values drawn ([`Initializer::expected_std`](super::Initializer::expected_std)).

use crate::special::f64::erf;

/// The standard deviation of a standard normal truncated to `[lower, upper]`:
/// `sqrt(1 + (a φ(a) - b φ(b)) / Z - ((φ(a) - φ(b)) / Z)^2)`, `Z = Φ(b) - Φ(a)`.
/// `None` when the interval holds no probability mass (so the moments are undefined).
pub(crate) fn truncated_unit_normal_std(lower: f64, upper: f64) -> Option<f64> {
    let density = |x: f64| {
        if x.is_infinite() {
            0.0
        } else {
            (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
        }
    };
    let cdf = |x: f64| 0.5 * (1.0 + erf(x / std::f64::consts::SQRT_2));
    let mass = cdf(upper) - cdf(lower);
    if mass.is_nan() || mass <= 0.0 {
        return None;
    }
    // `x φ(x)` is 0 at ±inf (the limit), not NaN.
    let moment = |x: f64| if x.is_infinite() { 0.0 } else { x * density(x) };
    let shift = (density(lower) - density(upper)) / mass;
    let variance = 1.0 + (moment(lower) - moment(upper)) / mass - shift * shift;
    Some(variance.max(0.0).sqrt())
}

/// The root mean square of a `rows x columns` matrix with orthonormal rows or columns, times
/// `scale`: its squares add up to `min(rows, columns)` exactly, so the mean square is
/// `min / (rows * columns) = 1 / max`. The entries are symmetric about 0, so this is also
/// their standard deviation.
pub(crate) fn orthogonal_std(scale: f64, rows: usize, columns: usize) -> Option<f64> {
    let longest = rows.max(columns);
    (rows.min(columns) > 0).then(|| scale.abs() / (longest as f64).sqrt())
}
