//! `fanin::init` against fixtures made by the real JAX 0.10.2 / Flax 0.12.8
//! (scripts/fixtures/init_cases.py): bit for bit, except the orthogonal family (within 1e-5).

use crate::common;

use common::{load, to_bits, Case};
use fanin::init::*;
use fanin::ndarray::ArrayD;
use fanin::{Dtype, Key};

fn axes(case: &Case, name: &str) -> Option<Axes> {
    if case.has(name) {
        Some(Axes::one(case.get(name).parse().unwrap()))
    } else if case.has(&format!("{name}_list")) {
        Some(Axes::list(&case.isizes(&format!("{name}_list"))))
    } else {
        None
    }
}

/// A variance-scaling initializer with the case's axes (unset ones keep JAX's defaults).
fn with_axes(case: &Case, init: VarianceScaling) -> Box<dyn DynInitializer> {
    let init = init
        .out_axis(axes(case, "out_axis").unwrap_or(Axes::one(-1)))
        .batch_axis(axes(case, "batch_axis").unwrap_or(Axes::none()));
    match axes(case, "in_axis") {
        Some(a) => Box::new(init.in_axis(a)),
        None => Box::new(init),
    }
}

fn mode(name: &str) -> Mode {
    match name {
        "fan_in" => Mode::FanIn,
        "fan_out" => Mode::FanOut,
        "fan_avg" => Mode::FanAvg,
        "fan_geo_avg" => Mode::FanGeoAvg,
        other => panic!("mode {other}"),
    }
}

fn distribution(name: &str) -> Distribution {
    match name {
        "truncated_normal" => Distribution::TruncatedNormal,
        "normal" => Distribution::Normal,
        "uniform" => Distribution::Uniform,
        other => panic!("distribution {other}"),
    }
}

/// The initializer a case names.
fn initializer(case: &Case) -> Box<dyn DynInitializer> {
    match case.get("op") {
        "zeros" => Box::new(zeros),
        "ones" => Box::new(ones_init()),
        "constant" => Box::new(constant(case.f64("value"))),
        "uniform" => Box::new(uniform().scale(case.f64("scale"))),
        "normal" => Box::new(normal().stddev(case.f64("stddev"))),
        "truncated_normal" => Box::new(
            truncated_normal()
                .stddev(case.f64("stddev"))
                .lower(case.f64("lower"))
                .upper(case.f64("upper")),
        ),
        "variance_scaling" => with_axes(
            case,
            variance_scaling(
                case.f64("scale"),
                mode(case.get("mode")),
                distribution(case.get("distribution")),
            ),
        ),
        "lecun_normal" => with_axes(case, lecun_normal()),
        "lecun_uniform" => with_axes(case, lecun_uniform()),
        "he_normal" => with_axes(case, he_normal()),
        "he_uniform" => with_axes(case, he_uniform()),
        "kaiming_normal" => with_axes(case, kaiming_normal()),
        "kaiming_uniform" => with_axes(case, kaiming_uniform()),
        "glorot_normal" => with_axes(case, glorot_normal()),
        "glorot_uniform" => with_axes(case, glorot_uniform()),
        "xavier_normal" => with_axes(case, xavier_normal()),
        "xavier_uniform" => with_axes(case, xavier_uniform()),
        "orthogonal" => Box::new(
            orthogonal()
                .scale(case.f64("scale"))
                .column_axis(case.get("column_axis").parse().unwrap()),
        ),
        "delta_orthogonal" => Box::new(
            delta_orthogonal()
                .scale(case.f64("scale"))
                .column_axis(case.get("column_axis").parse().unwrap()),
        ),
        other => panic!("unknown op {other}"),
    }
}

fn is_orthogonal(case: &Case) -> bool {
    matches!(case.get("op"), "orthogonal" | "delta_orthogonal")
}

fn check_bits<T: Dtype>(case: &Case) {
    let got = initializer(case)
        .sample::<T>(case.key(), &case.shape())
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    case.assert_bits(&got);
}

/// The expected values of a case, decoded from its bits.
fn expected<T: Dtype>(case: &Case) -> Vec<f64> {
    let width = T::DTYPE.size();
    case.bits
        .iter()
        .map(|&b| {
            let mut out = [T::from_f64(0.0)];
            T::read_le(&b.to_le_bytes()[..width], &mut out);
            out[0].to_f64()
        })
        .collect()
}

/// The largest absolute difference from JAX.
fn orthogonal_error<T: Dtype>(case: &Case) -> f64 {
    let got: ArrayD<T> = initializer(case)
        .sample::<T>(case.key(), &case.shape())
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    assert_eq!(got.shape(), &case.shape()[..], "{}", case.name);
    let want = expected::<T>(case);
    assert_eq!(got.len(), want.len());
    got.iter()
        .zip(&want)
        .map(|(g, w)| (g.to_f64() - w).abs())
        .fold(0.0, f64::max)
}

fn run(filter: impl Fn(&Case) -> bool) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for case in load("init")
        .iter()
        .filter(|c| !is_orthogonal(c) && filter(c))
    {
        count += 1;
        let result = std::panic::catch_unwind(|| with_dtype!(case.dtype(), check_bits(case)));
        if let Err(e) = result {
            failures.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| case.name.clone()),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

macro_rules! parity_tests {
    ($($name:ident: $dtype:expr;)*) => {
        $(#[test] fn $name() { assert!(run(|c| c.dtype() == $dtype) > 0); })*
    };
}

parity_tests! {
    bit_identical_f32: "float32";
    bit_identical_f64: "float64";
    bit_identical_bf16: "bfloat16";
    bit_identical_f16: "float16";
}

#[test]
fn every_initializer_is_covered_in_f32() {
    let cases = load("init");
    for op in [
        "zeros",
        "ones",
        "constant",
        "uniform",
        "normal",
        "truncated_normal",
        "variance_scaling",
        "lecun_normal",
        "lecun_uniform",
        "he_normal",
        "he_uniform",
        "kaiming_normal",
        "kaiming_uniform",
        "glorot_normal",
        "glorot_uniform",
        "xavier_normal",
        "xavier_uniform",
        "orthogonal",
        "delta_orthogonal",
    ] {
        assert!(
            cases
                .iter()
                .any(|c| c.get("op") == op && c.dtype() == "float32"),
            "no f32 fixture for {op}"
        );
    }
}

#[test]
fn orthogonal_within_1e5() {
    let mut worst = (0.0f64, String::new());
    let mut count = 0;
    for case in load("init").iter().filter(|c| is_orthogonal(c)) {
        let error = with_dtype!(case.dtype(), orthogonal_error(case));
        let tolerance = if case.dtype() == "float64" {
            1e-12
        } else {
            1e-5
        };
        assert!(
            error <= tolerance,
            "{}: worst error {error:e} > {tolerance:e}",
            case.name
        );
        if case.dtype() == "float32" && error > worst.0 {
            worst = (error, case.name.clone());
        }
        count += 1;
    }
    assert!(count > 0);
    println!(
        "orthogonal/delta_orthogonal: {count} cases, worst f32 error {:e} ({})",
        worst.0, worst.1
    );
}

/// `fill` of any range is the slice of `sample`, for every initializer and dtype.
fn check_fill<T: Dtype>(case: &Case, seed: u64) {
    let init = initializer(case);
    let shape = case.shape();
    let Ok(whole) = init.sample::<T>(case.key(), &shape) else {
        return;
    };
    let whole: Vec<u64> = whole.iter().map(|&v| to_bits(v)).collect();
    let n = whole.len() as u64;
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..8 {
        let start = if n == 0 { 0 } else { next() % (n + 1) };
        let len = if n == start {
            0
        } else {
            next() % (n - start + 1)
        };
        let mut out = vec![T::from_f64(0.0); len as usize];
        init.fill(case.key(), &shape, start, &mut out)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let got: Vec<u64> = out.iter().map(|&v| to_bits(v)).collect();
        assert_eq!(
            got,
            whole[start as usize..(start + len) as usize],
            "{}: fill({start}, {len})",
            case.name
        );
    }
    let mut past_end = vec![T::from_f64(0.0); 1];
    assert!(
        init.fill(case.key(), &shape, n, &mut past_end).is_err(),
        "{}",
        case.name
    );
}

#[test]
fn fill_of_a_range_is_the_slice_of_sample() {
    for (i, case) in load("init").iter().enumerate() {
        with_dtype!(case.dtype(), check_fill(case, i as u64 + 1));
    }
}

#[test]
fn elementwise_flags() {
    assert!(lecun_normal().is_elementwise());
    assert!(lecun_normal().in_axis(0).is_elementwise());
    assert!(zeros.is_elementwise() && constant(1.0).is_elementwise());
    assert!(
        uniform().is_elementwise()
            && normal().is_elementwise()
            && truncated_normal().is_elementwise()
    );
    assert!(!orthogonal().is_elementwise() && !delta_orthogonal().is_elementwise());
    let boxed: Box<dyn DynInitializer> = Box::new(he_uniform());
    assert!(boxed.is_elementwise());
    assert_eq!(boxed.describe(), "he_uniform()");
}

#[test]
fn large_fill_matches_sample() {
    // Big enough for the parallel path of `sample`.
    let shape = [300, 257];
    let key = Key::new(11);
    for init in [
        Box::new(glorot_uniform()) as Box<dyn DynInitializer>,
        Box::new(he_normal()),
        Box::new(normal().stddev(0.02)),
    ] {
        let whole = init.sample::<f32>(key, &shape).unwrap();
        let mut part = vec![0f32; 1000];
        init.fill(key, &shape, 70_000, &mut part).unwrap();
        assert_eq!(&part[..], &whole.as_slice().unwrap()[70_000..71_000]);
    }
}
