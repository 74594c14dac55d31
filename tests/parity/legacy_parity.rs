//! `Threefry::Legacy` (`jax_threefry_partitionable=False`) against fixtures made by the real
//! JAX 0.10.2 in that mode (`scripts/fixtures/legacy_cases.py`): split, fold_in, bits, every
//! sampler in four dtypes, initializers, and a whole Flax model, bit for bit.

use crate::common;

use common::{load, Case};
use fanin::half::{bf16, f16};
use fanin::init::{self, Initializer};
use fanin::ndarray::{Array1, Array2, ArrayD};
use fanin::{random, with_threefry, Dtype, Key, Params, Threefry};

fn legacy<R>(f: impl FnOnce() -> R) -> R {
    with_threefry(Threefry::Legacy, f)
}

#[test]
fn keys_match_jax() {
    for case in load("legacy")
        .iter()
        .filter(|c| c.get("op") == "split" || c.get("op") == "fold_in")
    {
        let keys = legacy(|| match case.get("op") {
            "split" => case.key().split(case.u64("num") as usize),
            _ => vec![case.key().fold_in(case.u64("data") as u32)],
        });
        let words: Vec<u64> = keys.iter().flat_map(|k| k.data()).map(u64::from).collect();
        case.assert_raw(&words, 4);
    }
}

#[test]
fn partitionable_split_differs() {
    let key = Key::new(42);
    assert_ne!(legacy(|| key.split(3)), key.split(3));
    assert_eq!(legacy(|| key.fold_in(7)), key.fold_in(7));
}

#[test]
fn bits_match_jax() {
    for case in load("legacy").iter().filter(|c| c.get("op") == "bits") {
        let got = legacy(|| random::bits(case.key(), &case.shape()));
        let got: Vec<u64> = got.iter().map(|&b| b as u64).collect();
        case.assert_raw(&got, 4);
    }
}

fn check_sampler<T: Dtype>(case: &Case) {
    let got: ArrayD<T> = legacy(|| case.sample::<T>());
    case.assert_bits(&got);
}

#[test]
fn samplers_match_jax_in_every_dtype() {
    let cases = load("legacy");
    let samplers = cases
        .iter()
        .filter(|c| ["uniform", "normal", "truncated_normal"].contains(&c.get("op")));
    let mut checked = 0;
    for case in samplers {
        match case.dtype() {
            "float32" => check_sampler::<f32>(case),
            "float64" => check_sampler::<f64>(case),
            "bfloat16" => check_sampler::<bf16>(case),
            "float16" => check_sampler::<f16>(case),
            other => panic!("unknown dtype {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 3 * 4 * 6);
}

fn check_init<T: Dtype, I: Initializer + ?Sized>(case: &Case, init: &I) {
    let got: ArrayD<T> = legacy(|| init.sample::<T>(case.key(), &case.shape())).unwrap();
    case.assert_bits(&got);
    // A range alone is the same slice of the whole, as plans and shards need.
    let mut tail = vec![T::default(); got.len() - 2];
    legacy(|| init.fill::<T>(case.key(), &case.shape(), 2, &mut tail)).unwrap();
    assert_eq!(
        &tail[..],
        &got.as_slice().unwrap()[2..],
        "{}: range",
        case.name
    );
}

#[test]
fn initializers_match_jax() {
    for case in load("legacy").iter().filter(|c| c.get("op") == "init") {
        let init: Box<dyn init::DynInitializer> = match case.get("init") {
            "lecun_normal" => Box::new(init::lecun_normal()),
            "he_uniform" => Box::new(init::he_uniform()),
            "glorot_normal" => Box::new(init::glorot_normal()),
            "normal" => Box::new(init::normal().stddev(0.02)),
            "truncated_normal" => Box::new(init::truncated_normal().stddev(0.5)),
            other => panic!("unknown initializer {other}"),
        };
        match case.dtype() {
            "float32" => check_init::<f32, _>(case, init.as_ref()),
            "float64" => check_init::<f64, _>(case, init.as_ref()),
            "bfloat16" => check_init::<bf16, _>(case, init.as_ref()),
            "float16" => check_init::<f16, _>(case, init.as_ref()),
            other => panic!("unknown dtype {other}"),
        }
    }
}

#[derive(Params)]
#[params(config = [usize; 2])]
#[init(kernel = lecun_normal(), bias = zeros_init())]
struct Dense {
    #[shape(cfg[0], cfg[1])]
    kernel: Array2<f32>,
    #[shape(cfg[1])]
    bias: Array1<f32>,
}

#[derive(Params)]
#[init(kernel = lecun_normal(), bias = normal().stddev(0.1))]
struct Head {
    #[shape(8, 3)]
    kernel: Array2<f32>,
    #[shape(3)]
    bias: Array1<f32>,
}

#[derive(Params)]
struct Mlp {
    #[module(config = [4, 8])]
    dense1: Dense,
    #[module]
    dense2: Head,
}

#[test]
fn a_flax_model_matches_jax() {
    let mlp = legacy(|| Mlp::init(Key::new(5), &())).unwrap();
    let cases: Vec<Case> = load("legacy")
        .into_iter()
        .filter(|c| c.get("op") == "model")
        .collect();
    assert_eq!(cases.len(), 4);
    let mut seen = 0;
    mlp.walk(&mut |p| {
        let case = cases
            .iter()
            .find(|c| c.name == format!("model/mlp/{}", p.path))
            .unwrap_or_else(|| panic!("no fixture for {}", p.path));
        match p.view {
            fanin::params::ParamView::F32(v) => case.assert_bits(&v.to_owned()),
            _ => panic!("float32 model"),
        }
        seen += 1;
    });
    assert_eq!(seen, 4);
    // The plan fills its ranges under the settings it was made with, on any thread.
    let plan = legacy(|| Mlp::plan(&())).unwrap();
    let kernel = &plan[2];
    let bytes = std::thread::spawn({
        let kernel = kernel.clone();
        move || kernel.sample_le(Key::new(5)).unwrap()
    })
    .join()
    .unwrap();
    let expected: Vec<u8> = mlp
        .dense2
        .kernel
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(bytes, expected);
}
