//! XLA:CPU's `erf_inv`, `log1p` and `erf`, as reproduced in `fanin::special`, against JAX 0.10.2
//! on dense grids: every float32 in [0.5, 1) and a grid of 2^-24 below it (both signs), and a
//! grid of 2^20 doubles plus the last doubles before +-1; `erf` of scalars (as the bounds of
//! `truncated_normal` are) on a grid of 2^-10 in [-4, 4]. Whole arrays are checked by SHA-1.

use crate::common;

use common::{load, Case};
use fanin::special;
use fanin::Dtype;

fn f32_grid(name: &str) -> Vec<f32> {
    match name {
        "f32" => (-(1i64 << 24) + 1..(1i64 << 24))
            .map(|k| (k as f64 * 2f64.powi(-24)) as f32)
            .collect(),
        "f32_erf" => (-4096i64..=4096)
            .map(|k| (k as f64 * 2f64.powi(-10)) as f32)
            .collect(),
        other => panic!("unknown grid {other}"),
    }
}

fn f64_grid(name: &str) -> Vec<f64> {
    match name {
        "f64" => {
            let mut grid: Vec<f64> = (-(1i64 << 20) + 1..(1i64 << 20))
                .map(|k| k as f64 * 2f64.powi(-20))
                .collect();
            let edges: Vec<f64> = (1..53).map(|j| 1.0 - 2f64.powi(-j)).collect();
            let near_one: Vec<f64> = (0..4096)
                .map(|i| (1.0 - 2f64.powi(-53)) - i as f64 * 2f64.powi(-53))
                .collect();
            grid.extend(&edges);
            grid.extend(edges.iter().map(|x| -x));
            grid.extend(&near_one);
            grid.extend(near_one.iter().map(|x| -x));
            grid
        }
        "f64_erf" => (-4096i64..=4096)
            .map(|k| k as f64 * 2f64.powi(-10))
            .collect(),
        other => panic!("unknown grid {other}"),
    }
}

fn check<T: Dtype>(case: &Case, values: Vec<T>) {
    let bits: Vec<u64> = values.into_iter().map(common::to_bits).collect();
    case.assert_raw(&bits, T::DTYPE.size());
}

#[test]
fn special_functions_match_xla() {
    for case in load("special") {
        match (case.get("op"), case.dtype()) {
            ("erf_inv", "float32") => check(
                &case,
                f32_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f32::erf_inv)
                    .collect(),
            ),
            ("log1p", "float32") => check(
                &case,
                f32_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f32::log1p)
                    .collect(),
            ),
            ("erf", "float32") => check(
                &case,
                f32_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f32::erf)
                    .collect(),
            ),
            ("erf_inv", "float64") => check(
                &case,
                f64_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f64::erf_inv)
                    .collect(),
            ),
            ("log1p", "float64") => check(
                &case,
                f64_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f64::log1p)
                    .collect(),
            ),
            ("erf", "float64") => check(
                &case,
                f64_grid(case.get("grid"))
                    .into_iter()
                    .map(special::f64::erf)
                    .collect(),
            ),
            (op, dtype) => panic!("unknown case {op} {dtype}"),
        }
    }
}
