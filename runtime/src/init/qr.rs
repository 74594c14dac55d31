//! A Householder QR decomposition in `f64`, for [`orthogonal`](super::orthogonal): the reduced
//! `Q` and the diagonal of `R` of a tall matrix.

/// The reduced QR decomposition of the `rows x cols` matrix `columns` (`rows >= cols`, column
/// major: `columns[j][i]` is row `i`, column `j`): returns `Q` (column major, `rows x cols`,
/// orthonormal columns) and the diagonal of `R`, so that `A = Q R`.
///
/// Householder reflections; `Q` and `R` are unique up to the signs of `R`'s diagonal, which
/// JAX's `Q * sign(diag(R))` makes canonical, so this matches LAPACK's `geqrf`/`orgqr` after it.
pub(crate) fn householder_qr(mut columns: Vec<Vec<f64>>, rows: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let cols = columns.len();
    let mut reflectors: Vec<Vec<f64>> = Vec::with_capacity(cols);
    let mut diagonal = Vec::with_capacity(cols);
    for k in 0..cols {
        let x = &columns[k][k..];
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let alpha = if x[0] > 0.0 { -norm } else { norm };
        let mut v = x.to_vec();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|a| a * a).sum();
        if vv > 0.0 {
            for column in columns.iter_mut().skip(k) {
                reflect(&v, vv, &mut column[k..]);
            }
        }
        diagonal.push(columns[k][k]);
        reflectors.push(v);
    }
    // Q = H_0 H_1 ... H_{cols-1} applied to the first `cols` columns of the identity.
    let mut q: Vec<Vec<f64>> = (0..cols)
        .map(|j| {
            let mut e = vec![0.0; rows];
            e[j] = 1.0;
            e
        })
        .collect();
    for (k, v) in reflectors.iter().enumerate().rev() {
        let vv: f64 = v.iter().map(|a| a * a).sum();
        if vv > 0.0 {
            for column in q.iter_mut() {
                reflect(v, vv, &mut column[k..]);
            }
        }
    }
    (q, diagonal)
}

/// `x -= 2 v (v . x) / (v . v)`: the reflection `I - 2 v v^T / v^T v` applied to `x`.
fn reflect(v: &[f64], vv: f64, x: &mut [f64]) {
    let dot: f64 = v.iter().zip(x.iter()).map(|(a, b)| a * b).sum();
    let factor = 2.0 * dot / vv;
    for (xi, vi) in x.iter_mut().zip(v) {
        *xi -= factor * vi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconstructs_and_is_orthonormal() {
        let (rows, cols) = (5, 3);
        let a: Vec<Vec<f64>> = (0..cols)
            .map(|j| {
                (0..rows)
                    .map(|i| ((i * 7 + j * 3) % 11) as f64 - 5.0 + 0.1 * j as f64)
                    .collect()
            })
            .collect();
        let (q, d) = householder_qr(a.clone(), rows);
        for i in 0..cols {
            for j in 0..cols {
                let dot: f64 = (0..rows).map(|r| q[i][r] * q[j][r]).sum();
                assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        // R = Q^T A is upper triangular with the returned diagonal.
        for (j, column) in a.iter().enumerate() {
            for (i, qi) in q.iter().enumerate() {
                let r: f64 = qi.iter().zip(column).map(|(x, y)| x * y).sum();
                if i > j {
                    assert!(r.abs() < 1e-12);
                }
                if i == j {
                    assert!((r - d[i]).abs() < 1e-12);
                }
            }
        }
    }
}
