//! `Key` and `jax.random` against fixtures made by the real JAX 0.10.2 (scripts/gen_fixtures.py).

use crate::common;

use common::{load, Case};
use fanin::random::{self, Fill};
use fanin::{Dtype, Key};

fn key_words(keys: &[Key]) -> Vec<u64> {
    keys.iter().flat_map(|k| k.data()).map(u64::from).collect()
}

#[test]
fn keys_match_jax() {
    for case in load("keys") {
        let got = match case.get("op") {
            "new" => vec![Key::new(case.u64("seed"))],
            "split" => case.key().split(case.u64("num") as usize),
            "fold_in" => vec![case.key().fold_in(case.u64("data") as u32)],
            "chain" => {
                let key = Key::new(case.u64("seed")).split(2)[1].fold_in(3);
                vec![key.split(4)[3].fold_in(1 << 20)]
            }
            other => panic!("unknown op {other}"),
        };
        case.assert_raw(&key_words(&got), 4);
    }
}

fn check_sampler<T: Dtype>(case: &Case) {
    case.assert_bits(&case.sample::<T>());
}

#[test]
fn bits_match_jax() {
    for case in load("random").iter().filter(|c| c.get("op") == "bits") {
        let got = random::bits(case.key(), &case.shape());
        let got: Vec<u64> = got.iter().map(|&b| b as u64).collect();
        case.assert_raw(&got, 4);
    }
}

fn samplers_match_jax(op: &str, dtype: &str) {
    let mut failures = Vec::new();
    for case in load("random")
        .iter()
        .filter(|c| c.get("op") == op && c.dtype() == dtype)
    {
        let result = std::panic::catch_unwind(|| with_dtype!(case.dtype(), check_sampler(case)));
        if let Err(e) = result {
            failures.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| case.name.clone()),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

macro_rules! parity_tests {
    ($($name:ident: $op:expr, $dtype:expr;)*) => {
        $(#[test] fn $name() { samplers_match_jax($op, $dtype); })*
    };
}

parity_tests! {
    uniform_f32: "uniform", "float32";
    uniform_f64: "uniform", "float64";
    uniform_bf16: "uniform", "bfloat16";
    uniform_f16: "uniform", "float16";
    normal_f32: "normal", "float32";
    normal_f64: "normal", "float64";
    normal_bf16: "normal", "bfloat16";
    normal_f16: "normal", "float16";
    truncated_normal_f32: "truncated_normal", "float32";
    truncated_normal_f64: "truncated_normal", "float64";
    truncated_normal_bf16: "truncated_normal", "bfloat16";
    truncated_normal_f16: "truncated_normal", "float16";
}

fn ranges_are_slices<T: Dtype, S: Fill<T>>(sampler: S) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let key = Key::new(3);
    let whole = sampler.sample(key, &[2000]);
    let whole = whole.as_slice().unwrap();
    for _ in 0..200 {
        let a = rng.gen_range(0..=2000);
        let b = rng.gen_range(a..=2000);
        let mut part = vec![T::default(); b - a];
        sampler.fill(key, a as u64, &mut part);
        assert!(
            part.iter().zip(&whole[a..b]).all(|(x, y)| x == y),
            "[{a}, {b})"
        );
    }
}

/// Property: filling any sub-range [a, b) gives exactly that slice of the whole array.
#[test]
fn any_range_is_the_slice_of_the_whole() {
    ranges_are_slices::<f32, _>(random::Normal);
    ranges_are_slices::<f64, _>(random::Normal);
    ranges_are_slices::<fanin::half::bf16, _>(random::Uniform::new(
        Dtype::from_f64(-1.0),
        Dtype::from_f64(2.0),
    ));
    ranges_are_slices::<fanin::half::f16, _>(random::TruncatedNormal::new(
        Dtype::from_f64(-1.0),
        Dtype::from_f64(2.0),
    ));
    ranges_are_slices::<f32, _>(random::TruncatedNormal::new(-2.0, 2.0));
}

#[test]
fn empty_and_scalar_shapes() {
    let key = Key::new(0);
    assert_eq!(random::normal::<f32>(key, &[0]).len(), 0);
    assert_eq!(
        random::uniform::<f64>(key, &[3, 0, 2], 0.0, 1.0).shape(),
        &[3, 0, 2]
    );
    assert_eq!(random::bits(key, &[0, 5]).len(), 0);
    let scalar = random::normal::<f32>(key, &[]);
    assert_eq!(scalar.ndim(), 0);
    assert_eq!(scalar.len(), 1);
    assert_eq!(scalar.first(), random::normal::<f32>(key, &[1]).first());
}

#[test]
#[should_panic(expected = "Shape too large")]
fn overflowing_shapes_panic_as_ndarray_does() {
    random::normal::<f32>(Key::new(0), &[usize::MAX, 2]);
}
