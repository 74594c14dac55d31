//! A Householder QR decomposition in `f64`, for [`orthogonal`](super::orthogonal): the reduced
//! `Q` and the diagonal of `R` of a tall matrix.

use rayon::prelude::*;

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
        let norm = dot(x, x).sqrt();
        let alpha = if x[0] > 0.0 { -norm } else { norm };
        let mut v = x.to_vec();
        v[0] -= alpha;
        let vv = dot(&v, &v);
        if vv > 0.0 {
            reflect_all(&v, vv, &mut columns[k..], k);
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
        let vv = dot(v, v);
        if vv > 0.0 {
            reflect_all(v, vv, &mut q, k);
        }
    }
    (q, diagonal)
}

/// Columns per parallel task below which one thread is faster.
const PARALLEL_WORK: usize = 1 << 15;

/// [`reflect`] on rows `offset..` of every column, in parallel for large matrices. Each column
/// is computed alone, in the same order, so the result does not depend on the threads.
fn reflect_all(v: &[f64], vv: f64, columns: &mut [Vec<f64>], offset: usize) {
    if columns.len() * v.len() < PARALLEL_WORK {
        for column in columns.iter_mut() {
            reflect(v, vv, &mut column[offset..]);
        }
    } else {
        columns
            .par_iter_mut()
            .for_each(|column| reflect(v, vv, &mut column[offset..]));
    }
}

/// `x -= 2 v (v . x) / (v . v)`: the reflection `I - 2 v v^T / v^T v` applied to `x`.
fn reflect(v: &[f64], vv: f64, x: &mut [f64]) {
    let factor = 2.0 * dot(v, x) / vv;
    for (xi, vi) in x.iter_mut().zip(v) {
        *xi -= factor * vi;
    }
}

/// `a . b` with four running sums, so that it vectorizes (a fixed order: deterministic).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for lane in 0..4 {
            sums[lane] += x[lane] * y[lane];
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
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
